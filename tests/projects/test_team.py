"""The team: the lead invites from the directory, invitees accept, the last lead stays."""

import pytest

from champions.models import Organisation
from core.models import OutgoingEmail
from projects.models import HistoryEntry, TeamMember
from tests.factories import ProjectFactory, UserFactory
from tests.helpers import assert_email, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(champion):
    return ProjectFactory(lead=champion, title="Fewer falls at night", summary="Night rounding")


def test_the_lead_finds_a_colleague_in_the_directory_and_invites_them(
    client, champion, other_champion, project
):
    client.force_login(champion)
    html = client.get(f"/projects/{project.pk}/team/", {"q": "Tom"}).content.decode()
    assert "Tom Firth" in html
    response = client.post(
        f"/projects/{project.pk}/team/invite/", {"user": other_champion.pk, "role": "coach"}
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(project=project, user=other_champion)
    assert (member.status, member.role, member.invited_by) == ("invited", "coach", champion)
    assert_email(
        to=other_champion.email,
        kind="projects.invitation",
        subject="Asha Patel invited you to join “Fewer falls at night”",
        text=("as improvement coach", f"/projects/{project.pk}/", "Night rounding"),
        html=("Join the team of “Fewer falls at night”", f"/projects/{project.pk}/",
              "Open the project to accept or decline"),
    )  # fmt: skip
    html = client.get(f"/projects/{project.pk}/team/", {"q": "Tom"}).content.decode()
    assert "Already in the team or invited." in html


def test_inviting_someone_twice_or_with_a_bad_role_is_refused(
    client, champion, other_champion, project
):
    client.force_login(champion)
    client.post(
        f"/projects/{project.pk}/team/invite/", {"user": other_champion.pk, "role": "member"}
    )
    again = client.post(
        f"/projects/{project.pk}/team/invite/", {"user": other_champion.pk, "role": "member"}
    )
    assert "Tom Firth is already in the team or invited." in again.content.decode()
    bad = client.post(
        f"/projects/{project.pk}/team/invite/", {"user": other_champion.pk, "role": "boss"}
    )
    assert "Select a role from the list" in bad.content.decode()
    nobody = client.post(f"/projects/{project.pk}/team/invite/", {"user": "0", "role": "member"})
    assert "Choose someone from the results" in nobody.content.decode()
    assert TeamMember.objects.filter(project=project).count() == 2


@pytest.mark.parametrize(
    "profile",
    [
        {"profile__visibility": "hidden"},
        {"profile__completed_at": None},
        {"profile": False},
    ],
    ids=["hidden", "incomplete", "no-profile"],
)
def test_only_listed_members_can_be_invited(client, champion, project, profile):
    # The search never offers them, and a posted id must not reveal who they are.
    unlisted = UserFactory(email="unlisted@example.org", **profile)
    if hasattr(unlisted, "profile"):
        unlisted.profile.display_name = "Hidden Person"
        unlisted.profile.save()
    client.force_login(champion)
    response = client.post(
        f"/projects/{project.pk}/team/invite/", {"user": unlisted.pk, "role": "member"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose someone from the results" in html
    assert "Hidden Person" not in html
    assert "unlisted@example.org" not in html
    assert not TeamMember.objects.filter(project=project, user=unlisted).exists()
    assert not OutgoingEmail.objects.filter(to="unlisted@example.org").exists()


def test_an_invited_member_accepts_and_can_then_edit(client, champion, other_champion, project):
    member = project.team.create(user=other_champion, role="member", invited_by=champion)
    client.force_login(other_champion)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "You have been invited to join this team" in html
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 403
    client.post(f"/projects/{project.pk}/invitation/", {"response": "accept"})
    member.refresh_from_db()
    assert member.status == "active"
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 200
    assert HistoryEntry.objects.filter(project=project, subject="team member").exists()


def test_declining_a_draft_invitation_hides_the_draft_again(client, champion, other_champion):
    draft = ProjectFactory(lead=champion, visibility="draft")
    draft.team.create(user=other_champion, role="member")
    client.force_login(other_champion)
    assert client.get(f"/projects/{draft.pk}/").status_code == 200
    client.post(f"/projects/{draft.pk}/invitation/", {"response": "decline"})
    assert client.get(f"/projects/{draft.pk}/").status_code == 404


def test_the_last_lead_cannot_leave_or_step_down(client, champion, project):
    client.force_login(champion)
    lead = project.team.get(user=champion)
    response = client.post(f"/projects/{project.pk}/team/leave/", follow=True)
    assert "A project needs a lead" in response.content.decode()
    client.post(f"/projects/{project.pk}/team/{lead.pk}/role/", {"role": "member"})
    lead.refresh_from_db()
    assert lead.role == "lead"
    co_lead = project.team.create(user=UserFactory(), role="lead", status="active")
    client.post(f"/projects/{project.pk}/team/{lead.pk}/role/", {"role": "member"})
    lead.refresh_from_db()
    assert lead.role == "member"
    assert co_lead.role == "lead"


def test_a_member_leaves_and_a_lead_removes_or_changes_roles(client, champion, partner, project):
    member = project.team.create(user=partner, role="member", status="active")
    client.force_login(champion)
    client.post(f"/projects/{project.pk}/team/{member.pk}/role/", {"role": "partner"})
    member.refresh_from_db()
    assert member.role == "partner"
    change = HistoryEntry.objects.get(project=project, action="changed", subject="team member")
    assert change.changes == [
        {"field": "role", "label": "Role", "before": "Team member",
         "after": "Patient or carer partner"}
    ]  # fmt: skip
    client.post(f"/projects/{project.pk}/team/{member.pk}/remove/")
    assert not project.team.filter(user=partner).exists()
    again = project.team.create(user=partner, role="member", status="active")
    client.force_login(partner)
    client.post(f"/projects/{project.pk}/team/leave/")
    assert not TeamMember.objects.filter(pk=again.pk).exists()


def test_members_who_are_not_leads_cannot_manage_the_team(client, champion, partner, project):
    project.team.create(user=partner, role="member", status="active")
    client.force_login(partner)
    html = client.get(f"/projects/{project.pk}/team/", {"q": "Tom"}).content.decode()
    assert "Invite someone" not in html
    lead = project.team.get(user=champion)
    assert client.post(f"/projects/{project.pk}/team/{lead.pk}/remove/").status_code == 403


def test_a_partner_who_hides_their_organisation_is_shown_without_it(
    client, champion, partner, project
):
    partner.profile.organisation = Organisation.objects.get(short_name="Forum Central")
    partner.profile.hide_organisation = True
    partner.profile.save()
    project.team.create(user=partner, role="partner", status="active")
    client.force_login(champion)
    html = client.get(f"/projects/{project.pk}/team/", {"q": "Margaret"}).content.decode()
    assert "Margaret Holroyd" in html
    assert "LTHT" in html  # the lead's organisation, not hidden
    assert "Forum Central" not in html  # neither in the team table nor the search result


def test_the_team_page_query_count_does_not_grow_with_the_team(client, champion, project):
    client.force_login(champion)

    def page():
        assert client.get(f"/projects/{project.pk}/team/").status_code == 200

    small = count_queries(page)
    for short_name in ("LCH", "LYPFT", "YAS", "VAL"):
        organisation = Organisation.objects.get(short_name=short_name)
        project.team.create(
            user=UserFactory(profile__organisation=organisation), role="member", status="active"
        )
    assert count_queries(page) == small
