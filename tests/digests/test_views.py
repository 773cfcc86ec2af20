import pytest
from django.test import Client

from digests.services import unsubscribe_token

pytestmark = pytest.mark.django_db


def test_preferences_change_how_often(client, champion):
    client.force_login(champion)
    response = client.post("/digests/preferences/", {"digest_frequency": "monthly"}, follow=True)
    assert "Saved: you will get the digest monthly." in response.content.decode()
    champion.profile.refresh_from_db()
    assert champion.profile.digest_frequency == "monthly"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select how often you would like the digest"),
        ({"digest_frequency": "daily"}, "Select a valid choice"),
    ],
)
def test_preferences_refuse_bad_input(client, champion, data, message):
    client.force_login(champion)
    html = client.post("/digests/preferences/", data).content.decode()
    assert message in html
    assert "There is a problem" in html
    champion.profile.refresh_from_db()
    assert champion.profile.digest_frequency == "weekly"


def test_unsubscribe_link_asks_first_and_changes_nothing_on_get(client, champion):
    response = client.get(f"/digests/unsubscribe/{unsubscribe_token(champion.pk)}/")
    assert "Unsubscribe from the digest" in response.content.decode()
    champion.profile.refresh_from_db()
    assert champion.profile.digest_frequency == "weekly"


def test_one_click_unsubscribe_works_without_signing_in_or_a_csrf_token(champion):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/digests/unsubscribe/{unsubscribe_token(champion.pk)}/",
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    champion.profile.refresh_from_db()
    assert champion.profile.digest_frequency == "never"


@pytest.mark.parametrize("token", ["not-a-token", "MQ:1:forged"])
def test_a_bad_unsubscribe_link_says_so(client, champion, token):
    response = client.post(f"/digests/unsubscribe/{token}/")
    assert response.status_code == 404
    assert "This unsubscribe link does not work" in response.content.decode()
    champion.profile.refresh_from_db()
    assert champion.profile.digest_frequency == "weekly"


def test_the_preview_shows_an_empty_state(client, champion):
    client.force_login(champion)
    html = client.get("/digests/preview/").content.decode()
    assert "There is nothing new for you at the moment" in html
