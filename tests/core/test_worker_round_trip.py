"""Through the real broker to a real worker started with the Makefile's command."""

import time

import pytest

from core.models import OutgoingEmail

pytestmark = pytest.mark.slow


def wait_for(condition, worker, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out; the worker's log:\n{worker.log}")


def test_a_task_queued_by_a_web_request_is_run_by_the_worker(
    client, settings, tmp_path, celery_worker_process
):
    settings.DEV_MAILBOX_DIR = tmp_path / "web-mailbox"  # the web side needs the mailbox on

    response = client.post("/dev/mailbox/send-test/")
    assert response.status_code == 302

    delivered = wait_for(
        lambda: list(celery_worker_process.mailbox.glob("*.eml")), celery_worker_process
    )
    assert b"Subject: Test email from Leeds Quality Network" in delivered[0].read_bytes()
    email = OutgoingEmail.objects.get(kind="dev.test_email")
    assert email.status == OutgoingEmail.Status.SENT


def test_the_verification_email_is_an_outbox_row_the_worker_sends_exactly_once(
    client, celery_worker_process
):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.member@example.org",
            "password1": "quality-improvement-in-leeds",
            "password2": "quality-improvement-in-leeds",
        },
    )
    assert response.status_code == 302

    email = OutgoingEmail.objects.get(to="new.member@example.org")
    wait_for(
        lambda: OutgoingEmail.objects.filter(
            pk=email.pk, status=OutgoingEmail.Status.SENT
        ).exists(),
        celery_worker_process,
    )
    # A second delivery of the same task (a redelivery after a lost ack) sends nothing.
    from core.tasks import deliver_outgoing_email

    deliver_outgoing_email.delay(email.pk)
    wait_for(
        lambda: celery_worker_process.log.count("succeeded") >= 2,
        celery_worker_process,
    )
    email.refresh_from_db()
    assert email.attempts == 1
    files = list(celery_worker_process.mailbox.glob("*.eml"))
    assert len(files) == 1
    assert b"/accounts/confirm-email/" in files[0].read_bytes()
