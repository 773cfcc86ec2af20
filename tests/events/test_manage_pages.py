"""Facilitators' pages: their events, creating, changing, publishing, copying and
cancelling events, registrations and the waiting list, check-in, the download and the
reflections summary."""

import csv
import datetime
import html
import io
import re

import pytest
from django.utils import timezone

from core.models import OutgoingEmail
from events.models import Commitment, Event, Reflection, Registration
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.events.test_forms import valid_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, facilitator):
    client.force_login(facilitator)
    return client


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return text(response)


def text(response) -> str:
    """The page's HTML with entities decoded, to find text with apostrophes in it."""
    return html.unescape(response.content.decode())


def test_members_get_403_on_every_facilitator_page(client, champion):
    event = EventFactory()
    client.force_login(champion)
    paths = ["/events/manage/", "/events/new/"] + [
        f"/events/{event.pk}/{suffix}"
        for suffix in ("edit/", "registrations/", "check-in/", "registrations.csv", "reflections/")
    ]
    for path in paths:
        assert client.get(path).status_code == 403, path


def test_my_events_list_and_everyones(staff, facilitator):
    mine = EventFactory(title="Mine", facilitators=[facilitator])
    RegistrationFactory(event=mine)
    EventFactory(title="A draft of mine", status=Event.Status.DRAFT, created_by=facilitator)
    EventFactory(title="Someone else's")
    EventFactory(
        title="My past", facilitators=[facilitator], starts_at=in_days(-9), ends_at=in_days(-9, 12)
    )
    html = page(staff, "/events/manage/")
    assert "Mine" in html
    assert "A draft of mine" in html
    assert "Someone else's" not in html
    assert "My past" not in html
    assert "1 of 20" in html
    assert "Someone else's" in page(staff, "/events/manage/", show="all")
    assert "My past" in page(staff, "/events/manage/", when="past")


def test_the_list_links_to_its_other_views_and_marks_the_one_showing(staff):
    views = {
        "Events you run": "/events/manage/",
        "All events": "/events/manage/?show=all",
        "Past events": "/events/manage/?when=past",
    }
    for showing, params in (
        ("Events you run", {}),
        ("All events", {"show": "all"}),
        ("Past events", {"when": "past"}),
    ):
        html = page(staff, "/events/manage/", **params)
        assert (
            '<li class="nhsuk-contents-list__item" aria-current="page">'
            f'<span class="nhsuk-contents-list__current">{showing}</span></li>'
        ) in html, showing
        assert html.count('aria-current="page"') == 1
        for other, url in views.items():
            link = f'<a class="nhsuk-contents-list__link" href="{url}">{other}</a>'
            assert (link in html) == (other != showing), (showing, other)


