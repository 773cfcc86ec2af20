"""The NHS.UK layout every page shares, allauth's pages in it, and allauth's HTML emails."""

import re

import pytest

from core.models import OutgoingEmail
from tests.factories import PASSWORD
from tests.helpers import assert_email

pytestmark = pytest.mark.django_db


def page(client, path: str, **kwargs) -> str:
    response = client.get(path, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_is_offered_sign_in_and_an_account(client):
    html = page(client, "/accounts/login/")
    assert '<a class="nhsuk-header__account-link" href="/accounts/login/">Sign in</a>' in html
    assert 'href="/accounts/signup/">Create an account</a>' in html
    assert "nhsuk-header__navigation" not in html
    assert "Sign out" not in html


def test_a_member_gets_the_navigation_and_signs_out_by_post(client, champion):
    client.force_login(champion)
    html = page(client, "/accounts/email/")
    links = re.findall(r'class="nhsuk-header__navigation-link" href="([^"]+)"', html)
    assert links == ["/home/", "/projects/", "/events/", "/people/", "/accounts/email/"]
    assert 'href="/accounts/email/" aria-current="page"' in html
    sign_out = re.search(r'<form class="nhsuk-header__account-form"[^>]*>(.*?)</form>', html, re.S)
    assert 'action="/accounts/logout/" method="post"' in sign_out.group(0)
    assert 'name="csrfmiddlewaretoken"' in sign_out.group(1)
    assert "Facilitator" not in html


@pytest.mark.parametrize(
    ("persona", "tag"), [("facilitator", "Facilitator"), ("system_leader", "System leader")]
)
def test_the_header_shows_a_role_tag(client, request, persona, tag):
    client.force_login(request.getfixturevalue(persona))
    html = page(client, "/home/")
    assert f'<strong class="nhsuk-tag nhsuk-tag--white app-header__role">{tag}</strong>' in html


def test_a_message_is_an_nhs_notification_banner(client, champion):
    response = client.post(
        "/accounts/login/", {"login": champion.email, "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    banner = re.search(r'<div class="nhsuk-notification-banner[^"]*"[^>]*>', html).group(0)
    assert "nhsuk-notification-banner--success" in banner
    assert 'role="alert"' in banner
    assert "Successfully signed in" in html


def test_allauth_pages_are_in_the_layout_with_their_own_title(client):
    html = page(client, "/accounts/login/")
    assert "<title>Sign in – Leeds Quality Network</title>" in html
    assert '<main class="nhsuk-main-wrapper" id="maincontent">' in html
    assert re.search(
        r'<input type="email" name="login"[^>]* class="nhsuk-input"[^>]*id="id_login"', html
    )
    assert "novalidate" in html
    html = page(client, "/accounts/password/reset/")
    assert "<title>Password reset – Leeds Quality Network</title>" in html


def test_a_failed_sign_in_has_an_error_title_and_summary(client, champion):
    response = client.post("/accounts/login/", {"login": champion.email, "password": "wrong-one"})
    html = response.content.decode()
    assert "<title>Error: Sign in – Leeds Quality Network</title>" in html
    summary = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S).group(0)
    assert 'role="alert"' in summary
    assert "The email address or password is not correct." in summary


def test_a_sign_up_error_links_from_the_summary_to_the_field(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "not-an-email", "password1": "x", "password2": "x"},
    )
    html = response.content.decode()
    assert html.count("There is a problem") == 1
    message = "Enter an email address in the correct format, like name@example.com"
    assert f'<a href="#id_email">{message}</a>' in html
    assert re.search(r'<input[^>]*class="nhsuk-input nhsuk-input--error"[^>]*id="id_email"', html)


def test_pages_run_no_inline_script_and_have_no_inline_style(client, champion):
    client.force_login(champion)
    for path in ("/home/", "/accounts/email/", "/accounts/2fa/", "/accounts/logout/"):
        html = page(client, path)
        assert " style=" not in html, path
        for tag in re.findall(r"<script[^>]*>", html):
            assert " src=" in tag or 'type="application/json"' in tag, (path, tag)


def test_the_sign_up_email_has_an_html_part_in_the_network_style(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "new.member@example.org",
            "password1": "quality-improvement-in-leeds",
            "password2": "quality-improvement-in-leeds",
        },
    )
    email = assert_email(
        to="new.member@example.org",
        kind="account.email_confirmation_signup",
        text=("/accounts/confirm-email/", "Leeds Quality Network"),
        html=("Confirm your email address", "/accounts/confirm-email/", "max-width:600px"),
    )
    assert "<script" not in email.html
    assert "<img" not in email.html, "the email reads the same with images blocked"
    link = re.search(r'href="([^"]*/accounts/confirm-email/[^"]+)"', email.html).group(1)
    assert link in email.text


def test_the_sign_in_code_email_shows_the_code_in_both_parts(client, champion):
    client.post("/accounts/login/code/", {"email": champion.email})
    email = OutgoingEmail.objects.get(to=champion.email, kind="account.login_code")
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", email.text, re.MULTILINE).group(1)
    assert code in email.html
