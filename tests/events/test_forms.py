"""Bad input on the events forms: each refused with a message that says what to do, shown
at the top and beside the field, and nothing the facilitator or member typed is lost."""

import datetime
import html as html_module
import re

import pytest
from django.utils import timezone

from champions.models import ClinicalArea
from events.models import Event
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

NHS_NUMBER = "943 476 5919"  # passes the modulus-11 check
PATIENT_DATA = "Do not enter patient-identifiable information."


def next_month() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


def valid_event(facilitator, **overrides) -> dict:
    day = next_month()
    data = {
        "title": "Driver diagrams workshop",
        "kind": "workshop",
        "description": "Build a driver diagram for your project, with help.",
        "facilitators": facilitator.email,
        "date_day": str(day.day),
        "date_month": str(day.month),
        "date_year": str(day.year),
        "start_time": "13:30",
        "end_time": "16:00",
        "format": "in_person",
        "venue": "Leeds Civic Hall",
        "address": "Calverley Street, Leeds LS1 1UR",
        "accessibility_notes": "Step-free entrance",
        "joining_link": "",
        "capacity": "24",
        "audience": "all",
    }
    return {**data, **overrides}


def post_new_event(client, facilitator, **overrides):
    client.force_login(facilitator)
    return client.post("/events/new/", valid_event(facilitator, **overrides))


def errors_of(html: str) -> list[str]:
    summary = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    return [html_module.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def test_a_valid_event_is_saved_as_a_draft(client, facilitator):
    area = ClinicalArea.objects.get(name="Falls")
    response = post_new_event(client, facilitator, clinical_areas=[area.pk])
    event = Event.objects.get()
    assert response["Location"] == f"/events/{event.pk}/"
    assert event.status == Event.Status.DRAFT
    assert event.created_by == facilitator
    assert list(event.facilitators.all()) == [facilitator]
    assert list(event.clinical_areas.all()) == [area]
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "13:30"
    assert event.registration_closes_at is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title"),
        ({"title": "x" * 201}, "title", "Title must be 200 characters or fewer"),
        (
            {"description": "x" * 5001},
            "description",
            "Description must be 5000 characters or fewer",
        ),
        ({"kind": "rave"}, "kind", "Choose the type of event"),
        ({"format": "hologram"}, "format", "Choose where the event happens"),
        ({"audience": "everyone-ever"}, "audience", "Choose who can book"),
        ({"end_time": "13:00"}, "end_time", "The end time must be after the start time"),
        ({"end_time": "13:30"}, "end_time", "The end time must be after the start time"),
        ({"start_time": "half one"}, "start_time", "Enter the start time as hours and minutes"),
        ({"start_time": "25:00"}, "start_time", "Enter the start time as hours and minutes"),
        ({"date_day": "31", "date_month": "2"}, "date", "Date must be a real date"),
        (
            {"date_year": str(timezone.localdate().year - 1)},
            "date",
            "The event must start in the future",
        ),
        ({"capacity": "0"}, "capacity", "The number of places must be 1 or more"),
        ({"capacity": "-5"}, "capacity", "The number of places must be 1 or more"),
        ({"capacity": "100000"}, "capacity", "The number of places must be 1000 or fewer"),
        ({"capacity": "twenty"}, "capacity", "The number of places must be a whole number"),
        ({"capacity": ""}, "capacity", "Enter the number of places"),
        ({"venue": ""}, "venue", "Enter the venue"),
        ({"joining_link": "not a link at all"}, "joining_link", "Enter the joining link as a web"),
        ({"facilitators": ""}, "facilitators", "Enter at least one facilitator"),
        ({"facilitators": "nobody@example.org"}, "facilitators", "No member has the email"),
        ({"facilitators": "not-an-address"}, "facilitators", "is not an email address"),
        (
            {"cohort_year": "1850", "audience": "plcp"},
            "cohort_year",
            "The cohort year must be a year",
        ),
        ({"clinical_areas": ["999999"]}, "clinical_areas", "Choose clinical areas from the list"),
        ({"description": f"Case study of patient {NHS_NUMBER}"}, "description", PATIENT_DATA),
        ({"accessibility_notes": f"Ask {NHS_NUMBER}"}, "accessibility_notes", PATIENT_DATA),
    ],
)
def test_bad_event_input_is_refused_with_a_message(client, facilitator, overrides, field, message):
    response = post_new_event(client, facilitator, **overrides)
    assert response.status_code == 200
    html = response.content.decode()
    assert any(message in error for error in errors_of(html)), errors_of(html)
    assert "<title>Error: Create an event" in html
    assert 'class="nhsuk-form-group nhsuk-form-group--error"' in html
    assert not Event.objects.exists()


