"""Dates and times as the NHS.UK content style writes them, on the clocks in Leeds:
"Saturday 24 October 2026", "9:30am", "2pm", "midday"."""

import datetime

from events.times import local


def time_text(instant: datetime.datetime) -> str:
    moment = local(instant)
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def date_text(instant: datetime.datetime) -> str:
    return f"{local(instant):%A} {local(instant).day} {local(instant):%B %Y}"


def when_text(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """ "Saturday 24 October 2026, 10am to 12:30pm" (both dates when it spans days)."""
    if local(starts_at).date() == local(ends_at).date():
        return f"{date_text(starts_at)}, {time_text(starts_at)} to {time_text(ends_at)}"
    return (
        f"{date_text(starts_at)}, {time_text(starts_at)} to "
        f"{date_text(ends_at)}, {time_text(ends_at)}"
    )


def moment_text(instant: datetime.datetime) -> str:
    """ "9:30am on Saturday 24 October 2026"."""
    return f"{time_text(instant)} on {date_text(instant)}"
