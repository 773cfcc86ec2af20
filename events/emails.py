"""The emails events send, all through the outbox, in the caller's transaction.

Each has an idempotency key, so a retried change never emails anyone twice: a registration
is confirmed, waitlisted, promoted and cancelled once each; an event changes once per
sequence number and is cancelled once; a reminder goes once per registration and timing.
"""

from django.conf import settings
from django.urls import reverse

from core.models import OutgoingEmail
from core.outbox import Attachment, outgoing_email_create_from_templates
from events import ics
from events.models import Event, Registration

CALENDAR_MIMETYPE = "text/calendar"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def event_url(event: Event) -> str:
    return absolute_url(reverse("events:detail", args=[event.pk]))


def calendar_attachment(event: Event, *, joining_link: bool) -> Attachment:
    content = ics.calendar(
        [ics.CalendarEntry(event, event_url(event), include_joining_link=joining_link)]
    )
    return Attachment(ics.filename(event), content, CALENDAR_MIMETYPE)


def _send(
    registration: Registration,
    template: str,
    key: str,
    *,
    attach_calendar: bool = False,
    **context: object,
) -> OutgoingEmail:
    event = registration.event
    attachments = []
    if attach_calendar:
        attachments.append(calendar_attachment(event, joining_link=registration.holds_a_place))
    return outgoing_email_create_from_templates(
        to=registration.user.email,
        template=f"events/emails/{template}",
        context={
            "event": event,
            "registration": registration,
            "name": registration.user.display_name,
            "event_url": event_url(event),
            "events_url": absolute_url(reverse("events:list")),
            **context,
        },
        kind=f"events.{template}",
        related=registration,
        idempotency_key=f"events.{template}:{key}",
        attachments=attachments,
    )


def registration_confirmed(registration: Registration) -> OutgoingEmail:
    return _send(registration, "registration_confirmed", str(registration.pk), attach_calendar=True)


def registration_waitlisted(registration: Registration, *, position: int) -> OutgoingEmail:
    return _send(registration, "registration_waitlisted", str(registration.pk), position=position)


def registration_promoted(registration: Registration) -> OutgoingEmail:
    return _send(registration, "registration_promoted", str(registration.pk), attach_calendar=True)


def registration_cancelled(registration: Registration, *, by_organiser: bool) -> OutgoingEmail:
    return _send(
        registration, "registration_cancelled", str(registration.pk), by_organiser=by_organiser
    )


def event_changed(registration: Registration, *, changes: list[str]) -> OutgoingEmail:
    return _send(
        registration,
        "event_changed",
        f"{registration.pk}:{registration.event.sequence}",
        attach_calendar=registration.holds_a_place,
        changes=changes,
    )


def event_cancelled(registration: Registration) -> OutgoingEmail:
    return _send(
        registration,
        "event_cancelled",
        str(registration.pk),
        attach_calendar=registration.holds_a_place,
    )


def event_reminder(registration: Registration) -> OutgoingEmail:
    return _send(
        registration,
        "event_reminder",
        f"{registration.pk}:{registration.event.sequence}",
    )