def test_create_publish_and_members_can_book(staff, client, facilitator, champion):
    response = staff.post("/events/new/", valid_event(facilitator))
    event = Event.objects.get()
    assert response["Location"] == f"/events/{event.pk}/"
    assert "Publish the event" in page(staff, f"/events/{event.pk}/")
    staff.post(f"/events/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    client.force_login(champion)
    assert "Book a place" in page(client, f"/events/{event.pk}/")


def test_editing_keeps_the_values_and_saves_changes(staff, facilitator):
    event = EventFactory(title="Old title", facilitators=[facilitator])
    html = page(staff, f"/events/{event.pk}/edit/")
    assert 'value="Old title"' in html
    assert f"{facilitator.email}</textarea>" in html
    data = valid_event(facilitator, title="New title")
    response = staff.post(f"/events/{event.pk}/edit/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "New title"


def test_lowering_capacity_below_the_places_given_is_refused_on_the_form(staff, facilitator):
    event = EventFactory(capacity=5)
    for _ in range(3):
        RegistrationFactory(event=event)
    response = staff.post(f"/events/{event.pk}/edit/", valid_event(facilitator, capacity="2"))
    assert "3 people already have places" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 5


def test_a_cancelled_event_cannot_be_edited(staff):
    event = EventFactory(status=Event.Status.CANCELLED)
    response = staff.get(f"/events/{event.pk}/edit/", follow=True)
    assert "A cancelled event cannot be changed." in response.content.decode()


def test_cancelling_the_event_emails_everyone_and_says_how_many(staff):
    event = EventFactory()
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    html = page(staff, f"/events/{event.pk}/cancel/")
    assert "We will email the 2 people booked or waiting" in html
    response = staff.post(f"/events/{event.pk}/cancel/", {"message": "Snow."}, follow=True)
    assert "We have emailed the 2 people who were booked or waiting." in response.content.decode()
    assert OutgoingEmail.objects.filter(kind="events.event_cancelled").count() == 2
    assert "This event has been cancelled" in response.content.decode()


def test_duplicating_makes_draft_copies_for_a_series(staff, facilitator):
    event = EventFactory(facilitators=[facilitator], capacity=15)
    RegistrationFactory(event=event)
    start = in_days(30).date()
    response = staff.post(
        f"/events/{event.pk}/duplicate/",
        {
            "first_date_day": start.day,
            "first_date_month": start.month,
            "first_date_year": start.year,
            "copies": "4",
            "every_weeks": "2",
        },
        follow=True,
    )
    assert "4 draft copies made" in response.content.decode()
    copies = list(Event.objects.exclude(pk=event.pk).order_by("starts_at"))
    assert [c.status for c in copies] == [Event.Status.DRAFT] * 4
    assert [timezone.localdate(c.starts_at) for c in copies] == [
        start + datetime.timedelta(weeks=2 * n) for n in range(4)
    ]
    assert all(c.capacity == 15 and list(c.facilitators.all()) == [facilitator] for c in copies)
    assert not Registration.objects.filter(event__in=copies).exists()


def test_the_registrations_page_lists_places_and_the_waiting_list_in_order(staff):
    event = EventFactory(capacity=1)
    first = UserFactory(profile__display_name="Ada First")
    second = UserFactory(profile__display_name="Ben Second")
    third = UserFactory(profile__display_name="Cat Third")
    from events import services

    for member in (first, second, third):
        services.registration_create(
            event_id=event.pk,
            user=member,
            by=member,
            answers=services.Answers(project="Ward 5 falls", access="Hearing loop"),
        )
    html = page(staff, f"/events/{event.pk}/registrations/")
    places, waitlist = html.split("<h2>Waiting list (2)</h2>")
    assert "Ada First" in places
    assert "Hearing loop" in places
    assert waitlist.index("Ben Second") < waitlist.index("Cat Third")


def test_the_registrations_rows_escape_answers_and_name_former_members(staff):
    """The rows are built in Python (events/templatetags/events.py): every value escaped,
    an erased member named as such, a status other than booked or waiting tagged, and a
    remove button (with its CSRF field) only for a place or a waiting-list place."""
    event = EventFactory(capacity=5)
    shown = RegistrationFactory(
        event=event,
        user=UserFactory(profile__display_name="<b>Ann</b> & co"),
        project_answer='<script>alert("x")</script>',
        status=Registration.Status.ATTENDED,
    )
    erased = RegistrationFactory(event=event, user=UserFactory(erased_at=timezone.now()))
    response = staff.get(f"/events/{event.pk}/registrations/")
    body = response.content.decode()
    assert "&lt;b&gt;Ann&lt;/b&gt; &amp; co" in body
    assert "<b>Ann</b>" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert '<strong class="nhsuk-tag nhsuk-tag--grey">Attended</strong>' in body
    assert "Former member" in body
    assert f"/registrations/{shown.pk}/remove/" not in body
    remove = f'<form method="post" action="/events/{event.pk}/registrations/{erased.pk}/remove/"'
    assert remove in body
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body[body.index(remove) :])
    assert token
    assert token.group(1)


def test_a_facilitator_finds_and_adds_a_member_then_removes_them(staff, facilitator):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    member = UserFactory(email="nadia@example.org", profile__display_name="Nadia Hussain")
    html = page(staff, f"/events/{event.pk}/registrations/", q="Nadia")
    assert f'name="user" value="{member.pk}"' in html
    response = staff.post(
        f"/events/{event.pk}/registrations/add/", {"user": member.pk}, follow=True
    )
    assert "Nadia Hussain is on the waiting list: number 1." in text(response)
    registration = Registration.objects.get(user=member)
    assert registration.added_by == facilitator
    response = staff.post(
        f"/events/{event.pk}/registrations/{registration.pk}/remove/", follow=True
    )
    assert "Nadia Hussain's registration is cancelled" in text(response)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert staff.post(f"/events/{event.pk}/registrations/add/", {"user": "nope"}).status_code == 302


def test_member_search_finds_the_unregistered_after_twenty_registered_matches(staff):
    event = EventFactory(capacity=30)
    matching = [UserFactory(profile__display_name=f"Nadia {index:02}") for index in range(21)]
    for member in matching[:20]:
        RegistrationFactory(event=event, user=member)
    html = page(staff, f"/events/{event.pk}/registrations/", q="Nadia")
    assert "No member who is not already registered matches" not in html
    assert f'name="user" value="{matching[20].pk}"' in html
    assert all(f'name="user" value="{member.pk}"' not in html for member in matching[:20])


def test_removing_a_registration_of_another_event_is_not_found(staff):
    event, other = EventFactory(), EventFactory()
    registration = RegistrationFactory(event=other)
    response = staff.post(f"/events/{event.pk}/registrations/{registration.pk}/remove/")
    assert response.status_code == 404


def test_raising_capacity_on_the_registrations_page_promotes_at_once(staff):
    event = EventFactory(capacity=1)
    from events import services

    members = [UserFactory() for _ in range(3)]
    for member in members:
        services.registration_create(event_id=event.pk, user=member, by=member)
    response = staff.post(f"/events/{event.pk}/capacity/", {"capacity": "2"}, follow=True)
    html = response.content.decode()
    assert "The event now has 2 places. 1 person moved from the waiting list" in html
    assert Registration.objects.get(user=members[1]).status == Registration.Status.CONFIRMED
    assert OutgoingEmail.objects.filter(
        to=members[1].email, kind="events.registration_promoted"
    ).exists()


def test_the_download_has_answers_and_is_formula_safe(staff):
    event = EventFactory(capacity=1)
    RegistrationFactory(
        event=event,
        user=UserFactory(profile__display_name='=HYPERLINK("http://evil")'),
        project_answer="+cmd|' /C calc'!A0",
        learning_answer="SPC, and how to explain it",
        access_requirements="@SUM(1)",
    )
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    response = staff.get(f"/events/{event.pk}/registrations.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Name", "Email", "Organisation", "Job title", "Status"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][7] == "'+cmd|' /C calc'!A0"
    assert rows[1][8] == "SPC, and how to explain it"
    assert rows[1][9] == "'@SUM(1)"
    assert rows[2][4:6] == ["On the waiting list", "1"]


def test_check_in_on_the_day_marks_attended_and_no_show(staff, time_machine):
    # Days, not the factory's fortnight, ahead: the clock moves to the start, and the staff
    # member's session (14 days) must outlast the move at any hour the suite runs.
    event = EventFactory(starts_at=in_days(3), ends_at=in_days(3, 12))
    ada = RegistrationFactory(event=event, user=UserFactory(profile__display_name="Ada Lovelace"))
    ben = RegistrationFactory(event=event, user=UserFactory(profile__display_name="Ben Okri"))
    html = page(staff, f"/events/{event.pk}/check-in/")
    assert "Check-in opens on the day of the event" in html
    assert "Attended<span" not in html
    time_machine.move_to(event.starts_at)
    html = page(staff, f"/events/{event.pk}/check-in/")
    assert html.index("Ada Lovelace") < html.index("Ben Okri")
    assert 'name="viewport" content="width=device-width' in html
    response = staff.post(f"/events/{event.pk}/check-in/{ada.pk}/", {"status": "attended"})
    assert response["Location"] == f"/events/{event.pk}/check-in/#registration-{ada.pk}"
    staff.post(f"/events/{event.pk}/check-in/{ben.pk}/", {"status": "no_show"})
    staff.post(f"/events/{event.pk}/check-in/{ben.pk}/", {"status": "cancelled"})
    ada.refresh_from_db()
    ben.refresh_from_db()
    assert (ada.status, ben.status) == (Registration.Status.ATTENDED, Registration.Status.NO_SHOW)
    assert "1 attended, 1 did not attend, 0 not marked yet" in page(
        staff, f"/events/{event.pk}/check-in/"
    )


def test_the_reflections_summary_leaves_out_names_when_asked(staff):
    event = EventFactory(starts_at=in_days(-1), ends_at=in_days(-1, 12))
    named = RegistrationFactory(
        event=event,
        user=UserFactory(profile__display_name="Named Person"),
        status=Registration.Status.ATTENDED,
    )
    hidden = RegistrationFactory(
        event=event,
        user=UserFactory(profile__display_name="Hidden Person"),
        status=Registration.Status.ATTENDED,
    )
    Reflection.objects.create(registration=named, learned="Huddles help.")
    Reflection.objects.create(registration=hidden, learned="Ask patients first.", anonymous=True)
    Commitment.objects.create(registration=hidden, change_idea="Ask three patients on Monday")
    html = page(staff, f"/events/{event.pk}/reflections/")
    assert "Named Person" in html
    assert "Huddles help." in html
    assert "Hidden Person" not in html
    assert "Anonymous" in html
    assert "Ask three patients on Monday" in html
    assert re.search(r"2 reflections from 2 people who attended; 1 chose", html)
