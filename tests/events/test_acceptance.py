"""The issue's acceptance journey through the pages: a member books a full event and is
waitlisted, is promoted when someone cancels, gets each email, and imports the calendar
invitation into a calendar library without losing the time or the place. (The same
journey runs in Chromium, with a real worker sending the email, in
tests/browser/test_event_journey.py.)"""

import email
import email.policy

import icalendar
import pytest

from events.models import Registration
from tests.events.factories import EventFactory, in_days
from tests.helpers import assert_email

pytestmark = pytest.mark.django_db


def invitation_in_sent_message(outgoing) -> icalendar.Event:
    """The calendar part of the email as sent over SMTP, read back by icalendar."""
    raw = outgoing.as_message().message().as_bytes()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    (vevent,) = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
    return vevent


def test_book_waitlisted_promoted_emailed_and_imported(client, champion, other_champion):
    event = EventFactory(
        title="Plotting the dots: SPC for beginners",
        capacity=1,
        starts_at=in_days(12, 9, 30),
        ends_at=in_days(12, 12, 30),
        venue="Thackray Museum of Medicine",
        address="Beckett Street, Leeds LS9 7LN",
    )
    detail = f"/events/{event.pk}/"

    client.force_login(other_champion)
    client.post(f"{detail}book/", {"project": "Falls on ward 12"})
    assert_email(
        to=other_champion.email,
        kind="events.registration_confirmed",
        text=("Your place is booked",),
        html=("Your place is booked",),
    )

    client.force_login(champion)
    assert "Join the waiting list" in client.get(detail).content.decode()
    response = client.post(f"{detail}book/", {"learning": "Reading SPC charts"}, follow=True)
    assert "you are on the waiting list: number 1" in response.content.decode()
    waitlisted = assert_email(
        to=champion.email,
        kind="events.registration_waitlisted",
        text=("you are number 1.", "9:30am to 12:30pm"),
        html=("you are number 1.", "Thackray Museum of Medicine"),
    )
    assert waitlisted.attachments == []

    client.force_login(other_champion)
    client.post(f"{detail}cancel-booking/")
    assert_email(
        to=other_champion.email,
        kind="events.registration_cancelled",
        text=("You cancelled your registration",),
        html=("You cancelled your registration",),
    )

    client.force_login(champion)
    assert "You have a place" in client.get(detail).content.decode()
    assert Registration.objects.get(user=champion).status == Registration.Status.CONFIRMED
    promoted = assert_email(
        to=champion.email,
        kind="events.registration_promoted",
        subject="A place came up: you are booked on Plotting the dots: SPC for beginners",
        text=("it is yours", "Thackray Museum of Medicine, Beckett Street, Leeds LS9 7LN"),
        html=("A place came up: you are booked", "Beckett Street, Leeds LS9 7LN"),
    )
    vevent = invitation_in_sent_message(promoted)
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at
    assert vevent["LOCATION"] == "Thackray Museum of Medicine, Beckett Street, Leeds LS9 7LN"
    assert vevent["SUMMARY"] == "Plotting the dots: SPC for beginners"
    assert vevent["URL"].endswith(detail)
