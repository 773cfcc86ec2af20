"""What a digest says.

Each provider builds its section for a whole chunk of members at once, in a fixed number
of queries whatever the chunk's size. Rows are read as plain values (no model objects in
the inner loops) and matched with sets, so composing stays cheap at city scale.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from champions.models import ClinicalArea, ConversationRequest, Profile, Skill
from core.wording import and_join, when_text
from events.models import Commitment, Event, Registration
from events.selectors import audiences_of, with_places
from projects.models import (
    Comment,
    Follow,
    Measure,
    PointType,
    Project,
    ProjectUpdate,
    TeamMember,
    Visibility,
)

ITEMS_PER_SECTION = 5
# Events worth telling a member about: those starting within this many days of the digest.
EVENTS_AHEAD = timedelta(days=42)
# Commitments made at an event are nudged this long after it, once each.
COMMITMENT_NUDGES = (timedelta(weeks=2), timedelta(weeks=6))
# The most recently changed projects, and the newest members, considered per chunk.
RECENT_PROJECTS = 2000
NEW_TEACHERS = 500


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


@dataclass(frozen=True)
class Recipient:
    """What the providers need of a member, as sets of ids."""

    user_id: int
    organisation_id: int | None
    areas: frozenset[int]
    learns: frozenset[int]
    teaches: frozenset[int]

    @classmethod
    def of(cls, profile: Profile) -> "Recipient":
        """From a profile with its clinical areas and skills prefetched."""
        return cls(
            user_id=profile.user_id,
            organisation_id=profile.organisation_id,
            areas=frozenset(area.pk for area in profile.clinical_areas.all()),
            learns=frozenset(skill.pk for skill in profile.skills_to_learn.all()),
            teaches=frozenset(skill.pk for skill in profile.skills_to_teach.all()),
        )


@dataclass
class Window:
    """The period a digest covers, and what its providers share while composing a chunk."""

    since: datetime
    run_at: datetime
    shared: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self.shared:
            self.shared[key] = build()
        return self.shared[key]


Provider = Callable[[list[Recipient], Window], dict[int, Section]]


def _url_maker(name: str, arguments: int = 1) -> Callable[..., str]:
    """An absolute URL builder for a route with integer arguments, reversed only once."""
    placeholders = [987654321 + index for index in range(arguments)]
    pattern = reverse(name, args=placeholders)
    for index, placeholder in enumerate(placeholders):
        pattern = pattern.replace(str(placeholder), "{" + str(index) + "}")
    return lambda *args: settings.SITE_URL + pattern.format(*args)


def _names(window: Window, model) -> dict[int, str]:
    return window.once(
        f"names:{model._meta.label}", lambda: dict(model.objects.values_list("pk", "name"))
    )


def _grouped(through, owner: str, other: str, owner_ids) -> dict[int, frozenset[int]]:
    groups: dict[int, set[int]] = defaultdict(set)
    for owner_id, other_id in through.objects.filter(**{f"{owner}__in": owner_ids}).values_list(
        owner, other
    ):
        groups[owner_id].add(other_id)
    return {key: frozenset(value) for key, value in groups.items()}


def people_to_learn_from(recipients: list[Recipient], window: Window) -> dict[int, Section]:
    """New members since the last digest who can teach what the recipient wants to learn."""
    wanted = set().union(*(recipient.learns for recipient in recipients))
    if not wanted:
        return {}
    teachers = list(
        Profile.objects.listed()
        .filter(
            completed_at__gte=window.since,
            completed_at__lt=window.run_at,
            skills_to_teach__in=wanted,
        )
        .distinct()
        .order_by("-completed_at", "pk")
        .values("pk", "user_id", "display_name", "hide_organisation", "organisation__name")[
            :NEW_TEACHERS
        ]
    )
    if not teachers:
        return {}
    teaches = _grouped(
        Profile.skills_to_teach.through, "profile_id", "skill_id", [t["pk"] for t in teachers]
    )
    skill_names = _names(window, Skill)
    profile_url = _url_maker("champions:profile")
    sections = {}
    for recipient in recipients:
        items = []
        for teacher in teachers:
            shared = teaches.get(teacher["pk"], frozenset()) & recipient.learns
            if not shared or teacher["user_id"] == recipient.user_id:
                continue
            detail = f"Can teach {and_join(sorted(skill_names[pk] for pk in shared))}"
            if teacher["organisation__name"] and not teacher["hide_organisation"]:
                detail += f" · {teacher['organisation__name']}"
            items.append(Item(teacher["display_name"], profile_url(teacher["pk"]), detail))
            if len(items) == ITEMS_PER_SECTION:
                break
        if items:
            sections[recipient.user_id] = Section(
                "people",
                "New members who can teach what you want to learn",
                "Everyone has something to teach: ask for a learning conversation from a profile.",
                items,
            )
    return sections


def conversations_waiting(recipients: list[Recipient], window: Window) -> dict[int, Section]:
    """Open learning-conversation requests the recipient has not answered yet."""
    by_user: dict[int, list[Item]] = defaultdict(list)
    url = settings.SITE_URL + reverse("champions:conversations")
    requests = (
        ConversationRequest.objects.filter(
            recipient_id__in=[recipient.user_id for recipient in recipients],
            status=ConversationRequest.Status.OPEN,
        )
        .order_by("created_at", "pk")
        .values(
            "recipient_id", "sender__profile__display_name", "sender__email", "skill__name", "topic"
        )
    )
    for request in requests:
        sender = request["sender__profile__display_name"] or "A former member"
        about = request["skill__name"] or request["topic"]
        by_user[request["recipient_id"]].append(Item(sender, url, f"About {about}"))
    return {
        user_id: Section(
            "conversations",
            "Learning conversations waiting for your answer",
            "Someone has asked to learn from you.",
            items[:ITEMS_PER_SECTION],
        )
        for user_id, items in by_user.items()
    }


def _projects_of(recipients: list[Recipient], window: Window) -> dict[int, set[int]]:
    """The projects each recipient is in (invited or active) — shared by two sections."""

    def build() -> dict[int, set[int]]:
        teams: dict[int, set[int]] = defaultdict(set)
        for user_id, project_id in TeamMember.objects.filter(
            user_id__in=[recipient.user_id for recipient in recipients]
        ).values_list("user_id", "project_id"):
            teams[user_id].add(project_id)
        return teams

    return window.once("teams", build)


def on_your_projects(recipients: list[Recipient], window: Window) -> dict[int, Section]:
    """Learning updates and comments by others on projects the member is in or follows."""
    user_ids = [recipient.user_id for recipient in recipients]
    mine: dict[int, set[int]] = defaultdict(set)
    for user_id, project_id in TeamMember.objects.filter(
        user_id__in=user_ids, status=TeamMember.Status.ACTIVE
    ).values_list("user_id", "project_id"):
        mine[user_id].add(project_id)
    for user_id, project_id in Follow.objects.filter(
        user_id__in=user_ids, project__visibility=Visibility.NETWORK
    ).values_list("user_id", "project_id"):
        mine[user_id].add(project_id)
    project_ids = set().union(*mine.values()) if mine else set()
    if not project_ids:
        return {}
    window_filter = {"created_at__gte": window.since, "created_at__lt": window.run_at}
    updates = list(
        ProjectUpdate.objects.filter(project_id__in=project_ids, **window_filter)
        .order_by("-created_at", "-pk")
        .values("pk", "project_id", "project__title", "author_id", "author__profile__display_name")
    )
    comments: dict[int, list[tuple[int | None, int, str]]] = defaultdict(list)
    for project_id, author_id, update_id, title in (
        Comment.objects.filter(update__project_id__in=project_ids, **window_filter)
        .order_by("created_at", "pk")
        .values_list("update__project_id", "author_id", "update_id", "update__project__title")
    ):
        comments[project_id].append((author_id, update_id, title))
    update_url = _url_maker("projects:update_detail", 2)
    sections = {}
    for user_id, projects in mine.items():
        items = [
            Item(
                f"New learning update on {update['project__title']}",
                update_url(update["project_id"], update["pk"]),
                f"Posted by {update['author__profile__display_name'] or 'a former member'}",
            )
            for update in updates
            if update["project_id"] in projects and update["author_id"] != user_id
        ]
        for project_id in sorted(projects):
            others = [c for c in comments.get(project_id, []) if c[0] != user_id]
            if others:
                count = len(others)
                items.append(
                    Item(
                        f"{count} new comment{'s' if count != 1 else ''} on {others[0][2]}",
                        update_url(project_id, others[-1][1]),
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


@dataclass(frozen=True)
class RecentProject:
    pk: int
    title: str
    is_new: bool
    help_text: str
    areas: frozenset[int]
    organisations: frozenset[int]
    help_skills: frozenset[int]


def _recent_projects(window: Window) -> list[RecentProject]:
    """Network projects changed in the window, newest first — shared by two sections."""

    def build() -> list[RecentProject]:
        rows = list(
            Project.objects.filter(
                visibility=Visibility.NETWORK,
                updated_at__gte=window.since,
                updated_at__lt=window.run_at,
            )
            .order_by("-updated_at", "-pk")
            .values("pk", "title", "created_at", "help_wanted_text")[:RECENT_PROJECTS]
        )
        ids = [row["pk"] for row in rows]
        areas = _grouped(Project.clinical_areas.through, "project_id", "clinicalarea_id", ids)
        organisations = _grouped(
            Project.organisations.through, "project_id", "organisation_id", ids
        )
        skills = _grouped(Project.help_wanted_skills.through, "project_id", "skill_id", ids)
        empty: frozenset[int] = frozenset()
        return [
            RecentProject(
                pk=row["pk"],
                title=row["title"],
                is_new=row["created_at"] >= window.since,
                help_text=row["help_wanted_text"],
                areas=areas.get(row["pk"], empty),
                organisations=organisations.get(row["pk"], empty),
                help_skills=skills.get(row["pk"], empty),
            )
            for row in rows
        ]

    return window.once("recent_projects", build)


def projects_in_your_areas(recipients: list[Recipient], window: Window) -> dict[int, Section]:
    """New and updated network projects in the member's clinical areas or organisation."""
    projects = _recent_projects(window)
    if not projects:
        return {}
    teams = _projects_of(recipients, window)
    area_names = _names(window, ClinicalArea)
    project_url = _url_maker("projects:detail")
    sections = {}
    for recipient in recipients:
        items = []
        for project in projects:
            shared = project.areas & recipient.areas
            at_my_organisation = recipient.organisation_id in project.organisations
            if (shared or at_my_organisation) and project.pk not in teams[recipient.user_id]:
                names = sorted(area_names[pk] for pk in shared)
                why = f"In {and_join(names)}" if names else "At your organisation"
                status = "New" if project.is_new else "Updated"
                items.append(Item(project.title, project_url(project.pk), f"{status} · {why}"))
                if len(items) == ITEMS_PER_SECTION:
                    break
        if items:
            sections[recipient.user_id] = Section(
                "projects",
                "New and updated projects in your areas",
                "Someone may already be working on what you care about: learn from them or join.",
                items,
            )
    return sections


