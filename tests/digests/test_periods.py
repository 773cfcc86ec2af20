from datetime import UTC, date, datetime

import pytest

from digests.periods import period_for

MONDAYS = [date(2026, 11, day) for day in (2, 9, 16, 23, 30)]


def test_weekly_members_get_one_every_week_with_the_iso_week_as_key():
    keys = [period_for("weekly", monday).key for monday in MONDAYS]
    assert keys == ["2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"]


def test_a_second_run_in_the_same_week_is_the_same_period():
    assert period_for("weekly", date(2026, 11, 23)) == period_for("weekly", date(2026, 11, 26))


def test_fortnightly_members_get_one_every_other_week():
    due = [period_for("fortnightly", monday) for monday in MONDAYS]
    assert [period is not None for period in due] == [True, False, True, False, True]
    assert len({period.key for period in due if period}) == 3


def test_monthly_members_get_one_on_the_first_run_of_the_month():
    due = [period_for("monthly", monday) for monday in MONDAYS]
    assert [period.key if period else None for period in due] == ["2026-11", None, None, None, None]
    assert period_for("monthly", date(2026, 12, 7)).key == "2026-12"


@pytest.mark.parametrize("frequency", ["never", "", "daily"])
def test_never_and_unknown_frequencies_get_nothing(frequency):
    assert period_for(frequency, MONDAYS[0]) is None


def test_a_digest_covers_its_period():
    period = period_for("fortnightly", MONDAYS[0])
    assert period.since(datetime(2026, 11, 2, 7, tzinfo=UTC)) == datetime(
        2026, 10, 19, 7, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("run", "previous"),
    [
        (date(2026, 11, 2), date(2026, 10, 5)),  # five Mondays apart
        (date(2026, 12, 7), date(2026, 11, 2)),
        (date(2027, 2, 1), date(2027, 1, 4)),  # four Mondays apart
    ],
)
def test_a_monthly_digest_covers_everything_since_the_last_monthly_run(run, previous):
    at = datetime(run.year, run.month, run.day, 7, tzinfo=UTC)
    since = period_for("monthly", run).since(at)
    assert since == datetime(previous.year, previous.month, previous.day, 7, tzinfo=UTC)
