"""TEST_NOW: run the suite as if it started at a chosen Leeds local time.

`TEST_NOW="2027-03-28 01:30" make test` moves every clock of the test process (and of the
Celery workers the tests start) to that moment, and lets it tick from there. Tests that move
the clock themselves (the `time_machine` fixture) still do, on top of it. The database's own
`now()` is not moved, so the application never reads it (docs/testing.md).
"""

import datetime
import os
import time
from zoneinfo import ZoneInfo

import time_machine

LEEDS = ZoneInfo("Europe/London")
FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")

# What a Celery worker started by a test reads to start at the test's clock (tests.stack).
WORKER_CLOCK = "TEST_CLOCK_EPOCH"


class BadMoment(ValueError):
    pass


def parse_test_now(text: str) -> datetime.datetime:
    """The Leeds moment `text` names, in UTC.

    A time the clocks skip (01:30 on the last Sunday of March) is the moment the clock
    would have shown had it not jumped (02:30 BST); a time that happens twice (01:30 on the
    last Sunday of October) is the first of the two (BST)."""
    for pattern in FORMATS:
        try:
            naive = datetime.datetime.strptime(text.strip(), pattern)  # noqa: DTZ007 (Leeds time, made aware below)
        except ValueError:
            continue
        return naive.replace(tzinfo=LEEDS, fold=0).astimezone(datetime.UTC)
    raise BadMoment(
        f"TEST_NOW={text!r} is not a Leeds local time: write it as YYYY-MM-DD HH:MM, "
        'for example TEST_NOW="2027-03-28 01:30"'
    )


def describe(moment: datetime.datetime) -> str:
    shown, utc = moment.astimezone(LEEDS), moment.astimezone(datetime.UTC)
    return f"{shown:%A %d %B %Y %H:%M:%S} {shown.tzname()} ({utc:%H:%M} UTC)"


def start_test_now(text: str) -> time_machine.travel:
    traveller = time_machine.travel(parse_test_now(text), tick=True)
    traveller.start()
    return traveller


def worker_clock_env() -> dict[str, str]:
    """Environment for a worker process, so it starts at this process's clock when a test
    or TEST_NOW has moved it."""
    if time_machine.escape_hatch.is_travelling():
        return {WORKER_CLOCK: repr(time.time())}
    return {}


def start_worker_clock() -> None:
    """In a worker process: start at the clock its test passed, ticking from there."""
    epoch = os.environ.get(WORKER_CLOCK)
    if epoch:
        time_machine.travel(float(epoch), tick=True).start()


def last_sunday(year: int, month: int) -> datetime.date:
    day = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=(day.weekday() - 6) % 7)


def ci_moments(today: datetime.date) -> list[str]:
    """The moments CI runs the time-sensitive tests at: the edges of an ordinary weekday,
    both clock changes and the turn of the year, in the coming year."""
    year = today.year + 1
    weekday = datetime.date(year, 5, 8)
    weekday += datetime.timedelta(days=(2 - weekday.weekday()) % 7)  # a Wednesday
    forward, back = last_sunday(year, 3), last_sunday(year, 10)
    return [
        f"{weekday} 00:05",
        f"{weekday} 09:59",
        f"{weekday} 23:55",
        f"{forward} 00:30",
        f"{forward} 01:30",
        f"{back} 01:30",
        f"{today.year}-12-31 23:59",
    ]


if __name__ == "__main__":
    print("\n".join(ci_moments(datetime.datetime.now(tz=LEEDS).date())))