def help_you_could_give(recipients: list[Recipient], window: Window) -> dict[int, Section]:
    """Network projects asking for help with a skill the member can teach."""
    projects = [project for project in _recent_projects(window) if project.help_skills]
    if not projects:
        return {}
    teams = _projects_of(recipients, window)
    skill_names = _names(window, Skill)
    project_url = _url_maker("projects:detail")
    sections = {}
    for recipient in recipients:
        items = []
        for project in projects:
            wanted = project.help_skills & recipient.teaches
            if wanted and project.pk not in teams[recipient.user_id]:
                detail = (
                    f"Asking for help with {and_join(sorted(skill_names[pk] for pk in wanted))}"
                )
                if project.help_text:
                    detail += f": {project.help_text}"
                items.append(Item(project.title, project_url(project.pk), detail))
                if len(items) == ITEMS_PER_SECTION:
                    break
        if items:
            sections[recipient.user_id] = Section(
                "help",
                "Projects asking for help you could give",
                "You said you can teach these skills: a little of your time could unblock a team.",
                items,
            )
    return sections


def events_for_you(recipients: list[Recipient], window: Window) -> dict[int, Section]:
    """Events open for booking in the next six weeks on the member's clinical areas or on
    skills they want to learn, with the places left."""
    run_at = window.run_at
    events = list(
        with_places(
            Event.objects.filter(
                status=Event.Status.PUBLISHED,
                starts_at__gt=run_at,
                starts_at__lt=run_at + EVENTS_AHEAD,
            )
            .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=run_at))
            .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=run_at))
        )
        .order_by("starts_at", "pk")
        .values(
            "pk",
            "title",
            "starts_at",
            "ends_at",
            "capacity",
            "places_taken",
            "audience",
            "cohort_year",
        )
    )
    if not events:
        return {}
    ids = [event["pk"] for event in events]
    areas = _grouped(Event.clinical_areas.through, "event_id", "clinicalarea_id", ids)
    skills = _grouped(Event.skills.through, "event_id", "skill_id", ids)
    booked: dict[int, set[int]] = defaultdict(set)
    for user_id, event_id in (
        Registration.objects.filter(
            event_id__in=ids, user_id__in=[recipient.user_id for recipient in recipients]
        )
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("user_id", "event_id")
    ):
        booked[user_id].add(event_id)
    audiences = audiences_of(recipient.user_id for recipient in recipients)
    event_url = _url_maker("events:detail")
    empty: frozenset[int] = frozenset()
    sections = {}
    for recipient in recipients:
        items = []
        for event in events:
            relevant = (areas.get(event["pk"], empty) & recipient.areas) or (
                skills.get(event["pk"], empty) & recipient.learns
            )
            if (
                not relevant
                or event["pk"] in booked[recipient.user_id]
                or not audiences[recipient.user_id].include(event["audience"], event["cohort_year"])
            ):
                continue
            left = event["capacity"] - event["places_taken"]
            places = (
                f"{left} place{'s' if left != 1 else ''} left"
                if left > 0
                else "Full: join the waiting list"
            )
            when = when_text(event["starts_at"], event["ends_at"])
            items.append(Item(event["title"], event_url(event["pk"]), f"{when} · {places}"))
            if len(items) == ITEMS_PER_SECTION:
                break
        if items:
            sections[recipient.user_id] = Section(
                "events",
                "Learning events for you",
                "On the clinical areas you care about and the skills you want to learn.",
                items,
            )
    return sections


