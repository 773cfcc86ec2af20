"""The SPC engine against the rules of NHSRplotthedots: the package's own published numbers,
then each rule worked by hand. tests/projects/measures/test_spc_reference.py compares the engine
with a second, deliberately plain reading of the R code on random series."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from projects.measures.spc import analyse

CASES = json.loads((Path(__file__).parent / "spc_cases" / "nhsrplotthedots.json").read_text())
BASE_DIR = Path(__file__).resolve().parents[3]

# Most hand-worked cases fix the limits on this baseline (fix_after=12):
#   mean = (6 * 11 + 6 * 9) / 12 = 10
#   moving ranges: eleven of |9 - 11| = 2, so AMR = 2 (none is >= 3.267 * 2 = 6.534)
#   process limits = 10 -/+ 2.66 * 2 = 4.68 and 15.32
#   "2 sigma" lines = 10 -/+ (2 * 2.66 / 3) * 2 = 10 -/+ 3.5467 = 6.4533 and 13.5467
# It alternates around the mean, so on its own it raises no signal, and it ends below the
# mean, so a run that follows starts fresh.
BASELINE = [11.0, 9.0] * 6


def types(result) -> list[str]:
    return [point.point_type for point in result.points]


def rules(result) -> list[str | None]:
    return [point.rule for point in result.points]


def fixed(*after: float, **options):
    return analyse([*BASELINE, *after], fix_after=12, **options)


# The package's published numbers --------------------------------------------------------------


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda case: case["source"])
def test_limits_match_the_r_package_snapshots(case):
    series = list(CASES["series"])
    for index, value in case["replace"].items():
        series[int(index)] = value
    result = analyse(series, screen_outliers=case["screen_outliers"])
    first = result.points[0]
    # The snapshot prints 7 significant figures.
    assert first.mean == pytest.approx(case["mean"], abs=5e-7)
    assert first.lower_limit == pytest.approx(case["lower_limit"], abs=5e-6)
    assert first.upper_limit == pytest.approx(case["upper_limit"], abs=5e-6)
    sides = [(p.value > p.mean) - (p.value < p.mean) for p in result.points]
    assert sides[: len(case["sides_of_first_points"])] == case["sides_of_first_points"]


@pytest.mark.parametrize("summary", CASES["summaries"], ids=lambda summary: summary["source"])
def test_summaries_match_the_r_package_snapshots(summary):
    start, end = summary["slice"]
    result = analyse(CASES["series"][start:end])
    first = result.points[0]
    # The tibble prints 3 significant figures.
    printed = [
        float(f"{number:.3g}") for number in (first.mean, first.lower_limit, first.upper_limit)
    ]
    assert printed == [summary["mean"], summary["lower_limit"], summary["upper_limit"]]
    assert len(result.points) == summary["n"]
    assert types(result).count("common_cause") == summary["common_cause"]
    assert result.trial is (summary["n"] < 12)


def test_two_near_limit_points_on_opposite_sides_are_common_cause():
    # test-ptd_spc_standard.R ("only reports special cause for 2 of 3 points close to limits
    # when they are on the same side of the mean"), issue #143. Worked:
    #   mean = (7 - 7 + 5.5 - 5.5) / 16 = 0
    #   moving ranges: thirteen 2s, |5.5 - (-1)| = 6.5, |-5.5 - 5.5| = 11; AMR = 43.5 / 15 = 2.9
    #   11 >= 3.267 * 2.9 = 9.47 is screened out: AMR = 32.5 / 14 = 2.3214
    #   limits +/- 6.175, 2-sigma lines +/- 4.117: both 5.5 and -5.5 are near a limit.
    series = [1.0, -1.0] * 8
    series[14], series[15] = 5.5, -5.5
    result = analyse(series)
    assert result.points[-1].upper_limit == pytest.approx(2.66 * 32.5 / 14)
    assert types(result)[-2:] == ["common_cause", "common_cause"]


def test_a_decreasing_trend_is_flagged_like_an_increasing_one():
    # Issue #167: 0, -1, ..., -7. mean = -3.5, AMR = 1, limits -6.16 and -0.84.
    # 0 is above the upper limit, -7 below the lower one; the six between are the trend.
    result = analyse([float(-i) for i in range(8)])
    assert rules(result) == ["outside_limits", *["trend"] * 6, "outside_limits"]
    assert types(result) == [
        "special_cause_improvement",  # above the upper limit, higher is better
        *["special_cause_concern"] * 7,
    ]


# Each rule on its own -------------------------------------------------------------------------


def test_the_baseline_alone_raises_no_signal():
    result = fixed()
    point = result.points[0]
    assert (point.mean, point.lower_limit, point.upper_limit) == pytest.approx((10, 4.68, 15.32))
    assert point.lower_near_limit == pytest.approx(10 - 2 * 2.66 / 3 * 2)
    assert point.upper_near_limit == pytest.approx(13.546667, abs=1e-6)
    assert set(types(result)) == {"common_cause"}
    assert result.variation == "common_cause"


def test_a_point_beyond_a_process_limit():
    # 8 and 12 alternate, then 30:
    #   mean = (6 * 8 + 6 * 12 + 30) / 13 = 150 / 13 = 11.538
    #   moving ranges: eleven 4s and 18; AMR = 62 / 12 = 5.167; 18 >= 3.267 * 5.167 = 16.88
    #   is screened out, so AMR = 4: limits 11.538 -/+ 10.64 = 0.898 and 22.178.
    result = analyse([8.0, 12.0] * 6 + [30.0])
    assert result.points[0].upper_limit == pytest.approx(150 / 13 + 2.66 * 4)
    assert rules(result) == [None] * 12 + ["outside_limits"]
    assert result.points[-1].point_type == "special_cause_improvement"
    assert result.points[-1].side == "high"
    assert result.variation == "improvement_high"


def test_outlier_screening_narrows_the_limits():
    # The same series unscreened keeps the 18: AMR = 62 / 12, upper limit = 11.538 + 13.743.
    unscreened = analyse([8.0, 12.0] * 6 + [30.0], screen_outliers=False)
    assert unscreened.points[0].upper_limit == pytest.approx(150 / 13 + 2.66 * 62 / 12)
    assert unscreened.segments[0].average_moving_range == pytest.approx(62 / 12)
    assert rules(unscreened)[-1] == "outside_limits"  # 30 > 25.28 still


def test_the_screening_cut_is_3_267_average_moving_ranges():
    # 0, 1, ... 0, 1, 1, 1 + x: nine ranges of 1, one of 0 and one of x. R keeps x only while
    # x < 3.267 * (9 + x) / 11, that is while x < 29.403 / 7.733 = 3.8023.
    kept = analyse([0.0, 1.0] * 5 + [1.0, 1.0 + 3.80])
    dropped = analyse([0.0, 1.0] * 5 + [1.0, 1.0 + 3.81])
    assert kept.segments[0].average_moving_range == pytest.approx((9 + 3.80) / 11)
    assert dropped.segments[0].average_moving_range == pytest.approx(9 / 10)


def test_seven_points_on_one_side_of_the_mean_are_a_shift():
    # Seven 11s: above the mean of 10, inside the 2-sigma line (13.55), no steps up or down.
    result = fixed(*[11.0] * 7)
    assert rules(result) == [None] * 12 + ["shift"] * 7
    assert set(types(result)[12:]) == {"special_cause_improvement"}
    assert result.variation == "improvement_high"


def test_six_points_on_one_side_are_not_a_shift():
    assert set(types(fixed(*[11.0] * 6))) == {"common_cause"}


def test_a_point_exactly_on_the_mean_breaks_a_shift():
    # 11, 11, 11, 10, 11, 11, 11: R's sign(10 - 10) is 0, neither side.
    result = fixed(11.0, 11.0, 11.0, 10.0, 11.0, 11.0, 11.0)
    assert set(types(result)) == {"common_cause"}


def test_seven_points_each_higher_than_the_last_are_a_trend_whichever_side_of_the_mean():
    # 7 to 13 crosses the mean (10) and stays inside the 2-sigma lines (6.45 and 13.55).
    # Issue #171: the colour follows the trend's direction, not the side of the mean.
    result = fixed(7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0)
    assert rules(result) == [None] * 12 + ["trend"] * 7
    assert set(types(result)[12:]) == {"special_cause_improvement"}
    falling_is_better = fixed(7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, improvement="decrease")
    assert set(types(falling_is_better)[12:]) == {"special_cause_concern"}


def test_equal_neighbours_break_a_trend():
    # test-ptd_calculate_point_type.R: ptd_seven_point_trend(c(1:3, 3:6)) is no trend.
    result = fixed(7.0, 8.0, 9.0, 9.0, 10.0, 11.0, 12.0, 13.0)
    assert "trend" not in rules(result)


def test_a_trend_ends_where_the_run_turns():
    # test-ptd_calculate_point_type.R: ptd_seven_point_trend(c(2, 1:7, 3)) flags 1..7 only.
    result = analyse([2.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 3.0])
    assert [rule == "trend" for rule in rules(result)] == [False, *[True] * 7, False]


def test_the_peak_shared_by_two_trends_takes_the_step_to_its_right():
    # Up from 7 to 13 (points 12-18), then down to 7 (points 18-24): point 18 is in both.
    # ptd_special_cause_type: its right neighbour is in a trend, so it takes that step: down.
    up, down = [7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0], [12.0, 11.0, 10.0, 9.0, 8.0, 7.0]
    result = fixed(*up, *down)
    assert rules(result)[12:] == ["trend"] * 13
    sides = [point.side for point in result.points[12:]]
    assert sides == ["high"] * 6 + ["low"] * 7


def test_a_flat_step_between_two_trends_reads_as_decreasing_as_in_r():
    # 7..13, 13, 12..7: point 18 ends the rising trend and its right neighbour starts the
    # falling one; the step between them is flat, and R names any step that is not a rise
    # "Decreasing", so point 18 is a concern although it is the top of a rising trend.
    result = fixed(7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 13.0, 12.0, 11.0, 10.0, 9.0, 8.0, 7.0)
    assert rules(result)[12:] == ["trend"] * 14
    assert types(result)[17:20] == [
        "special_cause_improvement",
        "special_cause_concern",  # point 18: flat step to the right
        "special_cause_concern",
    ]


def test_two_of_three_points_near_a_limit_on_the_same_side():
    # 14 is between the 2-sigma line (13.55) and the limit (15.32); 10.5 is above the mean
    # but not near the limit. Only the two near points are flagged.
    result = fixed(14.0, 10.5, 14.0)
    assert rules(result)[12:] == ["two_in_three", None, "two_in_three"]
    assert types(result)[12:] == [
        "special_cause_improvement",
        "common_cause",
        "special_cause_improvement",
    ]


def test_two_of_three_needs_all_three_on_the_same_side_of_the_mean():
    # 9.5 is below the mean: the window 14, 9.5, 14 is not on one side.
    assert set(types(fixed(14.0, 9.5, 14.0))) == {"common_cause"}
    # Near the upper and the lower limit in turn: opposite sides, no signal (issue #143).
    assert set(types(fixed(14.0, 6.0, 9.0))) == {"common_cause"}


def test_a_point_beyond_the_limit_is_not_a_near_limit_point():
    # 14 near, 16 beyond the limit (15.32), 10.5: one near point only, so 14 stays common
    # cause and 16 is flagged for being outside the limits.
    result = fixed(14.0, 16.0, 10.5)
    assert rules(result)[12:] == [None, "outside_limits", None]


def test_two_in_three_at_the_low_side_is_a_concern_when_higher_is_better():
    result = fixed(6.0, 9.5, 6.0)
    assert types(result)[12:] == [
        "special_cause_concern",
        "common_cause",
        "special_cause_concern",
    ]
    assert result.points[-1].side == "low"
    assert result.variation == "concern_low"


# Precedence -----------------------------------------------------------------------------------


def test_outside_limits_beats_trend_beats_two_in_three_beats_shift():
    # 10.5 to 16, each higher and each above the mean: every point is in the trend and the
    # shift; 13.6, 14 and 15 are also near the limit (2 of 3); 16 is beyond the limit.
    # The 9 that ends the baseline starts the climb, so it is in the trend too.
    result = fixed(10.5, 11.5, 12.5, 13.6, 14.0, 15.0, 16.0)
    assert rules(result)[11:] == ["trend"] * 7 + ["outside_limits"]


def test_two_in_three_beats_shift():
    # Seven points above the mean, two of the first three near the limit, no trend.
    result = fixed(14.0, 11.0, 14.0, 11.0, 11.0, 11.0, 11.0)
    assert rules(result)[12:] == ["two_in_three", "shift", "two_in_three", *["shift"] * 4]


# Baselines, rebases and trial limits ----------------------------------------------------------


def test_fix_after_takes_the_limits_from_the_first_points_of_the_segment():
    after = [20.0, 22.0, 21.0]
    result = fixed(*after)
    assert result.segments[0].baseline_length == 12
    assert result.points[-1].mean == 10
    unfixed = analyse([*BASELINE, *after])
    assert unfixed.points[-1].mean == pytest.approx((120 + 63) / 15)


def test_fix_after_must_be_at_least_12_as_in_r():
    with pytest.raises(ValueError, match="at least 12"):
        analyse(BASELINE, fix_after=11)


def test_a_baseline_longer_than_the_segment_uses_the_whole_segment():
    result = analyse([1.0, 2.0, 3.0], fix_after=12)
    assert result.segments[0].baseline_length == 3
    assert result.points[0].mean == 2


def test_rebasing_gives_each_segment_its_own_limits():
    # Segment 0: mean 10, AMR 2. Segment 1 (from index 12): 21/19 alternating, mean 20.
    result = analyse([*BASELINE, *[21.0, 19.0] * 6], rebase_at=[12])
    assert [(s.start, s.end) for s in result.segments] == [(0, 12), (12, 24)]
    assert result.points[11].mean == 10
    assert result.points[12].mean == 20
    assert result.points[12].upper_limit == pytest.approx(25.32)
    assert [point.segment for point in result.points] == [0] * 12 + [1] * 12
    assert set(types(result)) == {"common_cause"}  # without the rebase: two 12-point shifts
    assert set(types(analyse([*BASELINE, *[21.0, 19.0] * 6]))) != {"common_cause"}


def test_rules_do_not_look_across_a_rebase():
    # 1..10 rising is a trend; split at index 5 it is two runs of 5.
    rising = [float(i) for i in range(1, 11)]
    assert set(rules(analyse(rising))) == {"trend", "outside_limits"}
    assert set(rules(analyse(rising, rebase_at=[5]))) == {None}


def test_fix_after_applies_within_each_segment():
    result = analyse([*BASELINE, 30.0, *[21.0, 19.0] * 6, 50.0], fix_after=12, rebase_at=[13])
    assert [s.baseline_length for s in result.segments] == [12, 12]
    assert result.points[12].rule == "outside_limits"  # 30 against segment 0's limits
    assert result.points[-1].mean == 20


def test_a_rebase_at_the_first_point_or_twice_changes_nothing():
    plain = analyse(BASELINE)
    assert analyse(BASELINE, rebase_at=[0, 0]) == plain


def test_fewer_than_12_points_give_trial_limits():
    eleven = analyse(BASELINE[:11])
    assert eleven.trial
    assert all(point.trial for point in eleven.points)
    twelve = analyse(BASELINE)
    assert not twelve.trial
    assert not any(point.trial for point in twelve.points)


def test_trial_limits_belong_to_the_short_segment_only():
    # ptd_add_short_group_warnings counts each rebase group: 12 points, then 5.
    result = analyse([*BASELINE, 20.0, 21.0, 19.0, 20.0, 21.0], rebase_at=[12])
    assert [segment.trial for segment in result.segments] == [False, True]
    assert [point.trial for point in result.points] == [False] * 12 + [True] * 5
    assert result.trial


# Neutral measures -----------------------------------------------------------------------------


def test_neutral_measures_say_high_or_low_not_good_or_bad():
    result = fixed(*[11.0] * 7, improvement="neutral")
    assert set(types(result)[12:]) == {"special_cause_neutral_high"}
    assert result.variation == "neutral_high"
    low = fixed(6.0, 9.5, 6.0, improvement="neutral")
    assert types(low)[12] == "special_cause_neutral_low"
    assert low.variation == "neutral_low"


def test_neutral_measures_have_no_assurance_even_with_a_target():
    assert fixed(improvement="neutral", target=50).assurance is None


# Variation: the last point --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "improvement", "variation"),
    [
        ([11.0] * 7, "increase", "improvement_high"),
        ([11.0] * 7, "decrease", "concern_high"),
        ([9.0] * 7, "increase", "concern_low"),
        ([9.0] * 7, "decrease", "improvement_low"),
        ([9.0] * 7 + [11.0], "increase", "common_cause"),  # the last point has no signal
    ],
)
def test_variation_is_the_last_points_type_named_by_the_direction_of_the_values(
    after, improvement, variation
):
    # The baseline ends in a 9, so a run of 9s starts at index 11.
    assert fixed(*after, improvement=improvement).variation == variation


# Assurance: the target against the last segment's limits --------------------------------------


@pytest.mark.parametrize(
    ("target", "improvement", "assurance"),
    [
        (20, "increase", "consistent_fail"),  # above the upper limit (15.32)
        (20, "decrease", "consistent_pass"),
        (2, "increase", "consistent_pass"),  # below the lower limit (4.68)
        (2, "decrease", "consistent_fail"),
        (10, "increase", "inconsistent"),  # between the limits
        (12, "decrease", "inconsistent"),
    ],
)
def test_assurance(target, improvement, assurance):
    assert fixed(target=target, improvement=improvement).assurance == assurance


def test_a_target_exactly_on_a_limit_is_inconsistent():
    on_limit = fixed().points[0].upper_limit
    assert fixed(target=on_limit).assurance == "inconsistent"


def test_assurance_uses_the_last_segment():
    # Issue #172: the first segment (limits 4.68 to 15.32) would fail a target of 17; the
    # rebased segment (14.68 to 25.32) straddles it.
    result = analyse([*BASELINE, *[21.0, 19.0] * 6], rebase_at=[12], target=17)
    assert result.assurance == "inconsistent"
    assert analyse(BASELINE, target=17).assurance == "consistent_fail"


def test_no_target_no_assurance():
    assert fixed().assurance is None


# Edge cases -----------------------------------------------------------------------------------


def test_no_points():
    result = analyse([], target=5)
    assert result.points == ()
    assert result.segments == ()
    assert result.variation is None
    assert result.assurance is None
    assert not result.trial


def test_a_single_point_has_a_mean_but_no_limits():
    # No moving range: R's AMR is mean(NA, na.rm = TRUE), NaN, and so are its limits.
    result = analyse([42.0], target=40)
    point = result.points[0]
    assert point.mean == 42
    assert point.lower_limit is None
    assert point.upper_limit is None
    assert point.point_type == "common_cause"
    assert point.trial
    assert result.variation == "common_cause"
    assert result.assurance == "inconsistent"  # R: target > NaN is NA, so it falls through


def test_a_constant_series_unscreened_has_limits_on_the_mean():
    # AMR = 0: the limits sit on the mean and nothing lies beyond them.
    result = analyse([5.0] * 15, screen_outliers=False)
    point = result.points[0]
    assert (point.lower_limit, point.mean, point.upper_limit) == (5, 5, 5)
    assert set(types(result)) == {"common_cause"}


def test_a_constant_series_screened_has_no_limits_as_in_r():
    # Screening keeps a moving range only when it is below 3.267 * AMR = 0: none is, and R's
    # mean of no ranges is NaN. Every point is on the mean, so nothing is flagged.
    result = analyse([5.0] * 15)
    assert result.segments[0].average_moving_range is None
    assert result.points[0].upper_limit is None
    assert set(types(result)) == {"common_cause"}


def test_a_constant_baseline_without_limits_still_shows_a_shift():
    # With no limits no point can be outside them, but runs still count.
    screened = analyse([5.0] * 12 + [6.0] * 7, fix_after=12)
    assert rules(screened)[12:] == ["shift"] * 7
    unscreened = analyse([5.0] * 12 + [6.0] * 7, fix_after=12, screen_outliers=False)
    assert rules(unscreened)[12:] == ["outside_limits"] * 7


def test_integers_and_decimals_are_accepted():
    from decimal import Decimal

    # Values and targets may come from a DecimalField.
    result = analyse([1, Decimal("2.5"), 3], target=Decimal("2.5"))
    assert [point.value for point in result.points] == [1.0, 2.5, 3.0]
    assert result.target == 2.5
    assert result.assurance == "inconsistent"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [1.0, float("nan")]}, "finite"),
        ({"values": [1.0], "improvement": "up"}, "improvement"),
        ({"values": [1.0], "target": float("inf")}, "target"),
        ({"values": [1.0, 2.0], "rebase_at": [2]}, "rebase"),
        ({"values": [1.0, 2.0], "rebase_at": [-1]}, "rebase"),
        ({"values": [1.0, 2.0], "fix_after": True}, "fix_after"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    values = kwargs.pop("values")
    with pytest.raises(ValueError, match=message):
        analyse(values, **kwargs)


def test_the_engine_imports_without_django():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys; from projects.measures import spc; "
        "r = spc.analyse([1, 2, 3]); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
