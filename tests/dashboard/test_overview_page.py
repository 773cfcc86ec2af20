"""The city view's page: every panel, the filters (and their bad input), the cache, and the
CSV downloads, which match the page's tables."""

import csv
import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.http import QueryDict

from champions.models import Organisation
from dashboard.overview import cache_forget, cache_key
from tests.dashboard.city import NOW, at, project
from tests.dashboard.pages import tables
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Improvement projects",
    "Working together",
    "Activity over time",
    "Help wanted",
    "The network",
    "Learning events",
]
LTHT = "leeds-teaching-hospitals-nhs-trust"


def page(client, **query) -> str:
    response = client.get("/city/", query)
    assert response.status_code == 200
    return response.content.decode()


def row(table: list[list[str]], first: str) -> list[str]:
    return next(cells for cells in table if cells and cells[0] == first)


def test_every_panel_with_the_reason_there_is_no_league_table(leader_client):
    html = page(leader_client)
    assert "<title>City view – Leeds Quality Network</title>" in html
    assert "These figures are for learning, not judgement:" in html
    for title in SECTIONS:
        assert f'">{title}</h2>' in html, title
        assert f">{title}</a></li>" in html, f"{title} is in the contents list"
    assert "Figures as of 12:00 on 15 June 2026</strong> for the whole city, at any time" in html
    found = tables(html)
    assert row(found["project-figures"], "Projects logged") == ["Projects logged", "4", "100%"]
    assert row(found["stages"], "Testing changes") == ["Testing changes", "2", "50%"]
    assert found["organisations"][1:] == [
        ["Leeds Community Healthcare NHS Trust", "2", "2"],
        ["Leeds Teaching Hospitals NHS Trust", "2", "4"],
        ["University of Leeds", "1", "0"],
    ]
    assert row(found["team-mix"], "1 profession") == ["1 profession", "3", "75%"]
    assert row(found["activity"], "Feb 2026") == ["Feb 2026", "1", "0", "0"]
    assert row(found["help-wanted"], "SPC charts") == ["SPC charts", "2", "1", "1"]
    assert "More projects ask for help than members can teach: SPC charts." in html
    assert row(found["member-sectors"], "All sectors") == ["All sectors", "4", "1"]
    assert row(found["conversations"], "Asked for") == ["Asked for", "4", "3"]
    assert (
        row(found["event-figures"], "Attendance rate (of places where attendance was taken)")[1]
        == "75%"
    )
    assert found["waiting-areas"][1:] == [["Diabetes", "2", "1"], ["Falls", "1", "1"]]
    assert found["waiting-skills"][1:] == [["Run charts", "2", "1"], ["SPC charts", "1", "1"]]


def test_the_month_still_running_is_marked_so_far(leader_client):
    found = tables(page(leader_client))  # the city's clock stands at 15 June 2026
    for table in ("activity", "member-growth"):
        months = [cells[0] for cells in found[table][1:]]
        assert months[-1] == "Jun 2026 (so far)", table
        assert "May 2026" in months
        assert sum("so far" in month for month in months) == 1


def test_the_numbers_link_to_the_lists_behind_them_with_the_filters(leader_client):
    html = page(leader_client, organisation=LTHT, method="mfi")
    assert (
        f'<a href="/city/projects/?organisation={LTHT}&amp;method=mfi&amp;by=stage&amp;'
        'value=testing">1</a>'
    ) in html
    assert "for Leeds Teaching Hospitals NHS Trust; Model for Improvement" in html


def test_charts_are_accessible_svg_without_styles_or_scripts(leader_client):
    html = page(leader_client)
    charts = re.findall(r"<svg[^>]*role=\"img\".*?</svg>", html, flags=re.S)
    ids = re.findall(r'<svg[^>]* id="(chart-[a-z-]+)"', html)
    assert len(charts) == len(ids) == 12
    for chart, chart_id in zip(charts, ids, strict=True):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in chart
        assert f'<title id="{chart_id}-title">' in chart
        assert re.search(rf'<desc id="{chart_id}-desc">[^<]+</desc>', chart)
        assert " style=" not in chart
        assert "<script" not in chart
    main = html[html.index("<main") : html.index("</main>")]
    assert " style=" not in main
    assert "<script" not in main
    assert '<desc id="chart-stages-desc">Idea: 1; Planning: 0; Testing changes: 2;' in html


@pytest.mark.parametrize(
    ("query", "chosen", "projects_logged", "members"),
    [
        ({"organisation": LTHT}, "Leeds Teaching Hospitals NHS Trust", "2", "2"),
        ({"sector": "community"}, "Community health care", "2", "1"),
        ({"clinical_area": "falls"}, "Falls", "2", "2"),
        ({"method": "qsir"}, "QSIR (Quality, Service Improvement and Redesign)", "1", "4"),
        (
            {"start_day": "1", "start_month": "1", "start_year": "2026",
             "end_day": "30", "end_month": "april", "end_year": "2026"},
            "from 1 January 2026 to 30 April 2026", "1", "3",
        ),
    ],
)  # fmt: skip
def test_each_filter_applies_to_the_page(leader_client, query, chosen, projects_logged, members):
    html = page(leader_client, **query)
    assert f"</strong> for {chosen}." in html
    found = tables(html)
    assert row(found["project-figures"], "Projects logged")[1] == projects_logged
    assert row(found["member-sectors"], "All sectors")[1] == members


