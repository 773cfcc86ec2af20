"""Writes that span rows or send email: booking, cancelling, the waiting list, running events.

Every change to an event's places (booking, cancelling, capacity, promotion) runs in one
transaction holding the event row's lock (`SELECT ... FOR UPDATE`), so two of them never
interleave and capacity is never exceeded (docs/architecture.md#the-booking-flow). The
partial unique constraint `one_active_registration_per_member` stops a member holding two
active registrations even if the lock were bypassed.

`by` is who acted; each function records it (`created_by`, `updated_by`, `cancelled_by`...).
A refusal is a `ServiceError` with the sentence to show.
"""

import copy
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from champions.models import ClinicalArea, Skill
from core.errors import ServiceError
from core.wording import when_text
from events import emails, permissions, selectors
from events.models import (
    MAX_CAPACITY,
    CalendarFeed,
    Commitment,
    Event,
    Reflection,
    Registration,
    new_feed_token,
)
from events.times import NonexistentTime, day_start, local, shift_days
from projects.models import Project, Visibility

ONE_ACTIVE_REGISTRATION = "one_active_registration_per_member"
# What a duplicate (the next in a series) copies from its original.
COPIED_FIELDS = (
    "title",
    "kind",
    "description",
    "format",
    "venue",
    "address",
    "accessibility_notes",
    "joining_link",
    "capacity",
    "audience",
    "cohort_year",
)


class AlreadyRegistered(ServiceError):
    """The member already has a place or a place on the waiting list: nothing to book."""


@dataclass(frozen=True)
class Answers:
    """The answers to an event's booking questions."""

    project: str = ""
    learning: str = ""
    access: str = ""


def _locked_event(event_id: int) -> Event:
    """The event row, locked until the transaction ends."""
    return Event.objects.select_for_update().get(pk=event_id)


