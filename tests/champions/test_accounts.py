"""Signing up, verifying, signing in and out, resetting a password, signing in by code."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from core import roles
from core.models import OutgoingEmail
from tests.factories import PASSWORD
from tests.helpers import assert_email

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "quality-improvement-in-leeds"


def sign_up(client, email="new.member@example.org", password=STRONG, confirm=None):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": password, "password2": confirm or password},
    )


def link_in(email: OutgoingEmail) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", email.text)
    assert match, email.text
    return match.group(1)


def test_sign_up_sends_one_verification_email_through_the_outbox(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    email = assert_email(
        to="new.member@example.org",
        kind="account.email_confirmation_signup",
        text=("/accounts/confirm-email/",),
    )
    assert email.status == OutgoingEmail.Status.QUEUED


def test_a_member_cannot_sign_in_before_verifying(client):
    sign_up(client)
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new.member@example.org", "password": STRONG}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_verifying_signs_in_and_makes_a_champion(client):
    sign_up(client)
    email = OutgoingEmail.objects.get(to="new.member@example.org")
    link = link_in(email)
    assert client.get(link).status_code == 200, "GET only shows the confirmation page"
    assert not EmailAddress.objects.get(email="new.member@example.org").verified
    response = client.post(link)
    assert response.status_code == 302
    user = User.objects.get(email="new.member@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert roles.is_champion(user)
    assert client.get("/home/").status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused_with_a_clear_reason(client, password, message):
    response = sign_up(client, password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"email": ""}, "Enter your email address"),
        ({"password1": "", "password2": ""}, "Enter a password"),
        ({"password2": "something-else-entirely"}, "You must type the same password each time"),
    ],
)
def test_bad_sign_up_input_is_refused_and_the_email_is_kept(client, fields, message):
    data = {"email": "keep.me@example.org", "password1": STRONG, "password2": STRONG, **fields}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    if fields.get("email", "keep.me@example.org"):
        assert data["email"] in response.content.decode()
    assert not User.objects.exists()


def test_an_address_already_registered_cannot_take_a_second_account(client, champion):
    sign_up(client, email="CHAMPION@example.org")
    assert User.objects.filter(email="champion@example.org").count() == 1


def test_sign_in_and_sign_out(client, champion):
    response = client.post(
        "/accounts/login/", {"login": "Champion@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert client.get("/accounts/logout/").status_code == 200, "GET asks, never signs out"
    assert client.get("/home/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/home/").status_code == 302


def test_the_sixth_wrong_password_within_five_minutes_is_refused(client, champion):
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"login": champion.email, "password": "wrong-password-x"}
        )
        assert "The email address or password is not correct." in response.content.decode()
    response = client.post("/accounts/login/", {"login": champion.email, "password": PASSWORD})
    assert response.status_code == 200
    assert (
        "Too many failed sign-in attempts" in response.content.decode()
        or "Too many failed login attempts" in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_password_reset_email_goes_through_the_outbox(client, champion):
    response = client.post("/accounts/password/reset/", {"email": champion.email})
    assert response.status_code == 302
    assert_email(
        to=champion.email,
        kind="account.password_reset_key",
        text=("/accounts/password/reset/key/",),
    )


def test_sign_in_by_emailed_code(client, champion):
    response = client.post("/accounts/login/code/", {"email": champion.email})
    assert response.status_code == 302
    email = assert_email(to=champion.email, kind="account.login_code")
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", email.text, re.MULTILINE).group(1)
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200


def test_allauth_emails_have_no_site_prefix_in_the_subject(client):
    sign_up(client)
    email = OutgoingEmail.objects.get(to="new.member@example.org")
    assert not email.subject.startswith("[")


def test_an_empty_sign_in_says_what_to_enter(client):
    html = client.post("/accounts/login/", {"login": "", "password": ""}).content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html
    assert "There is a problem" in html
