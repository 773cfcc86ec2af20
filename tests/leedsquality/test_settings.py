"""The settings module itself, imported in a fresh interpreter with a chosen environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "quality.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "DATABASE_URL": "postgres://lqn@db:5432/leedsquality",
    "REDIS_URL": "redis://redis:6379/0",
}


def import_settings(env: dict[str, str], expression: str = "None") -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in PRODUCTION}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", f"import leedsquality.settings as s; print({expression})"],
        env={**clean, **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = import_settings(env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_settings_are_secure():
    result = import_settings(
        PRODUCTION,
        "(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.SECURE_SSL_REDIRECT, s.MAILERS['default']['BACKEND'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "(True, True, True, True, 'django.core.mail.backends.smtp.EmailBackend')"
    )


def test_development_mail_goes_to_the_dev_mailbox_when_no_smtp_server_is_named():
    env = {"DEBUG": "1", "DATABASE_URL": PRODUCTION["DATABASE_URL"]}
    result = import_settings(env, "s.MAILERS['default']['BACKEND']")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "core.devmailbox.DevMailboxBackend"


def test_both_tls_and_ssl_is_refused():
    result = import_settings({**PRODUCTION, "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"})
    assert result.returncode != 0
    assert "cannot both be on" in result.stderr


def test_locale_and_time_zone():
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "en-gb"


def test_celery_is_configured_for_reliability():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    # Above an hour of email retries, so a waiting task is never redelivered early.
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > 60 * 60
    assert settings.CELERY_BEAT_SCHEDULE, "the beat schedule lives in settings"


def test_the_celery_app_reads_the_django_settings():
    from leedsquality.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_url == settings.REDIS_URL