def _violated_constraint(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def _already_registered_message(user, *, by_facilitator: bool, waitlisted: bool) -> str:
    if by_facilitator:
        return f"{user.display_name} is already registered for this event."
    if waitlisted:
        return "You are already on the waiting list for this event."
    return "You already have a place on this event."


def registration_create(
    *,
    event_id: int,
    user,
    by,
    answers: Answers | None = None,
) -> Registration:
    """Book the member a place, or a place on the waiting list when the event is full,
    and email them. The member books for themselves (`by` is `user`); a facilitator adding
    someone else (recorded as `added_by`) may add them outside the booking window and the
    audience."""
    by_facilitator = by.pk != user.pk
    with transaction.atomic():
        event = _locked_event(event_id)
        # Taken once the lock is held, so the waiting list's order is the order of booking.
        now = timezone.now()
        if by_facilitator:
            refusal = permissions.adding_refusal(event, now=now)
        else:
            refusal = permissions.booking_refusal(user, event, now=now)
        if refusal:
            raise ServiceError(refusal)
        existing = (
            event.registrations.filter(user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if existing is not None:
            raise AlreadyRegistered(
                _already_registered_message(
                    user, by_facilitator=by_facilitator, waitlisted=existing.is_waitlisted
                )
            )
        has_room = selectors.places_taken(event) < event.capacity
        answers = answers or Answers()
        registration = Registration(
            event=event,
            user=user,
            status=Registration.Status.CONFIRMED if has_room else Registration.Status.WAITLISTED,
            requested_at=now,
            confirmed_at=now if has_room else None,
            project_answer=answers.project,
            learning_answer=answers.learning,
            access_requirements=answers.access,
            added_by=by if by_facilitator else None,
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            if _violated_constraint(error) != ONE_ACTIVE_REGISTRATION:
                raise
            # A second request of the same member's (a double click) got here first.
            raise AlreadyRegistered(
                _already_registered_message(user, by_facilitator=by_facilitator, waitlisted=False)
            ) from None
        if has_room:
            emails.registration_confirmed(registration)
        else:
            emails.registration_waitlisted(
                registration, position=selectors.waitlist_position(registration)
            )
    return registration


def _promote_from_waitlist(event: Event, now: datetime.datetime) -> list[Registration]:
    """Give free places to the first on the waiting list, in the order they asked, and
    email them. Runs under the event's lock."""
    if event.status != Event.Status.PUBLISHED or event.has_started(now):
        return []
    free = event.capacity - selectors.places_taken(event)
    if free <= 0:
        return []
    promoted = list(
        event.registrations.filter(status=Registration.Status.WAITLISTED)
        .select_related("user__profile")
        .order_by("requested_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.promoted_at = now
        registration.event = event
    Registration.objects.bulk_update(promoted, ["status", "confirmed_at", "promoted_at"])
    for registration in promoted:
        emails.registration_promoted(registration)
    return promoted


def registration_cancel(*, registration_id: int, by, email_member: bool = True) -> Registration:
    """Cancel a registration (the member's own until the event starts, or a facilitator
    removing them), email them (unless `email_member` is off: a member deleting their
    account), and give a freed place to the first on the waiting list."""
    with transaction.atomic():
        event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
        event = _locked_event(event_id)
        registration = Registration.objects.select_related("user__profile").get(pk=registration_id)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        now = timezone.now()
        refusal = permissions.cancel_refusal(by, registration, event, now=now)
        if refusal:
            raise ServiceError(refusal)
        by_organiser = by.pk != registration.user_id
        freed_a_place = registration.holds_a_place
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.cancelled_by = by
        registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        registration.event = event
        if email_member and not event.is_cancelled:
            emails.registration_cancelled(registration, by_organiser=by_organiser)
        if freed_a_place:
            _promote_from_waitlist(event, now)
    return registration


def event_capacity_change(*, event_id: int, capacity: int, by) -> list[Registration]:
    """Change the number of places; a rise promotes from the waiting list at once. Places
    already given are never taken away: a capacity below them is refused."""
    if not 1 <= capacity <= MAX_CAPACITY:
        raise ServiceError(
            f"The number of places must be between 1 and {MAX_CAPACITY}.", field="capacity"
        )
    with transaction.atomic():
        event = _locked_event(event_id)
        _check_capacity(event, capacity)
        event.capacity = capacity
        event.updated_by = by
        event.save(update_fields=["capacity", "updated_by", "updated_at"])
        return _promote_from_waitlist(event, timezone.now())


def _check_capacity(event: Event, capacity: int) -> None:
    taken = selectors.places_taken(event)
    if capacity < taken:
        raise ServiceError(
            f"{taken} people already have places. Enter {taken} or more, or cancel some "
            "places first.",
            field="capacity",
        )


def _set_relations(
    event: Event,
    *,
    facilitators: Iterable,
    clinical_areas: Iterable[ClinicalArea],
    skills: Iterable[Skill],
) -> None:
    event.facilitators.set(facilitators)
    event.clinical_areas.set(clinical_areas)
    event.skills.set(skills)


def event_create(
    *,
    fields: Mapping[str, Any],
    facilitators: Iterable,
    clinical_areas: Iterable[ClinicalArea],
    skills: Iterable[Skill],
    by,
) -> Event:
    """A new event, as a draft that only facilitators see until it is published."""
    with transaction.atomic():
        event = Event.objects.create(
            **fields, created_by=by, updated_by=by, status=Event.Status.DRAFT
        )
        _set_relations(
            event, facilitators=facilitators, clinical_areas=clinical_areas, skills=skills
        )
    return event


def _describe_changes(before: Event, after: Event) -> list[str]:
    """What changed about the time or place, in sentences for the email."""
    changes = []
    if (before.starts_at, before.ends_at) != (after.starts_at, after.ends_at):
        changes.append(f"New time: {when_text(after.starts_at, after.ends_at)}.")
    place = ("format", "venue", "address")
    if any(getattr(before, name) != getattr(after, name) for name in place):
        changes.append(f"New place: {after.location_text or after.get_format_display()}.")
    if before.joining_link != after.joining_link and after.is_online:
        changes.append("New joining link: see your booking.")
    return changes


def event_update(
    *,
    event_id: int,
    fields: Mapping[str, Any],
    facilitators: Iterable,
    clinical_areas: Iterable[ClinicalArea],
    skills: Iterable[Skill],
    by,
) -> Event:
    """Save changes to an event. A change of time or place raises the event's sequence
    (calendars replace their copy) and emails everyone booked or waiting; a new start
    time means a new reminder; more places promote from the waiting list."""
    with transaction.atomic():
        event = _locked_event(event_id)
        if event.is_cancelled:
            raise ServiceError("A cancelled event cannot be changed.")
        if "capacity" in fields:
            _check_capacity(event, fields["capacity"])
        before = copy.copy(event)
        for name, value in fields.items():
            setattr(event, name, value)
        changes = _describe_changes(before, event)
        if changes:
            event.sequence += 1
        event.updated_by = by
        event.save()
        _set_relations(
            event, facilitators=facilitators, clinical_areas=clinical_areas, skills=skills
        )
        if changes and event.status == Event.Status.PUBLISHED:
            booked = list(
                event.registrations.filter(
                    status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
                ).select_related("user__profile")
            )
            if before.starts_at != event.starts_at:
                Registration.objects.filter(pk__in=[r.pk for r in booked]).update(
                    reminder_sent_at=None
                )
            for registration in booked:
                registration.event = event
                emails.event_changed(registration, changes=changes)
        _promote_from_waitlist(event, timezone.now())
    return event


def event_publish(*, event_id: int, by) -> Event:
    with transaction.atomic():
        event = _locked_event(event_id)
        if not event.is_draft:
            raise ServiceError("Only a draft can be published.")
        now = timezone.now()
        if event.has_started(now):
            raise ServiceError("This event's start time has passed. Change it, then publish.")
        event.status = Event.Status.PUBLISHED
        event.published_at = now
        event.published_by = by
        event.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return event


def event_cancel(*, event_id: int, by, message: str = "") -> int:
    """Cancel the event and email everyone booked or waiting. Returns how many were
    emailed. Cancelling twice emails nobody twice."""
    with transaction.atomic():
        event = _locked_event(event_id)
        if event.is_cancelled:
            return 0
        now = timezone.now()
        if event.has_ended(now):
            raise ServiceError("This event has already happened, so it cannot be cancelled.")
        was_published = event.status == Event.Status.PUBLISHED
        event.status = Event.Status.CANCELLED
        event.cancelled_at = now
        event.cancelled_by = by
        event.cancellation_message = message
        event.sequence += 1
        event.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancelled_by",
                "cancellation_message",
                "sequence",
                "updated_at",
            ]
        )
        if not was_published:
            return 0
        booked = list(
            event.registrations.filter(
                status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
            ).select_related("user__profile")
        )
        for registration in booked:
            registration.event = event
            emails.event_cancelled(registration)
    return len(booked)


def event_duplicate(
    *, event_id: int, first_date: datetime.date, copies: int = 1, every_weeks: int = 1, by
) -> list[Event]:
    """Copies of an event as drafts, the first on `first_date` and the rest every
    `every_weeks` weeks, at the same time on the clocks in Leeds (a series keeps its 10am
    across a clock change). Booking windows and showcased projects go with them; bookings
    do not."""
    source = Event.objects.prefetch_related("facilitators", "clinical_areas", "skills").get(
        pk=event_id
    )
    # A project its team has made a draft since it was showcased is not copied.
    showcased = list(source.showcased_projects.filter(visibility=Visibility.NETWORK))
    offset = (first_date - local(source.starts_at).date()).days
    copies_made = []
    with transaction.atomic():
        for number in range(copies):
            days = offset + number * 7 * every_weeks
            try:
                copy = Event(
                    **{name: getattr(source, name) for name in COPIED_FIELDS},
                    starts_at=shift_days(source.starts_at, days),
                    ends_at=shift_days(source.ends_at, days),
                    registration_opens_at=source.registration_opens_at
                    and shift_days(source.registration_opens_at, days),
                    registration_closes_at=source.registration_closes_at
                    and shift_days(source.registration_closes_at, days),
                    status=Event.Status.DRAFT,
                    created_by=by,
                    updated_by=by,
                )
            except NonexistentTime as error:
                raise ServiceError(f"{error}: the clocks go forward then.") from None
            copy.save()
            _set_relations(
                copy,
                facilitators=source.facilitators.all(),
                clinical_areas=source.clinical_areas.all(),
                skills=source.skills.all(),
            )
            copy.showcased_projects.set(showcased)
            copies_made.append(copy)
    return copies_made


def _showcasable_project(project_id: int) -> Project:
    project = Project.objects.filter(pk=project_id, visibility=Visibility.NETWORK).first()
    if project is None:
        raise ServiceError(
            "That project could not be found. Only projects shared with the network can be "
            "showcased: search for it again."
        )
    return project


def _changeable_event(event_id: int) -> Event:
    event = Event.objects.get(pk=event_id)
    if event.is_cancelled:
        raise ServiceError("A cancelled event cannot be changed.")
    return event


def _record_change(event: Event, *, by) -> None:
    event.updated_by = by
    event.save(update_fields=["updated_by", "updated_at"])


@transaction.atomic
def event_showcase_add(*, event_id: int, project_id: int, by) -> Project:
    """Showcase a network project at the event. Drafts are never showcased: only their
    team may know they exist."""
    event = _changeable_event(event_id)
    project = _showcasable_project(project_id)
    if event.showcased_projects.filter(pk=project.pk).exists():
        raise ServiceError(f"“{project.title}” is already showcased at this event.")
    event.showcased_projects.add(project)
    _record_change(event, by=by)
    return project


@transaction.atomic
def event_showcase_remove(*, event_id: int, project_id: int, by) -> Project:
    event = _changeable_event(event_id)
    project = _showcasable_project(project_id)
    if not event.showcased_projects.filter(pk=project.pk).exists():
        raise ServiceError(f"“{project.title}” is not showcased at this event.")
    event.showcased_projects.remove(project)
    _record_change(event, by=by)
    return project


def attendance_mark(*, registration_id: int, status: str, by) -> Registration:
    """Record that a member with a place attended or did not (from the day of the event)."""
    if status not in {Registration.Status.ATTENDED, Registration.Status.NO_SHOW}:
        raise ServiceError("Choose attended or did not attend.")
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "user__profile")
            .get(pk=registration_id)
        )
        event = registration.event
        if event.is_cancelled:
            raise ServiceError("This event was cancelled.")
        if not registration.holds_a_place:
            raise ServiceError(f"{registration.user.display_name} does not have a place.")
        now = timezone.now()
        if local(now).date() < local(event.starts_at).date():
            raise ServiceError("Check-in opens on the day of the event.")
        registration.status = status
        registration.attendance_marked_at = now
        registration.attendance_marked_by = by
        registration.save(update_fields=["status", "attendance_marked_at", "attendance_marked_by"])
    return registration


def reflection_save(
    *, registration: Registration, learned: str, anonymous: bool, change_idea: str
) -> Reflection:
    """Record (or update) an attendee's reflection and their one small test of change."""
    if not permissions.can_reflect(registration):
        raise ServiceError("Reflections are for people who came to the event, once it starts.")
    with transaction.atomic():
        reflection, _ = Reflection.objects.update_or_create(
            registration=registration, defaults={"learned": learned, "anonymous": anonymous}
        )
        if change_idea:
            Commitment.objects.update_or_create(
                registration=registration, defaults={"change_idea": change_idea}
            )
        else:
            Commitment.objects.filter(registration=registration).delete()
    return reflection


def calendar_feed_reset(*, user) -> CalendarFeed:
    """A new secret address for the member's calendar feed; the old one stops working."""
    feed, _ = CalendarFeed.objects.update_or_create(user=user, defaults={"token": new_feed_token()})
    return feed


def reminders_send(*, now: datetime.datetime | None = None, batch: int = 500) -> int:
    """Email everyone with a place on an event that starts tomorrow (in Leeds) and has had
    no reminder. Each registration is claimed with a conditional update in the same
    transaction as its email, so overlapping runs, or a rerun, never send one twice.
    Returns how many reminders were written."""
    now = now or timezone.now()
    tomorrow = local(now).date() + datetime.timedelta(days=1)
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gte=day_start(tomorrow),
        event__starts_at__lt=day_start(tomorrow + datetime.timedelta(days=1)),
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    sent = 0
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            claimed = list(
                due.filter(pk__in=ids[start : start + batch])
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("event", "user__profile")
            )
            Registration.objects.filter(
                pk__in=[r.pk for r in claimed], reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            for registration in claimed:
                emails.event_reminder(registration)
            sent += len(claimed)
    return sent