def commitments_to_try(recipients: list[Recipient], window: Window) -> dict[int, Section]:
    """The member's commitments from events that ended two or six weeks before this digest's
    period: each is nudged twice, once at each mark."""
    ended = Q()
    for nudge in COMMITMENT_NUDGES:
        ended |= Q(
            registration__event__ends_at__gte=window.since - nudge,
            registration__event__ends_at__lt=window.run_at - nudge,
        )
    commitments = (
        Commitment.objects.filter(ended)
        .filter(registration__user_id__in=[recipient.user_id for recipient in recipients])
        .order_by("registration__event__ends_at", "pk")
        .values(
            "registration__user_id",
            "registration__event_id",
            "registration__event__title",
            "change_idea",
        )
    )
    reflection_url = _url_maker("events:reflection")
    by_user: dict[int, list[Item]] = defaultdict(list)
    for commitment in commitments:
        by_user[commitment["registration__user_id"]].append(
            Item(
                commitment["change_idea"],
                reflection_url(commitment["registration__event_id"]),
                f"Your small test of change from {commitment['registration__event__title']}",
            )
        )
    return {
        user_id: Section(
            "commitments",
            "Have you tried your test of change?",
            "You made these commitments at learning events. What happened? "
            "A PDSA cycle on one of your projects is a good place to record it.",
            items[:ITEMS_PER_SECTION],
        )
        for user_id, items in by_user.items()
    }


