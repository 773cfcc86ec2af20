"""Our own small SVG icons for the variation and assurance readings of an SPC chart.

They carry the Making Data Count colours and meaning (a ring in the reading's colour; a small
run of dots for variation; a tick, a cross or a wavy line across a target for assurance) but are
drawn here, not copied from NHS England's icons. Each has a `<title>` as its text alternative.
"""

import re
from html import escape

IMPROVEMENT = "#00B0F0"
CONCERN = "#E46C0A"
NEUTRAL = "#490092"
COMMON_CAUSE = "#A6A6A6"
INK = "#425563"

VARIATION_TITLES = {
    "common_cause": "Common cause variation: no signal",
    "improvement_high": "Special cause improvement: higher values",
    "improvement_low": "Special cause improvement: lower values",
    "concern_high": "Special cause concern: higher values",
    "concern_low": "Special cause concern: lower values",
    "neutral_high": "Special cause variation, neither improvement nor concern: higher values",
    "neutral_low": "Special cause variation, neither improvement nor concern: lower values",
}
ASSURANCE_TITLES = {
    "consistent_pass": "Assurance: the target will be met consistently",
    "consistent_fail": "Assurance: the target will be missed consistently",
    "inconsistent": "Assurance: the target will sometimes be met and sometimes missed",
}
ICON_TITLES = {**VARIATION_TITLES, **ASSURANCE_TITLES}

COLOURS = {
    "common_cause": COMMON_CAUSE,
    "improvement_high": IMPROVEMENT,
    "improvement_low": IMPROVEMENT,
    "concern_high": CONCERN,
    "concern_low": CONCERN,
    "neutral_high": NEUTRAL,
    "neutral_low": NEUTRAL,
    "consistent_pass": IMPROVEMENT,
    "consistent_fail": CONCERN,
    "inconsistent": COMMON_CAUSE,
}
# A run of five dots: flat and jittery for common cause, climbing for "high" (flipped for "low").
_FLAT_RUN = ((12, 25), (18, 21), (24, 26), (30, 22), (36, 25))
_RISING_RUN = ((11, 33), (17, 31), (23, 27), (29, 21), (35, 15))
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def icon_svg(name: str, *, size: int = 48, id_prefix: str = "spc-icon") -> str:
    """The icon for a variation or assurance value, as an inline SVG string."""
    if name not in ICON_TITLES:
        raise ValueError(f"no SPC icon is called {name!r}")
    if not _ID.match(id_prefix):
        raise ValueError("id_prefix must be a valid XML id")
    title_id = f"{id_prefix}-{name}"
    body = _assurance_body(name) if name in ASSURANCE_TITLES else _variation_body(name)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="{size}" '
        f'height="{size}" role="img" aria-labelledby="{title_id}" '
        f'class="spc-icon spc-icon--{name}">'
        f'<title id="{title_id}">{escape(ICON_TITLES[name])}</title>'
        f'<circle cx="24" cy="24" r="21" fill="#ffffff" stroke="{COLOURS[name]}" stroke-width="3"/>'
        f"{body}</svg>"
    )


def _variation_body(name: str) -> str:
    if name == "common_cause":
        return _dots(_FLAT_RUN, coloured_from=len(_FLAT_RUN), colour=COMMON_CAUSE)
    high = name.endswith("_high")
    run = _RISING_RUN if high else tuple((x, 48 - y) for x, y in _RISING_RUN)
    colour = COLOURS[name]
    # An arrowhead in the empty corner, pointing the way the values moved.
    tip_y, base_y = (10, 17) if high else (38, 31)
    arrow = f'<path d="M15 {tip_y} L19 {base_y} L11 {base_y} Z" fill="{colour}"/>'
    return _dots(run, coloured_from=2, colour=colour) + arrow


def _dots(run: tuple[tuple[int, int], ...], *, coloured_from: int, colour: str) -> str:
    line = " ".join(f"{x},{y}" for x, y in run)
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="3" fill="{colour if i >= coloured_from else COMMON_CAUSE}"/>'
        for i, (x, y) in enumerate(run)
    )
    return (
        f'<polyline points="{line}" fill="none" stroke="{COMMON_CAUSE}" stroke-width="1.5"/>{dots}'
    )


def _assurance_body(name: str) -> str:
    colour = COLOURS[name]
    if name == "consistent_pass":
        mark = f'<path d="M14 25 L21 32 L34 16" fill="none" stroke="{colour}" stroke-width="4"/>'
    elif name == "consistent_fail":
        mark = (
            f'<path d="M16 16 L32 32 M32 16 L16 32" fill="none" stroke="{colour}" '
            'stroke-width="4"/>'
        )
    else:
        # A wavy line crossing the target line: sometimes above it, sometimes below.
        mark = (
            f'<line x1="10" y1="24" x2="38" y2="24" stroke="{INK}" stroke-width="2" '
            'stroke-dasharray="3 2"/>'
            f'<path d="M10 24 C14 12 18 12 21 24 S28 36 31 24 S36 14 38 18" fill="none" '
            f'stroke="{INK}" stroke-width="3"/>'
        )
    return mark
