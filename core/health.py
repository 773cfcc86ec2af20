"""Liveness of the services the site depends on, for `/healthz` and the worker heartbeat."""

import logging
from datetime import datetime

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "worker-heartbeat"


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("Health check: the database did not answer")
        return "unavailable"
    return "ok"


def redis_status() -> str:
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1, retry=None
    )
    try:
        client.ping()
    except redis.RedisError:
        logger.warning("Health check: Redis did not answer at %s", _redacted(settings.REDIS_URL))
        return "unavailable"
    finally:
        client.close()
    return "ok"


def record_heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=60 * 60)


def last_heartbeat() -> datetime | None:
    try:
        value = cache.get(HEARTBEAT_KEY)
    except redis.RedisError:
        return None
    return datetime.fromisoformat(value) if value else None


def _redacted(url: str) -> str:
    """The URL without its password, for logs."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
