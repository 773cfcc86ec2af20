import time

import pytest

pytestmark = pytest.mark.slow


def test_a_task_queued_by_a_web_request_is_run_by_the_worker(
    client, settings, tmp_path, celery_worker_process
):
    settings.DEV_MAILBOX_DIR = tmp_path / "web-mailbox"  # the web side needs the mailbox on

    response = client.post("/dev/mailbox/send-test/")
    assert response.status_code == 302

    deadline = time.monotonic() + 60
    delivered = []
    while not delivered and time.monotonic() < deadline:
        delivered = list(celery_worker_process.mailbox.glob("*.eml"))
        time.sleep(0.2)
    log = celery_worker_process.log_path.read_text()
    assert delivered, f"the worker sent nothing within a minute; its log:\n{log}"
    assert b"Subject: Test email from Leeds Quality Network" in delivered[0].read_bytes()
    assert "send_test_email" in log
    assert "succeeded" in log
