"""Who may see, book and run events. Every events view asks here.

- Published and cancelled events are seen by every member; drafts only by facilitators
  (others get 404, as if the draft did not exist).
- Facilitators run every event (the network's facilitators cover for each other), so a
  change needs the Facilitator role, not a place on the event's own facilitator list.
- Anyone who can see an event may try to book it; `booking_refusal` says why not.
- Members cancel their own bookings until the event starts, facilitators anyone's until
  attendance is taken; `cancel_refusal` says why not (the pages and the service ask it).
"""

import datetime
from dataclasses import dataclass

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


# The networks with events of their own.
AUDIENCE_NETWORKS = (Network.SYSTEM_LEADERS, Network.PLCP)


@dataclass(frozen=True)
class MemberAudiences:
    """What decides which events' audiences a member is in: whether they are a facilitator,
    and their (network, cohort year) memberships of `AUDIENCE_NETWORKS`."""

    facilitator: bool = False
    networks: frozenset[tuple[str, int | None]] = frozenset()

    def include(self, audience: str, cohort_year: int | None) -> bool:
        """Whether an event for `audience` (and `cohort_year`) is for this member. Every
        member is in "all members"; facilitators are in every audience."""
        if audience == Event.Audience.ALL or self.facilitator:
            return True
        if audience == Event.Audience.SYSTEM_LEADERS:
            return any(network == Network.SYSTEM_LEADERS for network, _ in self.networks)
        return any(
            network == Network.PLCP and cohort_year in (None, year)
            for network, year in self.networks
        )


def member_audiences(user) -> MemberAudiences:
    """One member's audiences (`selectors.audiences_of` reads many members' at once)."""
    if roles.is_facilitator(user):
        return MemberAudiences(facilitator=True)
    memberships = NetworkMembership.objects.filter(
        profile__user=user, network__in=AUDIENCE_NETWORKS
    ).values_list("network", "cohort_year")
    return MemberAudiences(networks=frozenset(memberships))


def in_audience(user, event: Event) -> bool:
    """Whether the member belongs to the event's audience (facilitators always do)."""
    if event.audience == Event.Audience.ALL:
        return True  # without looking the member up
    return member_audiences(user).include(event.audience, event.cohort_year)


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


def cancel_refusal(
    user, registration: Registration, event: Event, *, now: datetime.datetime | None = None
) -> str | None:
    """Why `user` may not cancel the registration now, or None when they may. A member
    cancels their own place, or leaves the waiting list, until the event starts; a
    facilitator removes anyone until their attendance is recorded."""
    if registration.status == Registration.Status.CANCELLED:
        return "This registration is already cancelled."
    if user.pk == registration.user_id and event.has_started(now):
        return "The event has started, so your place can no longer be cancelled."
    if registration.status in {Registration.Status.ATTENDED, Registration.Status.NO_SHOW}:
        return "Attendance has been recorded for this place, so it stays."
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
