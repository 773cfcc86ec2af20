"""Writes to projects: each keeps the search vector, the cross-boundary flag and the
history right, and sends its emails through the core outbox, in one transaction."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Func, Max, OuterRef, Q, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from core.errors import ServiceError
from core.outbox import outgoing_email_create_from_templates
from projects import history
from projects.models import (
    ChangeIdea,
    Comment,
    Driver,
    Follow,
    HistoryEntry,
    PdsaCycle,
    Project,
    ProjectUpdate,
    TeamMember,
)
from projects.permissions import can_manage_team
from projects.selectors import SEARCH_CONFIG

# Project fields a team edits, in the order the history lists them.
PROJECT_FIELDS = (
    "title", "summary", "problem", "aim", "method", "stage", "progress_score", "setting",
    "start_date", "expected_end_date", "visibility", "help_wanted_text", "city_priorities",
    "partner_involvement", "partner_involvement_detail",
)  # fmt: skip
PROJECT_M2M_FIELDS = ("organisations", "clinical_areas", "help_wanted_skills")
SEARCHED_FIELDS = {"title", "aim", "summary", "problem"}
PDSA_FIELDS = (
    "objective", "questions", "prediction", "plan_who", "plan_what", "plan_when", "plan_where",
    "plan_data", "do_notes", "study", "act", "act_next", "start_date", "end_date", "status",
)  # fmt: skip
UPDATE_FIELDS = ("now", "working_well", "do_more", "others_learn", "help_needed")

Action = HistoryEntry.Action


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


# Search and the cross-boundary flag: computed in SQL, one UPDATE for any number of projects.


def project_search_refresh(*, project_ids: Iterable[int] | None = None) -> int:
    """Rebuild the weighted search vector: title (A) > aim (B) > summary and problem (C) >
    learning updates (D). Returns how many projects were updated."""
    updates_text = (
        ProjectUpdate.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(
            text=StringAgg(
                Func(
                    Value(" "), *UPDATE_FIELDS, function="concat_ws", output_field=TextField()
                ),
                delimiter=Value(" "),
            )
        )
        .values("text")
    )  # fmt: skip
    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("aim", weight="B", config=SEARCH_CONFIG)
        + SearchVector("summary", "problem", weight="C", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(Subquery(updates_text), Value(""), output_field=TextField()),
            weight="D",
            config=SEARCH_CONFIG,
        )
    )
    projects = Project.objects.all()
    if project_ids is not None:
        projects = projects.filter(pk__in=list(project_ids))
    return projects.update(search_vector=vector)


def project_cross_boundary_refresh(*, project_ids: Iterable[int] | None = None) -> int:
    """A project is cross-boundary when its organisations span two or more sectors."""
    sectors = (
        Project.organisations.through.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(count=Count("organisation__sector", distinct=True))
        .values("count")
    )
    projects = Project.objects.all()
    if project_ids is not None:
        projects = projects.filter(pk__in=list(project_ids))
    return projects.update(is_cross_boundary=GreaterThanOrEqual(Coalesce(Subquery(sectors), 0), 2))


# Projects


def _split(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    fields = {name: data[name] for name in PROJECT_FIELDS if name in data}
    m2m = {name: data[name] for name in PROJECT_M2M_FIELDS if name in data}
    return fields, m2m


@transaction.atomic
def project_create(*, by, data: Mapping[str, Any]) -> Project:
    """A new project, with its creator as the team's lead."""
    fields, m2m = _split(data)
    project = Project.objects.create(created_by=by, **fields)
    for name, values in m2m.items():
        getattr(project, name).set(values)
    TeamMember.objects.create(
        project=project,
        user=by,
        role=TeamMember.Role.LEAD,
        status=TeamMember.Status.ACTIVE,
        joined_at=timezone.now(),
    )
    project_cross_boundary_refresh(project_ids=[project.pk])
    project_search_refresh(project_ids=[project.pk])
    history.record(
        project=project, by=by, action=Action.CREATED, subject="project",
        subject_id=project.pk, label=project.title,
    )  # fmt: skip
    project.refresh_from_db(fields=["is_cross_boundary"])
    return project


