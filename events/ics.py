"""iCalendar (RFC 5545) files for events: one event's file, attached to emails and
downloadable, and a member's feed of their booked events.

Times are written on the clocks in Leeds (`DTSTART;TZID=Europe/London:20261024T100000`)
with the zone's definition (VTIMEZONE) in the file, so calendars show the right time on
both sides of a clock change. Text is escaped and lines are folded at 75 octets.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings

from events.models import Event

PRODID = "-//Leeds Quality Network//Learning events//EN"
TZID = "Europe/London"
LONDON = ZoneInfo(TZID)
ALARM_BEFORE = "-PT1H"

# The clocks in Leeds: British Summer Time from 1am GMT on the last Sunday of March to
# 1am GMT (2am BST) on the last Sunday of October. Each DTSTART is the first change under
# these rules, in the wall-clock time in force just before it.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(value: str) -> str:
    """A TEXT value: backslashes, semicolons, commas and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets, never inside a UTF-8
    character; each continuation starts with a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts = []
    start = 0
    limit = 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        # Step back off a continuation byte (10xxxxxx) so a character is never split.
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode())
        start = end
        limit = 74  # a continuation line's leading space is one of its 75 octets
    return "\r\n ".join(parts)


def _local(instant: datetime.datetime) -> str:
    return instant.astimezone(LONDON).strftime("%Y%m%dT%H%M%S")


def _utc(instant: datetime.datetime) -> str:
    return instant.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"event-{event.pk}@{host}"


@dataclass(frozen=True)
class CalendarEntry:
    """An event as one member's calendar shows it."""

    event: Event
    url: str
    include_joining_link: bool = False


def _description(entry: CalendarEntry) -> str:
    event = entry.event
    parts = []
    if event.is_cancelled:
        parts.append("This event has been cancelled.")
    parts.append(event.description.strip())
    if entry.include_joining_link and event.joining_link and not event.is_cancelled:
        parts.append(f"Join online: {event.joining_link}")
    if event.has_venue and event.accessibility_notes:
        parts.append(f"Accessibility: {event.accessibility_notes.strip()}")
    parts.append(f"Details and your booking: {entry.url}")
    return "\n\n".join(part for part in parts if part)


def _vevent(entry: CalendarEntry, stamp: datetime.datetime) -> list[str]:
    event = entry.event
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(event)}",
        f"DTSTAMP:{_utc(stamp)}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTART;TZID={TZID}:{_local(event.starts_at)}",
        f"DTEND;TZID={TZID}:{_local(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(_description(entry))}",
        f"URL:{entry.url}",
        f"STATUS:{'CANCELLED' if event.is_cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
    ]
    if event.location_text:
        lines.append(f"LOCATION:{escape_text(event.location_text)}")
    if not event.is_cancelled:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(event.title)}",
            f"TRIGGER:{ALARM_BEFORE}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar(
    entries: Iterable[CalendarEntry],
    *,
    name: str | None = None,
    method: str | None = "PUBLISH",
    stamp: datetime.datetime | None = None,
) -> str:
    """A VCALENDAR holding the entries, with CRLF line endings as RFC 5545 asks."""
    stamp = stamp or datetime.datetime.now(datetime.UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    if name:
        lines += [
            f"X-WR-CALNAME:{escape_text(name)}",
            f"X-WR-TIMEZONE:{TZID}",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ]
    lines += VTIMEZONE
    for entry in entries:
        lines += _vevent(entry, stamp)
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)


def filename(event: Event) -> str:
    return f"event-{event.pk}.ics"
