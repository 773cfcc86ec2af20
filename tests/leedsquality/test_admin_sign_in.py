"""The Django admin has no password form of its own: staff sign in on the site's sign-in
page, where two-step verification is asked for (the browser journey is in
tests/browser/test_admin_journey.py)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_password_alone_does_not_open_the_admin_for_staff_with_two_step_on(client, admin_user):
    TOTP.activate(admin_user, generate_totp_secret())
    response = client.post(
        "/admin/login/?next=/admin/", {"username": admin_user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert client.get("/admin/").status_code == 302, "not signed in"


def test_the_admins_sign_in_page_sends_visitors_to_the_sites_own(client):
    response = client.get("/admin/login/?next=/admin/champions/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fchampions%2F"
