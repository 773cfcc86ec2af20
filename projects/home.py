"""This app's contributions to the home page (see leedsquality/core/panels.py)."""

from django.http import HttpRequest
from django.urls import reverse

from leedsquality.core.panels import NextStep, Panel
from projects.models import TeamMember
from projects.selectors import memberships_for_home


def _memberships(request: HttpRequest) -> list[TeamMember]:
    """Loaded once per request (one query) for both the panel and the next steps."""
    if not hasattr(request, "_project_memberships"):
        request._project_memberships = memberships_for_home(request.user)
    return request._project_memberships


def panels(request: HttpRequest) -> list[Panel]:
    memberships = _memberships(request)
    if not memberships:
        return []
    return [
        Panel(
            "Your projects",
            "projects/home_panel.html",
            {
                "memberships": [m for m in memberships if m.is_active],
                "invitations": [m for m in memberships if not m.is_active],
            },
            order=10,
        )
    ]


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
