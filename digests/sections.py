"""What a digest says. Each section provider builds its section for a whole chunk of
members at once, in a fixed number of queries, from the apps below digests."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.urls import reverse

from champions.models import ConversationRequest, Profile
from projects.models import Comment, Follow, Project, ProjectUpdate, TeamMember, Visibility

ITEMS_PER_SECTION = 5
# The most recently changed projects considered for the "in your areas" and "help" sections.
RECENT_PROJECTS = 2000


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    detail: str = ""


@dataclass
class Section:
    key: str
    title: str
    intro: str
    items: list[Item] = field(default_factory=list)


Provider = Callable[[list[Profile], datetime, datetime], dict[int, Section]]


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def people_to_learn_from(
    recipients: list[Profile], since: datetime, run_at: datetime
) -> dict[int, Section]:
    """New members since the last digest who can teach what the recipient wants to learn."""
    wanted = {
        profile.user_id: {skill.pk for skill in profile.skills_to_learn.all()}
        for profile in recipients
    }
    skill_ids = set().union(*wanted.values()) if wanted else set()
    if not skill_ids:
        return {}
    teachers = list(
        Profile.objects.listed()
        .filter(completed_at__gte=since, completed_at__lt=run_at, skills_to_teach__in=skill_ids)
        .distinct()
        .select_related("organisation")
        .prefetch_related("skills_to_teach")
        .order_by("-completed_at", "pk")[:500]
    )
    sections = {}
    for profile in recipients:
        items = []
        for teacher in teachers:
            if teacher.user_id == profile.user_id:
                continue
            shared = [
                skill.name
                for skill in teacher.skills_to_teach.all()
                if skill.pk in wanted[profile.user_id]
            ]
            if shared:
                organisation = teacher.visible_organisation
                detail = f"Can teach {_join(shared)}" + (
                    f" · {organisation.name}" if organisation else ""
                )
                items.append(
                    Item(
                        teacher.display_name,
                        absolute(reverse("champions:profile", args=[teacher.pk])),
                        detail,
                    )
                )
        if items:
            sections[profile.user_id] = Section(
                "people",
                "New members who can teach what you want to learn",
                "Everyone has something to teach: ask for a learning conversation from a profile.",
                items[:ITEMS_PER_SECTION],
            )
    return sections


def conversations_waiting(
    recipients: list[Profile], since: datetime, run_at: datetime
) -> dict[int, Section]:
    """Open learning-conversation requests the recipient has not answered yet."""
    by_user: dict[int, list[ConversationRequest]] = defaultdict(list)
    requests = (
        ConversationRequest.objects.filter(
            recipient_id__in=[profile.user_id for profile in recipients],
            status=ConversationRequest.Status.OPEN,
        )
        .select_related("sender__profile", "skill")
        .order_by("created_at", "pk")
    )
    for request in requests:
        by_user[request.recipient_id].append(request)
    url = absolute(reverse("champions:conversations"))
    return {
        user_id: Section(
            "conversations",
            "Learning conversations waiting for your answer",
            "Someone has asked to learn from you.",
            [
                Item(
                    request.sender.display_name,
                    url,
                    f"About {request.skill.name if request.skill else request.topic}",
                )
                for request in waiting[:ITEMS_PER_SECTION]
            ],
        )
        for user_id, waiting in by_user.items()
    }


def on_your_projects(
    recipients: list[Profile], since: datetime, run_at: datetime
) -> dict[int, Section]:
    """Learning updates and comments by others on projects the member is in or follows."""
    user_ids = [profile.user_id for profile in recipients]
    projects_of: dict[int, set[int]] = defaultdict(set)
    for user_id, project_id in TeamMember.objects.filter(
        user_id__in=user_ids, status=TeamMember.Status.ACTIVE
    ).values_list("user_id", "project_id"):
        projects_of[user_id].add(project_id)
    for user_id, project_id in Follow.objects.filter(
        user_id__in=user_ids, project__visibility=Visibility.NETWORK
    ).values_list("user_id", "project_id"):
        projects_of[user_id].add(project_id)
    project_ids = set().union(*projects_of.values()) if projects_of else set()
    if not project_ids:
        return {}
    updates = list(
        ProjectUpdate.objects.filter(
            project_id__in=project_ids, created_at__gte=since, created_at__lt=run_at
        )
        .select_related("project", "author__profile")
        .order_by("-created_at", "-pk")
    )
    comments: dict[int, list[tuple[int | None, int, str]]] = defaultdict(list)
    for project_id, author_id, update_id, title in Comment.objects.filter(
        update__project_id__in=project_ids, created_at__gte=since, created_at__lt=run_at
    ).values_list("update__project_id", "author_id", "update_id", "update__project__title"):
        comments[project_id].append((author_id, update_id, title))
    sections = {}
    for user_id, mine in projects_of.items():
        items = [
            Item(
                f"New learning update on {update.project.title}",
                absolute(update.get_absolute_url()),
                f"Posted by {update.author.display_name if update.author else 'a former member'}",
            )
            for update in updates
            if update.project_id in mine and update.author_id != user_id
        ]
        for project_id in sorted(mine):
            others = [c for c in comments.get(project_id, []) if c[0] != user_id]
            if others:
                count = len(others)
                items.append(
                    Item(
                        f"{count} new comment{'s' if count != 1 else ''} on {others[0][2]}",
                        absolute(
                            reverse("projects:update_detail", args=[project_id, others[-1][1]])
                        ),
                        "A learning conversation about your project",
                    )
                )
        if items:
            sections[user_id] = Section(
                "your_projects",
                "On your projects",
                "What others have posted on projects you are part of or follow.",
                items[:ITEMS_PER_SECTION],
            )
    return sections


def _recent_network_projects(since: datetime, run_at: datetime):
    return list(
        Project.objects.filter(
            visibility=Visibility.NETWORK, updated_at__gte=since, updated_at__lt=run_at
        )
        .prefetch_related("clinical_areas", "organisations", "help_wanted_skills")
        .order_by("-updated_at", "-pk")[:RECENT_PROJECTS]
    )


def _team_projects(recipients: list[Profile]) -> dict[int, set[int]]:
    teams: dict[int, set[int]] = defaultdict(set)
    for user_id, project_id in TeamMember.objects.filter(
        user_id__in=[profile.user_id for profile in recipients]
    ).values_list("user_id", "project_id"):
        teams[user_id].add(project_id)
    return teams


def projects_in_your_areas(
    recipients: list[Profile], since: datetime, run_at: datetime
) -> dict[int, Section]:
    """New and updated network projects in the member's clinical areas or organisation."""
    projects = _recent_network_projects(since, run_at)
    if not projects:
        return {}
    teams = _team_projects(recipients)
    sections = {}
    for profile in recipients:
        areas = {area.pk for area in profile.clinical_areas.all()}
        items = []
        for project in projects:
            if project.pk in teams[profile.user_id]:
                continue
            shared = [a.name for a in project.clinical_areas.all() if a.pk in areas]
            same_organisation = profile.organisation_id and any(
                o.pk == profile.organisation_id for o in project.organisations.all()
            )
            if shared or same_organisation:
                new = project.created_at >= since
                why = f"In {_join(shared).lower()}" if shared else "At your organisation"
                items.append(
                    Item(
                        project.title,
                        absolute(project.get_absolute_url()),
                        f"{'New' if new else 'Updated'} · {why}",
                    )
                )
            if len(items) == ITEMS_PER_SECTION:
                break
        if items:
            sections[profile.user_id] = Section(
                "projects",
                "New and updated projects in your areas",
                "Someone may already be working on what you care about: learn from them or join.",
                items,
            )
    return sections


