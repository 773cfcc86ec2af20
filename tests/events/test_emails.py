"""The emails events send (through the outbox), in their text and HTML parts, and the
reminders' beat job."""

import datetime
import threading

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.errors import ServiceError
from core.models import OutgoingEmail
from events import services, tasks
from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.factories import UserFactory
from tests.helpers import assert_email

pytestmark = pytest.mark.django_db

WHEN_TEXT = "When: "


def book(event, user) -> Registration:
    return services.registration_create(event_id=event.pk, user=user, by=user)


def calendar_of(email: OutgoingEmail) -> icalendar.Event:
    (attachment,) = email.attachments
    assert attachment["mimetype"] == "text/calendar"
    assert attachment["filename"].endswith(".ics")
    (vevent,) = icalendar.Calendar.from_ical(attachment["content"]).walk("VEVENT")
    return vevent


@pytest.fixture
def online_event():
    return EventFactory(
        title="Run charts masterclass",
        format=Event.Format.ONLINE,
        venue="",
        address="",
        joining_link="https://teams.example.org/l/meetup-join/run-charts",
        capacity=1,
        starts_at=in_days(10, 14),
        ends_at=in_days(10, 16),
    )


def test_booking_confirmed_has_the_details_the_link_and_a_calendar_invitation(
    champion, online_event
):
    book(online_event, champion)
    email = assert_email(
        to=champion.email,
        subject="Your place is booked: Run charts masterclass",
        kind="events.registration_confirmed",
        text=(
            "Hello Asha Patel,",
            WHEN_TEXT,
            "2pm to 4pm",
            "Join online: https://teams.example.org/l/meetup-join/run-charts",
            f"{settings.SITE_URL}/events/{online_event.pk}/",
            "A calendar invitation is attached",
        ),
        html=(
            "Your place is booked",
            "https://teams.example.org/l/meetup-join/run-charts",
            f"{settings.SITE_URL}/events/{online_event.pk}/",
            "max-width:600px",
        ),
    )
    vevent = calendar_of(email)
    assert vevent.decoded("DTSTART") == online_event.starts_at
    assert "meetup-join/run-charts" in vevent["DESCRIPTION"]


def test_the_waiting_list_email_gives_the_position_and_no_joining_link(
    champion, other_champion, online_event
):
    book(online_event, champion)
    book(online_event, other_champion)
    email = assert_email(
        to=other_champion.email,
        subject="You are on the waiting list: Run charts masterclass",
        text=("you are number 1.", "You do not need to do anything."),
        html=("you are number 1.",),
    )
    assert "meetup-join" not in email.text + email.html, "the link is for confirmed places"
    assert email.attachments == []


def test_promotion_is_emailed_with_a_calendar_invitation(champion, other_champion, online_event):
    place = book(online_event, champion)
    book(online_event, other_champion)
    services.registration_cancel(registration_id=place.pk, by=champion)
    email = assert_email(
        to=other_champion.email,
        kind="events.registration_promoted",
        subject="A place came up: you are booked on Run charts masterclass",
        text=("as you were first on the waiting list, it is yours", "Join online: https://"),
        html=("A place came up: you are booked", "meetup-join/run-charts"),
    )
    assert calendar_of(email).decoded("DTSTART") == online_event.starts_at


def test_cancelling_your_own_place_is_confirmed(champion, online_event):
    registration = book(online_event, champion)
    services.registration_cancel(registration_id=registration.pk, by=champion)
    assert_email(
        to=champion.email,
        kind="events.registration_cancelled",
        subject="Your registration is cancelled: Run charts masterclass",
        text=("You cancelled your registration for Run charts masterclass.",),
        html=("You cancelled your registration for Run charts masterclass.",),
    )


def test_removal_by_a_facilitator_says_who_cancelled(champion, facilitator, online_event):
    registration = book(online_event, champion)
    services.registration_cancel(registration_id=registration.pk, by=facilitator)
    assert_email(
        to=champion.email,
        kind="events.registration_cancelled",
        text=("The event's facilitators have cancelled your registration",),
        html=("The event's facilitators have cancelled your registration",),
    )


def _update(event, by, **changes):
    from events.forms import EVENT_FIELDS

    fields = {name: getattr(event, name) for name in EVENT_FIELDS}
    return services.event_update(
        event_id=event.pk,
        fields={**fields, **changes},
        facilitators=[by],
        clinical_areas=[],
        skills=[],
        by=by,
    )


def test_a_change_of_time_emails_everyone_booked_or_waiting_once(
    champion, other_champion, partner, facilitator
):
    event = EventFactory(title="Falls learning set", capacity=1, venue="Civic Hall")
    book(event, champion)
    book(event, other_champion)
    gone = book(event, partner)
    services.registration_cancel(registration_id=gone.pk, by=partner)
    new_start = in_days(21, 13)
    updated = _update(
        event, facilitator, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=2)
    )
    assert updated.sequence == 1
    booked = assert_email(
        to=champion.email,
        kind="events.event_changed",
        subject="Changed: Falls learning set",
        text=("New time: ", "1pm to 3pm", "An updated calendar invitation is attached"),
        html=("New time: ", "1pm to 3pm"),
    )
    vevent = calendar_of(booked)
    assert vevent.decoded("DTSTART") == new_start
    assert vevent["SEQUENCE"] == 1
    waiting = assert_email(
        to=other_champion.email,
        kind="events.event_changed",
        text=("You are still on the waiting list",),
        html=("You are still on the waiting list",),
    )
    assert waiting.attachments == []
    assert not OutgoingEmail.objects.filter(to=partner.email, kind="events.event_changed").exists()
    # Saving again with nothing changed emails nobody.
    _update(updated, facilitator, title="Falls learning set (cohort 2)")
    assert OutgoingEmail.objects.filter(kind="events.event_changed").count() == 2


