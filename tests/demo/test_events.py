"""The demo events `seed_demo` loads: realistic, consistent, deterministic, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from events import selectors
from events.models import Commitment, Event, Reflection, Registration

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Registration.objects.order_by(
            "event__title", "event__starts_at", "user__email"
        ).values_list("event__title", "event__starts_at", "user__email", "status", "requested_at")
    )


def test_the_demo_has_events_past_and_to_come_with_registrations():
    output = seed("--scale", "300")
    now = timezone.now()
    assert Event.objects.count() == 60
    assert "Demo events: 60 created" in output
    assert Event.objects.filter(starts_at__gt=now, status=Event.Status.PUBLISHED).exists()
    assert Event.objects.filter(ends_at__lt=now).exists()
    assert set(Event.objects.values_list("status", flat=True)) >= {"published"}
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert statuses >= {"confirmed", "waitlisted", "attended", "no_show"}
    assert Reflection.objects.exists()
    assert Commitment.objects.exists()
    assert not Registration.objects.filter(event__status=Event.Status.DRAFT).exists()


def test_no_demo_event_is_overbooked_and_nobody_waits_while_a_place_is_free():
    seed("--scale", "300")
    events = selectors.with_places(Event.objects.all())
    assert not events.filter(places_taken__gt=F("capacity")).exists()
    now = timezone.now()
    waiting_with_room = events.filter(
        status=Event.Status.PUBLISHED, starts_at__gt=now, waiting__gt=0
    ).filter(places_taken__lt=F("capacity"))
    assert not waiting_with_room.exists()


def test_the_personas_take_part():
    seed("--scale", "100")
    now = timezone.now()
    facilitated = Event.objects.filter(facilitators__email="facilitator@example.org")
    assert facilitated.count() >= 3
    mine = Registration.objects.filter(user__email="champion@example.org")
    assert mine.filter(status="confirmed", event__starts_at__gt=now).count() >= 3
    waiting = mine.get(status="waitlisted", event__starts_at__gt=now)
    assert selectors.waitlist_position(waiting) >= 1
    assert mine.filter(status="attended", event__ends_at__lt=now).count() >= 1


def test_the_demo_is_deterministic_and_a_second_run_changes_nothing():
    seed("--scale", "100")
    first = snapshot()
    output = seed("--scale", "100")
    assert "Demo events: 0 created, with 0 registrations" in output
    assert snapshot() == first
    assert Event.objects.count() == 20
