"""Server-rendered SVG charts of an SPC result, and the plain-English reading of one.

Pure Python (no Django): the output uses presentation attributes and classes only, never a
`style` attribute or a script, because the site's Content Security Policy blocks both.
Colours are Making Data Count's (NHSRplotthedots' `ptd_spc_colours`).
"""

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from itertools import pairwise

from core.wording import format_value, long_date, month_label, short_date
from projects.measures.spc import SpcPoint, SpcResult

POINT_COLOURS = {
    "special_cause_improvement": "#00B0F0",
    "special_cause_concern": "#E46C0A",
    "special_cause_neutral_high": "#490092",
    "special_cause_neutral_low": "#490092",
    "common_cause": "#A6A6A6",
}
TARGET_COLOUR = "#DE1B1B"
LINE_COLOUR = "#425563"  # mean and process limits
DATA_LINE_COLOUR = "#A6A6A6"
GRID_COLOUR = "#D8DDE0"
TEXT_COLOUR = "#212B32"
ANNOTATION_COLOUR = "#005EB8"
LIMIT_DASHES = "6 4"
REBASE_DASHES = "2 3"
TRIAL_LABEL = "Trial limits (fewer than 12 points)"
FONT = 'font-family="Arial, sans-serif"'

WIDTH, HEIGHT = 720, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 44, 40, 80  # the plot area's margins; legend below the dates
MAX_DATE_TICKS = 7
VALUE_TICKS = 5
CHARACTER_WIDTH = 6.5  # a rough width of a 12px Arial character, to lay out the legend

TYPE_NAMES = {
    "special_cause_improvement": "special cause improvement",
    "special_cause_concern": "special cause concern",
    "special_cause_neutral_high": "special cause variation (high)",
    "special_cause_neutral_low": "special cause variation (low)",
    "common_cause": "common cause",
}
RULE_NAMES = {
    "outside_limits": "beyond a process limit",
    "trend": "a run of 7 rising or falling",
    "two_in_three": "2 of 3 close to a process limit",
    "shift": "7 in a row on one side of the mean",
}
LEGEND_NAMES = {
    "special_cause_improvement": "Improvement",
    "special_cause_concern": "Concern",
    "special_cause_neutral_high": "Special cause",
    "special_cause_neutral_low": "Special cause",
    "common_cause": "Common cause",
}
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


# Plain English --------------------------------------------------------------------------------


def describe(result: SpcResult, dates: Sequence[date], unit: str = "") -> str:
    """The chart's reading in a sentence or three, for the chart's `<desc>` and the page."""
    _check_dates(result, dates)
    if not result.points:
        return "No data yet."
    sentences = [_variation_sentence(result, dates, unit)]
    if result.assurance is not None and result.target is not None:
        sentences.append(_assurance_sentence(result.assurance, result.target, unit))
    if result.points[-1].trial:
        sentences.append("The limits are trial limits: there are fewer than 12 points.")
    return " ".join(sentences)


def _variation_sentence(result: SpcResult, dates: Sequence[date], unit: str) -> str:
    last = result.points[-1]
    mean = format_value(last.mean, unit)
    if last.rule is None:
        if all(point.rule is None for point in result.points):
            return (
                "Common cause variation: no signals; "
                f"the process is stable around a mean of {mean}."
            )
        return f"Common cause variation: no signal at the latest point; the mean is {mean}."
    heading = {
        "special_cause_improvement": "Special cause improvement",
        "special_cause_concern": "Special cause concern",
    }.get(last.point_type, "Special cause variation, neither improvement nor concern")
    return f"{heading}: {_signal_phrase(result, dates)}."