def help_you_could_give(
    recipients: list[Profile], since: datetime, run_at: datetime
) -> dict[int, Section]:
    """Network projects asking for help with a skill the member can teach."""
    projects = [p for p in _recent_network_projects(since, run_at) if p.help_wanted_skills.all()]
    if not projects:
        return {}
    teams = _team_projects(recipients)
    sections = {}
    for profile in recipients:
        teaches = {skill.pk for skill in profile.skills_to_teach.all()}
        items = []
        for project in projects:
            wanted = [s.name for s in project.help_wanted_skills.all() if s.pk in teaches]
            if wanted and project.pk not in teams[profile.user_id]:
                detail = f"Asking for help with {_join(wanted)}"
                if project.help_wanted_text:
                    detail += f": {project.help_wanted_text}"
                items.append(Item(project.title, absolute(project.get_absolute_url()), detail))
            if len(items) == ITEMS_PER_SECTION:
                break
        if items:
            sections[profile.user_id] = Section(
                "help",
                "Projects asking for help you could give",
                "You said you can teach these skills: a little of your time could unblock a team.",
                items,
            )
    return sections


PROVIDERS: list[Provider] = [
    on_your_projects,
    conversations_waiting,
    help_you_could_give,
    projects_in_your_areas,
    people_to_learn_from,
]