# Readings that are a signal worth a team's attention.
SIGNALS = [PointType.IMPROVEMENT, PointType.CONCERN, PointType.NEUTRAL_HIGH, PointType.NEUTRAL_LOW]


def signals_on_your_projects(recipients: list[Recipient], window: Window) -> dict[int, Section]:
    """Special-cause signals in new data on the measures of the member's own projects —
    concerns included: they are the team's prompt for a learning conversation."""
    teams: dict[int, set[int]] = defaultdict(set)
    for user_id, project_id in TeamMember.objects.filter(
        user_id__in=[recipient.user_id for recipient in recipients],
        status=TeamMember.Status.ACTIVE,
    ).values_list("user_id", "project_id"):
        teams[user_id].add(project_id)
    project_ids = set().union(*teams.values()) if teams else set()
    if not project_ids:
        return {}
    measures = list(
        Measure.objects.filter(
            project_id__in=project_ids,
            latest_point_type__in=SIGNALS,
            analysed_at__gte=window.since,
            analysed_at__lt=window.run_at,
        )
        .order_by("-latest_date", "-pk")
        .values("pk", "project_id", "project__title", "name", "reading", "latest_point_type")
    )
    measure_url = _url_maker("projects:measure_detail", 2)
    sections = {}
    for user_id, projects in teams.items():
        items = [
            Item(
                f"{measure['name']} ({measure['project__title']})",
                measure_url(measure["project_id"], measure["pk"]),
                measure["reading"]
                + (
                    " What do we know about what is going on now?"
                    if measure["latest_point_type"] == PointType.CONCERN
                    else ""
                ),
            )
            for measure in measures
            if measure["project_id"] in projects
        ]
        if items:
            sections[user_id] = Section(
                "signals",
                "Signals on your measures",
                "New data on your projects' measures shows special cause variation.",
                items[:ITEMS_PER_SECTION],
            )
    return sections


