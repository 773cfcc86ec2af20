"""What champions adds to the home page: the profile reminder, requests and matches."""

import pytest

from champions.models import ConversationRequest, Profile
from tests.champions.helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client):
    profile = member("Asha Patel", learns=("SPC charts", "Run charts"), areas=("Frailty",))
    client.force_login(profile.user)
    return profile


def home(client) -> str:
    response = client.get("/home/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_top_matches_are_on_the_home_page_with_their_reasons(client, me):
    member("Jo Firth", org="LCH", teaches=("SPC charts", "Run charts"), areas=("Frailty",))
    member("Sam Akhtar", org="LTHT", teaches=("Run charts",))
    for index in range(3):
        member(f"Also {index}", teaches=("Run charts",))
    html = home(client)
    assert "People who can help you" in html
    assert (
        "Can teach run charts and SPC charts · also interested in frailty · "
        "Leeds Community Healthcare NHS Trust"
    ) in html
    assert html.index("Jo Firth") < html.index("Also 0") < html.index("Also 1")
    assert "Sam Akhtar" not in html, "three at most"
    assert 'href="/people/who-can-help-me/"' in html


def test_the_account_card_links_to_the_profile_and_data(client, me):
    assert 'href="/people/me/">Your profile and your data</a>' in home(client)


def test_without_a_match_the_panel_says_what_to_do(client, me):
    html = home(client)
    assert "No one can teach the skills you want to learn yet." in html
    assert 'href="/people/me/edit/"' in html


def test_an_incomplete_profile_gets_a_reminder_and_no_panels(client, me):
    Profile.objects.filter(pk=me.pk).update(completed_at=None)
    html = home(client)
    assert "Complete your profile" in html
    assert "People who can help you" not in html


def test_only_the_first_five_open_requests_show(client, me):
    for index in range(6):
        ConversationRequest.objects.create(
            sender=member(f"Asker {index}").user, recipient=me.user, topic="Falls", message="Hi"
        )
    html = home(client)
    assert "Asker 4" in html
    assert "Asker 5" not in html
    assert 'href="/people/conversations/">See all your learning conversations' in html


@pytest.mark.parametrize(("members", "requests"), [(3, 1), (60, 8)])
def test_the_home_page_runs_a_fixed_number_of_queries(
    client, me, django_assert_num_queries, members, requests
):
    for index in range(members):
        teacher = member(f"Teacher {index}", org="LCH", teaches=("SPC charts",))
        if index < requests:
            ConversationRequest.objects.create(
                sender=teacher.user, recipient=me.user, topic="Falls", message="Hi"
            )
    # session, member, two-step verification, profile, open requests with their senders'
    # profiles and organisations, top matches ranked in the database, the member's projects
    # and invitations (projects' panel), bright spots from other teams (projects' panel),
    # the member's next events (events' panel and next step), the member's roles
    with django_assert_num_queries(10):
        html = home(client)
    assert "Teacher 0" in html
