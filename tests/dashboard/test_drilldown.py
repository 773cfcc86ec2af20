"""The lists behind the city view's numbers: each agrees with its number, carries the
filters, and never shows a draft, a hidden or unfinished profile, or a draft event."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.dashboard.city import at, project
from tests.dashboard.pages import links

pytestmark = pytest.mark.django_db

LTHT = "leeds-teaching-hospitals-nhs-trust"
# Drill-downs whose number counts something else than the rows listed: PDSA cycles, updates,
# places or people on waiting lists, commitments (the list is of the projects or events they
# belong to).
OTHER_UNITS = {
    "pdsa", "updates", "organisation_pdsa", "booked", "attendance", "waiting", "commitments",
}  # fmt: skip


def listed(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    found = re.search(r"<p>(\d+) (?:project|member|event)s?, for ", html)
    assert found, url
    return int(found.group(1)), html


@pytest.mark.parametrize(
    "query",
    [{}, {"organisation": LTHT}, {"start_day": "1", "start_month": "1", "start_year": "2026"}],
)
def test_every_number_opens_a_list_of_as_many(leader_client, query):
    html = leader_client.get("/city/", query).content.decode()
    checked = 0
    for href, text in links(html):
        if not re.match(r"/city/(projects|members|events)/", href):
            continue
        params = parse_qs(urlsplit(href).query)
        for key, value in query.items():
            assert params[key] == [value], f"{href} keeps the filters"
        size, _ = listed(leader_client, href)
        by = params["by"][0]
        if by in OTHER_UNITS:
            assert (size > 0) == (text != "0"), href
        elif not by.startswith("waiting_"):
            assert size == int(text.replace(",", "")), href
            checked += 1
    assert checked > 40


def test_drafts_are_never_listed(leader_client, city):
    for url in (
        "/city/projects/",
        "/city/projects/?by=stage&value=testing",
        "/city/projects/?by=clinical_area&value=falls",
        "/city/projects/?by=help&value=spc-charts",
        "/city/projects/?by=new&value=2026-04",
        "/city/projects/?by=pdsa&value=2026-04",
        "/city/projects/?by=updates&value=2026-04",
        "/city/projects/?by=partners&value=involved",
        f"/city/projects/?by=organisation&value={LTHT}",
    ):
        _, html = listed(leader_client, url)
        assert city.draft.title not in html, url


def test_hidden_and_unfinished_profiles_are_never_listed(leader_client):
    size, html = listed(leader_client, "/city/members/")
    assert size == 4
    for name in ("Nia Nurse", "Dev Doctor", "Pat Pharmacist", "Parveen Partner"):
        assert name in html
    for url in (
        "/city/members/",
        "/city/members/?by=teaches&value=run-charts",
        f"/city/members/?organisation={LTHT}",
        "/city/members/?by=sector&value=acute",
        "/city/members/?by=profession&value=nursing",
        "/city/members/?by=joined&value=2026-02",
        "/city/members/?by=asked",
    ):
        _, html = listed(leader_client, url)
        for name in ("Harriet Hidden", "Umar Unfinished", "Lee Leader"):
            assert name not in html, url


def test_a_hidden_organisation_is_never_shown_or_matched(leader_client):
    _, html = listed(leader_client, "/city/members/?by=sector&value=none")
    assert "Parveen Partner" in html
    assert "Leeds and York Partnership" not in html
    size, _ = listed(leader_client, "/city/members/?sector=mental_health")
    assert size == 0


def test_draft_and_cancelled_events_are_never_listed(leader_client):
    for by in ("held", "booked", "waiting", "skill&value=run-charts"):
        _, html = listed(leader_client, f"/city/events/?by={by}")
        assert "A draft event" not in html
        assert "A cancelled event" not in html
    size, html = listed(leader_client, "/city/events/?by=waiting_area&value=diabetes")
    assert size == 1
    assert "Run charts clinic" in html
    assert "0 of 1 places taken" not in html
    assert "1 of 1 places taken, 2 waiting" in html


def test_a_list_says_what_it_is_and_for_which_filters(leader_client):
    size, html = listed(
        leader_client, f"/city/projects/?organisation={LTHT}&method=lim&by=stage&value=implementing"
    )
    assert size == 1
    assert "<h1>Projects at the stage: Implementing</h1>" in html
    assert "1 project, for Leeds Teaching Hospitals NHS Trust; Leeds Improvement Method" in html
    assert "Sepsis screening in the emergency department" in html
    assert f'href="/city/?organisation={LTHT}&amp;method=lim"' in html, "back, with the filters"


def test_lists_are_paginated_with_the_filters_kept(leader_client, city):
    for number in range(23):
        project(
            f"Ward {number:02d} falls", lead=city.nurse, logged=at(2026, 6, 1),
            organisations=["LTHT"], areas=["Falls"], help_with=[], stage="spreading",
        )  # fmt: skip
    url = f"/city/projects/?organisation={LTHT}&by=stage&value=spreading"
    size, first = listed(leader_client, url)
    assert size == 23
    assert "Ward 19 falls" in first
    assert "Ward 20 falls" not in first
    assert f"?organisation={LTHT}&amp;by=stage&amp;value=spreading&amp;page=2" in first
    _, second = listed(leader_client, f"{url}&page=2")
    assert "Ward 20 falls" in second
    assert "Ward 19 falls" not in second


@pytest.mark.parametrize(
    "url",
    [
        "/city/projects/?by=league_table",
        "/city/projects/?by=stage&value=best",
        "/city/projects/?by=organisation&value=nowhere",
        "/city/projects/?by=professions&value=9",
        "/city/projects/?by=new&value=June",
        "/city/projects/?by=new&value=2026-09&end_day=1&end_month=6&end_year=2026",
        "/city/members/?by=sector&value=moon",
        "/city/members/?by=teaches&value=juggling",
        "/city/events/?by=waiting_area&value=nowhere",
    ],
)
def test_a_list_no_link_makes_is_not_found(leader_client, url):
    assert leader_client.get(url).status_code == 404


def test_bad_filters_on_a_list_show_the_error_summary(leader_client):
    response = leader_client.get("/city/projects/?organisation=nowhere&by=all")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose an organisation from the list" in html
    assert "The filters in this address are not valid." in html
    assert "Fewer falls at night" not in html


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/city/projects/?by=clinical_area&value=falls", "Projects in falls"),
        ("/city/members/?by=teaches&value=run-charts", "Members who can teach run charts"),
        ("/city/members/?by=learns&value=spc-charts", "Members who want to learn SPC charts"),
    ],
)
def test_a_name_from_a_reference_list_reads_as_part_of_the_sentence(leader_client, url, heading):
    response = leader_client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()
