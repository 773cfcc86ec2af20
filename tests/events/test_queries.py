"""The events pages run a fixed number of queries whatever the data size: each is pinned,
at two sizes, with the queries named."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from champions.models import ClinicalArea, Skill
from events.models import CalendarFeed, Commitment, Event, Registration
from projects.models import ChangeIdea, Driver
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every signed-in page: the session, the member, and their roles (for the header).
SIGNED_IN = 3


def grow(champion, facilitator, events: int) -> None:
    """`events` upcoming events with topics, places, a waiting list, and the member's
    bookings; and as many past ones."""
    areas = list(ClinicalArea.objects.filter(name__in=["Falls", "Frailty", "Sepsis"]))
    skills = list(Skill.objects.all()[:3])
    others = [UserFactory() for _ in range(3)]
    for number in range(events):
        event = EventFactory(capacity=3, facilitators=[facilitator])
        event.clinical_areas.set(areas)
        event.skills.set(skills)
        for other in others[:2]:
            RegistrationFactory(event=event, user=other)
        RegistrationFactory(event=event, user=champion, status=Registration.Status.WAITLISTED)
        past = EventFactory(
            starts_at=in_days(-number - 2), ends_at=in_days(-number - 2, 12), created_by=facilitator
        )
        RegistrationFactory(event=past, user=champion, status=Registration.Status.ATTENDED)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.fixture
def sizes(client, champion, facilitator):
    """Counts the queries of a page as `who`, with 2 and then 12 events of each kind."""

    def measure(url: str, who) -> list[int]:
        client.force_login(who)
        counts = []
        for events in (2, 10):
            grow(champion, facilitator, events)
            counts.append(queries(client, url() if callable(url) else url))
        return counts

    return measure


def test_the_events_list(sizes, champion):
    # + clinical areas and skills (the topic filter's choices), the count for the
    # pagination, and the page of events (places taken and my registration in subqueries).
    assert sizes("/events/?topic=area:falls&places=on", champion) == [SIGNED_IN + 4] * 2


def test_the_month(sizes, champion):
    # + the month's events.
    assert (
        sizes(f"/events/month/{in_days(5).year}/{in_days(5).month}/", champion)
        == [SIGNED_IN + 1] * 2
    )


def test_my_events(sizes, champion):
    # + my registrations with their events, waitlist positions and reflections, and my
    # calendar feed.
    CalendarFeed.objects.create(user=champion)
    assert sizes("/events/mine/", champion) == [SIGNED_IN + 2] * 2


def test_an_event_page(sizes, champion, facilitator):
    event = EventFactory(capacity=2, facilitators=[facilitator])
    event.clinical_areas.set(ClinicalArea.objects.all()[:3])
    RegistrationFactory(event=event, user=champion)

    def grow_showcase():
        event.showcased_projects.add(*(ProjectFactory() for _ in range(3)))
        return f"/events/{event.pk}/"

    # + the event (with places taken), its facilitators (with their profiles, in one
    # query), clinical areas and skills, my registration (with its waiting-list position and
    # reflection), and the showcased projects I may see.
    assert sizes(grow_showcase, champion) == [SIGNED_IN + 6] * 2


def test_the_facilitators_list(sizes, facilitator):
    # + the count for the pagination and the page of events with places and waiting.
    assert sizes("/events/manage/?show=all", facilitator) == [SIGNED_IN + 2] * 2


def test_the_registrations_page(sizes, facilitator):
    event = EventFactory(capacity=3)
    for _ in range(6):
        RegistrationFactory(
            event=event,
            user=UserFactory(),
            status=Registration.Status.WAITLISTED,
        )

    def grow_event():
        RegistrationFactory(event=event, user=UserFactory(), status=Registration.Status.WAITLISTED)
        return f"/events/{event.pk}/registrations/?q=member"

    # + the event, its registrations with members, profiles and organisations, and the
    # member search.
    assert sizes(grow_event, facilitator) == [SIGNED_IN + 3] * 2


def test_the_showcase_page(sizes, facilitator):
    event = EventFactory()

    def grow_showcase():
        event.showcased_projects.add(*(ProjectFactory(title=f"Falls {n}") for n in range(3)))
        for n in range(3):
            ProjectFactory(title=f"Falls at home {n}")
        return f"/events/{event.pk}/showcase/?q=falls"

    # + the event, the showcased projects, and the search: its rows, then their
    # organisations, clinical areas and leads (with their profiles).
    assert sizes(grow_showcase, facilitator) == [SIGNED_IN + 6] * 2


def test_turning_a_commitment_into_a_pdsa_cycle(sizes, champion):
    past = EventFactory(starts_at=in_days(-2), ends_at=in_days(-2, 12))
    registration = RegistrationFactory(
        event=past, user=champion, status=Registration.Status.ATTENDED
    )
    commitment = Commitment.objects.create(registration=registration, change_idea="Huddles")

    def grow_projects():
        for _ in range(3):
            project = ProjectFactory(lead=champion)
            driver = Driver.objects.create(project=project, text="Reliable checks")
            for text in ("Huddles", "Rounding"):
                ChangeIdea.objects.create(project=project, driver=driver, text=text)
        return f"/events/commitments/{commitment.pk}/pdsa-cycle/"

    # + my commitment (with its event), and the change ideas of my projects (with them).
    assert sizes(grow_projects, champion) == [SIGNED_IN + 2] * 2


def test_check_in(sizes, facilitator):
    event = EventFactory(capacity=50)

    def grow_event():
        for _ in range(5):
            RegistrationFactory(event=event, user=UserFactory())
        return f"/events/{event.pk}/check-in/"

    # + the event and its registrations with members, profiles and organisations.
    assert sizes(grow_event, facilitator) == [SIGNED_IN + 2] * 2


def test_the_calendar_feed(client, champion, facilitator):
    feed = CalendarFeed.objects.create(user=champion)
    counts = []
    for events in (2, 10):
        grow(champion, facilitator, events)
        for event in Event.objects.filter(registrations__user=champion).distinct():
            Registration.objects.filter(event=event, user=champion).update(
                status=Registration.Status.CONFIRMED
            )
        counts.append(queries(client, f"/events/feed/{feed.token}.ics"))
    # The feed (with its member), and the member's places with their events.
    assert counts == [2, 2]
