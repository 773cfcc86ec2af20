"""This app's contributions to the home page (see core/panels.py)."""

from django.http import HttpRequest
from django.urls import reverse

from core.panels import NextStep, Panel
from events import selectors


def _registrations(request: HttpRequest) -> list:
    """The member's coming places, loaded once per request for both hooks (one query)."""
    if not hasattr(request, "_events_home"):
        request._events_home = selectors.home_registrations(user=request.user)
    return request._events_home


def panels(request: HttpRequest) -> list[Panel]:
    registrations = _registrations(request)
    if not registrations:
        return []
    return [
        Panel(
            "Your events",
            "events/home_panel.html",
            {"registrations": registrations},
            order=30,
        )
    ]


def next_steps(request: HttpRequest) -> list[NextStep]:
    if _registrations(request):
        return []
    return [
        NextStep(
            "Book a learning event",
            reverse("events:list"),
            "Workshops, learning sets and conversations in a neutral space, with people "
            "improving care across Leeds.",
            order=200,
        )
    ]
