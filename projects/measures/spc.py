"""Statistical process control ("plot the dots"): XmR charts read with the Making Data Count
rules, exactly as the NHS-R Community's R package NHSRplotthedots reads them.

Pure Python with the standard library only, so it imports without Django settings. The R
functions each step mirrors are named in the comments (`ptd_spc_standard`,
`ptd_special_cause_type`, `ptd_point_type`, `ptd_calculate_assurance_type`,
`ptd_add_short_group_warnings`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise, repeat
from math import fsum, isfinite
from typing import Literal, NamedTuple

Improvement = Literal["increase", "decrease", "neutral"]
PointType = Literal[
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
]
Rule = Literal["outside_limits", "trend", "two_in_three", "shift"]
Side = Literal["high", "low"]
Variation = Literal[
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
]
Assurance = Literal["consistent_pass", "consistent_fail", "inconsistent"]

IMPROVEMENTS: tuple[Improvement, ...] = ("increase", "decrease", "neutral")
# The XmR constants, computed the way ptd_spc_standard computes them so that a point lying
# exactly on a limit falls on the same side of it as in R.
LIMIT = 2.66
NEAR_LIMIT = 2 * (LIMIT / 3)
OUTLIER_SCREEN = 3.267
RUN_LENGTH = 7  # shifts and trends: 7 points
TRIAL_THRESHOLD = 12  # a segment of fewer points has trial limits
MIN_FIX_AFTER = 12  # ptd_spc_options refuses a baseline of fewer points


class SpcPoint(NamedTuple):
    """One point of the chart. The limits are None where R's are NaN: a segment with no
    usable moving range (a single point, or a constant baseline with outliers screened)."""

    value: float
    mean: float
    lower_limit: float | None
    upper_limit: float | None
    lower_near_limit: float | None  # the "2 sigma" lines
    upper_near_limit: float | None
    point_type: PointType
    rule: Rule | None  # the rule that flagged the point, None for common cause
    side: Side | None  # which way the signal points: above the mean / increasing is "high"
    segment: int  # index into SpcResult.segments
    trial: bool  # the segment has fewer than 12 points


@dataclass(frozen=True, slots=True)
class Segment:
    """The points from `start` up to (not including) `end`, between rebases."""

    start: int
    end: int
    baseline_length: int  # the points the limits are calculated from
    mean: float
    average_moving_range: float | None
    lower_limit: float | None
    upper_limit: float | None
    lower_near_limit: float | None
    upper_near_limit: float | None
    trial: bool


@dataclass(frozen=True, slots=True)
class SpcResult:
    points: tuple[SpcPoint, ...]
    segments: tuple[Segment, ...]
    improvement: Improvement
    target: float | None
    variation: Variation | None
    assurance: Assurance | None

    @property
    def trial(self) -> bool:
        """Whether any segment's limits are trial limits."""
        return any(segment.trial for segment in self.segments)


def analyse(
    values: Iterable[float],
    *,
    improvement: Improvement = "increase",
    target: float | None = None,
    fix_after: int | None = None,
    rebase_at: Iterable[int] = (),
    screen_outliers: bool = True,
) -> SpcResult:
    """Read a series in time order as an XmR chart.

    `rebase_at` holds the indexes where a new segment (new limits) starts; `fix_after`
    calculates each segment's limits from its first `fix_after` points only.
    """
    ys = list(map(float, values))
    target = None if target is None else float(target)
    _validate(ys, improvement, target, fix_after)
    points: list[SpcPoint] = []
    segments: list[Segment] = []
    for start, end in _segment_bounds(len(ys), rebase_at):
        segment = _segment_limits(ys, start, end, fix_after, screen_outliers)
        points.extend(_classify(ys, segment, len(segments), improvement))
        segments.append(segment)
    return SpcResult(
        points=tuple(points),
        segments=tuple(segments),
        improvement=improvement,
        target=target,
        variation=_variation(points, improvement),
        assurance=_assurance(points, improvement, target),
    )


def _validate(
    ys: list[float], improvement: str, target: float | None, fix_after: int | None
) -> None:
    if improvement not in IMPROVEMENTS:
        raise ValueError(f"improvement must be one of {', '.join(IMPROVEMENTS)}")
    if not all(map(isfinite, ys)):
        raise ValueError("values must be finite numbers")
    if target is not None and not isfinite(target):
        raise ValueError("target must be a finite number")
    if fix_after is not None and (
        isinstance(fix_after, bool) or not isinstance(fix_after, int) or fix_after < MIN_FIX_AFTER
    ):
        raise ValueError(f"fix_after must be a whole number of at least {MIN_FIX_AFTER}")


