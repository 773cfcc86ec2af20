"""Calendar files, read back with a real iCalendar library (`icalendar`)."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from events import ics
from events.models import Event
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
URL = "https://quality.example.org/events/1/"


def parse(content: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (event,) = calendar.walk("VEVENT")
    return event


def at(year, month, day, hour, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def test_an_event_reads_back_with_its_time_place_and_link(settings):
    settings.SITE_URL = "https://quality.example.org"
    event = EventFactory(
        title="Learning set: falls, frailty; and flow",
        starts_at=at(2026, 10, 24, 10),
        ends_at=at(2026, 10, 24, 12, 30),
        venue="Leeds Civic Hall",
        address="Calverley Street, Leeds LS1 1UR",
    )
    calendar = parse(ics.calendar([ics.CalendarEntry(event, URL)]))
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    vevent = only_event(calendar)
    assert vevent["SUMMARY"] == "Learning set: falls, frailty; and flow"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert vevent["LOCATION"] == "Leeds Civic Hall, Calverley Street, Leeds LS1 1UR"
    assert vevent["URL"] == URL
    assert vevent["UID"] == f"event-{event.pk}@quality.example.org"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    (alarm,) = vevent.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == datetime.timedelta(hours=-1)


@pytest.mark.parametrize(
    ("starts", "utc_hour"),
    [
        (at(2026, 10, 24, 10), 9),  # Saturday before the October change: BST
        (at(2026, 10, 25, 10), 10),  # the Sunday of the change, after it: GMT
        (at(2027, 3, 27, 10), 10),  # Saturday before the March change: GMT
        (at(2027, 3, 28, 10), 9),  # the Sunday of the change, after it: BST
        (at(2026, 10, 25, 1, 30), 0),  # 1:30am happens twice that night; the first is BST
    ],
)
def test_times_are_right_on_both_sides_of_a_clock_change(starts, utc_hour):
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    vevent = only_event(parse(ics.calendar([ics.CalendarEntry(event, URL)])))
    start = vevent.decoded("DTSTART")
    assert start == event.starts_at
    assert start.astimezone(datetime.UTC).hour == utc_hour
    assert vevent["DTSTART"].to_ical().decode() == starts.strftime("%Y%m%dT%H%M%S")


def test_the_files_time_zone_matches_the_clocks_in_leeds():
    """Calendars that use the file's own VTIMEZONE (not a zone database) get the same
    offsets as Python's Europe/London, around every change for years to come."""
    calendar = parse(ics.calendar([]))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    described = vtimezone.to_tz()
    moments = [
        datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)
        for year in range(2025, 2036)
        for month, day in ((3, 24), (3, 31), (10, 24), (10, 31), (1, 15), (7, 15))
        for hour in (0, 1, 2, 12)
    ]
    for moment in moments:
        assert moment.astimezone(described).utcoffset() == moment.astimezone(LONDON).utcoffset(), (
            moment
        )


def test_online_events_say_so_and_the_link_is_only_for_those_with_a_place():
    event = EventFactory(
        format=Event.Format.ONLINE,
        venue="",
        address="",
        joining_link="https://teams.example.org/l/meetup-join/abc",
    )
    public = only_event(parse(ics.calendar([ics.CalendarEntry(event, URL)])))
    assert public["LOCATION"] == "Online"
    assert "teams.example.org" not in public["DESCRIPTION"]
    booked = only_event(
        parse(ics.calendar([ics.CalendarEntry(event, URL, include_joining_link=True)]))
    )
    assert "Join online: https://teams.example.org/l/meetup-join/abc" in booked["DESCRIPTION"]


def test_a_hybrid_event_gives_the_venue_and_says_online_too():
    event = EventFactory(format=Event.Format.HYBRID, venue="Thackray Museum", address="Beckett St")
    vevent = only_event(parse(ics.calendar([ics.CalendarEntry(event, URL)])))
    assert vevent["LOCATION"] == "Thackray Museum, Beckett St (or online)"


def test_text_is_escaped_and_long_lines_folded_without_splitting_characters():
    description = (
        "Bring your run chart; we will read it together, rule by rule.\n"
        "Back\\slash. Café, Ōsaka and ☕ " + "é" * 200
    )
    event = EventFactory(
        title="Pressure ulcers — «zero» harm, together; " * 3, description=description
    )
    content = ics.calendar([ics.CalendarEntry(event, URL)])
    for line in content.split("\r\n"):
        assert len(line.encode()) <= 75, line
    assert content.endswith("\r\n")
    assert "\n" not in content.replace("\r\n", "")
    vevent = only_event(parse(content))
    assert vevent["SUMMARY"] == event.title
    assert vevent["DESCRIPTION"].startswith(description)


def test_a_cancelled_event_is_marked_cancelled_with_a_higher_sequence():
    event = EventFactory(status=Event.Status.CANCELLED, sequence=3)
    vevent = only_event(parse(ics.calendar([ics.CalendarEntry(event, URL)])))
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 3
    assert vevent["DESCRIPTION"].startswith("This event has been cancelled.")
    assert not vevent.walk("VALARM")


def test_a_feed_has_a_name_and_no_method():
    first, second = EventFactory(), EventFactory()
    calendar = parse(
        ics.calendar(
            [ics.CalendarEntry(first, URL), ics.CalendarEntry(second, URL)],
            name="Leeds Quality Network: my events",
            method=None,
        )
    )
    assert "METHOD" not in calendar
    assert calendar["X-WR-CALNAME"] == "Leeds Quality Network: my events"
    assert [str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")] == [
        f"event-{first.pk}",
        f"event-{second.pk}",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("SUMMARY:short", ["SUMMARY:short"]),
        ("X:" + "a" * 73, ["X:" + "a" * 73]),
        ("X:" + "a" * 74, ["X:" + "a" * 73, " a"]),
        ("X:" + "é" * 40, ["X:" + "é" * 36, " " + "é" * 4]),
    ],
)
def test_folding_at_75_octets(line, expected):
    assert ics.fold(line).split("\r\n") == expected


def test_escaping():
    assert ics.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
