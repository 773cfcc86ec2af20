"""A patient or carer partner's journey in Chromium: sign up, complete a profile with no
employer, profession or job title, be found by a project lead and join the team, and book
a place at an event with an access requirement."""

import re

import pytest
from playwright.sync_api import expect

from champions.models import Profile
from core.models import OutgoingEmail
from events.models import Registration
from projects.models import TeamMember
from tests.browser.helpers import window_for
from tests.events.factories import EventFactory, in_days
from tests.factories import ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "margaret.holroyd@example.org"
PASSWORD = "a-carer-in-seacroft-since-2019"


def test_a_partner_signs_up_joins_a_project_team_and_books_an_event(page, browser, live_server):
    lead = UserFactory(email="asha@example.org", profile__display_name="Asha Patel")
    project = ProjectFactory(lead=lead, title="Safer discharge for people with diabetes")
    event = EventFactory(
        title="Neutral space: living with diabetes at home",
        starts_at=in_days(5, 14),
        ends_at=in_days(5, 16),
    )

    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(re.compile("Verify your email address", re.I))
    text = OutgoingEmail.objects.get(to=EMAIL).text
    page.goto(re.search(r"https?://[^\s]+(/accounts/confirm-email/[^\s]+/)", text).group(1))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Complete your profile")
    page.get_by_label("Your name").fill("Margaret Holroyd")
    page.get_by_role("group", name="How do you take part in the network?").get_by_label(
        "Patient or carer partner"
    ).check()
    page.get_by_role("group", name=re.compile("skills you want to learn")).get_by_label(
        "Run charts"
    ).check()
    page.get_by_role("group", name=re.compile("Clinical areas")).get_by_label("Diabetes").check()
    page.get_by_role("button", name="Save your profile").click()
    expect(page.locator("main")).to_contain_text("Your profile is complete")
    profile = Profile.objects.get(user__email=EMAIL)
    assert (profile.kind, profile.organisation, profile.job_title) == ("partner", None, "")

    # The lead finds the partner on the team page and invites them.
    asha = window_for(browser, live_server, lead, page.problems)
    asha.goto(f"/projects/{project.pk}/team/")
    asha.get_by_label("Name or email address").fill("Margaret")
    asha.get_by_role("button", name="Find members").click()
    expect(asha.locator("main")).to_contain_text("Margaret Holroyd Partner")
    asha.get_by_label("Role for Margaret Holroyd").select_option("member")
    asha.get_by_role("button", name="Invite Margaret Holroyd").click()
    expect(asha.locator("main")).to_contain_text("Margaret Holroyd has been invited")
    asha.context.close()

    page.get_by_role("link", name="Home", exact=True).click()
    page.get_by_role("link", name=project.title).click()
    page.get_by_role("button", name="Accept and join the team").click()
    assert TeamMember.objects.get(project=project, user__email=EMAIL).is_active
    page.get_by_role("navigation", name="Pages of this project").get_by_role(
        "link", name="Team"
    ).click()
    expect(page.locator("main")).to_contain_text("Margaret Holroyd")

    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("link", name=event.title).click()
    page.get_by_role("button", name="Book a place").click()
    page.get_by_label("Do you have any access requirements? (optional)").fill(
        "A seat near the door, please"
    )
    page.get_by_role("button", name="Book my place").click()
    expect(page.locator("main")).to_contain_text("Your place is booked")
    registration = Registration.objects.get(event=event, user__email=EMAIL)
    assert registration.access_requirements == "A seat near the door, please"
    assert page.problems == []
