"""Settings for the test suite: the real ones, with fast hashing and an isolated queue."""

import os
import uuid

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("EMAIL_HOST", "localhost")
# Each run has its own queue, so a worker started by one test run never takes another's tasks.
os.environ.setdefault("CELERY_QUEUE", f"tests-{uuid.uuid4().hex[:12]}")

from leedsquality.settings import *  # noqa: F403

# The suite flushes its Redis database between tests: keep it off the one a developer's
# own REDIS_URL names (database 0 by default). TEST_REDIS_DB lets two runs share a server.
_TEST_REDIS_DB = os.environ.get("TEST_REDIS_DB", "15")
REDIS_URL = (
    REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL  # noqa: F405
) + f"/{_TEST_REDIS_DB}"
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CELERY_BROKER_URL = REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
