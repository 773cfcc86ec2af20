"""The "People who can help you" and "People you could help" pages."""

import pytest

from champions import views
from champions.models import Profile
from tests.champions.helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client):
    profile = member(
        "Asha Patel", learns=("SPC charts",), teaches=("Coaching",), areas=("Frailty",)
    )
    client.force_login(profile.user)
    return profile


def test_people_who_can_help_me_are_listed_best_first_with_why(client, me):
    member("Jo Firth", org="LCH", teaches=("SPC charts",), areas=("Frailty",))
    member("Sam Akhtar", org="LTHT", teaches=("SPC charts",))
    member("Wants coaching", learns=("Coaching",))
    html = client.get("/people/who-can-help-me/").content.decode()
    assert "<h1>People who can help you</h1>" in html
    assert "2 suggestions" in html
    assert html.index("Jo Firth") < html.index("Sam Akhtar")
    assert "Can teach SPC charts · also interested in frailty · Leeds Community" in html
    assert "Wants coaching" not in html


def test_people_i_could_help_are_the_reverse(client, me):
    member("Jo Firth", teaches=("SPC charts",))
    member("Wants coaching", org="LYPFT", learns=("Coaching",))
    html = client.get("/people/who-i-could-help/").content.decode()
    assert "<h1>People you could help</h1>" in html
    assert "Wants to learn coaching · Leeds and York Partnership NHS Foundation Trust" in html
    assert "Jo Firth" not in html


def test_an_incomplete_profile_is_asked_to_complete_first(client, me):
    Profile.objects.filter(pk=me.pk).update(completed_at=None)
    html = client.get("/people/who-can-help-me/").content.decode()
    assert "Complete your profile and we will suggest people for you." in html


def test_matches_come_in_pages(client, me):
    for index in range(23):
        member(f"Teacher {index:02}", teaches=("SPC charts",))
    html = client.get("/people/who-can-help-me/?page=2").content.decode()
    assert "23 suggestions" in html
    assert "Page 2 of 2" in html
    assert "Teacher 22" in html
    assert "Teacher 00" not in html


@pytest.mark.parametrize("members", [10, 200])
@pytest.mark.parametrize("path", ["/people/who-can-help-me/", "/people/who-i-could-help/"])
def test_a_fixed_number_of_queries_at_any_size(
    client, me, django_assert_num_queries, monkeypatch, members, path
):
    for index in range(members):
        member(
            f"Member {index:03}",
            org=("LTHT", "LCH", "LYPFT")[index % 3],
            teaches=("SPC charts", "Run charts"),
            learns=("Coaching",),
            areas=("Frailty",) if index % 2 else (),
        )
    for page_size in (5, 100):
        monkeypatch.setattr(views, "PAGE_SIZE", page_size)
        # session, member, their profile, the count, the page of matches ranked and
        # explained in the database with their organisations, the member's roles (header)
        with django_assert_num_queries(6):
            response = client.get(path)
        assert response.content.decode().count('class="nhsuk-card"') == min(page_size, members)
