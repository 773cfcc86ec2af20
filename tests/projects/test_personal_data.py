"""What projects hold about a member: in "Download my data", and what "Delete my account"
removes (their own things) and keeps (shared work, under "Former member")."""

import json

import pytest

from champions import services as champion_services
from core.models import OutgoingEmail
from projects import services
from projects.models import (
    Comment,
    Follow,
    HistoryEntry,
    PdsaCycle,
    Project,
    ProjectUpdate,
    TeamMember,
    Visibility,
)
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "Nadia Hussain"
UPDATE = {"now": "Falls are down", "working_well": "Huddles", "do_more": "Spread them"}


@pytest.fixture
def nadia():
    return UserFactory(email="nadia@example.org", profile__display_name=NAME)


@pytest.fixture
def jo():
    return UserFactory(email="jo@example.org", profile__display_name="Jo Firth")


@pytest.fixture
def sam():
    return UserFactory(email="sam@example.org", profile__display_name="Sam Akhtar")


def join(project, user, *, by, role="member") -> TeamMember:
    member = services.team_member_invite(project=project, by=by, user=user, role=role)
    return services.team_invitation_accept(member=member)


def cycle(project, *, by, objective="Try it") -> PdsaCycle:
    driver = services.driver_create(project=project, by=by, text="A driver")
    idea = services.change_idea_create(driver=driver, by=by, text="An idea")
    return services.pdsa_cycle_create(change_idea=idea, by=by, data={"objective": objective})


def test_my_download_has_my_projects(client, nadia, jo):
    own = ProjectFactory(title="Safer handovers", created_by=nadia)
    jos = ProjectFactory(title="Falls at home", lead=jo)
    join(jos, nadia, by=jo, role="coach")
    update = services.learning_update_create(project=jos, by=nadia, data=UPDATE)
    services.comment_create(update=update, by=nadia, body="Lovely work")
    cycle(own, by=nadia, objective="Huddle at every handover")
    services.project_follow(project=jos, user=nadia)
    client.force_login(nadia)
    data = json.loads(client.get("/people/me/data/").content)["projects"]

    memberships = {m["project"]: m for m in data["team_memberships"]}
    assert memberships["Falls at home"]["role"] == "Improvement coach"
    assert memberships["Falls at home"]["invited_by"] == "Jo Firth"
    assert memberships["Safer handovers"]["role"] == "Lead"
    assert [p["title"] for p in data["projects_i_started"]] == ["Safer handovers"]
    (exported_cycle,) = data["pdsa_cycles_i_added"]
    assert exported_cycle["objective"] == "Huddle at every handover"
    assert exported_cycle["status"] == "Planned"
    assert exported_cycle["number"] == 1
    (exported_update,) = data["learning_updates_i_wrote"]
    assert exported_update["What do we know about what is going on now?"] == "Falls are down"
    assert [c["comment"] for c in data["comments_i_wrote"]] == ["Lovely work"]
    assert [f["project"] for f in data["projects_i_follow"]] == ["Falls at home"]
    changes = {(c["project"], c["what"]) for c in data["changes_i_made"]}
    assert ("Falls at home", "added the learning update") in changes
    assert ("Falls at home", "added the team member") in changes, "accepting the invitation"


def test_erasure_removes_follows_and_invitations_and_keeps_contributions(nadia, jo):
    jos = ProjectFactory(title="Falls at home", lead=jo)
    invited = ProjectFactory(lead=jo)
    services.team_member_invite(project=invited, by=jo, user=nadia, role="member")
    join(jos, nadia, by=jo)
    services.project_follow(project=invited, user=nadia)
    update = services.learning_update_create(project=jos, by=nadia, data=UPDATE)
    comment = services.comment_create(update=update, by=nadia, body="Lovely work")
    made = cycle(jos, by=nadia)

    champion_services.account_delete(user=nadia)

    assert not Follow.objects.filter(user=nadia).exists()
    assert not TeamMember.objects.filter(user=nadia).exists()
    assert ProjectUpdate.objects.get(pk=update.pk).author_id == nadia.pk
    assert Comment.objects.get(pk=comment.pk).author_id == nadia.pk
    assert PdsaCycle.objects.get(pk=made.pk).created_by_id == nadia.pk
    left = HistoryEntry.objects.filter(project=jos, action="removed").get()
    assert (left.subject, left.subject_label) == ("team member", "Former member left")
    declined = HistoryEntry.objects.filter(project=invited, action="removed").get()
    assert (declined.subject, declined.subject_label) == ("invitation", "Former member")


