from unittest import mock

import pytest
from django.db import OperationalError

from core import tasks

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_redis_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "ok",
        "worker_last_heartbeat": None,
    }
    assert "no-cache" in response["Cache-Control"]


def test_unavailable_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "unavailable"
    assert response.json()["database"] == "ok"
    assert response.json()["status"] == "unavailable"


def test_unavailable_when_the_database_is_unreachable(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_reports_the_last_worker_heartbeat(client, time_machine):
    time_machine.move_to("2026-11-27 09:30:00+00:00", tick=False)
    tasks.record_worker_heartbeat.apply()
    response = client.get("/healthz")
    assert response.json()["worker_last_heartbeat"] == "2026-11-27T09:30:00+00:00"


def test_post_is_not_allowed(client):
    assert client.post("/healthz").status_code == 405
