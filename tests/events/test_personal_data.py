"""What events hold about a member: in "Download my data", and what "Delete my account"
does to it: places to come are given up (the waiting list moves up), the member's words
go, and past places stay, anonymous, for attendance figures."""

import datetime
import json

import pytest
from django.utils import timezone

from champions import services as champion_services
from core.models import OutgoingEmail
from events import selectors, services
from events.models import CalendarFeed, Commitment, Event, Reflection, Registration
from events.personaldata import erase_events
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.factories import UserFactory
from tests.helpers import assert_email

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
ANSWERS = services.Answers(project="Falls at home", learning="SPC charts", access="A ramp")


@pytest.fixture
def nadia():
    return UserFactory(email="nadia@example.org", profile__display_name="Nadia Hussain")


@pytest.fixture
def past_place(nadia) -> Registration:
    event = EventFactory(title="Run charts", starts_at=in_days(-3), ends_at=in_days(-3, 12))
    registration = RegistrationFactory(
        event=event,
        user=nadia,
        status=Registration.Status.ATTENDED,
        project_answer="Falls at home",
        access_requirements="A ramp",
    )
    Reflection.objects.create(registration=registration, learned="Plot the dots", anonymous=True)
    Commitment.objects.create(registration=registration, change_idea="A run chart a week")
    return registration


def _book(event, user, **kwargs):
    return services.registration_create(event_id=event.pk, user=user, by=user, **kwargs)


def test_my_download_has_my_events(client, nadia, past_place):
    coming = EventFactory(title="SPC masterclass")
    _book(coming, nadia, answers=ANSWERS)
    feed = CalendarFeed.objects.create(user=nadia)
    led = EventFactory(title="Coaching clinic", facilitators=[nadia])
    client.force_login(nadia)
    data = json.loads(client.get("/people/me/data/").content)["events"]

    registrations = {r["event"]: r for r in data["registrations"]}
    assert registrations["Run charts"]["status"] == "Attended"
    assert registrations["SPC masterclass"]["status"] == "Booked"
    assert registrations["SPC masterclass"]["what_do_you_want_to_learn"] == "SPC charts"
    assert registrations["SPC masterclass"]["access_requirements"] == "A ramp"
    assert data["reflections"] == [
        {
            "event": "Run charts",
            "what_i_learned": "Plot the dots",
            "shared_without_my_name": True,
            "created_at": data["reflections"][0]["created_at"],
            "updated_at": data["reflections"][0]["updated_at"],
        }
    ]
    assert [c["one_small_test_of_change"] for c in data["commitments"]] == ["A run chart a week"]
    assert data["calendar_feed"]["address"].endswith(f"/events/feed/{feed.token}.ics")
    assert data["events_i_facilitate"] == [led.title]


def test_without_bookings_the_download_says_so(client, nadia):
    client.force_login(nadia)
    data = json.loads(client.get("/people/me/data/").content)["events"]
    assert data == {
        "registrations": [],
        "reflections": [],
        "commitments": [],
        "calendar_feed": None,
        "events_i_facilitate": [],
    }


def test_my_place_to_come_goes_to_the_first_on_the_waiting_list(nadia):
    event = EventFactory(title="SPC masterclass", capacity=1)
    mine = _book(event, nadia, answers=ANSWERS)
    first = _book(event, UserFactory())
    second = _book(event, UserFactory())
    OutgoingEmail.objects.all().delete()

    erase_events(nadia)

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {mine.pk: "cancelled", first.pk: "confirmed", second.pk: "waitlisted"}
    assert_email(to=first.user.email, text=("SPC masterclass",), html=("SPC masterclass",))
    assert not OutgoingEmail.objects.filter(to=nadia.email).exists(), "no email to the leaver"


def test_a_waiting_list_place_is_given_up_too(nadia):
    event = EventFactory(capacity=1)
    _book(event, UserFactory())
    waiting = _book(event, nadia)
    behind = _book(event, UserFactory())
    erase_events(nadia)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CANCELLED
    assert selectors.waitlist_position(behind) == 1


def test_past_places_stay_for_the_figures_without_my_words(nadia, past_place):
    CalendarFeed.objects.create(user=nadia)
    led = EventFactory(facilitators=[nadia, UserFactory()])
    champion_services.account_delete(user=nadia)

    past_place.refresh_from_db()
    assert past_place.status == Registration.Status.ATTENDED, "the attendance figures hold"
    assert (past_place.project_answer, past_place.learning_answer) == ("", "")
    assert past_place.access_requirements == ""
    assert not Reflection.objects.exists()
    assert not Commitment.objects.exists()
    assert not CalendarFeed.objects.exists()
    assert led.facilitators.count() == 1
    assert Event.objects.filter(pk=led.pk).exists()


def test_a_place_on_a_cancelled_or_started_event_is_left_as_it_is(nadia):
    cancelled = EventFactory(status=Event.Status.CANCELLED)
    on_cancelled = RegistrationFactory(event=cancelled, user=nadia, project_answer="Mine")
    now = timezone.now()
    started = EventFactory(starts_at=now - HOUR, ends_at=now + HOUR)
    on_started = RegistrationFactory(event=started, user=nadia)
    erase_events(nadia)
    on_cancelled.refresh_from_db()
    on_started.refresh_from_db()
    assert on_cancelled.status == on_started.status == Registration.Status.CONFIRMED
    assert on_cancelled.project_answer == ""