def _segment_bounds(length: int, rebase_at: Iterable[int]) -> list[tuple[int, int]]:
    """(start, end) of each segment; a rebase at the first point, or given twice, is one."""
    starts = {0}
    for index in rebase_at:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < length:
            raise ValueError(f"rebase index {index!r} is not a point of the series")
        starts.add(index)
    ordered = sorted(starts)
    return [] if not length else list(zip(ordered, [*ordered[1:], length], strict=True))


def _segment_limits(
    ys: list[float], start: int, end: int, fix_after: int | None, screen_outliers: bool
) -> Segment:
    """Mean and limits of one segment, as ptd_spc_standard calculates them."""
    baseline = ys[start : end if fix_after is None else min(end, start + fix_after)]
    mean = fsum(baseline) / len(baseline)
    moving_ranges = [abs(b - a) for a, b in pairwise(baseline)]
    amr = _mean_or_none(moving_ranges)
    if screen_outliers and amr is not None:
        # A moving range of 3.267 AMR or more is dropped; when every range is dropped (a
        # constant baseline: 0 < 0 is false) R's mean of nothing is NaN, so there are no limits.
        cut = OUTLIER_SCREEN * amr
        amr = _mean_or_none([mr for mr in moving_ranges if mr < cut])
    if amr is None:
        lower = upper = lower_near = upper_near = None
    else:
        lower, upper = mean - LIMIT * amr, mean + LIMIT * amr
        lower_near, upper_near = mean - NEAR_LIMIT * amr, mean + NEAR_LIMIT * amr
    return Segment(
        start=start,
        end=end,
        baseline_length=len(baseline),
        mean=mean,
        average_moving_range=amr,
        lower_limit=lower,
        upper_limit=upper,
        lower_near_limit=lower_near,
        upper_near_limit=upper_near,
        # ptd_add_short_group_warnings: counts the whole segment, not its baseline.
        trial=end - start < TRIAL_THRESHOLD,
    )


def _mean_or_none(numbers: list[float]) -> float | None:
    return fsum(numbers) / len(numbers) if numbers else None


# ptd_point_type, keyed by whether the signal is high (None: no signal).
_POINT_TYPES: dict[Improvement, dict[bool | None, PointType]] = {
    "increase": {
        None: "common_cause",
        True: "special_cause_improvement",
        False: "special_cause_concern",
    },
    "decrease": {
        None: "common_cause",
        True: "special_cause_concern",
        False: "special_cause_improvement",
    },
    "neutral": {
        None: "common_cause",
        True: "special_cause_neutral_high",
        False: "special_cause_neutral_low",
    },
}
_SIDES: dict[bool | None, Side | None] = {None: None, True: "high", False: "low"}


def _classify(
    ys: list[float], segment: Segment, index: int, improvement: Improvement
) -> list[SpcPoint]:
    """The points of one segment with their rule and type (ptd_special_cause_type, then
    ptd_point_type). Rules never look across a rebase: R groups by rebase_group."""
    values = ys[segment.start : segment.end]
    mean = segment.mean
    sides = [(y > mean) - (y < mean) for y in values]  # R's sign(y - mean)
    outside, near = _outside_and_near(values, segment)
    in_trend = _runs(_steps(values), RUN_LENGTH - 1, edges=True)
    in_shift = _runs(sides, RUN_LENGTH, edges=False)
    rules: list[Rule | None] = []
    highs: list[bool | None] = []  # whether the signal is high; None without one
    for i in range(len(values)):
        if outside[i]:
            rules.append("outside_limits")
            highs.append(sides[i] == 1)
        elif in_trend[i]:
            rules.append("trend")
            highs.append(_trend_rises(values, in_trend, i))
        elif near[i] and _two_in_three(near, sides, i):
            rules.append("two_in_three")
            highs.append(sides[i] > 0)
        elif in_shift[i]:
            rules.append("shift")
            highs.append(sides[i] > 0)
        else:
            rules.append(None)
            highs.append(None)
    # The segment's figures repeat down the points; building the tuples column-wise keeps
    # the per-point cost to the tuple itself.
    point_types = _POINT_TYPES[improvement]
    return list(
        map(
            SpcPoint._make,
            zip(
                values,
                repeat(mean),
                repeat(segment.lower_limit),
                repeat(segment.upper_limit),
                repeat(segment.lower_near_limit),
                repeat(segment.upper_near_limit),
                [point_types[high] for high in highs],
                rules,
                [_SIDES[high] for high in highs],
                repeat(index),
                repeat(segment.trial),
            ),
        )
    )