def test_booking_must_close_by_the_event_and_open_before_it_closes(client, facilitator):
    day = next_month()
    after = day + datetime.timedelta(days=1)
    response = post_new_event(
        client,
        facilitator,
        registration_closes_day=str(after.day),
        registration_closes_month=str(after.month),
        registration_closes_year=str(after.year),
    )
    assert "Booking must close on or before the event's date" in errors_of(
        response.content.decode()
    )
    before = day - datetime.timedelta(days=5)
    response = post_new_event(
        client,
        facilitator,
        registration_opens_day=str(day.day),
        registration_opens_month=str(day.month),
        registration_opens_year=str(day.year),
        registration_closes_day=str(before.day),
        registration_closes_month=str(before.month),
        registration_closes_year=str(before.year),
    )
    assert "Booking must open before it closes" in errors_of(response.content.decode())
    assert not Event.objects.exists()


def test_booking_closing_on_the_day_closes_at_the_start(client, facilitator):
    day = next_month()
    post_new_event(
        client,
        facilitator,
        registration_closes_day=str(day.day),
        registration_closes_month=str(day.month),
        registration_closes_year=str(day.year),
    )
    event = Event.objects.get()
    assert event.registration_closes_at == event.starts_at


def test_nothing_typed_is_lost_when_the_form_comes_back(client, facilitator):
    area = ClinicalArea.objects.get(name="Falls")
    response = post_new_event(
        client,
        facilitator,
        end_time="12:00",
        title="Frailty & flow <learning> set",
        accessibility_notes="Quiet room available",
        clinical_areas=[area.pk],
        capacity="24",
    )
    html = response.content.decode()
    assert 'value="Frailty &amp; flow &lt;learning&gt; set"' in html
    assert "Build a driver diagram for your project, with help.</textarea>" in html
    assert "Quiet room available</textarea>" in html
    assert 'value="13:30"' in html
    assert 'value="12:00"' in html
    assert 'value="24"' in html
    assert re.search(rf'value="{area.pk}"[^>]*checked', html)
    assert re.search(r'value="in_person"[^>]*checked', html)


def test_a_cohort_year_is_kept_only_for_a_programme_event(client, facilitator):
    post_new_event(client, facilitator, cohort_year="2026", audience="all")
    assert Event.objects.get().cohort_year is None
    post_new_event(client, facilitator, cohort_year="2026", audience="plcp", title="Cohort day")
    assert Event.objects.get(title="Cohort day").cohort_year == 2026


def test_details_of_another_format_are_not_kept(client, facilitator):
    post_new_event(client, facilitator, joining_link="https://teams.example.org/x")
    assert Event.objects.get().joining_link == ""
    post_new_event(
        client,
        facilitator,
        title="Online one",
        format="online",
        joining_link="https://teams.example.org/y",
    )
    online = Event.objects.get(title="Online one")
    assert (online.venue, online.address) == ("", "")
    assert online.joining_link == "https://teams.example.org/y"


def test_times_can_be_typed_the_way_people_write_them(client, facilitator):
    post_new_event(client, facilitator, start_time="9.30am", end_time="2pm")
    event = Event.objects.get()
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "09:30"
    assert timezone.localtime(event.ends_at).strftime("%H:%M") == "14:00"


def test_several_facilitators_by_email(client, facilitator, champion):
    post_new_event(
        client, facilitator, facilitators=f"{facilitator.email}\n{champion.email.upper()}"
    )
    assert set(Event.objects.get().facilitators.all()) == {facilitator, champion}


# Booking, reflection, capacity, duplicate and cancel forms


def test_booking_answers_refuse_nhs_numbers_and_keep_the_rest(client, champion):
    event = EventFactory()
    client.force_login(champion)
    response = client.post(
        f"/events/{event.pk}/book/",
        {"project": f"Falls for patient {NHS_NUMBER}", "learning": "SPC", "access": "Hearing loop"},
    )
    html = response.content.decode()
    assert PATIENT_DATA in errors_of(html)[0]
    assert "SPC</textarea>" in html
    assert "Hearing loop</textarea>" in html
    assert not event.registrations.exists()


