"""This app's contributions to the home page (see core/panels.py)."""

from django.http import HttpRequest
from django.urls import reverse

from core.panels import NextStep, Panel
from projects.measures.selectors import bright_spots_for_home
from projects.models import TeamMember
from projects.selectors import memberships_for_home

BRIGHT_SPOTS_SHOWN = 3


def _memberships(request: HttpRequest) -> list[TeamMember]:
    """Loaded once per request (one query) for both the panel and the next steps."""
    if not hasattr(request, "_project_memberships"):
        request._project_memberships = memberships_for_home(request.user)
    return request._project_memberships


def panels(request: HttpRequest) -> list[Panel]:
    """The member's projects and invitations (one query) and a few bright spots from other
    teams (one query)."""
    result = []
    memberships = _memberships(request)
    if memberships:
        result.append(
            Panel(
                "Your projects",
                "projects/home_panel.html",
                {
                    "memberships": [m for m in memberships if m.is_active],
                    "invitations": [m for m in memberships if not m.is_active],
                },
                order=10,
            )
        )
    bright_spots = bright_spots_for_home(request.user, limit=BRIGHT_SPOTS_SHOWN)
    if bright_spots:
        result.append(
            Panel(
                "What is working well in Leeds",
                "projects/_bright_spots_panel.html",
                {"measures": bright_spots},
                order=30,
            )
        )
    return result


def next_steps(request: HttpRequest) -> list[NextStep]:
    if _memberships(request):
        return []
    return [
        NextStep(
            "Log your first improvement project",
            reverse("projects:create"),
            "Share what you are improving, so others in Leeds can find you, learn from you "
            "and help.",
            order=10,
        )
    ]