@transaction.atomic
def project_update(*, project: Project, by, data: Mapping[str, Any]) -> Project:
    """Change the project's fields; only a lead may change its visibility."""
    fields, m2m = _split(data)
    # The form may have changed the instance in memory: compare with the saved row.
    saved = Project.objects.select_for_update().get(pk=project.pk)
    changes_visibility = fields.get("visibility", saved.visibility) != saved.visibility
    if changes_visibility and not can_manage_team(by, saved):
        raise PermissionDenied("Only a lead can change who can see the project.")
    names = [*fields, *m2m]
    before = history.snapshot(saved, names)
    for name, value in fields.items():
        setattr(project, name, value)
    project.save(update_fields=[*fields, "updated_at"])
    for name, values in m2m.items():
        getattr(project, name).set(values)
    after = history.snapshot(project, names)
    changes = history.differences(Project, before, after)
    if not changes:
        return project
    changed = {change["field"] for change in changes}
    if "organisations" in changed:
        project_cross_boundary_refresh(project_ids=[project.pk])
        project.refresh_from_db(fields=["is_cross_boundary"])
    if changed & SEARCHED_FIELDS:
        project_search_refresh(project_ids=[project.pk])
    history.record(
        project=project, by=by, action=Action.CHANGED, subject="project",
        subject_id=project.pk, label=project.title, changes=changes,
    )  # fmt: skip
    return project


# Team


def _active_leads(project: Project) -> int:
    return TeamMember.objects.filter(
        project=project, role=TeamMember.Role.LEAD, status=TeamMember.Status.ACTIVE
    ).count()


def _is_last_lead(member: TeamMember) -> bool:
    """Asked with the project row locked, so two leads leaving at once cannot both go."""
    Project.objects.select_for_update().filter(pk=member.project_id).get()
    return (
        member.is_active
        and member.role == TeamMember.Role.LEAD
        and _active_leads(member.project) <= 1
    )


@transaction.atomic
def team_member_invite(*, project: Project, by, user, role: str) -> TeamMember:
    """Invite a member to the team; they join when they accept. Emails them."""
    if TeamMember.objects.filter(project=project, user=user).exists():
        raise ServiceError(f"{user.display_name} is already in the team or invited.")
    member = TeamMember.objects.create(
        project=project, user=user, role=role, invited_by=by,
        status=TeamMember.Status.INVITED,
    )  # fmt: skip
    outgoing_email_create_from_templates(
        to=user.email,
        template="projects/emails/invitation",
        context={
            "project": project,
            "member": member,
            "inviter": by,
            "project_url": _absolute(project.get_absolute_url()),
        },
        kind="projects.invitation",
        related=member,
        idempotency_key=f"projects.invitation:{member.pk}",
    )
    history.record(
        project=project, by=by, action=Action.ADDED, subject="invitation",
        subject_id=member.pk, label=f"{user.display_name} ({member.get_role_display()})",
    )  # fmt: skip
    return member


@transaction.atomic
def team_invitation_accept(*, member: TeamMember) -> TeamMember:
    if member.is_active:
        return member
    member.status = TeamMember.Status.ACTIVE
    member.joined_at = timezone.now()
    member.save(update_fields=["status", "joined_at"])
    history.record(
        project=member.project, by=member.user, action=Action.ADDED, subject="team member",
        subject_id=member.pk, label=f"{member.user.display_name} ({member.get_role_display()})",
    )  # fmt: skip
    return member


@transaction.atomic
def team_invitation_decline(*, member: TeamMember) -> None:
    if member.is_active:
        raise ServiceError("You are already in the team: leave it instead.")
    history.record(
        project=member.project, by=member.user, action=Action.REMOVED, subject="invitation",
        subject_id=member.pk, label=f"{member.user.display_name} declined",
    )  # fmt: skip
    member.delete()