def _outside_and_near(values: list[float], segment: Segment) -> tuple[list[bool], list[bool]]:
    """Beyond a process limit; between a 2-sigma line and its limit (limit included)."""
    lower, upper = segment.lower_limit, segment.upper_limit
    lower_near, upper_near = segment.lower_near_limit, segment.upper_near_limit
    if lower is None or upper is None or lower_near is None or upper_near is None:
        # R compares with NaN: NA, which no rule counts.
        return [False] * len(values), [False] * len(values)
    outside = [y > upper or y < lower for y in values]
    near = [
        not out and (y < lower_near or y > upper_near)
        for y, out in zip(values, outside, strict=True)
    ]
    return outside, near


def _steps(values: list[float]) -> list[int]:
    """The sign of each step between neighbours; one fewer than the values."""
    return [(b > a) - (b < a) for a, b in pairwise(values)]


def _runs(signs: list[int], length: int, *, edges: bool) -> list[bool]:
    """Marks the members of every run of at least `length` equal non-zero signs.

    With `edges`, `signs` are the steps between points and a run of steps marks the points at
    both ends of each step, so the result has one more entry than `signs`.
    """
    marked = [False] * (len(signs) + edges)
    run_start = 0
    for i in range(1, len(signs) + 1):
        if i < len(signs) and signs[i] == signs[run_start]:
            continue
        if signs and signs[run_start] != 0 and i - run_start >= length:
            marked[run_start : i + edges] = [True] * (i - run_start + edges)
        run_start = i
    return marked


def _trend_rises(values: list[float], in_trend: list[bool], i: int) -> bool:
    """ptd_special_cause_type: a point in a trend takes the step to its right when its right
    neighbour is in a trend too, else the step from its left; only a rising step counts as
    increasing, so a flat step between two trends reads as decreasing, as in R."""
    if i + 1 < len(values) and in_trend[i + 1]:
        return values[i + 1] > values[i]
    return i > 0 and values[i] > values[i - 1]


def _two_in_three(near: list[bool], sides: list[int], i: int) -> bool:
    """ptd_two_in_three: some window of 3 consecutive points holding point i has at least 2
    near-limit points and all 3 on the same side of the mean (a point on the mean, or the
    edge of the segment, spoils the window). Points beyond the limits count for the side but
    are not near-limit points."""
    for first in range(max(i - 2, 0), min(i, len(near) - 3) + 1):
        window = range(first, first + 3)
        if sum(near[j] for j in window) >= 2 and abs(sum(sides[j] for j in window)) == 3:
            return True
    return False


def _variation(points: Sequence[SpcPoint], improvement: Improvement) -> Variation | None:
    """The icon of the last point's type (ptd_get_icons): improvement and concern are named by
    the direction the values moved."""
    if not points:
        return None
    point_type = points[-1].point_type
    rising = improvement == "increase"
    if point_type == "special_cause_improvement":
        return "improvement_high" if rising else "improvement_low"
    if point_type == "special_cause_concern":
        return "concern_low" if rising else "concern_high"
    if point_type == "special_cause_neutral_high":
        return "neutral_high"
    if point_type == "special_cause_neutral_low":
        return "neutral_low"
    return "common_cause"


def _assurance(
    points: Sequence[SpcPoint], improvement: Improvement, target: float | None
) -> Assurance | None:
    """ptd_calculate_assurance_type: the target against the last point's (so the last
    segment's) limits. Without limits R compares with NaN and falls through to inconsistent."""
    if target is None or improvement == "neutral" or not points:
        return None
    last = points[-1]
    higher_is_better = improvement == "increase"
    if last.upper_limit is not None and target > last.upper_limit:
        return "consistent_fail" if higher_is_better else "consistent_pass"
    if last.lower_limit is not None and target < last.lower_limit:
        return "consistent_pass" if higher_is_better else "consistent_fail"
    return "inconsistent"
