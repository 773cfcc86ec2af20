"""The anonymous visitor: the landing page, the pages open to everyone, and member-only
pages sending them to sign in and back."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_landing_page_loads_its_assets_without_csp_violations(page):
    page.goto("/")
    assert page.title() == "Improvement together across Leeds – Leeds Quality Network"
    assert page.locator("h1").inner_text() == "Leeds Quality Network"
    background = page.locator("header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(0, 94, 184)", "the stylesheet did not load"
    assert page.problems == []


def test_the_first_tab_reaches_the_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    assert_accessible(page, step="the skip link, shown on focus")


def test_a_visitor_reaches_the_public_pages_and_is_asked_to_sign_in_for_the_rest(page):
    member = UserFactory(email="jo.firth@example.org")
    page.goto("/")
    header = page.get_by_role("navigation", name="Account")
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)

    page.get_by_role("link", name="Create an account").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    header.get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password reset")
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    page.get_by_role("button", name="Email me a sign-in code").click()
    expect(page.get_by_role("button", name=re.compile("code", re.I))).to_be_visible()
    page.get_by_role("link", name="Leeds Quality Network").click()
    expect(page).to_have_url(re.compile(r"/$"))

    for path in ("/home/", "/projects/", "/events/", "/people/", "/city/", "/people/me/edit/"):
        page.goto(path)
        expect(page, f"{path} is for members").to_have_url(
            re.compile(rf"/accounts/login/\?next={re.escape(path)}$")
        )
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    # Signing in goes on to the page that was asked for.
    page.get_by_label("Email").fill(member.email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile("/people/me/edit/$"))
    assert page.problems == []
