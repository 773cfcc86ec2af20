"""Members' pages: the list and its filters, the month, an event, booking and cancelling,
my events, the calendar files and feed, and reflections."""

import datetime
import re

import icalendar
import pytest
from django.conf import settings
from django.template import engines

from champions.models import ClinicalArea, Skill
from events import selectors
from events.models import CalendarFeed, Commitment, Event, Reflection, Registration
from events.templatetags import events as event_tags
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def titles(html: str) -> list[str]:
    return re.findall(r'class="nhsuk-card__link" href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def member(client, champion):
    client.force_login(champion)
    return client


# The list


def test_the_list_shows_published_events_to_come_soonest_first(member):
    EventFactory(title="Later", starts_at=in_days(20), ends_at=in_days(20, 12))
    EventFactory(title="Sooner", starts_at=in_days(5), ends_at=in_days(5, 12))
    EventFactory(title="A draft", status=Event.Status.DRAFT)
    EventFactory(title="Gone by", starts_at=in_days(-5), ends_at=in_days(-5, 12))
    EventFactory(title="Called off", status=Event.Status.CANCELLED)
    html = page(member, "/events/")
    assert titles(html) == ["Sooner", "Later"]
    assert "2 upcoming events" in html


def test_the_list_filters_by_type_topic_format_and_places(member, champion):
    falls = ClinicalArea.objects.get(name="Falls")
    spc = Skill.objects.get(name="SPC charts")
    workshop = EventFactory(title="Falls workshop", kind=Event.Kind.WORKSHOP)
    workshop.clinical_areas.add(falls)
    online = EventFactory(
        title="SPC online", kind=Event.Kind.MASTERCLASS, format=Event.Format.ONLINE, capacity=1
    )
    online.skills.add(spc)
    RegistrationFactory(event=online)
    EventFactory(title="Hybrid set", kind=Event.Kind.LEARNING_SET, format=Event.Format.HYBRID)
    assert titles(page(member, "/events/", kind="workshop")) == ["Falls workshop"]
    assert titles(page(member, "/events/", topic="area:falls")) == ["Falls workshop"]
    assert titles(page(member, "/events/", topic="skill:spc-charts")) == ["SPC online"]
    assert titles(page(member, "/events/", format="online")) == ["SPC online", "Hybrid set"]
    assert titles(page(member, "/events/", format="in_person")) == ["Falls workshop", "Hybrid set"]
    assert "SPC online" not in titles(page(member, "/events/", places="on"))


def test_the_list_shows_places_left_and_my_booking(member, champion):
    nearly = EventFactory(title="Nearly full", capacity=2)
    RegistrationFactory(event=nearly, user=champion)
    full = EventFactory(title="Full up", capacity=1)
    RegistrationFactory(event=full)
    RegistrationFactory(event=full, user=UserFactory(), status=Registration.Status.WAITLISTED)
    html = page(member, "/events/")
    assert "1 place left" in html
    assert "<strong>Full</strong>: you can join the waiting list" in html
    assert "You have a place" in html


def test_a_full_event_offers_the_waiting_list_only_to_those_not_booked(member, champion):
    mine = EventFactory(title="Mine", capacity=1)
    RegistrationFactory(event=mine, user=champion)
    waiting = EventFactory(title="Waiting", capacity=1)
    RegistrationFactory(event=waiting)
    RegistrationFactory(event=waiting, user=champion, status=Registration.Status.WAITLISTED)
    html = page(member, "/events/")
    assert html.count("<strong>Full</strong></p>") == 2
    assert "you can join the waiting list" not in html
    assert "You have a place" in html
    assert "You are on the waiting list" in html


def test_the_waiting_list_hint_goes_by_places_not_by_the_label_wording(champion, monkeypatch):
    """The card offers the waiting list when every place is taken, whatever words the
    places label uses."""
    full = EventFactory(title="Full up", capacity=1)
    RegistrationFactory(event=full)
    EventFactory(title="Room left", capacity=2)
    monkeypatch.setitem(event_tags.register.filters, "places_text", lambda event: "No places")
    source = (settings.BASE_DIR / "templates/events/_event_card.html").read_text()
    card = engines["django"].from_string(source)  # parsed now, with the patched filter
    rendered = {
        event.title: card.render({"event": event})
        for event in selectors.upcoming_events(user=champion)
    }
    assert "<strong>No places</strong>: you can join the waiting list" in rendered["Full up"]
    assert "waiting list" not in rendered["Room left"]


def test_the_month_view_puts_events_on_their_day_in_leeds(member, time_machine):
    time_machine.move_to(datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC))
    # 00:30 on Sunday 25 October in Leeds (BST) is 23:30 on the 24th in UTC.
    EventFactory(
        title="Early bird",
        starts_at=datetime.datetime(2026, 10, 24, 23, 30, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 10, 25, 1, tzinfo=datetime.UTC),
    )
    EventFactory(title="Called off", status=Event.Status.CANCELLED)
    html = page(member, "/events/month/2026/10/")
    cell = re.search(r"<strong>25</strong>(.*?)</td>", html, re.S).group(1)
    assert "12:30am Early bird" in cell
    assert "Events in October 2026" in html
    assert 'href="/events/month/2026/9/"' in html
    assert 'href="/events/month/2026/11/"' in html
    assert member.get("/events/month/2026/13/").status_code == 404


