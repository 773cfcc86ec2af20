"""The directory: search, filters, counts, pages, visibility and a fixed query count."""

import re

import pytest

from champions import views
from champions.models import NetworkMembership, Profession, Profile
from core.patientdata import PATIENT_DATA_MESSAGE
from tests.champions.helpers import member, partner

pytestmark = pytest.mark.django_db


def found(client, query: str = "") -> list[str]:
    response = client.get(f"/people/{query}")
    assert response.status_code == 200
    return re.findall(r'<h3 class="nhsuk-card__heading[^"]*"><a href="/people/\d+/">([^<]+)</a>',
                      response.content.decode())  # fmt: skip


@pytest.fixture
def people(client, champion):
    client.force_login(champion)
    return {
        "jo": member("Jo Firth", org="LCH", teaches=("SPC charts",), learns=("Coaching",),
                     areas=("Frailty",), job_title="Falls lead",
                     bio="I run the community falls huddle."),
        "sam": member("Sam Akhtar", org="LYPFT", teaches=("Coaching",), learns=("SPC charts",),
                      areas=("Mental health",), job_title="Psychologist",
                      profession=Profession.objects.get(name="Allied health professions")),
        "margaret": partner("Margaret Holroyd", org="Carers Leeds", hide_organisation=True,
                            teaches=("Co-production with patients and carers",)),
    }  # fmt: skip


def test_lists_listed_members_by_name(client, people):
    member("Hidden Member", visibility=Profile.Visibility.HIDDEN)
    member("Not Finished", completed_at=None)
    closed = member("Closed Account")
    closed.user.is_active = False
    closed.user.save()
    assert found(client) == ["Asha Patel", "Jo Firth", "Margaret Holroyd", "Sam Akhtar"]
    assert "4 members found" in client.get("/people/").content.decode()


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?q=firth", ["Jo Firth"]),
        ("?q=huddle", ["Jo Firth"]),  # in the bio
        ("?q=psycholog", ["Sam Akhtar"]),  # in the job title
        ("?q=falls+community", ["Jo Firth"]),  # every word must match
        ("?q=falls+psychologist", []),
        ("?teaches=spc-charts", ["Jo Firth"]),
        ("?learns=spc-charts", ["Sam Akhtar"]),
        ("?clinical_area=mental-health", ["Sam Akhtar"]),
        ("?organisation=leeds-community-healthcare-nhs-trust", ["Jo Firth"]),
        ("?sector=mental_health", ["Sam Akhtar"]),
        ("?profession=allied-health-professions", ["Sam Akhtar"]),
        ("?teaches=coaching&sector=community", []),
        ("?teaches=coaching&sector=mental_health", ["Sam Akhtar"]),
    ],
)
def test_search_and_filters(client, people, query, names):
    assert found(client, query) == names


def test_the_network_filter(client, people):
    NetworkMembership.objects.create(profile=people["sam"], network="plcp", cohort_year=2023)
    assert found(client, "?network=plcp") == ["Sam Akhtar"]


def test_a_hidden_organisation_is_neither_shown_nor_matched_by_a_filter(client, people):
    assert found(client, "?organisation=carers-leeds") == []
    assert found(client, "?sector=third_sector") == []
    html = client.get("/people/?q=margaret").content.decode()
    card = re.search(r'<div class="nhsuk-card">.*?Margaret Holroyd.*?</div>\s*</div>', html, re.S)
    assert "Patient or carer partner" in card.group(0)
    assert "Co-production with patients and carers" in card.group(0)
    assert "Carers Leeds" not in card.group(0)


def test_results_come_in_pages_that_keep_the_filters(client, champion):
    client.force_login(champion)
    for index in range(25):
        member(f"Teacher {index:02}", teaches=("Run charts",))
    html = client.get("/people/?teaches=run-charts&page=2").content.decode()
    assert "25 members found" in html
    assert "Page 2 of 2 (25 results)" in html
    assert 'href="?teaches=run-charts&amp;page=1"' in html
    assert found(client, "?teaches=run-charts&page=2") == [f"Teacher {i}" for i in range(20, 25)]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?organisation=no-such-trust", "Select an organisation from the list"),
        ("?sector=space", "Select a sector from the list"),
        ("?teaches=juggling", "Select a skill from the list"),
        ("?learns=juggling", "Select a skill from the list"),
        ("?clinical_area=nowhere", "Select a clinical area from the list"),
        ("?profession=wizard", "Select a profession from the list"),
        ("?network=book_club", "Select a network from the list"),
        ("?q=" + "x" * 201, "Name or keywords must be 200 characters or fewer"),
        ("?q=9434765919", PATIENT_DATA_MESSAGE),
    ],
)
def test_bad_filters_are_explained_and_show_no_results(client, people, query, message):
    html = client.get(f"/people/{query}").content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Error: Find people – Leeds Quality Network</title>" in html
    summary = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S).group(0)
    assert message in summary
    assert found(client, query) == []


def test_a_search_is_shown_back_escaped(client, people):
    html = client.get("/people/?q=%3Cscript%3Ex%3C/script%3E").content.decode()
    assert 'value="&lt;script&gt;x&lt;/script&gt;"' in html
    assert "<script>x</script>" not in html


def test_the_directory_is_for_signed_in_members_only(client):
    response = client.get("/people/?q=jo")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("members", [10, 200])
def test_a_fixed_number_of_queries_at_any_size(
    client, champion, django_assert_num_queries, monkeypatch, members
):
    for index in range(members):
        member(
            f"Member {index:03}",
            org=("LTHT", "LCH", "LYPFT")[index % 3],
            teaches=("Run charts", "Coaching"),
            learns=("SPC charts",),
            areas=("Falls",),
        )
    client.force_login(champion)
    for page_size in (5, 100):
        monkeypatch.setattr(views, "PAGE_SIZE", page_size)
        # session, member, the skill in the filter, the count, the member's roles (header),
        # the five filter lists (skills twice, clinical areas, organisations, professions),
        # the page of members with their organisations and professions, and their skills
        # to teach, skills to learn and clinical areas
        with django_assert_num_queries(14):
            response = client.get("/people/?teaches=run-charts")
        assert len(found(client, "?teaches=run-charts")) == min(page_size, members)
        assert response.status_code == 200
