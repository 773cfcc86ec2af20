"""Server-rendered SVG bar and line charts of counts, for the city view.

Drawn in the style of `projects.measures.charts` (Arial, the NHS.UK text and grid colours, no
`style` attribute or script, so the Content Security Policy allows them inline). Each chart has
a `<title>` and a `<desc>` for screen readers; the page shows the same numbers in a table.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from core.wording import month_label
from projects.measures.charts import FONT, GRID_COLOUR, LINE_COLOUR, TEXT_COLOUR

NHS_BLUE = "#005EB8"
NHS_GREEN = "#007F3B"
NHS_PURPLE = "#330072"
# Series are told apart by colour and by their dashes (lines) or their legend (bars).
SERIES_COLOURS = (NHS_BLUE, NHS_GREEN, NHS_PURPLE)
SERIES_DASHES = ("", "8 4", "2 3")

WIDTH = 720
CHARACTER_WIDTH = 6.5  # a rough width of a 12px Arial character
LABEL_CHARACTERS = 34  # longer category names are shortened (the table has them in full)
BAR_HEIGHT = 16
BAR_GAP = 10
TOP, BOTTOM = 32, 36
LINE_HEIGHT = 320
LINE_LEFT, LINE_RIGHT = 56, 24
MAX_MONTH_LABELS = 8
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


def count_ticks(maximum: int) -> list[int]:
    """Whole-number ticks from 0 to at least `maximum`, in steps of 1, 2 or 5 times a power
    of ten, about five of them."""
    if maximum <= 0:
        return [0, 1]
    rough = maximum / 5
    power = 10 ** max(0, math.floor(math.log10(rough))) if rough >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return list(range(0, math.ceil(maximum / step) * step + 1, step))


def _f(number: float) -> str:
    return f"{number:.1f}"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def _open(chart_id: str, height: float, title: str, description: str, css_class: str) -> str:
    if not _ID.match(chart_id):
        raise ValueError("chart_id must be a valid XML id")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_f(height)}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="app-chart {css_class}" id="{chart_id}" {FONT} font-size="12" '
        f'fill="{TEXT_COLOUR}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _legend(series: Sequence[Series], y: float, left: float, *, lines: bool) -> str:
    if len(series) < 2:
        return ""
    parts, x = ['<g class="app-chart-legend">'], left
    for index, one in enumerate(series):
        colour = SERIES_COLOURS[index]
        if lines:
            dashes = SERIES_DASHES[index]
            dash = f' stroke-dasharray="{dashes}"' if dashes else ""
            parts.append(
                f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + 24)}" y2="{_f(y)}" '
                f'stroke="{colour}" stroke-width="2.5"{dash}/>'
            )
        else:
            parts.append(
                f'<rect x="{_f(x + 6)}" y="{_f(y - 6)}" width="12" height="12" fill="{colour}"/>'
            )
        parts.append(f'<text x="{_f(x + 30)}" y="{_f(y)}" dy="4">{escape(one.name)}</text>')
        x += 30 + len(one.name) * CHARACTER_WIDTH + 20
    parts.append("</g>")
    return "".join(parts)


def bar_chart(
    *,
    categories: Sequence[str],
    series: Sequence[Series],
    title: str,
    description: str,
    chart_id: str,
) -> str:
    """Horizontal bars, one row per category and one bar per series in each row, each bar
    labelled with its count."""
    if not series or any(len(one.values) != len(categories) for one in series):
        raise ValueError("give each series one value per category")
    if len(series) > len(SERIES_COLOURS):
        raise ValueError(f"at most {len(SERIES_COLOURS)} series")
    longest = max((len(_short(name)) for name in categories), default=0)
    left = min(260, 16 + longest * CHARACTER_WIDTH)
    right = WIDTH - 48
    row = len(series) * BAR_HEIGHT + BAR_GAP
    legend = 28 if len(series) > 1 else 0
    plot_top = TOP + legend
    height = plot_top + max(1, len(categories)) * row + BOTTOM
    ticks = count_ticks(max((v for one in series for v in one.values), default=0))

    def x(value: float) -> float:
        return left + value / ticks[-1] * (right - left)

    parts = [_open(chart_id, height, title, description, "app-chart--bars")]
    parts.append(_legend(series, TOP - 8, left, lines=False))
    baseline = height - BOTTOM
    parts.append(f'<g class="app-chart-grid" stroke="{GRID_COLOUR}" stroke-width="1">')
    parts.extend(
        f'<line x1="{_f(x(tick))}" y1="{plot_top - 6}" x2="{_f(x(tick))}" y2="{_f(baseline)}"/>'
        for tick in ticks
    )
    parts.append('</g><g class="app-chart-axis" text-anchor="middle">')
    parts.extend(
        f'<text x="{_f(x(tick))}" y="{_f(baseline + 18)}">{tick:,}</text>' for tick in ticks
    )
    parts.append("</g>")
    if not categories:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{plot_top + row / 2}" text-anchor="middle">'
            "Nothing to show</text>"
        )
    for number, name in enumerate(categories):
        top = plot_top + number * row
        parts.append(
            f'<g class="app-chart-row"><text x="{_f(left - 8)}" '
            f'y="{_f(top + len(series) * BAR_HEIGHT / 2)}" dy="4" text-anchor="end">'
            f"<title>{escape(name)}</title>{escape(_short(name))}</text>"
        )
        for index, one in enumerate(series):
            value = one.values[number]
            y = top + index * BAR_HEIGHT
            label = f"{name}: {value:,}" + (f" ({one.name})" if len(series) > 1 else "")
            parts.append(
                f'<rect x="{left}" y="{_f(y + 1)}" width="{_f(x(value) - left)}" '
                f'height="{BAR_HEIGHT - 2}" fill="{SERIES_COLOURS[index]}">'
                f"<title>{escape(label)}</title></rect>"
                f'<text x="{_f(x(value) + 4)}" y="{_f(y + BAR_HEIGHT / 2)}" dy="4">{value:,}</text>'
            )
        parts.append("</g>")
    parts.append(
        f'<line x1="{left}" y1="{plot_top - 6}" x2="{left}" y2="{_f(baseline)}" '
        f'stroke="{LINE_COLOUR}" stroke-width="1"/></svg>'
    )
    return "".join(parts)


def line_chart(
    *,
    months: Sequence[date],
    series: Sequence[Series],
    title: str,
    description: str,
    chart_id: str,
) -> str:
    """Counts per month, one line per series (told apart by colour and dashes)."""
    if not series or any(len(one.values) != len(months) for one in series):
        raise ValueError("give each series one value per month")
    if len(series) > len(SERIES_COLOURS):
        raise ValueError(f"at most {len(SERIES_COLOURS)} series")
    legend = 28 if len(series) > 1 else 0
    plot_top, baseline = TOP + legend, LINE_HEIGHT - BOTTOM
    left, right = LINE_LEFT, WIDTH - LINE_RIGHT
    ticks = count_ticks(max((v for one in series for v in one.values), default=0))
    step = (right - left) / max(1, len(months) - 1)

    def x(index: int) -> float:
        return left + index * step if len(months) > 1 else (left + right) / 2

    def y(value: float) -> float:
        return baseline - value / ticks[-1] * (baseline - plot_top)

    parts = [_open(chart_id, LINE_HEIGHT, title, description, "app-chart--lines")]
    parts.append(_legend(series, TOP - 8, left, lines=True))
    parts.append(f'<g class="app-chart-grid" stroke="{GRID_COLOUR}" stroke-width="1">')
    parts.extend(
        f'<line x1="{left}" y1="{_f(y(tick))}" x2="{right}" y2="{_f(y(tick))}"/>' for tick in ticks
    )
    parts.append('</g><g class="app-chart-axis" text-anchor="end">')
    parts.extend(f'<text x="{left - 8}" y="{_f(y(tick))}" dy="4">{tick:,}</text>' for tick in ticks)
    parts.append('</g><g class="app-chart-axis" text-anchor="middle">')
    every = max(1, math.ceil(len(months) / MAX_MONTH_LABELS))
    for index, month in enumerate(months):
        if (len(months) - 1 - index) % every == 0:  # always label the latest month
            parts.append(
                f'<line x1="{_f(x(index))}" y1="{baseline}" x2="{_f(x(index))}" '
                f'y2="{baseline + 5}" stroke="{LINE_COLOUR}" stroke-width="1"/>'
                f'<text x="{_f(x(index))}" y="{baseline + 20}">{month_label(month)}</text>'
            )
    parts.append(
        f'</g><line x1="{left}" y1="{baseline}" x2="{right}" y2="{baseline}" '
        f'stroke="{LINE_COLOUR}" stroke-width="1"/>'
    )
    if not months:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{LINE_HEIGHT / 2}" text-anchor="middle">'
            "Nothing to show</text>"
        )
    for index, one in enumerate(series):
        colour, dashes = SERIES_COLOURS[index], SERIES_DASHES[index]
        dash = f' stroke-dasharray="{dashes}"' if dashes else ""
        points = " ".join(f"{_f(x(i))},{_f(y(v))}" for i, v in enumerate(one.values))
        parts.append(
            f'<g class="app-chart-series"><polyline points="{points}" fill="none" '
            f'stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
        parts.extend(
            f'<circle cx="{_f(x(i))}" cy="{_f(y(v))}" r="3" fill="{colour}">'
            f"<title>{escape(f'{month_label(months[i])}: {v:,} {one.name.lower()}')}</title>"
            "</circle>"
            for i, v in enumerate(one.values)
        )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