LAST_LEAD_MESSAGE = (
    "A project needs a lead: make someone else a lead before the last lead leaves or changes role."
)


@transaction.atomic
def team_member_remove(*, member: TeamMember, by) -> None:
    """A member leaves (`by` is the member) or a lead removes them. The last lead stays."""
    if _is_last_lead(member):
        raise ServiceError(LAST_LEAD_MESSAGE)
    label = member.user.display_name
    if by.pk == member.user_id:
        label = f"{label} left"
    history.record(
        project=member.project, by=by, action=Action.REMOVED, subject="team member",
        subject_id=member.pk, label=label,
    )  # fmt: skip
    member.delete()


@transaction.atomic
def team_member_change_role(*, member: TeamMember, by, role: str) -> TeamMember:
    if member.role == role:
        return member
    if role != TeamMember.Role.LEAD and _is_last_lead(member):
        raise ServiceError(LAST_LEAD_MESSAGE)
    before = member.get_role_display()
    member.role = role
    member.save(update_fields=["role"])
    history.record(
        project=member.project, by=by, action=Action.CHANGED, subject="team member",
        subject_id=member.pk, label=member.user.display_name,
        changes=[{"field": "role", "label": "Role", "before": before,
                  "after": member.get_role_display()}],
    )  # fmt: skip
    return member


# Driver diagram


@transaction.atomic
def driver_create(*, project: Project, by, text: str, parent: Driver | None = None) -> Driver:
    if parent is not None and (parent.project_id != project.pk or not parent.is_primary):
        raise ServiceError("A secondary driver sits under a primary driver of this project.")
    driver = Driver.objects.create(project=project, parent=parent, text=text)
    history.record(
        project=project, by=by, action=Action.ADDED, subject=driver.kind_label,
        subject_id=driver.pk, label=text,
    )  # fmt: skip
    return driver


@transaction.atomic
def driver_update(*, driver: Driver, by, text: str) -> Driver:
    if driver.text == text:
        return driver
    changes = [{"field": "text", "label": "Text", "before": driver.text, "after": text}]
    driver.text = text
    driver.save(update_fields=["text"])
    history.record(
        project=driver.project, by=by, action=Action.CHANGED, subject=driver.kind_label,
        subject_id=driver.pk, label=text, changes=changes,
    )  # fmt: skip
    return driver


@transaction.atomic
def driver_delete(*, driver: Driver, by) -> None:
    """Remove a driver with what hangs from it, unless a change idea under it has cycles."""
    if PdsaCycle.objects.filter(
        Q(change_idea__driver=driver) | Q(change_idea__driver__parent=driver)
    ).exists():
        raise ServiceError(
            "Change ideas under this driver have PDSA cycles, which are part of the project's "
            "learning: it cannot be removed. Rename it instead."
        )
    history.record(
        project=driver.project, by=by, action=Action.REMOVED, subject=driver.kind_label,
        subject_id=driver.pk, label=driver.text,
    )  # fmt: skip
    driver.delete()


@transaction.atomic
def change_idea_create(*, driver: Driver, by, text: str) -> ChangeIdea:
    idea = ChangeIdea.objects.create(project=driver.project, driver=driver, text=text)
    history.record(
        project=driver.project, by=by, action=Action.ADDED, subject="change idea",
        subject_id=idea.pk, label=text,
    )  # fmt: skip
    return idea


@transaction.atomic
def change_idea_update(*, idea: ChangeIdea, by, text: str) -> ChangeIdea:
    if idea.text == text:
        return idea
    changes = [{"field": "text", "label": "Text", "before": idea.text, "after": text}]
    idea.text = text
    idea.save(update_fields=["text"])
    history.record(
        project=idea.project, by=by, action=Action.CHANGED, subject="change idea",
        subject_id=idea.pk, label=text, changes=changes,
    )  # fmt: skip
    return idea


