"""Time zones: events are entered and shown on the clocks in Leeds, stored as instants,
and stay right across the October and March clock changes."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from core import wording
from core.models import OutgoingEmail
from events import services
from events.forms import EventForm
from events.times import NonexistentTime, day_end, day_start, london_datetime, shift_days
from tests.events.factories import EventFactory, RegistrationFactory

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "at", "expected"),
    [
        (datetime.date(2026, 10, 24), datetime.time(10), utc(2026, 10, 24, 9)),  # BST
        (datetime.date(2026, 10, 25), datetime.time(10), utc(2026, 10, 25, 10)),  # GMT
        (datetime.date(2027, 3, 27), datetime.time(10), utc(2027, 3, 27, 10)),  # GMT
        (datetime.date(2027, 3, 28), datetime.time(10), utc(2027, 3, 28, 9)),  # BST
        # 1:30am happens twice on 25 October 2026: the first time, in BST.
        (datetime.date(2026, 10, 25), datetime.time(1, 30), utc(2026, 10, 25, 0, 30)),
    ],
)
def test_a_time_in_leeds_is_the_right_instant(day, at, expected):
    assert london_datetime(day, at) == expected


def test_a_time_the_clocks_skip_is_refused():
    with pytest.raises(NonexistentTime, match="01:30 on 28 March 2027"):
        london_datetime(datetime.date(2027, 3, 28), datetime.time(1, 30))


def test_days_are_23_and_25_hours_long_on_change_days():
    assert day_end(datetime.date(2026, 10, 25)) - day_start(datetime.date(2026, 10, 25)) == (
        datetime.timedelta(hours=25, microseconds=-1)
    )
    assert day_end(datetime.date(2027, 3, 28)) - day_start(datetime.date(2027, 3, 28)) == (
        datetime.timedelta(hours=23, microseconds=-1)
    )


def test_a_weekly_series_keeps_its_wall_clock_time_across_both_changes():
    start = london_datetime(datetime.date(2026, 10, 21), datetime.time(10))
    assert shift_days(start, 7) == utc(2026, 10, 28, 10)  # 10am GMT, not 9am
    spring = london_datetime(datetime.date(2027, 3, 24), datetime.time(10))
    assert shift_days(spring, 7) == utc(2027, 3, 31, 9)  # 10am BST


@pytest.mark.django_db
def test_duplicating_a_series_across_the_october_change(facilitator, time_machine):
    time_machine.move_to(utc(2026, 9, 1, 9))
    event = EventFactory(
        starts_at=london_datetime(datetime.date(2026, 10, 14), datetime.time(10)),
        ends_at=london_datetime(datetime.date(2026, 10, 14), datetime.time(12)),
        registration_closes_at=london_datetime(datetime.date(2026, 10, 13), datetime.time(17)),
    )
    copies = services.event_duplicate(
        event_id=event.pk, first_date=datetime.date(2026, 10, 21), copies=3, by=facilitator
    )
    walls = [
        (c.starts_at.astimezone(LONDON).strftime("%a %d %b %H:%M"), c.starts_at.hour)
        for c in copies
    ]
    assert walls == [
        ("Wed 21 Oct 10:00", 9),  # BST: 09:00 UTC
        ("Wed 28 Oct 10:00", 10),  # GMT: 10:00 UTC
        ("Wed 04 Nov 10:00", 10),
    ]
    assert [c.ends_at - c.starts_at for c in copies] == [datetime.timedelta(hours=2)] * 3
    assert copies[1].registration_closes_at == utc(2026, 10, 27, 17)  # 5pm GMT the day before


@pytest.mark.django_db
def test_the_form_takes_times_in_leeds_on_a_change_day(facilitator, time_machine):
    time_machine.move_to(utc(2027, 3, 1, 9))
    data = {
        "title": "Spring learning set",
        "kind": "learning_set",
        "description": "Sharing what we tried this winter.",
        "facilitators": facilitator.email,
        "date_day": "28",
        "date_month": "3",
        "date_year": "2027",
        "start_time": "09:30",
        "end_time": "11:00",
        "format": "online",
        "capacity": "30",
        "audience": "all",
    }
    form = EventForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == utc(2027, 3, 28, 8, 30)
    assert form.cleaned_data["ends_at"] - form.cleaned_data["starts_at"] == datetime.timedelta(
        hours=1, minutes=30
    )
    skipped = EventForm({**data, "start_time": "01:15"})
    assert not skipped.is_valid()
    assert skipped.errors["start_time"] == [
        "There is no 01:15 on 28 March 2027 in Leeds: the clocks go forward an hour at 1am. "
        "Choose another time"
    ]


@pytest.mark.django_db
def test_reminders_go_for_tomorrow_in_leeds_on_a_25_hour_day(time_machine):
    # 9am on Saturday 24 October 2026 (BST); tomorrow is the 25-hour Sunday.
    time_machine.move_to(utc(2026, 10, 24, 8))
    late_sunday = EventFactory(
        starts_at=utc(2026, 10, 25, 23, 30), ends_at=utc(2026, 10, 25, 23, 45)
    )  # 11:30pm GMT on Sunday
    monday = EventFactory(starts_at=utc(2026, 10, 26, 0, 15), ends_at=utc(2026, 10, 26, 1))
    sunday_place = RegistrationFactory(event=late_sunday)
    RegistrationFactory(event=monday)
    assert services.reminders_send() == 1
    assert OutgoingEmail.objects.get(kind="events.event_reminder").to == sunday_place.user.email


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (utc(2026, 10, 24, 9), "10am"),
        (utc(2026, 10, 24, 13, 30), "2:30pm"),
        (utc(2026, 10, 24, 11), "midday"),
        (utc(2026, 10, 24, 23), "midnight"),
        (utc(2026, 12, 24, 9, 5), "9:05am"),
    ],
)
def test_times_read_as_the_nhs_writes_them(instant, expected):
    assert wording.time_text(instant) == expected


def test_an_event_reads_as_a_date_and_times_in_leeds():
    assert (
        wording.when_text(utc(2026, 10, 25, 9, 30), utc(2026, 10, 25, 12))
        == "Sunday 25 October 2026, 9:30am to midday"
    )
    assert (
        wording.when_text(utc(2026, 10, 25, 22), utc(2026, 10, 26, 1))
        == "Sunday 25 October 2026, 10pm to Monday 26 October 2026, 1am"
    )
