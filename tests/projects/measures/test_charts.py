"""SVG charts and icons: parsed as XML and read the way a browser and a screen reader would."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest

from core.wording import short_date
from projects.measures.charts import (
    annotation_numbers,
    date_ticks,
    describe,
    render_chart,
    value_ticks,
)
from projects.measures.icons import ASSURANCE_TITLES, VARIATION_TITLES, icon_svg
from projects.measures.spc import analyse

SVG = "{http://www.w3.org/2000/svg}"
BASE_DIR = Path(__file__).resolve().parents[3]
# Mean 10, limits 4.68 and 15.32, "2 sigma" lines 6.45 and 13.55 (worked in test_spc.py).
BASELINE = [11.0, 9.0] * 6
# Weekly, so that point 12 (the first after the baseline) falls on 3 March 2026.
FIRST_DAY = date(2026, 3, 3) - timedelta(weeks=12)


def parse(svg: str) -> ET.Element:
    """Parsing is the test that the SVG is well-formed XML; the input is our own output."""
    return ET.fromstring(svg)  # noqa: S314


def weekly(count: int, start: date = FIRST_DAY) -> list[date]:
    return [start + timedelta(weeks=i) for i in range(count)]


def chart(values, *, dates=None, title="Falls per 1,000 bed days", **options):
    chart_options = {
        key: options.pop(key) for key in ("unit", "annotations", "rebase_reasons") if key in options
    }
    result = analyse(values, **options)
    svg = render_chart(result, dates or weekly(len(values)), title=title, **chart_options)
    return parse(svg), svg


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


# Points, lines and labels ---------------------------------------------------------------------


def test_points_are_coloured_by_their_type_in_making_data_count_colours():
    # Baseline (common cause), seven 11s (a shift: improvement when higher is better), then
    # 6, 9.5, 6 (two of three near the lower limit: concern).
    root, _ = chart([*BASELINE, *[11.0] * 7, 6.0, 9.5, 6.0], fix_after=12)
    fills = [circle.get("fill") for circle in by_class(root, "spc-point")]
    assert fills == ["#A6A6A6"] * 12 + ["#00B0F0"] * 7 + ["#E46C0A", "#A6A6A6", "#E46C0A"]


def test_neutral_signals_are_purple():
    root, _ = chart([*BASELINE, *[11.0] * 7], fix_after=12, improvement="neutral")
    assert {c.get("fill") for c in by_class(root, "spc-point")[12:]} == {"#490092"}


def test_each_point_says_its_date_value_and_reading():
    root, _ = chart([*BASELINE, *[11.0] * 7], fix_after=12, unit="falls")
    point = by_class(root, "spc-point")[12]
    assert point.find(f"{SVG}title").text == (
        "3 Mar 2026: 11 falls (special cause improvement: 7 in a row on one side of the mean)"
    )


def test_mean_solid_and_process_limits_dashed():
    root, _ = chart(BASELINE)
    (mean,) = by_class(root, "spc-mean")
    limits = by_class(root, "spc-limit")
    assert mean.get("stroke-dasharray") is None
    assert len(limits) == 2
    assert all(limit.get("stroke-dasharray") for limit in limits)
    # Higher values are drawn higher: the upper limit (15.32) above the mean (10) above the
    # lower limit (4.68).
    ys = sorted(float(limit.get("y1")) for limit in limits)
    assert ys[0] < float(mean.get("y1")) < ys[1]


def test_the_target_is_a_red_line_with_its_value():
    root, _ = chart(BASELINE, target=12, unit="%")
    (line,) = by_class(root, "spc-target")
    assert line.get("stroke") == "#DE1B1B"
    assert text_of(by_class(root, "spc-target-label")[0]) == "Target 12%"
    no_target, _ = chart(BASELINE)
    assert not by_class(no_target, "spc-target")


def test_a_rebase_breaks_the_lines_and_is_marked():
    values = [*BASELINE, *[21.0, 19.0] * 6]
    root, _ = chart(values, rebase_at=[12], rebase_reasons={12: "New falls pathway"})
    means = by_class(root, "spc-mean")
    assert len(means) == 2
    first_end, second_start = float(means[0].get("x2")), float(means[1].get("x1"))
    assert first_end < second_start
    assert float(means[0].get("y1")) > float(means[1].get("y1"))  # 10 is drawn below 20
    (marker,) = by_class(root, "spc-rebase")
    assert first_end < float(marker.get("x1")) < second_start
    assert marker.find(f"{SVG}title").text == (
        "Limits recalculated from 3 March 2026: New falls pathway"
    )


def test_trial_limits_are_labelled_under_12_points_only():
    eleven, _ = chart(BASELINE[:11])
    assert [text_of(e) for e in by_class(eleven, "spc-trial-label")] == [
        "Trial limits (fewer than 12 points)"
    ]
    assert by_class(eleven, "spc-segment--trial")
    twelve, _ = chart(BASELINE)
    assert not by_class(twelve, "spc-trial-label")


def test_a_short_segment_after_a_rebase_is_labelled_trial():
    root, _ = chart([*BASELINE, 20.0, 21.0, 19.0], rebase_at=[12])
    assert by_class(root, "spc-trial-label")
    segments = by_class(root, "spc-segment")
    assert ["spc-segment--trial" in s.get("class") for s in segments] == [False, True]


def test_annotations_are_numbered_in_time_order():
    notes = {14: "PDSA 2: huddle at 10am", 3: "Staff briefing"}
    assert annotation_numbers(notes) == {3: 1, 14: 2}
    root, _ = chart([*BASELINE, *[11.0] * 7], fix_after=12, annotations=notes)
    markers = by_class(root, "spc-annotation")
    assert [m.get("data-point") for m in markers] == ["3", "14"]
    assert [m.find(f"{SVG}text").text for m in markers] == ["1", "2"]
    assert markers[1].find(f"{SVG}title").text == "2. 17 Mar 2026: PDSA 2: huddle at 10am"


def test_the_legend_names_the_lines_and_the_colours_used():
    root, _ = chart([*BASELINE, *[11.0] * 7], fix_after=12, target=14)
    (legend,) = by_class(root, "spc-legend")
    labels = [text.text for text in legend.iter(f"{SVG}text")]
    assert labels == ["Mean", "Limits", "Target", "Improvement", "Common cause"]


def test_a_single_point_and_no_points_still_draw():
    single, _ = chart([42.0], dates=[date(2026, 3, 3)])
    assert len(by_class(single, "spc-point")) == 1
    assert not by_class(single, "spc-limit")  # one point has no moving range, so no limits
    empty = parse(render_chart(analyse([]), [], title="Nothing yet"))
    assert text_of(by_class(empty, "spc-empty")[0]) == "No data yet"
    assert empty.find(f"{SVG}desc").text == "No data yet."


def test_dates_must_match_the_points():
    with pytest.raises(ValueError, match="one date for each point"):
        render_chart(analyse([1.0, 2.0]), [date(2026, 1, 1)], title="t")
    with pytest.raises(ValueError, match="time order"):
        render_chart(analyse([1.0, 2.0]), [date(2026, 1, 2), date(2026, 1, 1)], title="t")


# Accessible, valid, and safe under the Content Security Policy --------------------------------


def test_the_chart_is_an_image_with_a_title_and_a_description():
    root, _ = chart([*BASELINE, *[11.0] * 7], fix_after=12)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Falls per 1,000 bed days"
    assert desc.text == "Special cause improvement: 7 points above the mean since 3 March 2026."


def test_no_style_attributes_no_scripts_no_event_handlers():
    values = [*BASELINE, *[11.0] * 7, 6.0, 9.5, 6.0, 30.0]
    _, svg = chart(
        values, target=12, rebase_at=[19], annotations={2: "note"}, rebase_reasons={19: "why"}
    )
    root = parse(svg)
    for element in root.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")
        assert "style" not in element.attrib
        assert not [name for name in element.attrib if name.startswith("on")]
    assert "javascript:" not in svg


def test_user_text_is_escaped():
    hostile = '<script>alert("x")</script> & <b>'
    root, svg = chart(
        BASELINE,
        title=hostile,
        unit="<i>",
        annotations={0: hostile},
        rebase_at=[6],
        rebase_reasons={6: hostile},
    )
    assert "<script>" not in svg
    assert "<b>" not in svg
    assert root.find(f"{SVG}title").text == hostile
    assert by_class(root, "spc-annotation")[0].find(f"{SVG}title").text.endswith(hostile)
    assert by_class(root, "spc-rebase")[0].find(f"{SVG}title").text.endswith(hostile)
    assert text_of(by_class(root, "spc-unit")[0]) == "<i>"


def test_the_chart_id_must_be_a_valid_id():
    with pytest.raises(ValueError, match="chart_id"):
        render_chart(analyse([1.0]), [date(2026, 1, 1)], title="t", chart_id='x" onload="y')


# Axes -----------------------------------------------------------------------------------------


def test_value_ticks_are_round_numbers_covering_the_data():
    assert value_ticks(3.2, 47.9) == [0, 10, 20, 30, 40, 50]
    assert value_ticks(0.12, 0.87) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert value_ticks(1020, 1180) == [1000, 1050, 1100, 1150, 1200]
    assert value_ticks(-7.5, 2) == [-8, -6, -4, -2, 0, 2]
    # A flat series still gets an axis, 10% either side.
    assert value_ticks(5, 5) == [4.4, 4.6, 4.8, 5.0, 5.2, 5.4, 5.6]


def test_value_labels_carry_the_unit():
    root, _ = chart([52.5, 61.0, 57.3, 49.9], unit="%")
    labels = [text.text for text in by_class(root, "spc-value-labels")[0]]
    assert labels[0].endswith("%")
    # Limits 0.497 -/+ 2.66 * 0.375 = -0.50 and 1.49; steps of 0.5 keep one decimal.
    root, _ = chart([0.12, 0.5, 0.87])
    labels = [text.text for text in by_class(root, "spc-value-labels")[0]]
    assert labels == ["-1.0", "-0.5", "0.0", "0.5", "1.0", "1.5"]


def test_a_weekly_year_gets_month_ticks():
    days = weekly(52, start=date(2025, 3, 3))
    ticks, style = date_ticks(days[0], days[-1])
    assert style == "month"
    assert 4 <= len(ticks) <= 7
    assert all(tick.day == 1 and days[0] <= tick <= days[-1] for tick in ticks)
    root, _ = chart([float(i % 5) for i in range(52)], dates=days)
    labels = [text.text for text in by_class(root, "spc-date-axis")[0].iter(f"{SVG}text")]
    assert labels[0] == "May 2025"
    assert len(labels) == len(ticks)


def test_a_daily_month_gets_weekly_ticks_on_mondays():
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(31)]
    ticks, style = date_ticks(days[0], days[-1])
    assert style == "day"
    assert [tick.weekday() for tick in ticks] == [0] * len(ticks)
    assert [short_date(tick) for tick in ticks] == [
        "2 Mar 2026",
        "9 Mar 2026",
        "16 Mar 2026",
        "23 Mar 2026",
        "30 Mar 2026",
    ]


def test_a_short_span_gets_daily_ticks_and_a_long_one_yearly_ticks():
    ticks, style = date_ticks(date(2026, 3, 1), date(2026, 3, 6))
    assert (len(ticks), style) == (6, "day")
    ticks, style = date_ticks(date(2015, 6, 1), date(2026, 3, 1))
    assert style == "year"
    assert [tick.year for tick in ticks] == [2016, 2018, 2020, 2022, 2024, 2026]


# The plain-English reading --------------------------------------------------------------------


def reading(values, unit="", **options) -> str:
    return describe(analyse(values, **options), weekly(len(values)), unit)


def test_describe_common_cause():
    assert reading(BASELINE, "minutes") == (
        "Common cause variation: no signals; the process is stable around a mean of 10 minutes."
    )
    earlier_signal = [*BASELINE, 30.0, 10.5]
    assert reading(earlier_signal, fix_after=12) == (
        "Common cause variation: no signal at the latest point; the mean is 10."
    )


def test_describe_each_rule():
    assert reading([*BASELINE, *[9.0] * 7], fix_after=12) == (
        # The run of 9s starts with the baseline's last point, on 24 February.
        "Special cause concern: 8 points below the mean since 24 February 2026."
    )
    assert reading([*BASELINE, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0], fix_after=12) == (
        "Special cause improvement: 7 points in a row increasing since 3 March 2026."
    )
    assert reading([*BASELINE, 14.0, 10.5, 14.0], fix_after=12) == (
        "Special cause improvement: 2 of the latest 3 points are close to the upper process limit."
    )
    assert reading([*BASELINE, 30.0], fix_after=12) == (
        "Special cause improvement: the latest point, on 3 March 2026, is above the upper "
        "process limit."
    )
    assert reading([*BASELINE, 1.0, 2.0], fix_after=12, improvement="decrease") == (
        "Special cause improvement: 2 points below the lower process limit since 3 March 2026."
    )
    assert reading([*BASELINE, *[11.0] * 7], fix_after=12, improvement="neutral") == (
        "Special cause variation, neither improvement nor concern: 7 points above the mean "
        "since 3 March 2026."
    )


def test_describe_assurance_and_trial_limits():
    assert reading(BASELINE, "%", target=20).endswith(
        "The target of 20% will be missed consistently unless the process changes."
    )
    assert reading(BASELINE, target=2).endswith(
        "The target of 2 will be met consistently while the process stays as it is."
    )
    assert reading(BASELINE, target=12).endswith(
        "The target of 12 will sometimes be met and sometimes missed."
    )
    assert reading(BASELINE[:5]).endswith(
        "The limits are trial limits: there are fewer than 12 points."
    )


# Icons ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*VARIATION_TITLES, *ASSURANCE_TITLES])
def test_icons_are_valid_images_with_a_text_alternative(name):
    svg = icon_svg(name)
    root = parse(svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert root.get("aria-labelledby") == title.get("id")
    assert title.text
    assert all("style" not in element.attrib for element in root.iter())


def test_icons_say_what_they_mean_in_their_colour():
    improvement = parse(icon_svg("improvement_low"))
    assert improvement.find(f"{SVG}title").text == "Special cause improvement: lower values"
    assert improvement.find(f"{SVG}circle").get("stroke") == "#00B0F0"
    fail = parse(icon_svg("consistent_fail"))
    assert fail.find(f"{SVG}circle").get("stroke") == "#E46C0A"
    assert len({icon_svg(name) for name in [*VARIATION_TITLES, *ASSURANCE_TITLES]}) == 10


def test_every_reading_has_an_icon():
    # Each variation and assurance the engine can return names an icon.
    assert set(VARIATION_TITLES) == {
        "common_cause",
        "improvement_high",
        "improvement_low",
        "concern_high",
        "concern_low",
        "neutral_high",
        "neutral_low",
    }
    assert set(ASSURANCE_TITLES) == {"consistent_pass", "consistent_fail", "inconsistent"}
    with pytest.raises(ValueError, match="no SPC icon"):
        icon_svg("special_cause_improvement")


def test_charts_and_icons_import_without_django():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys; from datetime import date; "
        "from projects.measures import charts, icons, spc; "
        "charts.render_chart(spc.analyse([1]), [date(2026, 1, 1)], title='t'); "
        "icons.icon_svg('common_cause'); "
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