# An event


def test_the_event_page_shows_places_left_and_the_booking_button(member):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event)
    html = page(member, f"/events/{event.pk}/")
    assert "2 of 3 left" in html
    assert f'href="/events/{event.pk}/book/">Book a place</a>' in html
    assert "Step-free entrance" in html


def test_the_joining_link_is_shown_only_to_people_with_a_place(member, champion):
    event = EventFactory(
        format=Event.Format.ONLINE, joining_link="https://teams.example.org/secret", capacity=1
    )
    assert "teams.example.org/secret" not in page(member, f"/events/{event.pk}/")
    waiting = RegistrationFactory(event=event, user=champion, status=Registration.Status.WAITLISTED)
    assert "teams.example.org/secret" not in page(member, f"/events/{event.pk}/")
    waiting.status = Registration.Status.CONFIRMED
    waiting.save()
    assert "teams.example.org/secret" in page(member, f"/events/{event.pk}/")


def test_a_full_event_offers_the_waiting_list_and_the_page_shows_my_position(member, champion):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    html = page(member, f"/events/{event.pk}/")
    assert "Join the waiting list</a>" in html
    response = member.post(f"/events/{event.pk}/book/", {"learning": "How to read SPC"})
    assert response["Location"] == f"/events/{event.pk}/"
    html = page(member, f"/events/{event.pk}/")
    assert "the waiting list: number 2" in html
    assert "You are number 2 on the waiting list" in html
    assert Registration.objects.get(user=champion).learning_answer == "How to read SPC"


def test_a_refused_booking_says_why(member):
    event = EventFactory(registration_closes_at=in_days(-1))
    html = page(member, f"/events/{event.pk}/")
    assert "Booking closed at" in html
    assert "Book a place</a>" not in html
    response = member.post(f"/events/{event.pk}/book/", {})
    assert response.status_code == 200
    assert "Booking closed at" in response.content.decode()
    assert not event.registrations.exists()


def test_audience_restricted_events_say_who_they_are_for(member):
    event = EventFactory(audience=Event.Audience.SYSTEM_LEADERS)
    assert "This event is for the System leader network." in page(member, f"/events/{event.pk}/")


def test_drafts_are_not_found_by_members(member):
    draft = EventFactory(status=Event.Status.DRAFT)
    for path in ("", "book/", "calendar.ics", "reflection/", "cancel-booking/"):
        assert member.get(f"/events/{draft.pk}/{path}").status_code == 404, path


def test_booking_twice_goes_back_to_the_event(member, champion):
    event = EventFactory()
    member.post(f"/events/{event.pk}/book/", {})
    response = member.post(f"/events/{event.pk}/book/", {}, follow=True)
    assert "You are already registered for this event." in response.content.decode()
    assert event.registrations.count() == 1


def test_cancelling_my_place_asks_first_then_cancels(member, champion):
    event = EventFactory()
    RegistrationFactory(event=event, user=champion)
    html = page(member, f"/events/{event.pk}/cancel-booking/")
    assert "Cancel your place?" in html
    response = member.post(f"/events/{event.pk}/cancel-booking/", follow=True)
    assert "is cancelled" in response.content.decode()
    assert Registration.objects.get(user=champion).status == Registration.Status.CANCELLED


def test_no_cancel_link_once_the_event_has_started(member, champion, time_machine):
    # Days ahead, so the member's 14-day session outlasts the move to the start.
    event = EventFactory(starts_at=in_days(3), ends_at=in_days(3, 12))
    RegistrationFactory(event=event, user=champion)
    time_machine.move_to(event.starts_at + datetime.timedelta(minutes=1))
    assert "Cancel your place" not in page(member, f"/events/{event.pk}/")
    response = member.post(f"/events/{event.pk}/cancel-booking/", follow=True)
    assert "can no longer be cancelled" in response.content.decode()


