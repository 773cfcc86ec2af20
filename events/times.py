"""Wall-clock times in Leeds (Europe/London), turned into instants and back.

Events are entered and shown as a date and a time on the clocks in Leeds; they are stored
as instants (UTC). Twice a year the clocks change: on the last Sunday of March there is no
1:00 to 1:59am, and on the last Sunday of October 1:00 to 1:59am happens twice.
"""

import datetime

from django.utils import timezone

from core.wording import long_date


class NonexistentTime(ValueError):
    """A time the clocks skip when they go forward."""


def london() -> datetime.tzinfo:
    return timezone.get_default_timezone()


def london_datetime(day: datetime.date, at: datetime.time) -> datetime.datetime:
    """The instant at `at` on `day` in Leeds, in UTC.

    A time that happens twice (the October change) is its first occurrence, in British
    Summer Time. A time the clocks skip raises NonexistentTime. The result is in UTC
    because Python compares and subtracts two datetimes in the same zone by their wall
    clocks, which is wrong across a change.
    """
    naive = datetime.datetime.combine(day, at.replace(tzinfo=None, fold=0))
    instant = naive.replace(tzinfo=london()).astimezone(datetime.UTC)
    if instant.astimezone(london()).replace(tzinfo=None) != naive:
        raise NonexistentTime(f"{at:%H:%M} on {long_date(day)} does not exist in Leeds")
    return instant


def local(instant: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(instant, london())


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in Leeds."""
    return london_datetime(day, datetime.time(0, 0))


def day_end(day: datetime.date) -> datetime.datetime:
    """The last moment of `day` in Leeds (one microsecond before the next midnight)."""
    return day_start(day + datetime.timedelta(days=1)) - datetime.timedelta(microseconds=1)


def shift_days(instant: datetime.datetime, days: int) -> datetime.datetime:
    """The same wall-clock time `days` later in Leeds, whatever the clocks did in between
    (a weekly 10am session stays at 10am across a clock change)."""
    wall = local(instant)
    return london_datetime(wall.date() + datetime.timedelta(days=days), wall.time())
