import pytest
from django.core.exceptions import ImproperlyConfigured

from leedsquality.env import (
    REQUIRED,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_redis_url,
    env_str,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("False", False)],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", default=not expected) is expected


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("DEBUG", "flase")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='flase' is not a boolean"):
        env_bool("DEBUG", False)


def test_a_required_variable_that_is_missing_stops_start_up(monkeypatch):
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="NOT_SET_ANYWHERE must be set"):
        env_str("NOT_SET_ANYWHERE", REQUIRED)


def test_env_int_refuses_words_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "smtp")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("EMAIL_PORT", 587)
    monkeypatch.setenv("EMAIL_PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="must be at least 1"):
        env_int("EMAIL_PORT", 587, minimum=1)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example.org, ,b.example.org ")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example.org", "b.example.org"]


def test_database_url_with_host_port_and_password():
    config = database_from_url("postgres://lqn:p%40ss@db.internal:5433/leedsquality")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("leedsquality", "lqn", "p@ss")
    assert (config["HOST"], config["PORT"]) == ("db.internal", "5433")


def test_database_url_with_a_unix_socket_in_the_query_string():
    config = database_from_url("postgresql://postgres:@/leedsquality?host=/tmp/pg&sslmode=disable")
    assert config["HOST"] == "/tmp/pg"
    assert config["OPTIONS"] == {"sslmode": "disable"}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/leedsquality", "PostgreSQL is the only supported database"),
        ("postgres://localhost:5432/", "must name a database"),
        ("postgres://localhost:port/db", "bad port"),
    ],
)
def test_bad_database_urls_are_refused(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url)


def test_redis_url_must_be_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "memcached://localhost")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must start with redis://"):
        env_redis_url("REDIS_URL")
