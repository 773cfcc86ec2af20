import pytest
from allauth.mfa.models import Authenticator

from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_home_greets_the_member_and_shows_the_next_step(client, champion):
    client.force_login(champion)
    html = client.get("/home/").content.decode()
    assert "Welcome, Asha Patel" in html
    assert "Turn on two-step verification" in html
    assert "/accounts/2fa/totp/activate/" in html
    assert "Champion" in html


def test_home_lists_every_role(client, facilitator):
    client.force_login(facilitator)
    assert "Champion, Facilitator" in client.get("/home/").content.decode()


def test_once_set_up_the_next_steps_say_so(client, champion):
    Authenticator.objects.create(user=champion, type=Authenticator.Type.TOTP, data={"secret": "x"})
    ProjectFactory(created_by=champion)
    # A place on an event to come: the events app has nothing to suggest either.
    RegistrationFactory(event=EventFactory(), user=champion)
    client.force_login(champion)
    html = client.get("/home/").content.decode()
    assert "Turn on two-step verification" not in html
    assert "You are all set up" in html


def test_home_runs_a_fixed_number_of_queries(client, champion, django_assert_max_num_queries):
    client.force_login(champion)
    # session, user, profile, roles, MFA authenticator, and allauth's own checks; the
    # member's projects and invitations (projects.home, one query for both), bright spots
    # from other teams (projects.home, one query), and the member's next events
    # (events.home, one query for the panel and the next step)
    with django_assert_max_num_queries(11):
        client.get("/home/")


def test_signed_in_visitors_to_the_landing_page_go_home(client, champion):
    client.force_login(champion)
    response = client.get("/")
    assert response["Location"] == "/home/"