def bright_spots_in_your_areas(recipients: list[Recipient], window: Window) -> dict[int, Section]:
    """Other teams' measures showing special cause improvement whose reading was refreshed in
    the period, in the member's clinical areas: what is working well, and who to ask."""
    measures = list(
        Measure.objects.filter(
            latest_point_type=PointType.IMPROVEMENT,
            project__visibility=Visibility.NETWORK,
            analysed_at__gte=window.since,
            analysed_at__lt=window.run_at,
        )
        .order_by("-latest_date", "-pk")
        .values("pk", "project_id", "project__title", "name", "reading")[:RECENT_PROJECTS]
    )
    if not measures:
        return {}
    areas = _grouped(
        Project.clinical_areas.through,
        "project_id",
        "clinicalarea_id",
        {measure["project_id"] for measure in measures},
    )
    teams = _projects_of(recipients, window)
    measure_url = _url_maker("projects:measure_detail", 2)
    empty: frozenset[int] = frozenset()
    sections = {}
    for recipient in recipients:
        items = []
        for measure in measures:
            if (
                areas.get(measure["project_id"], empty) & recipient.areas
                and measure["project_id"] not in teams[recipient.user_id]
            ):
                items.append(
                    Item(
                        f"{measure['name']} ({measure['project__title']})",
                        measure_url(measure["project_id"], measure["pk"]),
                        measure["reading"],
                    )
                )
                if len(items) == ITEMS_PER_SECTION:
                    break
        if items:
            sections[recipient.user_id] = Section(
                "bright_spots",
                "What is working well in your areas",
                "Bright spots: other teams' measures showing special cause improvement. "
                "Ask them how they did it.",
                items,
            )
    return sections


PROVIDERS: list[Provider] = [
    on_your_projects,
    signals_on_your_projects,
    conversations_waiting,
    commitments_to_try,
    events_for_you,
    help_you_could_give,
    bright_spots_in_your_areas,
    projects_in_your_areas,
    people_to_learn_from,
]