def test_booking_answers_have_a_length_limit(client, champion):
    event = EventFactory()
    client.force_login(champion)
    response = client.post(f"/events/{event.pk}/book/", {"learning": "x" * 1001})
    assert any("1000 characters or fewer" in e for e in errors_of(response.content.decode()))
    assert not event.registrations.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"capacity": "0"}, "The number of places must be 1 or more"),
        ({"capacity": "5000"}, "The number of places must be 1000 or fewer"),
        ({"capacity": "lots"}, "The number of places must be a whole number"),
    ],
)
def test_a_bad_capacity_is_refused_on_the_registrations_page(client, facilitator, data, message):
    event = EventFactory(capacity=12)
    client.force_login(facilitator)
    response = client.post(f"/events/{event.pk}/capacity/", data)
    assert response.status_code == 200
    assert message in errors_of(response.content.decode())[0]
    event.refresh_from_db()
    assert event.capacity == 12


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"first_date_day": "1", "first_date_month": "1", "first_date_year": "2020"},
            "must be in the future",
        ),
        ({"copies": "0"}, "Make at least 1 copy"),
        ({"copies": "52"}, "Make 26 copies or fewer"),
        ({"every_weeks": "3"}, "Choose how often"),
    ],
)
def test_bad_duplicate_input_is_refused(client, facilitator, data, message):
    event = EventFactory()
    client.force_login(facilitator)
    day = next_month()
    base = {
        "first_date_day": str(day.day),
        "first_date_month": str(day.month),
        "first_date_year": str(day.year),
        "copies": "2",
        "every_weeks": "1",
    }
    response = client.post(f"/events/{event.pk}/duplicate/", {**base, **data})
    assert any(message in e for e in errors_of(response.content.decode()))
    assert Event.objects.count() == 1


def test_a_reflection_needs_words_and_refuses_nhs_numbers(client, champion, time_machine):
    from tests.events.factories import RegistrationFactory, in_days

    event = EventFactory(starts_at=in_days(-1), ends_at=in_days(-1, 12))
    RegistrationFactory(event=event, user=champion, status="attended")
    client.force_login(champion)
    response = client.post(f"/events/{event.pk}/reflection/", {"learned": "", "change_idea": "x"})
    assert "Enter what you learned" in errors_of(response.content.decode())[0]
    response = client.post(
        f"/events/{event.pk}/reflection/",
        {"learned": f"Spoke about {NHS_NUMBER}", "change_idea": "Try a huddle"},
    )
    html = response.content.decode()
    assert PATIENT_DATA in errors_of(html)[0]
    assert "Try a huddle</textarea>" in html


def test_a_cancellation_message_refuses_nhs_numbers(client, facilitator):
    event = EventFactory()
    client.force_login(facilitator)
    response = client.post(f"/events/{event.pk}/cancel/", {"message": f"Sorry {NHS_NUMBER}"})
    assert PATIENT_DATA in errors_of(response.content.decode())[0]
    event.refresh_from_db()
    assert not event.is_cancelled


def test_unknown_filter_values_are_reported_and_the_list_still_shows(client, champion):
    EventFactory(title="Still listed")
    client.force_login(champion)
    response = client.get("/events/", {"kind": "rave", "topic": "area:nowhere", "format": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    errors = errors_of(html)
    assert "Choose a type of event from the list" in errors
    assert "Choose a topic from the list" in errors
    assert "Choose in person or online" in errors
    assert "Still listed" in html


def test_the_filters_made_once_still_follow_the_topics_and_the_choices(client, champion):
    """The events list keeps each rendered filter form (EventFilterForm.render): a topic
    added, renamed or retired shows at once, and each member sees their own choices."""
    client.force_login(champion)
    area = ClinicalArea.objects.create(name="Podiatry", slug="podiatry")
    assert '<option value="area:podiatry">Podiatry</option>' in client.get("/events/").text
    area.name = "Foot health"
    area.save()
    page = client.get("/events/").text
    assert '<option value="area:podiatry">Foot health</option>' in page
    assert ">Podiatry<" not in page
    area.is_active = False
    area.save()
    assert "area:podiatry" not in client.get("/events/").text
    chosen = client.get("/events/", {"kind": "workshop"}).text
    assert '<option value="workshop" selected>' in chosen
    assert '<option value="workshop" selected>' not in client.get("/events/").text
    refused = client.get("/events/", {"kind": "rave"}).text
    assert "Choose a type of event from the list" in refused
    assert "Choose a type of event from the list" not in client.get("/events/").text