def test_the_calendar_file_downloads_and_parses(member, champion):
    event = EventFactory(title="SPC clinic")
    RegistrationFactory(event=event, user=champion)
    response = member.get(f"/events/{event.pk}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="event-{event.pk}.ics"' in response["Content-Disposition"]
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert vevent["SUMMARY"] == "SPC clinic"
    assert vevent.decoded("DTSTART") == event.starts_at


# My events, the feed


def test_my_events_are_booked_waiting_and_past(member, champion):
    booked = EventFactory(title="Booked one")
    RegistrationFactory(event=booked, user=champion)
    waiting = EventFactory(title="Waiting one", capacity=1)
    RegistrationFactory(event=waiting)
    RegistrationFactory(event=waiting, user=champion, status=Registration.Status.WAITLISTED)
    past = EventFactory(title="Past one", starts_at=in_days(-7), ends_at=in_days(-7, 12))
    RegistrationFactory(event=past, user=champion, status=Registration.Status.ATTENDED)
    cancelled = EventFactory(title="Cancelled booking")
    RegistrationFactory(event=cancelled, user=champion, status=Registration.Status.CANCELLED)
    html = page(member, "/events/mine/")
    booked_part, rest = html.split("<h2>On the waiting list</h2>")
    waiting_part, past_part = rest.split("<h2>Past events</h2>")
    assert "Booked one" in booked_part
    assert "Waiting one" in waiting_part
    assert "You are number 1 on the waiting list" in waiting_part
    assert "Past one" in past_part
    assert "Record your reflection" in past_part
    assert "Cancelled booking" not in html


def test_the_calendar_feed_is_made_on_request_and_reset(client, member, champion):
    html = page(member, "/events/mine/")
    assert "Get my calendar address" in html
    assert not CalendarFeed.objects.exists()
    member.post("/events/feed/reset/")
    first = CalendarFeed.objects.get(user=champion).token
    assert f"/events/feed/{first}.ics" in page(member, "/events/mine/")
    member.post("/events/feed/reset/")
    second = CalendarFeed.objects.get(user=champion).token
    assert second != first
    client.logout()
    assert client.get(f"/events/feed/{first}.ics").status_code == 404
    assert client.get(f"/events/feed/{second}.ics").status_code == 200


def test_the_feed_holds_my_places_with_the_joining_link_without_a_session(client, champion):
    feed = CalendarFeed.objects.create(user=champion)
    booked = EventFactory(
        title="Booked online",
        format=Event.Format.ONLINE,
        joining_link="https://teams.example.org/j",
    )
    RegistrationFactory(event=booked, user=champion)
    called_off = EventFactory(title="Called off")
    RegistrationFactory(event=called_off, user=champion)
    called_off.status = Event.Status.CANCELLED
    called_off.save()
    waiting = EventFactory(title="Only waiting", capacity=1)
    RegistrationFactory(event=waiting)
    RegistrationFactory(event=waiting, user=champion, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=EventFactory(title="Someone else's"))
    response = client.get(f"/events/feed/{feed.token}.ics")
    assert response["Cache-Control"] == "private, no-cache"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Booked online", "Called off"}
    assert "https://teams.example.org/j" in events["Booked online"]["DESCRIPTION"]
    assert events["Called off"]["STATUS"] == "CANCELLED"


def test_a_suspended_members_feed_stops(client, champion):
    feed = CalendarFeed.objects.create(user=champion)
    champion.is_active = False
    champion.save()
    assert client.get(f"/events/feed/{feed.token}.ics").status_code == 404


# Reflections


def test_an_attendee_records_a_reflection_and_a_commitment(member, champion):
    event = EventFactory(starts_at=in_days(-2), ends_at=in_days(-2, 12))
    registration = RegistrationFactory(
        event=event, user=champion, status=Registration.Status.ATTENDED
    )
    response = member.post(
        f"/events/{event.pk}/reflection/",
        {
            "learned": "Run charts need 10 points before a shift means much.",
            "change_idea": "Plot our falls weekly on the ward board",
            "anonymous": "on",
        },
    )
    assert response["Location"] == "/events/mine/"
    reflection = Reflection.objects.get(registration=registration)
    assert reflection.anonymous
    assert Commitment.objects.get(registration=registration).change_idea.startswith("Plot")
    html = page(member, f"/events/{event.pk}/reflection/")
    assert "Change your reflection" in html
    assert "Plot our falls weekly on the ward board</textarea>" in html
    member.post(f"/events/{event.pk}/reflection/", {"learned": "Shorter now", "change_idea": ""})
    reflection.refresh_from_db()
    assert reflection.learned == "Shorter now"
    assert not reflection.anonymous
    assert not Commitment.objects.exists()


def test_reflections_are_for_people_who_came_once_it_starts(member, champion):
    future = EventFactory()
    RegistrationFactory(event=future, user=champion)
    assert member.get(f"/events/{future.pk}/reflection/").status_code == 403
    past = EventFactory(starts_at=in_days(-2), ends_at=in_days(-2, 12))
    RegistrationFactory(event=past, user=champion, status=Registration.Status.NO_SHOW)
    assert member.get(f"/events/{past.pk}/reflection/").status_code == 403
    other = EventFactory(starts_at=in_days(-2), ends_at=in_days(-2, 12))
    assert member.get(f"/events/{other.pk}/reflection/").status_code == 403


def test_the_home_page_shows_my_coming_events_or_suggests_one(member, champion):
    html = page(member, "/home/")
    assert "Book a learning event" in html
    event = EventFactory(title="Flow workshop", capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, user=champion, status=Registration.Status.WAITLISTED)
    html = page(member, "/home/")
    assert "Book a learning event" not in html
    assert "Your events" in html
    assert "Flow workshop" in html
    assert "Waiting list: number 1" in html
