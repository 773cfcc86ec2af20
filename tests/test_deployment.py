"""docker-compose.yml, the Dockerfile, the Makefile and the docs must agree.
(Docker cannot run here, so the files are read, not started.)"""

import re
import shlex
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def command_of(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else command


def test_compose_has_every_service(compose):
    assert set(compose["services"]) == {"postgres", "redis", "web", "worker", "beat", "mailpit"}
    assert compose["services"]["postgres"]["image"] == "postgres:16"
    assert compose["services"]["redis"]["image"] == "redis:7"


def test_redis_never_evicts_queued_tasks(compose):
    command = command_of(compose["services"]["redis"])
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


@pytest.mark.parametrize("service", ["postgres", "redis", "web", "worker", "mailpit"])
def test_services_have_health_checks(compose, service):
    assert compose["services"][service]["healthcheck"]["test"]


def test_data_lives_in_named_volumes(compose):
    assert {"postgres-data", "redis-data"} <= set(compose["volumes"])
    assert "postgres-data:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]


def test_web_migrates_then_serves_with_gunicorn(compose):
    script = command_of(compose["services"]["web"])[-1]
    migrate, serve = script.split("&&")
    assert migrate.split() == ["python", "manage.py", "migrate", "--noinput"]
    assert serve.split()[:3] == ["exec", "gunicorn", "leedsquality.wsgi"]


@pytest.mark.parametrize(("service", "variable"), [("worker", "WORKER_CMD"), ("beat", "BEAT_CMD")])
def test_worker_and_beat_run_what_make_run_runs(compose, makefile_variable, service, variable):
    assert command_of(compose["services"][service]) == shlex.split(makefile_variable(variable))


def test_app_services_wait_for_healthy_database_and_redis(compose):
    for name in ("web", "worker", "beat"):
        depends = compose["services"][name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        env = compose["services"][name]["environment"]
        assert env["DEBUG"] == "0"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"] == "redis://redis:6379/0"


def test_dockerfile_is_multi_stage_and_runs_gunicorn_unprivileged():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", dockerfile, re.MULTILINE)) >= 2
    assert "COPY --from=build" in dockerfile
    assert re.search(r"^USER (?!root)", dockerfile, re.MULTILINE)
    assert '"gunicorn", "leedsquality.wsgi"' in dockerfile
    assert "collectstatic" in dockerfile


def settings_variables() -> set[str]:
    source = (BASE_DIR / "leedsquality/settings.py").read_text()
    return set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))


def test_every_setting_read_from_the_environment_is_documented():
    operations = (BASE_DIR / "docs/operations.md").read_text()
    example = (BASE_DIR / ".env.example").read_text()
    variables = settings_variables()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= variables
    assert [name for name in sorted(variables) if f"`{name}`" not in operations] == []
    assert [name for name in sorted(variables) if name not in example] == []
