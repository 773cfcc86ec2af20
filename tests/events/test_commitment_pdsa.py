"""Turning a commitment made after an event into a PDSA cycle: the member chooses a change
idea of a project they are in, and continues to its PDSA form with the objective filled in."""

import html
from urllib.parse import urlencode

import pytest

from events.models import Commitment, Registration
from projects import services as project_services
from projects.models import PdsaCycle, TeamMember, Visibility
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PROMISE = "Try a falls huddle at every handover for a week"


def idea(project, text: str, *, by):
    driver = project_services.driver_create(project=project, by=by, text=f"Driver for {text}")
    return project_services.change_idea_create(driver=driver, by=by, text=text)


@pytest.fixture
def commitment(champion) -> Commitment:
    event = EventFactory(title="Falls learning set", starts_at=in_days(-2), ends_at=in_days(-2, 12))
    registration = RegistrationFactory(
        event=event, user=champion, status=Registration.Status.ATTENDED
    )
    return Commitment.objects.create(registration=registration, change_idea=PROMISE)


@pytest.fixture
def member(client, champion):
    client.force_login(champion)
    return client


def url(commitment: Commitment) -> str:
    return f"/events/commitments/{commitment.pk}/pdsa-cycle/"


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def test_the_change_ideas_of_my_projects_grouped_by_project(
    member, champion, other_champion, commitment
):
    wards = ProjectFactory(title="B: Safer wards", lead=champion)
    homes = ProjectFactory(title="A: Falls at home", lead=other_champion)
    TeamMember.objects.create(project=homes, user=champion, status=TeamMember.Status.ACTIVE)
    invited = ProjectFactory(title="Only invited", lead=other_champion)
    TeamMember.objects.create(project=invited, user=champion, status=TeamMember.Status.INVITED)
    not_mine = ProjectFactory(title="Not my project", lead=other_champion)
    idea(wards, "Hourly rounding", by=champion)
    idea(wards, "Low beds", by=champion)
    idea(homes, "Home hazard checks", by=other_champion)
    idea(invited, "Invited idea", by=other_champion)
    idea(not_mine, "Someone else's idea", by=other_champion)

    page = text(member.get(url(commitment)))
    assert PROMISE in page
    assert page.index("A: Falls at home") < page.index("Home hazard checks")
    assert page.index("Home hazard checks") < page.index("B: Safer wards")
    assert page.index("B: Safer wards") < page.index("Hourly rounding") < page.index("Low beds")
    assert "Invited idea" not in page, "an invitation is not yet a place in the team"
    assert "Someone else's idea" not in page
    assert page.count('type="radio"') == 3
    assert 'id="id_change_idea_0"' in page


def test_choosing_an_idea_continues_to_a_prefilled_pdsa_form(member, champion, commitment):
    project = ProjectFactory(title="Safer wards", lead=champion)
    chosen = idea(project, "Hourly rounding", by=champion)
    response = member.post(url(commitment), {"change_idea": chosen.pk})
    expected = f"/projects/{project.pk}/change-ideas/{chosen.pk}/pdsa/new/"
    assert response.status_code == 302
    assert response["Location"] == f"{expected}?{urlencode({'objective': PROMISE})}"

    form = member.get(response["Location"])
    page = text(form)
    assert form.context["form"]["objective"].value() == PROMISE
    assert f'value="{PROMISE}"' in page
    assert "PDSA cycle 1" in page
    assert not PdsaCycle.objects.exists(), "nothing is saved until the member sends the form"


def test_an_idea_of_a_project_i_cannot_edit_is_refused(
    member, champion, other_champion, commitment
):
    mine = ProjectFactory(lead=champion)
    idea(mine, "Mine", by=champion)
    theirs = idea(ProjectFactory(lead=other_champion), "Theirs", by=other_champion)
    response = member.post(url(commitment), {"change_idea": theirs.pk})
    page = text(response)
    assert "There is a problem" in page
    assert "Choose a change idea of a project you are in the team of" in page
    assert 'href="#id_change_idea_0"' in page


def test_leaving_the_team_before_sending_is_caught(member, champion, other_champion, commitment):
    project = ProjectFactory(lead=other_champion)
    membership = TeamMember.objects.create(
        project=project, user=champion, status=TeamMember.Status.ACTIVE
    )
    chosen = idea(project, "Hourly rounding", by=other_champion)
    assert "Hourly rounding" in text(member.get(url(commitment)))
    membership.delete()
    response = member.post(url(commitment), {"change_idea": chosen.pk})
    assert "Choose a change idea of a project you are in the team of" in text(response)
    pdsa_form = f"/projects/{project.pk}/change-ideas/{chosen.pk}/pdsa/new/"
    assert member.get(pdsa_form).status_code == 403, "and the PDSA form itself refuses"


@pytest.mark.parametrize("value", ["99999999999999999999", "hourly", "-1"])
def test_a_nonsense_choice_is_refused(member, champion, commitment, value):
    idea(ProjectFactory(lead=champion), "Hourly rounding", by=champion)
    page = text(member.post(url(commitment), {"change_idea": value}))
    assert "Choose a change idea of a project you are in the team of" in page


def test_nothing_chosen(member, champion, commitment):
    idea(ProjectFactory(lead=champion), "Hourly rounding", by=champion)
    page = text(member.post(url(commitment), {}))
    assert "Choose the change idea you will test" in page


def test_no_change_ideas_yet_points_to_starting_a_project(member, champion, commitment):
    ProjectFactory(lead=champion)  # a project, but no change ideas on its diagram
    page = text(member.get(url(commitment)))
    assert "You have no change ideas to test yet" in page
    assert 'href="/projects/new/"' in page
    assert 'type="radio"' not in page


def test_a_draft_projects_ideas_count_for_its_team(member, champion, commitment):
    draft = ProjectFactory(title="My draft", lead=champion, visibility=Visibility.DRAFT)
    idea(draft, "Draft idea", by=champion)
    assert "Draft idea" in text(member.get(url(commitment)))


def test_someone_elses_commitment_is_not_found(client, other_champion, commitment):
    client.force_login(other_champion)
    assert client.get(url(commitment)).status_code == 404
    assert client.post(url(commitment), {}).status_code == 404


def test_my_events_and_the_reflection_page_link_to_it(member, commitment):
    link = f'href="{url(commitment)}"'
    assert link in text(member.get("/events/mine/"))
    assert link in text(member.get(f"/events/{commitment.registration.event_id}/reflection/"))


def test_no_link_without_a_commitment(member, champion):
    event = EventFactory(starts_at=in_days(-2), ends_at=in_days(-2, 12))
    RegistrationFactory(event=event, user=champion, status=Registration.Status.ATTENDED)
    assert "pdsa-cycle" not in text(member.get("/events/mine/"))
    assert "pdsa-cycle" not in text(member.get(f"/events/{event.pk}/reflection/"))
