"""Never overbook (docs/architecture.md#the-booking-flow): many members book one event at once.

Real concurrent HTTP requests, each from its own signed-in session with its own CSRF
token, go through the whole stack (the live server's threads, middleware, the view, the
service, PostgreSQL). The control run replaces the service's event lock with a plain read
(the live server's threads run in this process) and must overbook: without it the test
would not prove it can see a race.
"""

import http.client
import re
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client

from core.models import OutgoingEmail
from events import selectors, services
from events.models import Event, Registration
from tests.events.factories import EventFactory
from tests.factories import UserFactory

# Transactional: the live server's threads commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 10
MEMBERS = 50
DOUBLE_CLICKERS = 10  # members whose second request races their first
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Outcome:
    email: str
    status: int
    location: str


class Browser:
    """One member's browser: a keep-alive HTTP connection and their cookies."""

    def __init__(self, base_url: str, session_key: str) -> None:
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        self.cookies = {django_settings.SESSION_COOKIE_NAME: session_key}

    def _send(self, method: str, path: str, body: str | None = None):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response, content

    def open_booking_form(self, path: str) -> str:
        response, content = self._send("GET", path)
        assert response.status == 200, content[:500]
        return CSRF_INPUT.search(content).group(1)

    def book(self, path: str, token: str) -> tuple[int, str]:
        body = urlencode({"csrfmiddlewaretoken": token, "project": "", "learning": ""})
        response, _ = self._send("POST", path, body)
        return response.status, response.headers.get("Location", "")

    def close(self) -> None:
        self.connection.close()


def race(live_server, event) -> list[Outcome]:
    """Every member opens the booking form, then all press "Book" at the same moment."""
    members = [UserFactory(email=f"racer{n:02d}@example.org") for n in range(MEMBERS)]
    requests = members + members[:DOUBLE_CLICKERS]
    path = f"/events/{event.pk}/book/"
    sessions = {}
    for member in members:
        client = Client()
        client.force_login(member)
        sessions[member.pk] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    barrier = threading.Barrier(len(requests))
    outcomes: list[Outcome] = []
    failures: list[BaseException] = []

    def press_book(member) -> None:
        browser = Browser(live_server.url, sessions[member.pk])
        try:
            token = browser.open_booking_form(path)
            barrier.wait(timeout=120)
            status, location = browser.book(path, token)
            outcomes.append(Outcome(member.email, status, location))
        except BaseException as error:  # reported below, with the others
            failures.append(error)
            barrier.abort()
        finally:
            browser.close()

    threads = [threading.Thread(target=press_book, args=(member,)) for member in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures
    assert len(outcomes) == len(requests)
    return outcomes


def test_fifty_members_racing_for_ten_places_never_overbook(live_server):
    event = EventFactory(capacity=CAPACITY)
    started = time.monotonic()
    outcomes = race(live_server, event)

    # Every request was answered by the booking's redirect: no server error, no refusal.
    assert {(o.status, o.location) for o in outcomes} == {(302, f"/events/{event.pk}/")}

    registrations = list(event.registrations.order_by("pk"))
    assert len(registrations) == MEMBERS, "one registration per member, double clicks included"
    assert len({r.user_id for r in registrations}) == MEMBERS
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Registration.Status.WAITLISTED]
    assert len(confirmed) == CAPACITY
    assert len(waiting) == MEMBERS - CAPACITY

    # The lock queues the bookings: the first ten through it got the places, and everyone
    # after joined the waiting list in the order they got through, numbered 1, 2, 3...
    assert max(r.pk for r in confirmed) < min(r.pk for r in waiting)
    assert [r.requested_at for r in registrations] == sorted(r.requested_at for r in registrations)
    positions = [selectors.waitlist_position(r) for r in waiting]
    assert positions == list(range(1, MEMBERS - CAPACITY + 1))

    # Each member was told their own outcome, with their own position.
    for registration, position in zip(waiting, positions, strict=True):
        email = OutgoingEmail.objects.get(
            to=registration.user.email, kind="events.registration_waitlisted"
        )
        assert f"you are number {position}." in email.text
    assert OutgoingEmail.objects.filter(kind="events.registration_confirmed").count() == CAPACITY
    assert time.monotonic() - started < 120


def test_control_without_the_lock_the_same_race_overbooks(live_server, monkeypatch):
    """Proves the race above is real: with the lock off, bookings overtake each other."""
    monkeypatch.setattr(services, "_locked_event", lambda event_id: Event.objects.get(pk=event_id))
    event = EventFactory(capacity=CAPACITY)
    outcomes = race(live_server, event)

    assert {o.status for o in outcomes} == {302}, "the unique constraint still answers cleanly"
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    print(f"control run: {confirmed} confirmed places for {CAPACITY}")
    assert confirmed > CAPACITY, "without the lock the race must overbook"
    # Even without the lock, the partial unique constraint stops double registrations.
    users = list(event.registrations.values_list("user_id", flat=True))
    assert len(users) == len(set(users)) == MEMBERS
