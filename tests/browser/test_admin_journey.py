"""The admin's journey in Chromium: the Django admin sends them to the site's sign-in page,
which asks for their password and then for the code from their authenticator app; in
the admin they make a member a facilitator, and the member's next page shows the role."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from core import roles
from tests.browser.axe import assert_accessible
from tests.browser.helpers import totp_code, window_for
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_signs_in_with_two_steps_and_makes_a_member_a_facilitator(
    page, browser, live_server, admin_user
):
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)
    jo = UserFactory(email="jo.firth@example.org", profile__display_name="Jo Firth")

    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email").fill(admin_user.email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page, "the password alone is not enough").to_have_url(
        re.compile("/accounts/2fa/authenticate/")
    )
    page.get_by_label(re.compile("code", re.I)).fill(totp_code(secret))
    page.get_by_role("button", name=re.compile("Sign in|Confirm", re.I)).click()
    expect(page).to_have_url(re.compile("/admin/$"))
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.get_by_role("link", name="Members", exact=True).click()
    page.get_by_role("searchbox").fill("Jo Firth")
    page.keyboard.press("Enter")
    page.get_by_role("link", name=jo.email).click()
    page.get_by_role("checkbox", name="Facilitator").check()
    assert_accessible(page, step="the Facilitator role, ticked")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert roles.is_facilitator(jo)

    jo_page = window_for(browser, live_server, jo, page.problems)
    jo_page.goto("/home/")
    expect(jo_page.get_by_role("navigation", name="Account")).to_contain_text("Facilitator")
    expect(jo_page.get_by_role("link", name="City view")).to_be_visible()
    jo_page.context.close()

    page.get_by_role("button", name="Log out").click()
    page.goto("/admin/")
    expect(page).to_have_url(re.compile("/accounts/login/"))
    assert page.problems == []