def test_a_change_of_place_is_emailed_and_the_same_change_never_twice(champion, facilitator):
    event = EventFactory(venue="Civic Hall", address="Calverley Street")
    registration = book(event, champion)
    _update(event, facilitator, venue="Thackray Museum", address="Beckett Street, LS9 7LN")
    assert_email(
        to=champion.email,
        kind="events.event_changed",
        text=("New place: Thackray Museum, Beckett Street, LS9 7LN.",),
        html=("New place: Thackray Museum, Beckett Street, LS9 7LN.",),
    )
    # A retry of the same change (same sequence number) finds its email already written.
    registration.refresh_from_db()
    from events import emails

    emails.event_changed(registration, changes=["New place: Thackray Museum."])
    assert OutgoingEmail.objects.filter(kind="events.event_changed").count() == 1


def test_cancelling_an_event_emails_everyone_booked_or_waiting_once(
    champion, other_champion, facilitator
):
    event = EventFactory(title="Neutral space: discharge", capacity=1)
    book(event, champion)
    book(event, other_champion)
    emailed = services.event_cancel(
        event_id=event.pk, by=facilitator, message="The room flooded. We will rearrange it."
    )
    assert emailed == 2
    email = assert_email(
        to=champion.email,
        kind="events.event_cancelled",
        subject="Cancelled: Neutral space: discharge",
        text=("has been cancelled", "The room flooded. We will rearrange it."),
        html=("has been cancelled", "The room flooded. We will rearrange it."),
    )
    vevent = calendar_of(email)
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 1
    assert_email(to=other_champion.email, kind="events.event_cancelled")
    assert services.event_cancel(event_id=event.pk, by=facilitator) == 0
    assert OutgoingEmail.objects.filter(kind="events.event_cancelled").count() == 2


def test_cancelling_a_draft_emails_nobody(facilitator):
    event = EventFactory(status=Event.Status.DRAFT)
    assert services.event_cancel(event_id=event.pk, by=facilitator) == 0
    event.refresh_from_db()
    assert event.is_cancelled


def test_a_past_event_cannot_be_cancelled(facilitator):
    event = EventFactory(starts_at=in_days(-3), ends_at=in_days(-3, 12))
    with pytest.raises(ServiceError, match="already happened"):
        services.event_cancel(event_id=event.pk, by=facilitator)


# Reminders


@pytest.fixture
def morning(time_machine):
    """9am in Leeds, so "tomorrow" never turns into "today" while a test runs."""
    time_machine.move_to(datetime.datetime(2026, 11, 10, 9, tzinfo=timezone.get_default_timezone()))
    return time_machine


def tomorrow_at(hour: int) -> datetime.datetime:
    return in_days(1, hour)


def test_the_reminder_goes_the_day_before_to_those_with_a_place(morning, champion, other_champion):
    event = EventFactory(title="SPC clinic", starts_at=tomorrow_at(14), ends_at=tomorrow_at(15))
    place = RegistrationFactory(event=event, user=champion)
    RegistrationFactory(event=event, user=other_champion, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=EventFactory(starts_at=in_days(2), ends_at=in_days(2, 12)))
    RegistrationFactory(
        event=EventFactory(
            starts_at=tomorrow_at(9), ends_at=tomorrow_at(10), status=Event.Status.CANCELLED
        )
    )
    assert tasks.send_event_reminders() == 1
    assert_email(
        to=champion.email,
        kind="events.event_reminder",
        subject="Tomorrow: SPC clinic",
        text=("you have a place on SPC clinic tomorrow, starting at 2pm",),
        html=("See you tomorrow", "starting at 2pm"),
    )
    place.refresh_from_db()
    assert place.reminder_sent_at is not None


def test_running_the_reminders_again_sends_nothing_twice(morning, champion):
    event = EventFactory(starts_at=tomorrow_at(14), ends_at=tomorrow_at(15))
    RegistrationFactory(event=event, user=champion)
    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    assert OutgoingEmail.objects.filter(kind="events.event_reminder").count() == 1


def test_a_booking_made_today_for_tomorrow_is_reminded_by_the_next_run(morning, champion):
    event = EventFactory(starts_at=tomorrow_at(14), ends_at=tomorrow_at(15))
    RegistrationFactory(event=event)
    assert services.reminders_send() == 1
    book(event, champion)
    morning.move_to(timezone.now() + datetime.timedelta(hours=1))
    assert services.reminders_send() == 1
    assert_email(to=champion.email, kind="events.event_reminder")


def test_moving_an_event_means_a_reminder_before_its_new_date(morning, champion, facilitator):
    event = EventFactory(starts_at=tomorrow_at(14), ends_at=tomorrow_at(15))
    RegistrationFactory(event=event, user=champion)
    assert services.reminders_send() == 1
    _update(event, facilitator, starts_at=in_days(5, 14), ends_at=in_days(5, 15))
    assert services.reminders_send() == 0, "not due until the day before the new date"
    registration = Registration.objects.get(event=event)
    assert registration.reminder_sent_at is None


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_reminder_runs_send_each_reminder_once(morning):
    event = EventFactory(starts_at=tomorrow_at(11), ends_at=tomorrow_at(12))
    for _ in range(30):
        RegistrationFactory(event=event, user=UserFactory())
    barrier = threading.Barrier(2)
    counts = []

    def run():
        barrier.wait()
        try:
            counts.append(services.reminders_send(batch=5))
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    assert sum(counts) == 30
    assert OutgoingEmail.objects.filter(kind="events.event_reminder").count() == 30
    assert not Registration.objects.filter(reminder_sent_at__isnull=True).exists()


def test_the_reminders_are_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["event-reminders"]
    assert entry["task"] == tasks.send_event_reminders.name
