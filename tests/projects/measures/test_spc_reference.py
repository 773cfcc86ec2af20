"""The engine against a second reading of NHSRplotthedots, on a few hundred random series.

The reference below follows the R code step by step, in its own vector-at-a-time shape (whole
columns, windows over padded vectors, NaN where R has NaN/NA), and is deliberately slow and
plain: projects/measures/spc.py works in runs instead, so the two share no code and agree only if
both read the rules the same way.
"""

import math
import random

import pytest

from projects.measures.spc import analyse

NAN = math.nan


def sign(x: float) -> int:
    return (x > 0) - (x < 0)


def diff(xs: list[float]) -> list[float]:
    return [xs[i] - xs[i - 1] for i in range(1, len(xs))]


def r_mean(xs: list[float]) -> float:
    """mean(x, na.rm = TRUE): NaN for nothing."""
    kept = [x for x in xs if not math.isnan(x)]
    return math.fsum(kept) / len(kept) if kept else NAN


def r_greater(a: float, b: float) -> bool:
    """a > b where NA counts as false (case_when and filters drop NA)."""
    return not (math.isnan(a) or math.isnan(b)) and a > b


def spc_standard(y: list[float], fix_after: int | None, screen: bool) -> dict:
    """ptd_spc_standard for one rebase group."""
    limit = 2.66
    limitclose = 2 * (limit / 3)
    fix_y = [v if fix_after is None or i < fix_after else NAN for i, v in enumerate(y)]
    mean = r_mean(fix_y)
    mr = [NAN] + [abs(d) for d in diff(fix_y)]
    amr = r_mean(mr)
    if screen:
        mr = [m if r_greater(3.267 * amr, m) else NAN for m in mr]
        amr = r_mean(mr)
    lpl, upl = mean - limit * amr, mean + limit * amr
    nlpl, nupl = mean - limitclose * amr, mean + limitclose * amr
    outside = [r_greater(v, upl) or r_greater(lpl, v) for v in y]
    close = [
        not out and (r_greater(nlpl, v) or r_greater(v, nupl))
        for v, out in zip(y, outside, strict=True)
    ]
    return {
        "mean": mean,
        "lpl": lpl,
        "upl": upl,
        "outside": outside,
        "relative_to_mean": [sign(v - mean) for v in y],
        "close": close,
    }


def seven_point_one_side_mean(v: list[int]) -> list[int]:
    vp = [0] * 6 + v
    return [
        int(all(vp[i] == vp[i - k] for k in range(1, 7)) and vp[i] != 0) for i in range(6, len(vp))
    ]


def part_of_seven(v: list[int]) -> list[int]:
    vp = v + [0] * 6
    return [int(any(abs(vp[i + k]) == 1 for k in range(7))) for i in range(len(v))]


def seven_point_trend(y: list[float]) -> list[int]:
    if len(y) < 7:
        return [0] * len(y)
    out = [0] * 6
    for i in range(6, len(y)):
        d = [sign(y[j + 1] - y[j]) for j in range(i - 6, i)]
        out.append(1 if all(s == 1 for s in d) else -1 if all(s == -1 for s in d) else 0)
    return out


def two_in_three(close: list[bool], rtm: list[int]) -> list[bool]:
    vp = [0, 0, *map(int, close), 0, 0]
    rp = [0, 0, *rtm, 0, 0]
    return [
        any(
            sum(vp[i + k : i + k + 3]) >= 2 and abs(sum(rp[i + k : i + k + 3])) == 3
            for k in range(3)
        )
        for i in range(len(close))
    ]


def special_cause_type(y: list[float], std: dict) -> list[str]:
    rtm, close, outside = std["relative_to_mean"], std["close"], std["outside"]
    trend = part_of_seven(seven_point_trend(y))
    part_two = [int(t and c) for t, c in zip(two_in_three(close, rtm), close, strict=True)]
    shift = part_of_seven(seven_point_one_side_mean(rtm))
    sdy = [sign(d) for d in diff(y)]
    right = [*trend[1:], 0]
    direction = [
        (sdy + sdy[-1:])[i] if right[i] and trend[i] else ([0, *sdy])[i] for i in range(len(y))
    ]
    types = []
    for i in range(len(y)):
        above = "Above" if rtm[i] > 0 else "Below"
        if outside[i]:
            types.append("Above UCL" if rtm[i] == 1 else "Below LCL")
        elif trend[i]:
            types.append("Increasing" if direction[i] == 1 else "Decreasing")
        elif part_two[i]:
            types.append(f"2 in 3 {above}")
        elif shift[i]:
            types.append(f"7 Points {above}")
        else:
            types.append("Common Cause")
    return types


def point_type(special: str, improvement: str) -> str:
    v = 1 if ("Above" in special or "Increasing" in special) else 0
    v = -1 if ("Below" in special or "Decreasing" in special) else v
    if improvement == "neutral":
        return {1: "special_cause_neutral_high", -1: "special_cause_neutral_low"}.get(
            v, "common_cause"
        )
    v *= 1 if improvement == "increase" else -1
    return {1: "special_cause_improvement", -1: "special_cause_concern"}.get(v, "common_cause")


def reference(values, *, improvement, target, fix_after, rebase_at, screen_outliers) -> dict:
    rebase = [1 if i in rebase_at else 0 for i in range(len(values))]
    group = [sum(rebase[: i + 1]) for i in range(len(values))]
    rows = []
    for g in sorted(set(group)):
        y = [v for v, gi in zip(values, group, strict=True) if gi == g]
        std = spc_standard(y, fix_after, screen_outliers)
        for v, special in zip(y, special_cause_type(y, std), strict=True):
            rows.append(
                {
                    "y": v,
                    "mean": std["mean"],
                    "lpl": std["lpl"],
                    "upl": std["upl"],
                    "point_type": point_type(special, improvement),
                    "short_group_warning": len(y) < 12,
                }
            )
    return {
        "rows": rows,
        "variation": variation_icon(rows, improvement),
        "assurance": assurance_type(rows, improvement, target),
    }