@transaction.atomic
def change_idea_delete(*, idea: ChangeIdea, by) -> None:
    if idea.cycles.exists():
        raise ServiceError(
            "This change idea has PDSA cycles, which are part of the project's learning: it "
            "cannot be removed. Rename it instead."
        )
    history.record(
        project=idea.project, by=by, action=Action.REMOVED, subject="change idea",
        subject_id=idea.pk, label=idea.text,
    )  # fmt: skip
    idea.delete()


# PDSA cycles


@transaction.atomic
def pdsa_cycle_create(*, change_idea: ChangeIdea, by, data: Mapping[str, Any]) -> PdsaCycle:
    """The next cycle of the change idea's ramp: numbers count up per change idea."""
    # Lock the change idea so two cycles started at once cannot take the same number.
    ChangeIdea.objects.select_for_update().filter(pk=change_idea.pk).get()
    last = change_idea.cycles.aggregate(last=Max("number"))["last"] or 0
    fields = {name: data[name] for name in PDSA_FIELDS if name in data}
    cycle = PdsaCycle.objects.create(
        project_id=change_idea.project_id, change_idea=change_idea, number=last + 1,
        created_by=by, **fields,
    )  # fmt: skip
    history.record(
        project=change_idea.project, by=by, action=Action.CREATED, subject="PDSA cycle",
        subject_id=cycle.pk, label=f"PDSA {cycle.number} on “{change_idea.text}”: "
        f"{cycle.objective}",
    )  # fmt: skip
    return cycle


@transaction.atomic
def pdsa_cycle_update(*, cycle: PdsaCycle, by, data: Mapping[str, Any]) -> PdsaCycle:
    fields = {name: data[name] for name in PDSA_FIELDS if name in data}
    # The form may have changed the instance in memory: compare with the saved row.
    before = history.snapshot(PdsaCycle.objects.select_for_update().get(pk=cycle.pk), fields)
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.save(update_fields=[*fields, "updated_at"])
    changes = history.differences(PdsaCycle, before, history.snapshot(cycle, fields))
    if changes:
        history.record(
            project=cycle.project, by=by, action=Action.CHANGED, subject="PDSA cycle",
            subject_id=cycle.pk, label=f"PDSA {cycle.number}: {cycle.objective}",
            changes=changes,
        )  # fmt: skip
    return cycle


# Learning updates and the conversation around them


@transaction.atomic
def learning_update_create(*, project: Project, by, data: Mapping[str, Any]) -> ProjectUpdate:
    answers = {name: data[name] for name in UPDATE_FIELDS if name in data}
    update = ProjectUpdate.objects.create(project=project, author=by, **answers)
    project_search_refresh(project_ids=[project.pk])
    history.record(
        project=project, by=by, action=Action.ADDED, subject="learning update",
        subject_id=update.pk, label=update.now[:120],
    )  # fmt: skip
    return update


@transaction.atomic
def comment_create(*, update: ProjectUpdate, by, body: str) -> Comment:
    """Add to the learning conversation, and tell the rest of the team by email."""
    comment = Comment.objects.create(update=update, author=by, body=body)
    project = update.project
    recipients = (
        TeamMember.objects.filter(project=project, status=TeamMember.Status.ACTIVE)
        .exclude(user=by)
        .select_related("user__profile")
    )
    update_url = _absolute(update.get_absolute_url())
    for member in recipients:
        outgoing_email_create_from_templates(
            to=member.user.email,
            template="projects/emails/comment",
            context={
                "project": project,
                "comment": comment,
                "author": by,
                "recipient": member.user,
                "update_url": f"{update_url}#comment-{comment.pk}",
            },
            kind="projects.comment",
            related=comment,
            idempotency_key=f"projects.comment:{comment.pk}:{member.user_id}",
        )
    return comment


# Following


def project_follow(*, project: Project, user) -> Follow:
    follow, _ = Follow.objects.get_or_create(project=project, user=user)
    return follow


def project_unfollow(*, project: Project, user) -> None:
    Follow.objects.filter(project=project, user=user).delete()
