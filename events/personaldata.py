"""This app's providers for the personal-data registry (`core.personaldata`):
what "Download my data" contains about a member's events, and what "Delete my account"
removes. Registered in `EventsConfig.ready`.

Erasure cancels the member's places and waiting-list places on events to come through
`services.registration_cancel`, so the first on the waiting list is promoted and emailed as
for any cancellation: nobody loses a place. It deletes their answers to the booking
questions, reflections, commitments, calendar feed and places on facilitator lists. The
registrations themselves stay, answerless and under "Former member", so that past events'
attendance figures still add up.
"""

import contextlib
from typing import Any

from django.urls import reverse
from django.utils import timezone

from core import personaldata
from core.errors import ServiceError
from events import services
from events.emails import absolute_url
from events.models import CalendarFeed, Commitment, Event, Reflection, Registration


def export_events(user) -> dict[str, Any]:
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "registrations": [
            {
                "event": registration.event.title,
                "starts_at": registration.event.starts_at,
                "status": registration.get_status_display(),
                "asked_for_a_place_at": registration.requested_at,
                "confirmed_at": registration.confirmed_at,
                "cancelled_at": registration.cancelled_at,
                "added_by_a_facilitator": registration.added_by_id is not None,
                "which_project_will_you_bring": registration.project_answer,
                "what_do_you_want_to_learn": registration.learning_answer,
                "access_requirements": registration.access_requirements,
            }
            for registration in Registration.objects.filter(user=user)
            .select_related("event")
            .order_by("event__starts_at", "pk")
        ],
        "reflections": [
            {
                "event": reflection.registration.event.title,
                "what_i_learned": reflection.learned,
                "shared_without_my_name": reflection.anonymous,
                "created_at": reflection.created_at,
                "updated_at": reflection.updated_at,
            }
            for reflection in Reflection.objects.filter(registration__user=user)
            .select_related("registration__event")
            .order_by("created_at", "pk")
        ],
        "commitments": [
            {
                "event": commitment.registration.event.title,
                "one_small_test_of_change": commitment.change_idea,
                "created_at": commitment.created_at,
                "updated_at": commitment.updated_at,
            }
            for commitment in Commitment.objects.filter(registration__user=user)
            .select_related("registration__event")
            .order_by("created_at", "pk")
        ],
        "calendar_feed": {
            "address": absolute_url(reverse("events:feed", args=[feed.token])),
            "created_at": feed.created_at,
        }
        if feed
        else None,
        "events_i_facilitate": list(
            Event.objects.filter(facilitators=user)
            .order_by("starts_at", "pk")
            .values_list("title", flat=True)
        ),
    }


def erase_events(user) -> None:
    to_come = Registration.objects.filter(
        user=user,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=timezone.now(),
    )
    for registration_id in to_come.order_by("pk").values_list("pk", flat=True):
        # If the event started a moment ago, the place stays, anonymously, as past ones do.
        with contextlib.suppress(ServiceError):
            services.registration_cancel(
                registration_id=registration_id, by=user, email_member=False
            )
    Reflection.objects.filter(registration__user=user).delete()
    Commitment.objects.filter(registration__user=user).delete()
    Registration.objects.filter(user=user).update(
        project_answer="", learning_answer="", access_requirements=""
    )
    CalendarFeed.objects.filter(user=user).delete()
    Event.facilitators.through.objects.filter(user=user).delete()


def register() -> None:
    personaldata.register_exporter("events", export_events)
    personaldata.register_eraser("events", erase_events)
