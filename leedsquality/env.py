"""Read settings from the environment, failing loudly on values that make no sense.

A mistyped `DEBUG=flase` must stop the process at start-up, not quietly switch a
production server into some mode nobody asked for.
"""

import os
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class _Missing:
    def __repr__(self) -> str:
        return "<required>"


REQUIRED: Any = _Missing()


def _raw(name: str, default: Any) -> str | None:
    value = os.environ.get(name)
    if value is None:
        if default is REQUIRED:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return None
    return value.strip()


def env_str(name: str, default: Any = REQUIRED) -> str:
    value = _raw(name, default)
    return default if value is None else value


def env_bool(name: str, default: Any = REQUIRED) -> bool:
    value = _raw(name, default)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: Any = REQUIRED, *, minimum: int | None = None) -> int:
    value = _raw(name, default)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, default: Any = REQUIRED) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    value = _raw(name, default)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int_list(name: str, default: Any = REQUIRED, *, minimum: int | None = None) -> list[int]:
    """A comma-separated list of whole numbers."""
    numbers = []
    for item in env_list(
        name, [str(number) for number in default] if default is not REQUIRED else REQUIRED
    ):
        try:
            number = int(item)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list whole numbers; {item!r} is not one."
            ) from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}: {number} must be at least {minimum}.")
        numbers.append(number)
    return numbers


def database_from_url(url: str) -> dict[str, Any]:
    """Django's DATABASES entry for a `postgres://` URL.

    The host may be given in the query string (`?host=/path/to/socket/dir`), which is
    how the embedded PostgreSQL names its Unix socket.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://, not {parts.scheme}://. "
            "PostgreSQL is the only supported database."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. .../leedsquality.")
    query = dict(parse_qsl(parts.query))
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"DATABASE_URL has a bad port: {url!r}.") from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": query.pop("host", None) or parts.hostname or "",
        "PORT": str(port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": query,
    }


def env_redis_url(name: str, default: Any = REQUIRED) -> str:
    url = env_str(name, default)
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(
            f"{name} must start with redis:// or rediss://, not {scheme}://."
        )
    return url
