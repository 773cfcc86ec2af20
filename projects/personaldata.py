"""This app's providers for the personal-data registry (`core.personaldata`):
what "Download my data" contains about a member's projects, and what "Delete my account"
removes. Registered in `ProjectsConfig.ready`.

Erasure removes what is the member's own: follows, invitations to them, their places in
teams (a team left without a lead gets its longest-serving active member as lead), drafts
only they could see, the emails that named them to others (as a comment's author or an
invitation's sender), and their name and address wherever the history wrote them in
words. What they contributed to shared work stays, because their team and the network rely
on it: projects they started, PDSA cycles, learning updates, comments and the history of
their changes, all shown as by "Former member" once the account is anonymised. Rewriting
those history entries is the one change ever made to the history, which is otherwise
append-only.
"""

import re
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast

from champions.models import FORMER_MEMBER
from core import outbox, personaldata
from core.models import OutgoingEmail
from projects import history
from projects.models import (
    Comment,
    Follow,
    HistoryEntry,
    PdsaCycle,
    Project,
    ProjectUpdate,
    TeamMember,
)
from projects.services import PDSA_FIELDS, UPDATE_FIELDS, team_member_change_role

Action = HistoryEntry.Action


def _name(user) -> str | None:
    return user.display_name if user is not None else None


def export_projects(user) -> dict[str, Any]:
    return {
        "team_memberships": [
            {
                "project": member.project.title,
                "role": member.get_role_display(),
                "status": member.get_status_display(),
                "invited_by": _name(member.invited_by),
                "invited_at": member.created_at,
                "joined_at": member.joined_at,
            }
            for member in TeamMember.objects.filter(user=user)
            .select_related("project", "invited_by__profile")
            .order_by("created_at", "pk")
        ],
        "projects_i_started": [
            {
                "title": project.title,
                "visibility": project.get_visibility_display(),
                "created_at": project.created_at,
            }
            for project in Project.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "pdsa_cycles_i_added": [
            {
                "project": cycle.project.title,
                "change_idea": cycle.change_idea.text,
                "number": cycle.number,
                **{name: getattr(cycle, name) for name in PDSA_FIELDS},
                "status": cycle.get_status_display(),
                "act": cycle.get_act_display(),
                "created_at": cycle.created_at,
            }
            for cycle in PdsaCycle.objects.filter(created_by=user)
            .select_related("project", "change_idea")
            .order_by("created_at", "pk")
        ],
        "learning_updates_i_wrote": [
            {
                "project": update.project.title,
                "created_at": update.created_at,
                **{
                    str(ProjectUpdate._meta.get_field(name).verbose_name): getattr(update, name)
                    for name in UPDATE_FIELDS
                },
            }
            for update in ProjectUpdate.objects.filter(author=user)
            .select_related("project")
            .order_by("created_at", "pk")
        ],
        "comments_i_wrote": [
            {
                "project": comment.update.project.title,
                "on_the_update_of": comment.update.created_at,
                "comment": comment.body,
                "created_at": comment.created_at,
            }
            for comment in Comment.objects.filter(author=user)
            .select_related("update__project")
            .order_by("created_at", "pk")
        ],
        "projects_i_follow": [
            {"project": follow.project.title, "since": follow.created_at}
            for follow in Follow.objects.filter(user=user)
            .select_related("project")
            .order_by("created_at", "pk")
        ],
        "changes_i_made": [
            {
                "project": entry.project.title,
                "when": entry.created_at,
                "what": f"{entry.get_action_display()} the {entry.subject}",
                "label": entry.subject_label,
                "changes": entry.changes,
            }
            for entry in HistoryEntry.objects.filter(actor=user)
            .select_related("project")
            .order_by("created_at", "pk")
        ],
    }


def _erase_emails_naming(user) -> None:
    """Emails to other members that name this one: about their comments, and the
    invitations they sent (found through the history, which outlives declined ones)."""
    comments = Comment.objects.filter(author=user).values_list("pk", flat=True)
    invitations = HistoryEntry.objects.filter(
        actor=user, subject="invitation", action=Action.ADDED
    ).values_list("subject_id", flat=True)
    OutgoingEmail.objects.filter(
        outbox.related_to(Comment, comments)
        | outbox.related_to(TeamMember, invitations, kind="projects.invitation")
    ).delete()


def _leave_team(member: TeamMember, *, user) -> None:
    # Locked as projects.services locks it to count leads, so a lead leaving at the same
    # time cannot leave the team without one.
    project = Project.objects.select_for_update().get(pk=member.project_id)
    others = TeamMember.objects.filter(project=project).exclude(pk=member.pk)
    if project.is_draft and not others.exists():
        # Nobody else has seen it. Its cycles go first: they protect their change ideas.
        PdsaCycle.objects.filter(project=project).delete()
        project.delete()
        return
    leads = others.filter(role=TeamMember.Role.LEAD, status=TeamMember.Status.ACTIVE)
    if member.is_active and member.role == TeamMember.Role.LEAD and not leads.exists():
        successor = (
            others.filter(status=TeamMember.Status.ACTIVE)
            .select_related("user__profile")
            .order_by(F("joined_at").asc(nulls_last=True), "pk")
            .first()
        )
        if successor is not None:
            successor.project = project
            team_member_change_role(member=successor, by=user, role=TeamMember.Role.LEAD)
    history.record(
        project=project, by=user, action=Action.REMOVED,
        subject="team member" if member.is_active else "invitation", subject_id=member.pk,
        label=f"{FORMER_MEMBER} left" if member.is_active else FORMER_MEMBER,
    )  # fmt: skip
    member.delete()


def _anonymise_history(user) -> None:
    """The member's name and addresses, wherever an entry wrote them in its label or its
    values ("Nadia Hussain (Lead)", "Nadia Hussain left"), become "Former member"."""
    needles = {user.display_name, user.email}
    needles.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    needles = sorted((needle for needle in needles if needle), key=len, reverse=True)
    words = re.compile(
        "|".join(rf"(?<!\w){re.escape(needle)}(?!\w)" for needle in needles), re.IGNORECASE
    )
    mentions = Q()
    for needle in needles:
        mentions |= Q(subject_label__icontains=needle) | Q(changes_text__icontains=needle)
    entries = list(
        HistoryEntry.objects.annotate(changes_text=Cast("changes", TextField())).filter(mentions)
    )
    for entry in entries:
        entry.subject_label = words.sub(FORMER_MEMBER, entry.subject_label)
        entry.changes = [
            {
                **change,
                "before": words.sub(FORMER_MEMBER, str(change.get("before", ""))),
                "after": words.sub(FORMER_MEMBER, str(change.get("after", ""))),
            }
            for change in entry.changes
        ]
    # A bulk update, not save(): the model refuses to change an entry, rightly, except here.
    HistoryEntry.objects.bulk_update(entries, ["subject_label", "changes"])


def erase_projects(user) -> None:
    _erase_emails_naming(user)
    Follow.objects.filter(user=user).delete()
    for member in TeamMember.objects.filter(user=user).order_by("pk"):
        _leave_team(member, user=user)
    _anonymise_history(user)


def register() -> None:
    personaldata.register_exporter("projects", export_projects)
    personaldata.register_eraser("projects", erase_projects)
