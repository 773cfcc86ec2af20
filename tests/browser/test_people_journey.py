"""Issue 4's acceptance journey, in Chromium, and the new member's journey: from the landing
page's "Create an account" through email verification, a completed profile, an explained
match and the directory, to their first learning-conversation request; the recipient
accepts it on their home page and then sees the sender's email address."""

import re

import pytest
from playwright.sync_api import expect

from champions.models import ConversationRequest
from core.models import OutgoingEmail
from tests.champions.helpers import member
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "nadia.hussain@example.org"
NEW_PASSWORD = "quality-improvement-in-leeds"


def test_complete_a_profile_find_a_match_ask_and_have_it_accepted(page):
    jo = member("Jo Firth", org="LCH", teaches=("SPC charts", "Run charts"),
                areas=("Frailty",), job_title="Falls lead").user  # fmt: skip

    page.goto("/")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(re.compile("Verify your email address", re.I))
    text = OutgoingEmail.objects.get(to=EMAIL).text
    page.goto(re.search(r"https?://[^\s]+(/accounts/confirm-email/[^\s]+/)", text).group(1))
    page.get_by_role("button", name="Confirm").click()

    assert page.url.endswith("/people/me/edit/")
    assert page.get_by_role("heading", level=1).inner_text() == "Complete your profile"
    page.get_by_label("Your name").fill("Nadia Hussain")
    page.get_by_label("Your organisation").select_option(label="Leeds Teaching Hospitals NHS Trust")
    page.get_by_label("Your profession", exact=True).select_option(label="Nursing")
    page.get_by_label("Your job title").fill("Ward sister")
    page.get_by_label("About you (optional)").fill("Falls at night on an older people's ward.")
    page.get_by_role("group", name=re.compile("skills you want to learn")).get_by_label(
        "SPC charts"
    ).check()
    page.get_by_role("group", name=re.compile("Clinical areas")).get_by_label("Frailty").check()
    page.get_by_role("button", name="Save your profile").click()

    assert page.url.endswith("/people/who-can-help-me/")
    assert "Your profile is complete" in page.content()
    assert page.get_by_text(
        "Can teach SPC charts · also interested in frailty · Leeds Community Healthcare NHS Trust"
    ).is_visible()

    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Can teach").select_option(label="SPC charts")
    page.get_by_role("button", name="Search").click()
    assert "1 member found" in page.content()
    page.get_by_role("link", name="Jo Firth").click()
    assert jo.email not in page.content(), "not before a request is accepted"

    page.get_by_role("link", name="Ask for a learning conversation").click()
    page.get_by_label("Which skill would you like to talk about?").select_option(label="SPC charts")
    page.get_by_label("Your message").fill("Could you show me how you read your falls chart?")
    page.get_by_role("button", name="Send request").click()
    assert "Your request has been sent to Jo Firth" in page.content()
    assert ConversationRequest.objects.get().is_open
    page.goto("/people/conversations/")
    sent = page.get_by_role("table", name="Requests you have sent")
    expect(sent).to_contain_text("Jo Firth")

    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(jo.email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/home/")
    assert "Nadia Hussain would like to talk about SPC charts" in page.locator("main").inner_text()
    assert EMAIL not in page.content()
    page.get_by_role("button", name="Accept Nadia Hussain's request").click()

    assert page.url.endswith("/people/conversations/")
    assert f"Their email address is {EMAIL}" in page.content()
    assert page.get_by_role("link", name=EMAIL).first.is_visible()
    assert page.problems == []