def _signal_phrase(result: SpcResult, dates: Sequence[date]) -> str:
    """What the latest point's signal is, counted back from the latest point."""
    points = result.points
    last = points[-1]
    first_of_segment = result.segments[last.segment].start
    high = last.side == "high"
    if last.rule == "trend":
        rising = (lambda a, b: b.value > a.value) if high else (lambda a, b: b.value < a.value)
        count = 1 + _run_back(points, first_of_segment, rising)
        direction = "increasing" if high else "decreasing"
        since = long_date(dates[len(points) - count])
        return f"{count} points in a row {direction} since {since}"
    if last.rule == "two_in_three":
        recent = points[max(first_of_segment, len(points) - 3) :]
        near = sum(1 for point in recent if point.rule == "two_in_three")
        limit = "upper" if high else "lower"
        return f"{near} of the latest 3 points are close to the {limit} process limit"
    if last.rule == "outside_limits":
        count = 1 + _run_back(
            points, first_of_segment, lambda a, b: a.rule == "outside_limits" and a.side == b.side
        )
        limit = "above the upper" if high else "below the lower"
        if count == 1:
            return f"the latest point, on {long_date(dates[-1])}, is {limit} process limit"
        return f"{count} points {limit} process limit since {long_date(dates[len(points) - count])}"
    count = 1 + _run_back(points, first_of_segment, lambda a, b: _side(a) == _side(b))
    where = "above" if high else "below"
    return f"{count} points {where} the mean since {long_date(dates[len(points) - count])}"


def _side(point: SpcPoint) -> int:
    return (point.value > point.mean) - (point.value < point.mean)


def _run_back(
    points: Sequence[SpcPoint], floor: int, same: Callable[[SpcPoint, SpcPoint], bool]
) -> int:
    """How many steps back from the last point `same(earlier, later)` holds, within a segment."""
    steps = 0
    index = len(points) - 1
    while index > floor and same(points[index - 1], points[index]):
        steps += 1
        index -= 1
    return steps


def _assurance_sentence(assurance: str, target: float, unit: str) -> str:
    target_text = format_value(target, unit)
    if assurance == "consistent_pass":
        return (
            f"The target of {target_text} will be met consistently "
            "while the process stays as it is."
        )
    if assurance == "consistent_fail":
        return (
            f"The target of {target_text} will be missed consistently unless the process changes."
        )
    return f"The target of {target_text} will sometimes be met and sometimes missed."


# Scales and ticks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    """A linear map from data to pixels."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return (self.start + self.end) / 2
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


def value_ticks(low: float, high: float, count: int = VALUE_TICKS) -> list[float]:
    """Round ticks (steps of 1, 2, 2.5 or 5 times a power of ten) covering low..high."""
    if high == low:
        spread = abs(low) * 0.1 or 1.0
        low, high = low - spread, high + spread
    rough = (high - low) / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _tick_label(value: float, step: float, unit: str) -> str:
    decimals = 0
    while decimals < 6 and abs(round(step, decimals) - step) > 1e-9:
        decimals += 1
    text = f"{value + 0.0:,.{decimals}f}"
    return f"{text}%" if unit == "%" else text


def date_ticks(first: date, last: date) -> tuple[list[date], str]:
    """Ticks for the span: days, weeks (Mondays), months (the 1st) or years (1 January), the
    finest that gives at most MAX_DATE_TICKS, and the label style that suits them."""
    span = (last - first).days
    for kind, every in (
        ("day", 1),
        ("day", 2),
        ("week", 1),
        ("week", 2),
        ("month", 1),
        ("month", 2),
        ("month", 3),
        ("month", 6),
    ):
        if span / (every * _ROUGH_DAYS[kind]) > MAX_DATE_TICKS + 1:
            continue  # far too many: skip listing them
        ticks = _calendar_ticks(first, last, kind, every)
        if len(ticks) <= MAX_DATE_TICKS:
            return ticks, "month" if kind == "month" else "day"
    years = last.year - first.year + 1
    every = next(n for n in (1, 2, 5, 10, 20, 50, 100, 1000) if years / n <= MAX_DATE_TICKS)
    return _calendar_ticks(first, last, "year", every), "year"


_ROUGH_DAYS = {"day": 1, "week": 7, "month": 31}


