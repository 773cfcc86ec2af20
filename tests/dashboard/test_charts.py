"""The city view's SVG charts: accessible, allowed by the Content Security Policy, and
drawn to whole-number scales."""

import datetime
import re

import pytest

from dashboard.charts import Series, bar_chart, count_ticks, line_chart


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (10, [0, 2, 4, 6, 8, 10]),
        (1234, [0, 500, 1000, 1500]),
        (18406, [0, 5000, 10000, 15000, 20000]),
    ],
)
def test_count_ticks_are_whole_round_numbers(maximum, ticks):
    assert count_ticks(maximum) == ticks


def test_a_bar_chart_names_every_bar_and_escapes_text():
    svg = bar_chart(
        categories=["Falls", "<script>alert(1)</script>", "A" * 50],
        series=[Series("Projects", (3, 1, 2))],
        title="Projects & areas",
        description="Falls: 3",
        chart_id="chart-test",
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-labelledby="chart-test-title chart-test-desc"' in svg
    assert '<title id="chart-test-title">Projects &amp; areas</title>' in svg
    assert '<desc id="chart-test-desc">Falls: 3</desc>' in svg
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<title>Falls: 3</title>" in svg
    assert f"<title>{'A' * 50}</title>{'A' * 33}…</text>" in svg, "long names are shortened"
    assert len(re.findall(r"<rect ", svg)) == 3
    assert " style=" not in svg
    assert "app-chart-legend" not in svg, "one series needs no key"


def test_a_bar_chart_of_two_series_has_a_key():
    svg = bar_chart(
        categories=["Run charts"],
        series=[Series("Asking", (2,)), Series("Teaching", (5,))],
        title="Help",
        description="",
        chart_id="chart-help",
    )
    assert "<title>Run charts: 2 (Asking)</title>" in svg
    assert "<title>Run charts: 5 (Teaching)</title>" in svg
    assert 'class="app-chart-legend"' in svg
    assert 'fill="#005EB8"' in svg
    assert 'fill="#007F3B"' in svg


def test_an_empty_bar_chart_says_so():
    svg = bar_chart(
        categories=[], series=[Series("Projects", ())], title="T", description="D",
        chart_id="chart-empty",
    )  # fmt: skip
    assert ">Nothing to show</text>" in svg


def test_a_line_chart_labels_months_from_the_latest():
    months = [datetime.date(2024 + (6 + i) // 12, (6 + i) % 12 + 1, 1) for i in range(24)]
    svg = line_chart(
        months=months,
        series=[Series("New projects", tuple(range(24))), Series("Updates", (1,) * 24)],
        title="Activity",
        description="24 months",
        chart_id="chart-activity",
    )
    labels = re.findall(r">([A-Z][a-z]{2} \d{4})</text>", svg)
    assert len(labels) <= 8
    assert labels[-1] == "Jun 2026"
    assert len(re.findall(r"<circle ", svg)) == 48
    assert "<title>Jun 2026: 23 new projects</title>" in svg
    assert 'stroke-dasharray="8 4"' in svg, "the second line is dashed, not only coloured"
    assert " style=" not in svg


@pytest.mark.parametrize(
    "bad",
    [
        {"categories": ["A"], "series": [Series("S", (1, 2))]},
        {"categories": ["A"], "series": []},
        {"categories": ["A"], "series": [Series(str(n), (1,)) for n in range(4)]},
    ],
)
def test_a_bar_chart_refuses_mismatched_data(bad):
    with pytest.raises(ValueError):  # noqa: PT011
        bar_chart(title="T", description="D", chart_id="chart-bad", **bad)


def test_chart_ids_must_be_xml_ids():
    with pytest.raises(ValueError, match="chart_id"):
        line_chart(months=[], series=[Series("S", ())], title="T", description="D", chart_id="1 x")
