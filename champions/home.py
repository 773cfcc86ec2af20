"""This app's contributions to the home page (see core/panels.py).

Two queries at most, whatever the data: the member's open requests, and their top matches
(ranked in the database). The profile is the one `request.user.display_name` loads.
"""

from django.http import HttpRequest
from django.urls import reverse

from champions import selectors
from champions.models import Profile
from core.panels import NextStep, Panel

OPEN_REQUESTS_SHOWN = 5
MATCHES_SHOWN = 3


def _profile(request: HttpRequest) -> Profile | None:
    return getattr(request.user, "profile", None)


def panels(request: HttpRequest) -> list[Panel]:
    profile = _profile(request)
    if profile is None or not profile.is_complete:
        return []
    result = []
    waiting = list(selectors.open_requests_received(request.user)[: OPEN_REQUESTS_SHOWN + 1])
    if waiting:
        result.append(
            Panel(
                "Learning conversations you have been asked for",
                "champions/panels/conversations.html",
                {
                    "conversations": waiting[:OPEN_REQUESTS_SHOWN],
                    "more": len(waiting) > OPEN_REQUESTS_SHOWN,
                },
                order=10,
            )
        )
    result.append(
        Panel(
            "People who can help you",
            "champions/panels/matches.html",
            {
                "matches": selectors.top_matches(
                    viewer=profile, direction=selectors.CAN_HELP, limit=MATCHES_SHOWN
                )
            },
            order=20,
        )
    )
    return result


def next_steps(request: HttpRequest) -> list[NextStep]:
    profile = _profile(request)
    if profile is not None and profile.is_complete:
        return []
    return [
        NextStep(
            "Complete your profile",
            reverse("champions:profile_edit"),
            "Tell the network what you can teach and what you want to learn, so we can "
            "introduce you to people who can help, and people you could help.",
            order=10,
        )
    ]