def _calendar_ticks(first: date, last: date, kind: str, every: int) -> list[date]:
    if kind == "day":
        count = (last - first).days // every + 1
        return [first + timedelta(days=every * i) for i in range(count)]
    if kind == "week":
        monday = first + timedelta(days=-first.weekday() % 7)
        count = max(0, (last - monday).days // (7 * every) + 1)
        return [monday + timedelta(weeks=every * i) for i in range(count)]
    if kind == "month":
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        days = [date(m // 12, m % 12 + 1, 1) for m in months if (m % 12) % every == 0]
    else:
        days = [date(y, 1, 1) for y in range(first.year, last.year + 1) if y % every == 0]
    return [day for day in days if first <= day <= last]


def _date_label(day: date, style: str) -> str:
    if style == "year":
        return str(day.year)
    if style == "month":
        return month_label(day)
    return short_date(day)


# The chart ------------------------------------------------------------------------------------


def annotation_numbers(annotations: Mapping[int, str]) -> dict[int, int]:
    """The number each annotated point shows on the chart, 1 upwards in time order, so the
    page can list the notes below the chart under the same numbers."""
    return {index: number for number, index in enumerate(sorted(annotations), start=1)}


def render_chart(
    result: SpcResult,
    dates: Sequence[date],
    *,
    title: str,
    unit: str = "",
    annotations: Mapping[int, str] | None = None,
    rebase_reasons: Mapping[int, str] | None = None,
    chart_id: str = "spc-chart",
) -> str:
    """The chart as an SVG string: points coloured by type, mean, dashed process limits, the
    target, breaks where the limits were rebased, numbered markers for annotated points
    (`annotations` maps a point's index to its note or PDSA label), and axes.

    `rebase_reasons` maps the index where a segment starts to why the limits were recalculated.
    `chart_id` prefixes the ids the title and description need; make it unique on the page.
    """
    _check_dates(result, dates)
    if not _ID.match(chart_id):
        raise ValueError("chart_id must be a valid XML id")
    annotations = annotations or {}
    if any(not 0 <= index < len(dates) for index in annotations):
        raise ValueError("an annotation points at no point")
    days = [day.toordinal() for day in dates]
    y_ticks = value_ticks(*_value_range(result))
    x = _Scale(min(days, default=0), max(days, default=0), LEFT, WIDTH - RIGHT)
    y = _Scale(y_ticks[0], y_ticks[-1], HEIGHT - BOTTOM, TOP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="spc-chart" '
        f'id="{chart_id}" {FONT} font-size="12" fill="{TEXT_COLOUR}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(result, dates, unit))}</desc>',
        _value_axis(y, y_ticks, unit),
    ]
    if dates:
        parts.append(_date_axis(x, min(dates), max(dates)))
        parts.extend(_segment_lines(result, days, x, y))
        parts.extend(_rebase_markers(result, dates, days, x, rebase_reasons or {}))
        if result.target is not None:
            parts.append(_target_line(result.target, y, unit))
        parts.append(_data_line(result, days, x, y))
        parts.extend(_points(result, dates, days, x, y, unit))
        parts.extend(_annotation_markers(annotations, dates, days, result, x, y))
        if result.trial:
            parts.append(
                f'<text x="{LEFT + 4}" y="{TOP - 12}" class="spc-trial-label" '
                f'font-weight="bold">{TRIAL_LABEL}</text>'
            )
    else:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" '
            'class="spc-empty">No data yet</text>'
        )
    parts.append(_legend(result))
    parts.append("</svg>")
    return "".join(parts)


def _check_dates(result: SpcResult, dates: Sequence[date]) -> None:
    if len(dates) != len(result.points):
        raise ValueError("give one date for each point")
    if any(later < earlier for earlier, later in pairwise(dates)):
        raise ValueError("the dates must be in time order, like the values")


def _value_range(result: SpcResult) -> tuple[float, float]:
    numbers = [point.value for point in result.points]
    for segment in result.segments:
        numbers.extend(
            limit for limit in (segment.lower_limit, segment.upper_limit) if limit is not None
        )
    if result.target is not None:
        numbers.append(result.target)
    return (min(numbers), max(numbers)) if numbers else (0.0, 1.0)


def _f(number: float) -> str:
    """A coordinate, short enough to keep the SVG small."""
    return f"{number:.1f}"


def _value_axis(y: _Scale, ticks: list[float], unit: str) -> str:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    lines = [f'<g class="spc-value-axis" stroke="{GRID_COLOUR}" stroke-width="1">']
    labels = ['<g class="spc-value-labels" text-anchor="end">']
    for tick in ticks:
        at = _f(y(tick))
        lines.append(f'<line x1="{LEFT}" y1="{at}" x2="{WIDTH - RIGHT}" y2="{at}"/>')
        labels.append(
            f'<text x="{LEFT - 8}" y="{at}" dy="4">{escape(_tick_label(tick, step, unit))}</text>'
        )
    lines.append("</g>")
    labels.append("</g>")
    axis_title = (
        f'<text x="{LEFT - 8}" y="{TOP - 12}" text-anchor="end" class="spc-unit">'
        f"{escape(unit)}</text>"
        if unit and unit != "%"
        else ""
    )
    return "".join(lines) + "".join(labels) + axis_title


def _date_axis(x: _Scale, first: date, last: date) -> str:
    ticks, style = date_ticks(first, last)
    baseline = HEIGHT - BOTTOM
    parts = [
        f'<g class="spc-date-axis" text-anchor="middle">'
        f'<line x1="{LEFT}" y1="{baseline}" x2="{WIDTH - RIGHT}" y2="{baseline}" '
        f'stroke="{LINE_COLOUR}" stroke-width="1"/>'
    ]
    for tick in ticks:
        at = _f(x(tick.toordinal()))
        parts.append(
            f'<line x1="{at}" y1="{baseline}" x2="{at}" y2="{baseline + 5}" '
            f'stroke="{LINE_COLOUR}" stroke-width="1"/>'
            f'<text x="{at}" y="{baseline + 20}">{_date_label(tick, style)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _segment_lines(result: SpcResult, days: list[int], x: _Scale, y: _Scale) -> list[str]:
    """The mean and process limits of each segment, drawn over that segment only."""
    parts = []
    for number, segment in enumerate(result.segments):
        x1, x2 = x(days[segment.start]), x(days[segment.end - 1])
        if x1 == x2:
            x1, x2 = x1 - 6, x2 + 6
        trial = " spc-segment--trial" if segment.trial else ""
        parts.append(f'<g class="spc-segment{trial}" data-segment="{number}" fill="none">')
        parts.append(_horizontal(x1, x2, y(segment.mean), "spc-mean", LINE_COLOUR, ""))
        for limit in (segment.lower_limit, segment.upper_limit):
            if limit is not None:
                dashes = f' stroke-dasharray="{LIMIT_DASHES}"'
                parts.append(_horizontal(x1, x2, y(limit), "spc-limit", LINE_COLOUR, dashes))
        parts.append("</g>")
    return parts


def _horizontal(x1: float, x2: float, at: float, css_class: str, colour: str, extra: str) -> str:
    return (
        f'<line class="{css_class}" x1="{_f(x1)}" y1="{_f(at)}" x2="{_f(x2)}" y2="{_f(at)}" '
        f'stroke="{colour}" stroke-width="1.5"{extra}/>'
    )


def _rebase_markers(
    result: SpcResult,
    dates: Sequence[date],
    days: list[int],
    x: _Scale,
    reasons: Mapping[int, str],
) -> list[str]:
    parts = []
    for segment in result.segments[1:]:
        at = _f((x(days[segment.start - 1]) + x(days[segment.start])) / 2)
        label = f"Limits recalculated from {long_date(dates[segment.start])}"
        if reasons.get(segment.start):
            label += f": {reasons[segment.start]}"
        parts.append(
            f'<line class="spc-rebase" x1="{at}" y1="{TOP}" x2="{at}" y2="{HEIGHT - BOTTOM}" '
            f'stroke="{LINE_COLOUR}" stroke-width="1" stroke-dasharray="{REBASE_DASHES}">'
            f"<title>{escape(label)}</title></line>"
        )
    return parts


def _target_line(target: float, y: _Scale, unit: str) -> str:
    at = y(target)
    return (
        _horizontal(LEFT, WIDTH - RIGHT, at, "spc-target", TARGET_COLOUR, "")
        + f'<text x="{WIDTH - RIGHT}" y="{_f(at - 5)}" text-anchor="end" fill="{TARGET_COLOUR}" '
        f'class="spc-target-label">Target {escape(format_value(target, unit))}</text>'
    )


def _data_line(result: SpcResult, days: list[int], x: _Scale, y: _Scale) -> str:
    coordinates = " ".join(
        f"{_f(x(day))},{_f(y(point.value))}" for day, point in zip(days, result.points, strict=True)
    )
    return (
        f'<polyline class="spc-data-line" points="{coordinates}" fill="none" '
        f'stroke="{DATA_LINE_COLOUR}" stroke-width="1.5"/>'
    )


def _points(
    result: SpcResult, dates: Sequence[date], days: list[int], x: _Scale, y: _Scale, unit: str
) -> list[str]:
    parts = ['<g class="spc-points">']
    for point, day, when in zip(result.points, days, dates, strict=True):
        reading = TYPE_NAMES[point.point_type]
        if point.rule is not None:
            reading += f": {RULE_NAMES[point.rule]}"
        label = f"{short_date(when)}: {format_value(point.value, unit)} ({reading})"
        kind = point.point_type.removeprefix("special_cause_")
        parts.append(
            f'<circle class="spc-point spc-point--{kind}" cx="{_f(x(day))}" '
            f'cy="{_f(y(point.value))}" r="4.5" fill="{POINT_COLOURS[point.point_type]}">'
            f"<title>{escape(label)}</title></circle>"
        )
    parts.append("</g>")
    return parts


def _annotation_markers(
    annotations: Mapping[int, str],
    dates: Sequence[date],
    days: list[int],
    result: SpcResult,
    x: _Scale,
    y: _Scale,
) -> list[str]:
    parts = []
    for index, number in annotation_numbers(annotations).items():
        cx, cy = _f(x(days[index])), _f(max(TOP + 8, y(result.points[index].value) - 16))
        label = f"{number}. {short_date(dates[index])}: {annotations[index]}"
        parts.append(
            f'<g class="spc-annotation" data-point="{index}">'
            f"<title>{escape(label)}</title>"
            f'<circle cx="{cx}" cy="{cy}" r="8" fill="{ANNOTATION_COLOUR}"/>'
            f'<text x="{cx}" y="{cy}" dy="4" text-anchor="middle" fill="#FFFFFF" '
            f'font-size="11" font-weight="bold">{number}</text></g>'
        )
    return parts


def _legend(result: SpcResult) -> str:
    """A key below the dates: the lines drawn, then the point colours used."""
    entries = [("line", LINE_COLOUR, "", "Mean"), ("line", LINE_COLOUR, LIMIT_DASHES, "Limits")]
    if result.target is not None:
        entries.append(("line", TARGET_COLOUR, "", "Target"))
    present = {point.point_type for point in result.points}
    for kind, colour in POINT_COLOURS.items():
        entry = ("dot", colour, "", LEGEND_NAMES[kind])
        if kind in present and entry not in entries:
            entries.append(entry)
    at_y, at_x = HEIGHT - 22, LEFT
    parts = ['<g class="spc-legend">']
    for shape, colour, dashes, text in entries:
        if shape == "line":
            dash = f' stroke-dasharray="{dashes}"' if dashes else ""
            parts.append(
                f'<line x1="{at_x}" y1="{at_y}" x2="{at_x + 20}" y2="{at_y}" stroke="{colour}" '
                f'stroke-width="1.5"{dash}/>'
            )
        else:
            parts.append(f'<circle cx="{at_x + 10}" cy="{at_y}" r="4.5" fill="{colour}"/>')
        parts.append(f'<text x="{at_x + 26}" y="{at_y}" dy="4">{escape(text)}</text>')
        at_x += 26 + int(len(text) * CHARACTER_WIDTH) + 16
    parts.append("</g>")
    return "".join(parts)
