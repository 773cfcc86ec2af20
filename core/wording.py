"""Small helpers for the product's wording, shared by every app: names in a sentence, dates,
times and numbers as the NHS.UK content style writes them ("3 March 2026", "9:30am", "1,235"),
on the clocks in Leeds. Pure Python: the SVG charts use it without Django."""

import datetime
import math
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def in_sentence(name: str) -> str:
    """A reference-list name as it reads mid-sentence: "Run charts" reads "run charts";
    "SPC charts" and "Model for Improvement" keep their capitals."""
    if any(character.isupper() for character in name[1:]):
        return name
    return name[:1].lower() + name[1:]


def and_join(names: list[str]) -> str:
    """Names as a phrase mid-sentence: "run charts, SPC charts and PDSA cycles"."""
    names = [in_sentence(name) for name in names]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: datetime.date) -> str:
    """3 March 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: datetime.date) -> str:
    """3 Mar 2026."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def format_value(value: float, unit: str = "") -> str:
    """About three significant figures, thousands separated: 42.1, 0.423, 1,235; "%" hugs the
    number, other units follow it after a space."""
    magnitude = math.floor(math.log10(abs(value))) if value else 0
    decimals = min(3, max(0, 2 - magnitude))
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def month_label(month: datetime.date) -> str:
    """Mar 2026."""
    return f"{MONTHS[month.month - 1][:3]} {month.year}"


def uk_date(day: datetime.date) -> str:
    """03/03/2026, as people type dates into a spreadsheet."""
    return day.strftime("%d/%m/%Y")


def _in_leeds(instant: datetime.datetime) -> datetime.datetime:
    return instant.astimezone(LONDON)


def time_text(instant: datetime.datetime) -> str:
    """ "9:30am", "2pm", "midday", "midnight"."""
    moment = _in_leeds(instant)
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def date_text(instant: datetime.datetime) -> str:
    """ "Saturday 24 October 2026"."""
    moment = _in_leeds(instant)
    return f"{moment:%A} {long_date(moment.date())}"


def when_text(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """ "Saturday 24 October 2026, 10am to 12:30pm" (both dates when it spans days)."""
    if _in_leeds(starts_at).date() == _in_leeds(ends_at).date():
        return f"{date_text(starts_at)}, {time_text(starts_at)} to {time_text(ends_at)}"
    return (
        f"{date_text(starts_at)}, {time_text(starts_at)} to "
        f"{date_text(ends_at)}, {time_text(ends_at)}"
    )


def moment_text(instant: datetime.datetime) -> str:
    """ "9:30am on Saturday 24 October 2026"."""
    return f"{time_text(instant)} on {date_text(instant)}"
