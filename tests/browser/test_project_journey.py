"""The projects acceptance journey in Chromium: a champion starts a project (similar
projects appear as they type), invites a colleague from another organisation, builds a
driver diagram, runs three PDSA cycles on one change idea and posts an update; a third
member finds it by a misspelt word of its aim and comments, and the team is emailed."""

import re

import pytest

from champions.models import Organisation
from projects.models import PdsaCycle, Project
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, ProjectFactory, UserFactory
from tests.helpers import assert_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AIM = "Reduce falls with harm through better prevention on wards 7 and 8 by 30% by March 2027"


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/home/")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_start_a_project_build_it_with_a_team_and_be_found_by_a_typo(page):
    lead = UserFactory(email="asha@example.org", profile__display_name="Asha Patel")
    colleague = UserFactory(
        email="tom@example.org", profile__display_name="Tom Firth",
        profile__organisation=Organisation.objects.get(short_name="LCH"),
    )  # fmt: skip
    reader = UserFactory(email="nadia@example.org", profile__display_name="Nadia Hussain")
    ProjectFactory(title="Preventing falls in care homes", aim="Fewer falls in care homes")

    sign_in(page, lead.email)
    page.get_by_role("link", name="Log your first improvement project").click()
    page.get_by_label("Title").fill("Safer nights on the frailty wards")
    page.get_by_label("Aim statement").fill(AIM)
    live = page.locator(".app-similar-live")
    live.get_by_role("link", name="Preventing falls in care homes").wait_for()
    assert_accessible(page, step="similar projects shown as the aim was typed")
    page.get_by_role("button", name="Continue").click()
    assert "Has anyone in Leeds already worked on this?" in page.content()
    page.get_by_label("One-line summary").fill("Night-time rounding to prevent falls")
    page.get_by_label("The problem").fill("Older people fall at night and are hurt.")
    page.get_by_label("Testing changes").check()
    page.get_by_label("Leeds Teaching Hospitals NHS Trust", exact=True).check()
    page.get_by_label("Network: every member can find and read it").check()
    page.get_by_role("button", name="Create the project").click()
    assert "Your project has been created" in page.content()
    project = Project.objects.get(title="Safer nights on the frailty wards")

    page.get_by_role("link", name="Team", exact=True).click()
    page.get_by_label("Name or email address").fill("Tom")
    page.get_by_role("button", name="Find members").click()
    page.get_by_label("Role for Tom Firth").select_option("member")
    page.get_by_role("button", name="Invite Tom Firth").click()
    assert "Tom Firth has been invited" in page.content()
    assert_email(to=colleague.email, kind="projects.invitation", text=(project.title,))

    page.goto(f"/projects/{project.pk}/driver-diagram/")
    page.get_by_role("textbox", name="Primary driver").fill("A safe environment at night")
    page.get_by_role("button", name="Add primary driver").click()
    page.get_by_role("textbox", name="Secondary driver").fill("Someone always nearby")
    page.get_by_role("button", name="Add secondary driver").click()
    secondary = page.locator(f"#driver-{project.drivers.get(parent__isnull=False).pk}")
    secondary.get_by_role("textbox", name="Change idea").fill("Hourly rounding at night")
    secondary.get_by_role("button", name="Add change idea").click()
    page.get_by_role("link", name="Hourly rounding at night").click()
    for number in (1, 2, 3):
        page.get_by_role("link", name=f"Start PDSA cycle {number}").click()
        page.get_by_label("Objective of this cycle").fill(f"Rounding test {number}")
        page.get_by_label("What we predict will happen").fill("Fewer falls at night")
        page.get_by_label("Done").check()
        page.get_by_label("Adapt: change it and test again").check()
        page.get_by_role("button", name="Save the cycle").click()
        assert f"PDSA cycle {number} has been added" in page.content()
        page.get_by_role("link", name="Back to the change idea").click()
    assert list(PdsaCycle.objects.values_list("number", flat=True).order_by("number")) == [1, 2, 3]

    page.goto(f"/projects/{project.pk}/updates/new/")
    page.get_by_label("What do we know about what is going on now?").fill("Falls are down.")
    page.get_by_label("What is working well?").fill("Night staff own the rounding.")
    page.get_by_label("How could we do more of that?").fill("Spread it to ward 8.")
    page.get_by_role("button", name="Post the update").click()
    assert "Your learning update has been posted" in page.content()
    sign_out(page)

    sign_in(page, colleague.email)
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("button", name="Accept and join the team").click()
    sign_out(page)

    sign_in(page, reader.email)
    page.get_by_role("link", name="Projects", exact=True).click()
    page.get_by_label("Search projects").fill("prevension")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Safer nights on the frailty wards").click()
    page.get_by_role("link", name=re.compile(r", by Asha Patel")).click()
    page.get_by_label("Add to the conversation").fill("We do this in Seacroft: happy to share.")
    page.get_by_role("button", name="Add comment").click()
    assert "We do this in Seacroft" in page.content()
    for member in (lead, colleague):
        assert_email(
            to=member.email, kind="projects.comment", text=("We do this in Seacroft",),
            html=("We do this in Seacroft",),
        )  # fmt: skip
    assert page.problems == []


def test_a_draft_is_not_found_by_others(page):
    owner = UserFactory(email="owner@example.org")
    outsider = UserFactory(email="outsider@example.org")
    draft = ProjectFactory(title="Quiet wards draft", visibility="draft", lead=owner)
    sign_in(page, outsider.email)
    response = page.goto(f"/projects/{draft.pk}/")
    assert response.status == 404
    page.goto("/projects/?q=quiet")
    assert "Quiet wards draft" not in page.content()
