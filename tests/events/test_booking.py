"""Booking, cancelling and the waiting list (events.services), one request at a time. The
concurrent case is tests/events/test_booking_race.py."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from champions.models import Network, NetworkMembership
from core.errors import ServiceError
from core.models import OutgoingEmail
from events import permissions, selectors, services
from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED
CANCELLED = Registration.Status.CANCELLED


def book(event, user, *, by=None, **kwargs) -> Registration:
    return services.registration_create(event_id=event.pk, user=user, by=by or user, **kwargs)


def statuses(event) -> list[tuple[str, str]]:
    return list(
        event.registrations.order_by("requested_at", "pk").values_list("user__email", "status")
    )


def test_a_member_gets_a_place_while_there_is_room(champion):
    event = EventFactory(capacity=2)
    registration = book(
        event, champion, answers=services.Answers("Falls on ward 12", "SPC", "Step-free access")
    )
    assert registration.status == CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.project_answer == "Falls on ward 12"
    assert registration.access_requirements == "Step-free access"
    assert selectors.places_taken(event) == 1


def test_when_full_members_join_the_waiting_list_in_order(champion, other_champion, partner):
    event = EventFactory(capacity=1)
    book(event, champion)
    second = book(event, other_champion)
    third = book(event, partner)
    assert (second.status, third.status) == (WAITLISTED, WAITLISTED)
    assert selectors.waitlist_position(second) == 1
    assert selectors.waitlist_position(third) == 2
    assert second.confirmed_at is None


def test_booking_twice_is_refused_with_a_reason(champion):
    event = EventFactory(capacity=1)
    book(event, champion)
    with pytest.raises(services.AlreadyRegistered, match="already have a place"):
        book(event, champion)
    other = UserFactory()
    book(event, other)
    with pytest.raises(services.AlreadyRegistered, match="already on the waiting list"):
        book(event, other)
    assert event.registrations.count() == 2


def test_the_database_refuses_a_second_active_registration(champion):
    event = EventFactory()
    RegistrationFactory(event=event, user=champion)
    with pytest.raises(IntegrityError, match="one_active_registration_per_member"):
        RegistrationFactory(event=event, user=champion, status=WAITLISTED)


def test_a_cancelled_registration_does_not_stop_booking_again(champion):
    event = EventFactory()
    first = book(event, champion)
    services.registration_cancel(registration_id=first.pk, by=champion)
    again = book(event, champion)
    assert again.status == CONFIRMED
    assert event.registrations.filter(user=champion).count() == 2


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": Event.Status.CANCELLED}, "This event has been cancelled."),
        ({"status": Event.Status.DRAFT}, "This event has not been published yet."),
        (
            {"starts_at": in_days(-1), "ends_at": in_days(-1, 12)},
            "This event has already started, so it can no longer be booked.",
        ),
        ({"registration_opens_at": in_days(3, 0)}, "Booking opens at midnight on"),
        ({"registration_closes_at": in_days(-2, 17)}, "Booking closed at 5pm on"),
    ],
)
def test_closed_past_cancelled_and_draft_events_refuse_booking(champion, changes, reason):
    event = EventFactory(**changes)
    with pytest.raises(ServiceError) as refused:
        book(event, champion)
    assert reason in refused.value.message
    assert not event.registrations.exists()


def test_the_system_leader_network_books_only_its_events(champion, system_leader):
    event = EventFactory(audience=Event.Audience.SYSTEM_LEADERS)
    with pytest.raises(ServiceError, match="This event is for the System leader"):
        book(event, champion)
    # The network is a membership, not the System leader role.
    with pytest.raises(ServiceError):
        book(event, system_leader)
    NetworkMembership.objects.create(profile=system_leader.profile, network=Network.SYSTEM_LEADERS)
    assert book(event, system_leader).status == CONFIRMED


def test_a_programme_cohort_event_is_for_that_cohort(champion, other_champion, partner):
    event = EventFactory(audience=Event.Audience.PLCP, cohort_year=2026)
    NetworkMembership.objects.create(
        profile=champion.profile, network=Network.PLCP, cohort_year=2026
    )
    NetworkMembership.objects.create(
        profile=other_champion.profile, network=Network.PLCP, cohort_year=2025
    )
    assert book(event, champion).status == CONFIRMED
    with pytest.raises(ServiceError, match="2026 cohort"):
        book(event, other_champion)
    every_cohort = EventFactory(audience=Event.Audience.PLCP, cohort_year=None)
    assert book(every_cohort, other_champion).status == CONFIRMED
    with pytest.raises(ServiceError, match="Professional Leadership"):
        book(every_cohort, partner)


def test_facilitators_are_in_every_audience(facilitator):
    event = EventFactory(audience=Event.Audience.SYSTEM_LEADERS)
    assert book(event, facilitator).status == CONFIRMED


def test_a_facilitator_adds_people_after_booking_closes_and_outside_the_audience(
    champion, facilitator
):
    event = EventFactory(audience=Event.Audience.SYSTEM_LEADERS, registration_closes_at=in_days(-1))
    registration = book(event, champion, by=facilitator)
    assert registration.status == CONFIRMED
    assert registration.added_by == facilitator
    ended = EventFactory(starts_at=in_days(-2), ends_at=in_days(-2, 12))
    with pytest.raises(ServiceError, match="has ended"):
        book(ended, champion, by=facilitator)


def test_cancelling_a_place_promotes_the_first_on_the_waiting_list(
    champion, other_champion, partner
):
    event = EventFactory(capacity=1)
    place = book(event, champion)
    book(event, other_champion)
    book(event, partner)
    services.registration_cancel(registration_id=place.pk, by=champion)
    assert statuses(event) == [
        (champion.email, CANCELLED),
        (other_champion.email, CONFIRMED),
        (partner.email, WAITLISTED),
    ]
    promoted = event.registrations.get(user=other_champion)
    assert promoted.promoted_at is not None
    assert selectors.waitlist_position(event.registrations.get(user=partner)) == 1


def test_the_waiting_list_goes_by_the_time_people_asked_not_by_id(champion, other_champion):
    event = EventFactory(capacity=1)
    place = RegistrationFactory(event=event)
    later = RegistrationFactory(
        event=event, user=champion, status=WAITLISTED, requested_at=timezone.now()
    )
    earlier = RegistrationFactory(
        event=event,
        user=other_champion,
        status=WAITLISTED,
        requested_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert selectors.waitlist_position(earlier) == 1
    assert selectors.waitlist_position(later) == 2
    services.registration_cancel(registration_id=place.pk, by=place.user)
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert (earlier.status, later.status) == (CONFIRMED, WAITLISTED)


def test_leaving_the_waiting_list_promotes_nobody(champion, other_champion, partner):
    event = EventFactory(capacity=1)
    book(event, champion)
    waiting = book(event, other_champion)
    book(event, partner)
    services.registration_cancel(registration_id=waiting.pk, by=other_champion)
    assert statuses(event) == [
        (champion.email, CONFIRMED),
        (other_champion.email, CANCELLED),
        (partner.email, WAITLISTED),
    ]
    assert selectors.waitlist_position(event.registrations.get(user=partner)) == 1


def test_members_cancel_until_the_start_but_not_after(champion, time_machine):
    event = EventFactory()
    registration = book(event, champion)
    time_machine.move_to(event.starts_at + datetime.timedelta(minutes=1))
    with pytest.raises(ServiceError, match="has started"):
        services.registration_cancel(registration_id=registration.pk, by=champion)
    registration.refresh_from_db()
    assert registration.status == CONFIRMED


def test_no_promotion_once_the_event_has_started(
    champion, other_champion, facilitator, time_machine
):
    event = EventFactory(capacity=1)
    place = book(event, champion)
    book(event, other_champion)
    time_machine.move_to(event.starts_at + datetime.timedelta(minutes=5))
    services.registration_cancel(registration_id=place.pk, by=facilitator)
    assert event.registrations.get(user=other_champion).status == WAITLISTED


def test_cancelling_twice_changes_nothing_and_emails_once(champion):
    event = EventFactory()
    registration = book(event, champion)
    services.registration_cancel(registration_id=registration.pk, by=champion)
    services.registration_cancel(registration_id=registration.pk, by=champion)
    assert OutgoingEmail.objects.filter(kind="events.registration_cancelled").count() == 1


def test_raising_capacity_promotes_from_the_waiting_list_at_once(facilitator):
    event = EventFactory(capacity=2)
    members = [UserFactory() for _ in range(5)]
    for member in members:
        book(event, member)
    promoted = services.event_capacity_change(event_id=event.pk, capacity=4, by=facilitator)
    assert [r.user for r in promoted] == members[2:4]
    assert [status for _, status in statuses(event)] == [CONFIRMED] * 4 + [WAITLISTED]
    assert selectors.waitlist_position(event.registrations.get(user=members[4])) == 1


def test_capacity_cannot_fall_below_the_places_given(facilitator):
    event = EventFactory(capacity=3)
    for _ in range(3):
        book(event, UserFactory())
    with pytest.raises(ServiceError, match="3 people already have places"):
        services.event_capacity_change(event_id=event.pk, capacity=2, by=facilitator)
    event.refresh_from_db()
    assert event.capacity == 3
    services.event_capacity_change(event_id=event.pk, capacity=3, by=facilitator)


@pytest.mark.parametrize("capacity", [0, -1, 1001])
def test_capacity_must_be_sensible(facilitator, capacity):
    event = EventFactory()
    with pytest.raises(ServiceError, match="between 1 and 1000"):
        services.event_capacity_change(event_id=event.pk, capacity=capacity, by=facilitator)


def test_a_place_given_to_an_attendee_is_not_cancelled(champion, facilitator, time_machine):
    event = EventFactory()
    registration = book(event, champion)
    time_machine.move_to(event.starts_at)
    services.attendance_mark(
        registration_id=registration.pk, status=Registration.Status.ATTENDED, by=facilitator
    )
    with pytest.raises(ServiceError, match="Attendance has been recorded"):
        services.registration_cancel(registration_id=registration.pk, by=facilitator)


def test_attendance_is_taken_from_the_day_of_the_event(champion, facilitator, time_machine):
    event = EventFactory(starts_at=in_days(3, 14), ends_at=in_days(3, 16))
    registration = book(event, champion)
    with pytest.raises(ServiceError, match="Check-in opens on the day"):
        services.attendance_mark(
            registration_id=registration.pk, status=Registration.Status.ATTENDED, by=facilitator
        )
    time_machine.move_to(in_days(3, 8))
    marked = services.attendance_mark(
        registration_id=registration.pk, status=Registration.Status.NO_SHOW, by=facilitator
    )
    assert marked.status == Registration.Status.NO_SHOW
    # A mistake is put right by marking again.
    marked = services.attendance_mark(
        registration_id=registration.pk, status=Registration.Status.ATTENDED, by=facilitator
    )
    assert marked.status == Registration.Status.ATTENDED


def test_only_people_with_a_place_are_checked_in(champion, other_champion, facilitator):
    event = EventFactory(capacity=1, starts_at=timezone.now() + datetime.timedelta(minutes=30))
    event.ends_at = event.starts_at + datetime.timedelta(hours=1)
    event.save()
    book(event, champion)
    waiting = book(event, other_champion)
    with pytest.raises(ServiceError, match="does not have a place"):
        services.attendance_mark(
            registration_id=waiting.pk, status=Registration.Status.ATTENDED, by=facilitator
        )
    with pytest.raises(ServiceError, match="Choose attended"):
        services.attendance_mark(
            registration_id=waiting.pk, status=Registration.Status.CANCELLED, by=facilitator
        )


def test_publishing_a_draft(facilitator):
    event = EventFactory(status=Event.Status.DRAFT, published_at=None)
    services.event_publish(event_id=event.pk, by=facilitator)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert event.published_at is not None
    with pytest.raises(ServiceError, match="Only a draft"):
        services.event_publish(event_id=event.pk, by=facilitator)


def test_a_draft_whose_time_has_passed_is_not_published(facilitator):
    event = EventFactory(status=Event.Status.DRAFT, starts_at=in_days(-1), ends_at=in_days(-1, 12))
    with pytest.raises(ServiceError, match="start time has passed"):
        services.event_publish(event_id=event.pk, by=facilitator)


def test_who_ran_each_change_is_recorded(champion, facilitator, time_machine):
    other = UserFactory(email="second.facilitator@example.org")
    event = EventFactory(status=Event.Status.DRAFT, published_at=None, capacity=2)
    services.event_publish(event_id=event.pk, by=facilitator)
    services.event_capacity_change(event_id=event.pk, capacity=3, by=other)
    event.refresh_from_db()
    assert (event.published_by, event.updated_by) == (facilitator, other)

    project = ProjectFactory(title="Fewer falls at night")
    services.event_showcase_add(event_id=event.pk, project_id=project.pk, by=facilitator)
    event.refresh_from_db()
    assert event.updated_by == facilitator

    added = book(event, champion, by=other)
    assert added.added_by == other
    time_machine.move_to(event.starts_at)
    marked = services.attendance_mark(
        registration_id=added.pk, status=Registration.Status.ATTENDED, by=facilitator
    )
    assert marked.attendance_marked_by == facilitator

    later = EventFactory()
    services.event_cancel(event_id=later.pk, by=other)
    later.refresh_from_db()
    assert later.cancelled_by == other


def test_one_rule_says_who_may_cancel_a_place(champion, facilitator, time_machine):
    event = EventFactory(starts_at=in_days(3, 14), ends_at=in_days(3, 16))
    place = book(event, champion)
    assert permissions.cancel_refusal(champion, place, event) is None
    time_machine.move_to(event.starts_at)
    assert "has started" in permissions.cancel_refusal(champion, place, event)
    assert permissions.cancel_refusal(facilitator, place, event) is None
    place.status = Registration.Status.ATTENDED
    assert "Attendance has been recorded" in permissions.cancel_refusal(facilitator, place, event)
