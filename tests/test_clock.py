"""TEST_NOW runs the suite at a chosen Leeds moment; the app never asks PostgreSQL the time."""

import datetime
import io
import os
import subprocess
import sys
import tokenize
import tomllib
from pathlib import Path

import pytest
from django.utils import timezone

from tests.clock import BadMoment, ci_moments, parse_test_now

BASE_DIR = Path(__file__).resolve().parent.parent
APP_PACKAGES = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]
UTC = datetime.UTC


def test_a_leeds_moment_in_winter_and_in_summer():
    assert parse_test_now("2027-01-15 09:00") == datetime.datetime(2027, 1, 15, 9, tzinfo=UTC)
    assert parse_test_now("2027-05-12 09:59") == datetime.datetime(2027, 5, 12, 8, 59, tzinfo=UTC)


def test_a_time_the_clocks_skip_is_read_as_if_they_had_not():
    # 01:30 never shows on 28 March 2027: the clocks go from 01:00 GMT to 02:00 BST.
    assert parse_test_now("2027-03-28 01:30") == datetime.datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_a_time_that_happens_twice_is_the_first_of_the_two():
    assert parse_test_now("2027-10-31 01:30") == datetime.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["tomorrow", "31/12/2026 23:59", "2026-13-01 10:00", ""])
def test_a_moment_that_is_not_a_date_and_time_is_refused_clearly(text):
    with pytest.raises(BadMoment, match="YYYY-MM-DD HH:MM"):
        parse_test_now(text)


def test_ci_runs_the_edges_of_a_day_both_clock_changes_and_new_year():
    assert ci_moments(datetime.date(2026, 12, 5)) == [
        "2027-05-12 00:05",
        "2027-05-12 09:59",
        "2027-05-12 23:55",
        "2027-03-28 00:30",
        "2027-03-28 01:30",
        "2027-10-31 01:30",
        "2026-12-31 23:59",
    ]
    assert datetime.date(2027, 5, 12).weekday() == 2  # an ordinary Wednesday


def test_the_suite_runs_at_test_now_with_the_clock_ticking():
    if os.environ.get("TEST_CLOCK_CHECK") == "1":
        started = parse_test_now(os.environ["TEST_NOW"])
        first = timezone.now()
        assert started <= first < started + datetime.timedelta(minutes=2)
        assert timezone.now() > first
        return
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
         f"{__file__}::test_the_suite_runs_at_test_now_with_the_clock_ticking"],
        cwd=BASE_DIR, env={**os.environ, "TEST_NOW": "2027-03-28 00:30", "TEST_CLOCK_CHECK": "1"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "TEST_NOW: the suite started at Sunday 28 March 2027 00:30:00 GMT" in result.stdout


def test_a_bad_test_now_stops_the_run_with_the_reason():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
         f"{__file__}::test_ci_runs_the_edges_of_a_day_both_clock_changes_and_new_year"],
        cwd=BASE_DIR, env={**os.environ, "TEST_NOW": "next Tuesday"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "TEST_NOW='next Tuesday' is not a Leeds local time" in result.stderr


def _sql_clock_reads(source: str) -> list[str]:
    """String literals (SQL) that ask the database for the time, and uses of Now()."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        text = token.string
        if token.type == tokenize.STRING and any(
            word in text.lower()
            for word in ("now()", "current_timestamp", "current_date", "localtimestamp")
        ):
            found.append(f"line {token.start[0]}: {text.strip()[:60]}")
        if token.type == tokenize.NAME and text == "Now":
            found.append(f"line {token.start[0]}: Now")
    return found


def test_the_app_never_asks_the_database_for_the_time():
    """PostgreSQL's clock is not the tests' (TEST_NOW, time_machine) nor always the web
    server's: every timestamp comes from Django's timezone.now()."""
    offenders = {
        str(path.relative_to(BASE_DIR)): reads
        for package in APP_PACKAGES
        for path in (BASE_DIR / package).rglob("*.py")
        if "migrations" not in path.parts
        and (reads := _sql_clock_reads(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_check_finds_a_database_clock_read():
    assert _sql_clock_reads('cursor.execute("UPDATE t SET at = now()")\n')
    assert _sql_clock_reads("from django.db.models.functions import Now\n")
    assert not _sql_clock_reads('x = timezone.now()  # "now" in a comment\n')
