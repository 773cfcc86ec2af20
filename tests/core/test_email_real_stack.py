"""Email on the real stack: a Celery worker in its own process, Redis, and a local SMTP
server (aiosmtpd)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.models import OutgoingEmail
from tests.stack import celery_broker, wait_for

pytestmark = pytest.mark.slow


def smtp_worker(start_worker, smtp_sink, **env):
    return start_worker(
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_sink.port), EMAIL_USE_TLS="0",
        OUTBOX_RETRY_DELAYS="1,1,1,1", **env,
    )  # fmt: skip


def send_one(key: str) -> OutgoingEmail:
    with transaction.atomic():
        return outbox.outgoing_email_create(
            to="asha@example.org", subject="Your place is confirmed", text="See you there.",
            html="<p>See you there.</p>", kind="test", idempotency_key=key,
        )  # fmt: skip


def status_of(email: OutgoingEmail) -> str:
    return OutgoingEmail.objects.get(pk=email.pk).status


def test_a_4xx_answer_then_success_sends_exactly_once(start_worker, smtp_sink):
    smtp_sink.refuse = [(451, "Greylisted, try again later")]
    worker = smtp_worker(start_worker, smtp_sink)
    email = send_one("greylisted")
    wait_for(lambda: status_of(email) == "sent", why=lambda: worker.log)
    assert len(smtp_sink.messages) == 1
    assert b"Subject: Your place is confirmed" in smtp_sink.messages[0]
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.last_error == ""


def test_a_5xx_answer_marks_the_email_failed(start_worker, smtp_sink):
    smtp_sink.refuse = [(554, "Message rejected")]
    worker = smtp_worker(start_worker, smtp_sink)
    email = send_one("rejected")
    wait_for(lambda: status_of(email) == "failed", why=lambda: worker.log)
    email.refresh_from_db()
    assert "554" in email.last_error
    assert email.attempts == 1
    assert smtp_sink.messages == []


def test_with_redis_stopped_the_page_answers_and_the_email_goes_after_it_returns(
    client, start_worker, smtp_sink, redis_server, settings, time_machine
):
    settings.DEV_MAILBOX_DIR = settings.BASE_DIR / ".data" / "unused"  # the button's page is on
    with celery_broker(redis_server.url):
        worker = smtp_worker(start_worker, smtp_sink, REDIS_URL=redis_server.url)
        redis_server.stop()

        response = client.post("/dev/mailbox/send-test/")
        assert response.status_code == 302
        email = OutgoingEmail.objects.get(kind="dev.test_email")
        assert email.status == "queued"

        redis_server.start()
        # Beat's sweeper runs every 5 minutes; a row queued 15 minutes ago is stale.
        time_machine.move_to(timezone.now() + timedelta(minutes=16), tick=True)
        assert outbox.outgoing_email_sweep() == 1
        wait_for(lambda: status_of(email) == "sent", why=lambda: worker.log)
    assert len(smtp_sink.messages) == 1


def book(client, member, event):
    client.force_login(member)
    return client.post(
        f"/events/{event.pk}/book/", {"project": "", "learning": "SPC", "access": ""}
    )


def test_a_bookings_confirmation_arrives_once(client, champion, start_worker, smtp_sink):
    from tests.events.factories import EventFactory

    worker = smtp_worker(start_worker, smtp_sink)
    event = EventFactory(title="Plot the dots")
    assert book(client, champion, event).status_code == 302
    email = OutgoingEmail.objects.get(to=champion.email)
    wait_for(lambda: status_of(email) == "sent", why=lambda: worker.log)
    (message,) = smtp_sink.messages
    assert b"Plot the dots" in message
    assert b"text/calendar" in message  # the calendar invitation is attached
    outbox.outgoing_email_deliver(email_id=email.pk)  # asked again: nothing more is sent
    assert len(smtp_sink.messages) == 1


def test_with_redis_stopped_booking_succeeds_and_the_confirmation_goes_after_it_returns(
    client, champion, start_worker, smtp_sink, redis_server, time_machine
):
    from events.models import Registration
    from tests.events.factories import EventFactory

    event = EventFactory(title="Neutral space conversation")
    with celery_broker(redis_server.url):
        worker = smtp_worker(start_worker, smtp_sink, REDIS_URL=redis_server.url)
        redis_server.stop()

        response = book(client, champion, event)
        assert response.status_code == 302
        assert Registration.objects.get(event=event, user=champion).status == "confirmed"
        email = OutgoingEmail.objects.get(to=champion.email)
        assert email.status == "queued"

        redis_server.start()
        time_machine.move_to(timezone.now() + timedelta(minutes=16), tick=True)
        assert outbox.outgoing_email_sweep() == 1
        wait_for(lambda: status_of(email) == "sent", why=lambda: worker.log)
        assert outbox.outgoing_email_sweep() == 0
    assert len(smtp_sink.messages) == 1