def variation_icon(rows: list[dict], improvement: str) -> str | None:
    if not rows:
        return None
    up = improvement == "increase"
    return {
        "common_cause": "common_cause",
        "special_cause_neutral_high": "neutral_high",
        "special_cause_neutral_low": "neutral_low",
        "special_cause_concern": "concern_low" if up else "concern_high",
        "special_cause_improvement": "improvement_high" if up else "improvement_low",
    }[rows[-1]["point_type"]]


def assurance_type(rows: list[dict], improvement: str, target: float | None) -> str | None:
    if target is None or improvement == "neutral" or not rows:
        return None
    last = rows[-1]
    up = improvement == "increase"
    if r_greater(target, last["upl"]):
        return "consistent_fail" if up else "consistent_pass"
    if r_greater(last["lpl"], target):
        return "consistent_pass" if up else "consistent_fail"
    return "inconsistent"


def random_case(rng: random.Random) -> dict:
    """A series with the features the rules look for: shifts, trends, spikes, flat stretches,
    ties (rounded values, so points land exactly on the mean), and short segments."""
    n = rng.choice([0, 1, 2, 5, 8, 11, 12, 13, 20, 30, 45, 60, 90])
    level, spread = rng.uniform(-50, 100), rng.uniform(0.5, 10)
    values = [rng.gauss(level, spread) for _ in range(n)]
    for _ in range(rng.randint(0, 3)):
        if n < 2:
            break
        start = rng.randrange(n)
        stop = min(n, start + rng.randint(3, 15))
        kind = rng.choice(["shift", "trend", "spike", "flat"])
        for offset, i in enumerate(range(start, stop)):
            if kind == "shift":
                values[i] += rng.choice([-1, 1]) * 2 * spread
            elif kind == "trend":
                values[i] = values[start] + offset * rng.choice([-1, 1]) * spread * 0.7
            elif kind == "spike" and offset == 0:
                values[i] += rng.choice([-1, 1]) * rng.uniform(3, 8) * spread
            elif kind == "flat":
                values[i] = values[start]
    if rng.random() < 0.4:
        values = [float(round(v)) for v in values]
    rebase_at = sorted(rng.sample(range(n), k=min(n, rng.randint(0, 3)))) if n else []
    return {
        "values": values,
        "improvement": rng.choice(["increase", "decrease", "neutral"]),
        "target": rng.choice([None, level, level + 3 * spread, level - 3 * spread]),
        "fix_after": rng.choice([None, None, 12, 15, 20]),
        "rebase_at": rebase_at,
        "screen_outliers": rng.random() < 0.7,
    }


def same_number(engine: float | None, r_value: float) -> bool:
    if engine is None:
        return math.isnan(r_value)
    return not math.isnan(r_value) and abs(engine - r_value) <= 1e-6


def test_the_reference_reads_the_r_package_examples_the_same_way():
    # The reference is only useful if it is right: check it on the vectors from
    # test-ptd_calculate_point_type.R before trusting it with random series.
    assert seven_point_trend([1, 2, 3, 3, 4, 5, 6]) == [0] * 7
    assert seven_point_trend([2, 1, 2, 3, 4, 5, 6, 7, 3]) == [0] * 7 + [1, 0]
    assert seven_point_trend([2, 7, 6, 5, 4, 3, 2, 1, 3]) == [0] * 7 + [-1, 0]
    assert part_of_seven([0] * 7 + [-1, 0]) == [0] + [1] * 7 + [0]
    assert seven_point_one_side_mean([-1, *[1] * 8, -1]) == [0] * 7 + [1, 1, 0]
    assert two_in_three([False, False, True, False, True, False, False], [1] * 7) == [
        False,
        False,
        True,
        True,
        True,
        False,
        False,
    ]
    assert two_in_three([True, False, True], [1, -1, 1]) == [False] * 3


@pytest.mark.parametrize("seed", range(400))
def test_the_engine_agrees_with_the_reference(seed):
    case = random_case(random.Random(seed))
    result = analyse(**case)
    expected = reference(**case)
    assert len(result.points) == len(expected["rows"])
    for index, (point, row) in enumerate(zip(result.points, expected["rows"], strict=True)):
        assert point.value == row["y"]
        assert same_number(point.mean, row["mean"]), index
        assert same_number(point.lower_limit, row["lpl"]), index
        assert same_number(point.upper_limit, row["upl"]), index
        assert point.trial is row["short_group_warning"], index
    assert [p.point_type for p in result.points] == [row["point_type"] for row in expected["rows"]]
    assert result.variation == expected["variation"]
    assert result.assurance == expected["assurance"]


def test_the_random_series_exercise_every_rule_and_outcome():
    """A comparison that never meets a rule proves nothing about it."""
    rules, types, variations, assurances = set(), set(), set(), set()
    for seed in range(400):
        result = analyse(**random_case(random.Random(seed)))
        rules.update(point.rule for point in result.points)
        types.update(point.point_type for point in result.points)
        variations.add(result.variation)
        assurances.add(result.assurance)
    assert rules == {None, "outside_limits", "trend", "two_in_three", "shift"}
    assert len(types) == 5
    assert len(variations) == 8  # seven icons and None
    assert assurances == {None, "consistent_pass", "consistent_fail", "inconsistent"}
