"""What a digest says. Each section provider builds its section for a whole chunk of
members at once, in a fixed number of queries, from the apps below digests."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.urls import reverse

from champions.models import ConversationRequest, Profile

ITEMS_PER_SECTION = 5


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


PROVIDERS: list[Provider] = [conversations_waiting, people_to_learn_from]
