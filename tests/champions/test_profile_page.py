"""A member's profile page: who may see it, what it shows, and when the email appears."""

import pytest

from champions.models import ConversationRequest, Profile
from tests.champions.helpers import member, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def jo():
    return member("Jo Firth", org="LCH", teaches=("SPC charts",), learns=("Coaching",),
                  areas=("Frailty",), job_title="Falls lead", bio="Community falls.")  # fmt: skip


def page(client, profile: Profile, status: int = 200) -> str:
    response = client.get(f"/people/{profile.pk}/")
    assert response.status_code == status
    return response.content.decode()


def test_a_member_sees_a_listed_profile_but_not_the_email_address(client, champion, jo):
    client.force_login(champion)
    html = page(client, jo)
    for text in ("Jo Firth", "Falls lead, Leeds Community Healthcare NHS Trust",
                 "Community health care", "SPC charts", "Coaching", "Frailty",
                 "Community falls.", "Ask for a learning conversation"):  # fmt: skip
        assert text in html
    assert jo.user.email not in html
    assert "Digest email" not in html, "a member's settings are their own"


@pytest.mark.parametrize(
    "change", [{"visibility": Profile.Visibility.HIDDEN}, {"completed_at": None}]
)
def test_hidden_and_incomplete_profiles_are_not_found(client, champion, jo, change):
    Profile.objects.filter(pk=jo.pk).update(**change)
    client.force_login(champion)
    page(client, jo, 404)


@pytest.mark.parametrize("asked_by_them", [True, False])
def test_a_hidden_profile_is_seen_by_the_members_it_has_a_conversation_with(
    client, champion, jo, asked_by_them
):
    Profile.objects.filter(pk=jo.pk).update(visibility=Profile.Visibility.HIDDEN)
    people = [jo.user, champion] if asked_by_them else [champion, jo.user]
    ConversationRequest.objects.create(sender=people[0], recipient=people[1], topic="Falls",
                                       message="Hello")  # fmt: skip
    client.force_login(champion)
    assert "Jo Firth" in page(client, jo)


def test_a_closed_account_is_not_found(client, champion, jo):
    jo.user.is_active = False
    jo.user.save()
    client.force_login(champion)
    page(client, jo, 404)


def test_my_own_profile_shows_my_settings_and_my_data(client, champion):
    client.force_login(champion)
    response = client.get("/people/me/")
    assert response["Location"] == f"/people/{champion.profile.pk}/"
    html = page(client, champion.profile)
    assert "Weekly" in html
    assert "All signed-in members" in html
    assert 'href="/people/me/data/"' in html
    assert 'href="/people/me/delete/"' in html
    assert "Ask for a learning conversation" not in html


def test_my_profile_link_leads_to_the_form_before_the_profile_is_complete(client, champion):
    Profile.objects.filter(user=champion).update(completed_at=None)
    client.force_login(champion)
    assert client.get("/people/me/")["Location"] == "/people/me/edit/"


def test_a_partner_who_hides_their_organisation_is_shown_without_it(client, champion):
    margaret = partner("Margaret Holroyd", org="Carers Leeds", hide_organisation=True)
    client.force_login(champion)
    html = page(client, margaret)
    assert "Patient or carer partner" in html
    assert "Carers Leeds" not in html
    assert "Voluntary, community" not in html


def test_the_email_address_appears_once_a_request_is_accepted(client, champion, jo):
    conversation = ConversationRequest.objects.create(
        sender=champion, recipient=jo.user, topic="Falls", message="Hello"
    )
    client.force_login(champion)
    html = page(client, jo)
    assert "You asked Jo Firth for a learning conversation" in html
    assert jo.user.email not in html
    conversation.status = ConversationRequest.Status.ACCEPTED
    conversation.save()
    assert f'href="mailto:{jo.user.email}"' in page(client, jo)
    client.force_login(jo.user)
    assert f'href="mailto:{champion.email}"' in page(client, champion.profile)
