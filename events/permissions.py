"""Who may see, book and run events. Every events view asks here.

- Published and cancelled events are seen by every member; drafts only by facilitators
  (others get 404, as if the draft did not exist).
- Facilitators run every event (the network's facilitators cover for each other), so a
  change needs the Facilitator role, not a place on the event's own facilitator list.
- Anyone who can see an event may try to book it; `booking_refusal` says why not.
"""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from champions.models import Network, NetworkMembership
from core import roles
from core.access import get_object_for_user
from core.wording import moment_text
from events.models import Event, Registration


def can_view_event(user, event: Event) -> bool:
    return not event.is_draft or roles.is_facilitator(user)


def can_manage_event(user, event: Event) -> bool:
    return roles.is_facilitator(user)


def get_event_for_user(
    user, pk: int, *, write: bool = False, queryset: QuerySet[Event] | None = None
) -> Event:
    """The event, or 404 for those who may not see it and 403 for those who may not change
    it (with `write=True`)."""
    return get_object_for_user(
        queryset if queryset is not None else Event.objects.all(),
        user=user,
        can_view=can_view_event,
        can_change=can_manage_event,
        write=write,
        pk=pk,
    )


def in_audience(user, event: Event) -> bool:
    """Whether the member belongs to the event's audience (facilitators always do)."""
    if event.audience == Event.Audience.ALL or roles.is_facilitator(user):
        return True
    memberships = NetworkMembership.objects.filter(profile__user=user)
    if event.audience == Event.Audience.SYSTEM_LEADERS:
        return memberships.filter(network=Network.SYSTEM_LEADERS).exists()
    memberships = memberships.filter(network=Network.PLCP)
    if event.cohort_year is not None:
        memberships = memberships.filter(cohort_year=event.cohort_year)
    return memberships.exists()


def audience_text(event: Event) -> str:
    if event.audience == Event.Audience.PLCP and event.cohort_year:
        return f"the Professional Leadership and Change Programme {event.cohort_year} cohort"
    if event.audience == Event.Audience.PLCP:
        return "the Professional Leadership and Change Programme"
    if event.audience == Event.Audience.SYSTEM_LEADERS:
        return "the System leader network"
    return "all members"


def booking_refusal(user, event: Event, *, now: datetime.datetime | None = None) -> str | None:
    """Why the member cannot book a place on the event now, or None when they can."""
    now = now or timezone.now()
    if event.is_cancelled:
        return "This event has been cancelled."
    if event.is_draft:
        return "This event has not been published yet."
    if event.has_started(now):
        return "This event has already started, so it can no longer be booked."
    if event.registration_opens_at and now < event.registration_opens_at:
        return f"Booking opens at {moment_text(event.registration_opens_at)}."
    if now >= event.registration_closes:
        return f"Booking closed at {moment_text(event.registration_closes)}."
    if not in_audience(user, event):
        return (
            f"This event is for {audience_text(event)}. If you think you should be able to "
            "book it, contact the event's facilitators."
        )
    return None


def adding_refusal(event: Event, *, now: datetime.datetime | None = None) -> str | None:
    """Why a facilitator cannot add a member to the event (they may add people after
    booking closes and outside the audience, until the event ends)."""
    if event.is_cancelled:
        return "This event has been cancelled."
    if event.is_draft:
        return "Publish the event before adding people to it."
    if event.has_ended(now):
        return "This event has ended."
    return None


def can_see_joining_link(user, event: Event, registration: Registration | None) -> bool:
    if roles.is_facilitator(user):
        return True
    return (
        registration is not None
        and registration.user_id == user.pk
        and registration.holds_a_place
        and not event.is_cancelled
    )


def can_reflect(registration: Registration | None, *, now: datetime.datetime | None = None) -> bool:
    """Attendees (and those booked whose attendance was not taken) reflect once the event
    has started; those marked as not attending do not."""
    return (
        registration is not None
        and registration.status in {Registration.Status.CONFIRMED, Registration.Status.ATTENDED}
        and not registration.event.is_cancelled
        and registration.event.has_started(now)
    )