def test_filters_that_do_not_apply_to_a_panel_say_so(leader_client):
    html = page(leader_client, method="mfi")
    assert "Not filtered by method: it does not apply to members." in html
    assert "Not filtered by method: it does not apply to events." in html
    assert "it does not apply" not in page(leader_client)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"start_day": "1", "start_month": "5", "start_year": "2026",
             "end_day": "1", "end_month": "4", "end_year": "2026"},
            "To date must be the same as or after the from date",
        ),
        ({"start_day": "31", "start_month": "2", "start_year": "2026"}, "Date must be a real date"),
        ({"end_day": "1", "end_year": "2026"}, "Date must include a month"),
        ({"organisation": "nowhere"}, "Choose an organisation from the list"),
        ({"sector": "space"}, "Choose a sector from the list"),
        ({"clinical_area": "nowhere"}, "Choose a clinical area from the list"),
        ({"method": "guesswork"}, "Choose a method from the list"),
    ],
)  # fmt: skip
def test_bad_filters_show_the_error_summary_and_no_figures(leader_client, query, message):
    html = page(leader_client, **query)
    assert "<title>Error: City view – Leeds Quality Network</title>" in html
    assert '<h2 class="nhsuk-error-summary__heading">There is a problem</h2>' in html
    assert message in html
    assert "Correct the filters above to see the figures." in html
    assert "Figures as of" not in html, "no unfiltered figures"
    assert 'id="table-' not in html
    export = leader_client.get("/city/tables/stages.csv", query)
    assert export.status_code == 400
    assert message in export.content.decode()


def test_the_figures_are_kept_for_ten_minutes(leader_client, city, time_machine):
    first = page(leader_client)
    assert "Figures as of 12:00 on 15 June 2026" in first
    assert "They are counted again at most every 10 minutes." in first
    key = cache_key(QueryDict())
    for entry in (f"{key}:page", f"{key}:tables"):
        redis = cache._cache.get_client(entry)
        assert 590 < redis.ttl(cache.make_and_validate_key(entry)) <= 600, "Redis expires it"

    time_machine.move_to(NOW + datetime.timedelta(minutes=5), tick=False)
    project(
        "A new project", lead=city.nurse, logged=at(2026, 6, 15), organisations=["LTHT"],
        areas=[], help_with=[],
    )  # fmt: skip
    queries = count_queries(lambda: page(leader_client))
    assert queries == 3, "the session, the member and their roles: the figures are cached"
    again = page(leader_client)
    assert "Figures as of 12:00" in again
    assert row(tables(again)["project-figures"], "Projects logged")[1] == "4"

    cache_forget(QueryDict())  # as Redis does after ten minutes
    later = page(leader_client)
    assert "Figures as of 12:05 on 15 June 2026" in later
    assert row(tables(later)["project-figures"], "Projects logged")[1] == "5"


def test_each_filter_has_its_own_cached_figures(leader_client):
    page(leader_client)
    filtered = page(leader_client, organisation=LTHT)
    assert row(tables(filtered)["project-figures"], "Projects logged")[1] == "2"
    assert row(tables(page(leader_client))["project-figures"], "Projects logged")[1] == "4"


def test_every_csv_matches_the_table_on_the_page(leader_client):
    query = {"organisation": LTHT, "start_day": "1", "start_month": "8", "start_year": "2025"}
    html = page(leader_client, **query)
    found = tables(html)
    assert len(found) == 19  # the 17 tables of the panels, and the 2 of bright spots
    for slug, rows in found.items():
        response = leader_client.get(f"/city/tables/{slug}.csv", query)
        assert response.status_code == 200, slug
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            f'filename="leeds-city-view-{slug}-2026-06-15.csv"' in response["Content-Disposition"]
        )
        text = response.content.decode("utf-8").removeprefix("\ufeff")
        downloaded = list(csv.reader(io.StringIO(text)))
        on_page = [[cell.replace(",", "") for cell in cells] for cells in rows]
        if on_page[-1] == ["Nothing to show with these filters."]:
            on_page = on_page[:-1]
        assert downloaded == on_page, slug


def test_an_unknown_table_is_not_found(leader_client):
    assert leader_client.get("/city/tables/league-table.csv").status_code == 404


def test_csv_cells_cannot_become_formulas(leader_client, city):
    Organisation.objects.create(
        name="=HYPERLINK(\"http://evil.example\")", slug="formula", short_name="F",
        sector="third_sector",
    )  # fmt: skip
    project(
        "Formula", lead=city.nurse, logged=at(2026, 6, 1), organisations=["F"], areas=[],
        help_with=[],
    )  # fmt: skip
    text = leader_client.get("/city/tables/organisations.csv").content.decode()
    assert '"\'=HYPERLINK(""http://evil.example"")",1,0' in text


def test_the_header_links_to_the_city_view(leader_client):
    assert '<a class="nhsuk-header__navigation-link" href="/city/"' in page(leader_client)
