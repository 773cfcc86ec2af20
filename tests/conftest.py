import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Tests share one Redis: start each from an empty cache."""
    from django.core.cache import cache

    cache.clear()


def _makefile_variable(name: str) -> str:
    import re
    from pathlib import Path

    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    match = re.search(rf"^{name} := (.+)$", makefile, re.MULTILINE)
    assert match, f"{name} is not defined in the Makefile"
    return match.group(1).strip()


@pytest.fixture
def makefile_variable():
    return _makefile_variable


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, settings):
    """A real Celery worker, started with the Makefile's command, on this run's queue and
    test database. The test talks to it through the real broker."""
    import os
    import shlex
    import signal
    import subprocess
    import sys
    from pathlib import Path
    from urllib.parse import quote

    db = settings.DATABASES["default"]
    credentials = f"{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}"
    if db["HOST"].startswith("/"):
        database_url = f"postgresql://{credentials}@/{db['NAME']}?host={quote(db['HOST'])}"
    else:
        port = f":{db['PORT']}" if db["PORT"] else ""
        database_url = f"postgresql://{credentials}@{db['HOST']}{port}/{db['NAME']}"
    env = {key: value for key, value in os.environ.items() if key != "EMAIL_HOST"}
    env.update(
        DJANGO_SETTINGS_MODULE="leedsquality.settings",
        DEBUG="1",
        DATABASE_URL=database_url,
        REDIS_URL=settings.REDIS_URL,
        CELERY_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
        DEV_MAILBOX_DIR=str(tmp_path / "worker-mailbox"),
    )
    command = shlex.split(_makefile_variable("WORKER_CMD"))
    command[0] = str(Path(sys.executable).parent / command[0])
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [*command, "--concurrency=1"],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.mailbox = Path(env["DEV_MAILBOX_DIR"])
    process.log_path = tmp_path / "worker.log"
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()
