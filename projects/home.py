"""This app's contributions to the home page (see leedsquality/core/panels.py)."""

from django.http import HttpRequest

from leedsquality.core.panels import NextStep, Panel


def panels(request: HttpRequest) -> list[Panel]:
    return []


def next_steps(request: HttpRequest) -> list[NextStep]:
    return []