def test_pages_show_a_former_member(client, nadia, jo):
    jos = ProjectFactory(title="Falls at home", lead=jo)
    join(jos, nadia, by=jo)
    update = services.learning_update_create(project=jos, by=nadia, data=UPDATE)
    services.comment_create(update=update, by=nadia, body="Lovely work")
    made = cycle(jos, by=nadia)
    champion_services.account_delete(user=nadia)
    client.force_login(jo)
    for url in (
        update.get_absolute_url(),
        made.get_absolute_url(),
        f"/projects/{jos.pk}/",
        f"/projects/{jos.pk}/history/",
        f"/projects/{jos.pk}/team/",
    ):
        page = client.get(url).content.decode()
        assert NAME not in page, url
    assert "by Former member" in client.get(update.get_absolute_url()).content.decode()
    assert "Added by Former member" in client.get(made.get_absolute_url()).content.decode()


def test_the_last_lead_leaving_hands_the_lead_to_the_longest_serving_member(nadia, jo, sam):
    project = ProjectFactory(title="Safer handovers", created_by=nadia)
    join(project, jo, by=nadia)
    join(project, sam, by=nadia, role="coach")
    champion_services.account_delete(user=nadia)
    assert dict(TeamMember.objects.filter(project=project).values_list("user", "role")) == {
        jo.pk: TeamMember.Role.LEAD,
        sam.pk: TeamMember.Role.COACH,
    }
    promoted = HistoryEntry.objects.get(project=project, action="changed")
    assert promoted.subject_label == "Jo Firth"
    assert promoted.changes == [
        {"field": "role", "label": "Role", "before": "Team member", "after": "Lead"}
    ]
    assert Project.objects.get(pk=project.pk).created_by_id == nadia.pk


def test_another_lead_keeps_the_team_as_it_is(nadia, jo, sam):
    project = ProjectFactory(created_by=nadia)
    join(project, jo, by=nadia, role="lead")
    join(project, sam, by=nadia)
    champion_services.account_delete(user=nadia)
    roles = dict(TeamMember.objects.filter(project=project).values_list("user", "role"))
    assert roles == {jo.pk: TeamMember.Role.LEAD, sam.pk: TeamMember.Role.MEMBER}


def test_a_draft_only_i_could_see_goes_and_shared_ones_stay(nadia, jo):
    mine_alone = ProjectFactory(created_by=nadia, visibility=Visibility.DRAFT)
    cycle(mine_alone, by=nadia)  # its cycles go with it, though ideas with cycles are kept
    shared_draft = ProjectFactory(created_by=nadia, visibility=Visibility.DRAFT)
    services.team_member_invite(project=shared_draft, by=nadia, user=jo, role="member")
    network_alone = ProjectFactory(created_by=nadia)
    champion_services.account_delete(user=nadia)
    assert not Project.objects.filter(pk=mine_alone.pk).exists()
    assert Project.objects.filter(pk=shared_draft.pk).exists(), "Jo was invited: it is theirs too"
    assert Project.objects.filter(pk=network_alone.pk).exists(), "the network's learning stays"
    assert not TeamMember.objects.filter(project=network_alone).exists()


def test_emails_that_named_me_to_others_go_and_theirs_stay(nadia, jo, sam):
    jos = ProjectFactory(lead=jo)
    join(jos, nadia, by=jo)
    join(jos, sam, by=jo)
    update = services.learning_update_create(project=jos, by=jo, data=UPDATE)
    services.comment_create(update=update, by=nadia, body="Mine")
    services.comment_create(update=update, by=sam, body="Sam's")
    own = ProjectFactory(created_by=nadia)
    declined = services.team_member_invite(project=own, by=nadia, user=jo, role="coach")
    services.team_invitation_decline(member=declined)
    assert OutgoingEmail.objects.filter(text__contains=NAME).exclude(to=nadia.email).count() == 3

    champion_services.account_delete(user=nadia)

    assert not OutgoingEmail.objects.filter(text__contains=NAME).exists()
    kept = set(OutgoingEmail.objects.values_list("kind", "to"))
    assert ("projects.comment", jo.email) in kept, "Sam's comment, emailed to Jo"


def test_the_history_keeps_everyone_elses_names(nadia, jo, sam):
    project = ProjectFactory(created_by=jo, lead=jo)
    join(project, sam, by=jo)
    join(project, nadia, by=jo)
    services.team_member_change_role(member=TeamMember.objects.get(user=nadia), by=jo, role="coach")
    champion_services.account_delete(user=nadia)
    labels = list(
        HistoryEntry.objects.filter(project=project)
        .order_by("created_at", "pk")
        .values_list("subject_label", flat=True)
    )
    assert "Sam Akhtar (Team member)" in labels
    assert labels.count("Former member (Team member)") == 2, "invited, then joined"
    assert "Former member" in labels, "the role change"
    assert not [label for label in labels if NAME in label]
