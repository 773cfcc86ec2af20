"""Who may see and change a project (docs/security.md#permissions-404-and-403). Every view asks.

- A draft is seen by its team only (invited members included, so they can decide);
  everyone else gets 404, facilitators and system leaders too.
- A network project is read by every member.
- Active team members edit the project, its driver diagram, PDSA cycles and updates.
- Active leads manage the team and the project's visibility.
- Everyone who can read a project sees its measures' charts; a special-cause-concern
  prompt is for the active team and facilitators only (data for learning, not judgement).
"""

from django.db.models import QuerySet
from django.http import HttpRequest

from core import roles
from core.access import get_object_for_user
from projects.models import Project, TeamMember, Visibility


def membership(user, project: Project) -> TeamMember | None:
    """The user's place in the team (invited or active), loaded once per project object."""
    if user is None or not user.is_authenticated:
        return None
    prefetched = getattr(project, "_prefetched_objects_cache", {}).get("team")
    if prefetched is not None:
        return next((member for member in prefetched if member.user_id == user.pk), None)
    cache = project.__dict__.setdefault("_memberships", {})
    if user.pk not in cache:
        cache[user.pk] = TeamMember.objects.filter(project=project, user=user).first()
    return cache[user.pk]


def is_active_member(user, project: Project) -> bool:
    member = membership(user, project)
    return member is not None and member.is_active


def can_view_project(user, project: Project) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if project.visibility == Visibility.NETWORK:
        return True
    return membership(user, project) is not None


def can_edit_project(user, project: Project) -> bool:
    return is_active_member(user, project)


def can_see_concerns(user, project: Project) -> bool:
    """Whether to prompt about special cause concern: the team, and facilitators who support
    it. Others see the chart as it is, but are never pointed at a team's concerns."""
    return is_active_member(user, project) or roles.is_facilitator(user)


def can_manage_team(user, project: Project) -> bool:
    member = membership(user, project)
    return member is not None and member.is_active and member.role == TeamMember.Role.LEAD


def can_comment(user, project: Project) -> bool:
    """Every member who can read a project can join its learning conversation."""
    return can_view_project(user, project)


def get_project_for_user(
    request: HttpRequest,
    pk: int,
    *,
    write: bool = False,
    manage: bool = False,
    queryset: QuerySet[Project] | None = None,
) -> Project:
    """The project, or 404 for those who may not see it and 403 for those who may see it
    but not change it (`write`) or not manage its team (`manage`)."""
    return get_object_for_user(
        queryset if queryset is not None else Project.objects.all(),
        user=request.user,
        can_view=can_view_project,
        can_change=can_manage_team if manage else can_edit_project,
        write=write or manage,
        pk=pk,
    )
