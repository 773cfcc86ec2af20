import smtplib
import threading
from typing import ClassVar

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction

from core import outbox
from core.models import OutgoingEmail


def create(**overrides) -> OutgoingEmail:
    fields = {
        "to": "asha@example.org",
        "subject": "Your place is confirmed",
        "text": "See you there.",
        "html": "<p>See you there.</p>",
        "kind": "events.confirmation",
    }
    return outbox.outgoing_email_create(**{**fields, **overrides})


@pytest.mark.django_db
def test_creating_an_email_writes_a_queued_row_and_sends_nothing_yet(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        email = create()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 0
    assert len(callbacks) == 1, "delivery is queued for after commit"
    assert mail.outbox == []


@pytest.mark.django_db
def test_delivery_is_queued_only_once_the_transaction_commits(
    django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(outbox, "_queue_delivery", queued.append)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = create()
        assert queued == []
    assert queued == [email.pk]


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_email(monkeypatch):
    queued = []
    monkeypatch.setattr(outbox, "_queue_delivery", queued.append)

    def failing_booking():
        with transaction.atomic():
            create()
            raise RuntimeError("the booking failed")

    with pytest.raises(RuntimeError):
        failing_booking()
    assert OutgoingEmail.objects.count() == 0
    assert queued == []


@pytest.mark.django_db
def test_delivering_sends_both_parts_and_marks_the_row_sent():
    email = create(headers={"List-Unsubscribe": "<https://example.org/u>"})
    assert outbox.outgoing_email_deliver(email_id=email.pk) is outbox.Delivery.SENT
    (message,) = mail.outbox
    assert message.to == ["asha@example.org"]
    assert message.subject == "Your place is confirmed"
    assert message.body == "See you there."
    assert message.alternatives[0].content == "<p>See you there.</p>"
    assert message.extra_headers["List-Unsubscribe"] == "<https://example.org/u>"
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None


@pytest.mark.django_db
def test_a_second_delivery_of_the_same_row_sends_nothing():
    email = create()
    assert outbox.outgoing_email_deliver(email_id=email.pk) is outbox.Delivery.SENT
    assert outbox.outgoing_email_deliver(email_id=email.pk) is outbox.Delivery.NOT_OURS
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_send_it_once(monkeypatch):
    email = create()
    results = []
    barrier = threading.Barrier(2)

    def worker():
        barrier.wait()
        try:
            results.append(outbox.outgoing_email_deliver(email_id=email.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result.value for result in results) == ["not ours", "sent"]
    assert len(mail.outbox) == 1


class ScriptedBackend(BaseEmailBackend):
    """Raises the errors in `script` one send at a time, then delivers to mail.outbox."""

    script: ClassVar[list[Exception]] = []

    def send_messages(self, messages):
        if ScriptedBackend.script:
            raise ScriptedBackend.script.pop(0)
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def smtp(settings, monkeypatch):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.ScriptedBackend"}}
    ScriptedBackend.script = []
    scheduled = []
    monkeypatch.setattr(
        outbox, "_queue_delivery", lambda pk, countdown=None: scheduled.append(countdown)
    )
    return ScriptedBackend, scheduled


@pytest.mark.django_db
def test_a_temporary_error_is_retried_later_then_sent_once(smtp, time_machine):
    backend, scheduled = smtp
    backend.script = [smtplib.SMTPResponseException(451, b"Try again later")]
    email = create()
    assert outbox.outgoing_email_deliver(email_id=email.pk) is outbox.Delivery.RETRY_LATER
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert "451" in email.last_error
    assert scheduled == [60]
    assert outbox.outgoing_email_deliver(email_id=email.pk) is outbox.Delivery.SENT
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (OutgoingEmail.Status.SENT, 2, "")


@pytest.mark.django_db
def test_temporary_errors_back_off_over_about_an_hour_then_fail(smtp, settings):
    backend, scheduled = smtp
    attempts = len(settings.OUTBOX_RETRY_DELAYS) + 1
    backend.script = [smtplib.SMTPServerDisconnected("gone")] * attempts
    email = create()
    outcomes = [outbox.outgoing_email_deliver(email_id=email.pk) for _ in range(attempts)]
    assert outcomes[-1] is outbox.Delivery.FAILED
    assert set(outcomes[:-1]) == {outbox.Delivery.RETRY_LATER}
    assert scheduled == [60, 300, 900, 2400]
    assert 50 * 60 <= sum(scheduled) <= 70 * 60  # about an hour
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert mail.outbox == []


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"asha@example.org": (550, b"No such user")}),
        smtplib.SMTPDataError(554, b"Message rejected"),
        smtplib.SMTPSenderRefused(553, b"Sender not allowed", "noreply@example.org"),
        ValueError("Invalid address"),
    ],
)
@pytest.mark.django_db
def test_a_permanent_error_marks_the_email_failed_at_once(smtp, error):
    backend, scheduled = smtp
    backend.script = [error]
    email = create()
    assert outbox.outgoing_email_deliver(email_id=email.pk) is outbox.Delivery.FAILED
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.last_error
    assert scheduled == []


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"Mailbox busy")}), False),
        (smtplib.SMTPAuthenticationError(535, b"Bad credentials"), False),
        (smtplib.SMTPConnectError(421, b"Too busy"), False),
        (ConnectionRefusedError(), False),
        (TimeoutError(), False),
    ],
)
def test_which_errors_are_worth_another_try(error, permanent):
    assert outbox.is_permanent(error) is permanent


@pytest.mark.django_db
def test_the_sweeper_requeues_lost_and_stuck_emails_only(monkeypatch, time_machine):
    queued = []
    monkeypatch.setattr(
        outbox, "_queue_delivery", lambda pk, countdown=None: queued.append(pk) or True
    )
    time_machine.move_to("2026-11-27 09:00:00+00:00", tick=False)
    lost = create(idempotency_key="lost")
    stuck = create(idempotency_key="stuck")
    OutgoingEmail.objects.filter(pk=stuck.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_at="2026-11-27 09:00:00+00:00"
    )
    waiting = create(idempotency_key="waiting-for-its-retry")
    OutgoingEmail.objects.filter(pk=waiting.pk).update(next_attempt_at="2026-11-27 09:30:00+00:00")
    sent = create(idempotency_key="sent")
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=OutgoingEmail.Status.SENT)
    queued.clear()

    time_machine.move_to("2026-11-27 09:14:00+00:00", tick=False)
    assert outbox.outgoing_email_sweep() == 0

    time_machine.move_to("2026-11-27 09:16:00+00:00", tick=False)
    assert outbox.outgoing_email_sweep() == 2
    assert sorted(queued) == sorted([lost.pk, stuck.pk])
    assert OutgoingEmail.objects.get(pk=stuck.pk).status == OutgoingEmail.Status.QUEUED


@pytest.mark.django_db
def test_an_admin_can_retry_failed_emails(
    admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(outbox, "_queue_delivery", lambda pk, countdown=None: queued.append(pk))
    failed = create(idempotency_key="failed")
    OutgoingEmail.objects.filter(pk=failed.pk).update(
        status=OutgoingEmail.Status.FAILED, attempts=5
    )
    sent = create(idempotency_key="sent")
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=OutgoingEmail.Status.SENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/core/outgoingemail/",
            {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert (
        "1 failed email queued to be sent again. 1 not failed, so left alone."
        in response.content.decode()
    )
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingEmail.Status.QUEUED, 0)
    assert queued == [failed.pk]
    assert OutgoingEmail.objects.get(pk=sent.pk).status == OutgoingEmail.Status.SENT


@pytest.mark.django_db
def test_the_message_id_is_stable_across_attempts():
    email = create(idempotency_key="booking:7:confirmed")
    assert (
        email.as_message().extra_headers["Message-ID"]
        == email.as_message().extra_headers["Message-ID"]
    )
    assert email.message_id.startswith("<")
    assert email.message_id.endswith(">")


@pytest.mark.django_db
def test_an_idempotency_key_never_makes_a_second_email():
    first = create(idempotency_key="digest:42:2026-W48")
    second = create(idempotency_key="digest:42:2026-W48", subject="Something else")
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1


@pytest.mark.django_db
def test_the_related_object_is_recorded(champion):
    email = create(related=champion)
    assert email.related == champion


@pytest.mark.django_db
def test_templates_render_subject_text_and_html(tmp_path, settings):
    folder = tmp_path / "templates" / "emails"
    folder.mkdir(parents=True)
    (folder / "hello_subject.txt").write_text("Hello {{ name }}\n")
    (folder / "hello_body.txt").write_text("Dear {{ name }},\nwelcome.")
    (folder / "hello_body.html").write_text("<p>Dear {{ name }}, welcome.</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    email = outbox.outgoing_email_create_from_templates(
        to="tom@example.org", template="emails/hello", context={"name": "Tom"}, kind="test"
    )
    assert email.subject == "Hello Tom"
    assert email.text == "Dear Tom,\nwelcome."
    assert email.html == "<p>Dear Tom, welcome.</p>"


@pytest.mark.django_db
def test_an_unreachable_broker_does_not_fail_the_request(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from core import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    monkeypatch.setattr(tasks.deliver_outgoing_email, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        email = create()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert "stays queued" in caplog.text


@pytest.mark.django_db
def test_an_attachment_is_stored_with_the_email_and_sent_with_it():
    invitation = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    email = create(
        attachments=[outbox.Attachment("event.ics", invitation, "text/calendar")],
    )
    email.refresh_from_db()
    assert email.attachments == [
        {"filename": "event.ics", "content": invitation, "mimetype": "text/calendar"}
    ]
    assert outbox.outgoing_email_deliver(email_id=email.pk) is outbox.Delivery.SENT
    (message,) = mail.outbox
    assert message.body == "See you there.", "the text part is still the body"
    (attached,) = message.attachments
    assert (attached.filename, attached.mimetype) == ("event.ics", "text/calendar")
    assert attached.content == invitation
    parsed = message.message()
    part = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    assert part.get_filename() == "event.ics"
    # MIME text travels with its own line endings; the lines themselves arrive intact.
    assert part.get_content().splitlines() == invitation.splitlines()


@pytest.mark.django_db
def test_an_email_without_attachments_sends_none(mailoutbox):
    email = create()
    outbox.outgoing_email_deliver(email_id=email.pk)
    assert mailoutbox[0].attachments == []


@pytest.mark.django_db
def test_templates_pass_attachments_through(tmp_path, settings):
    folder = tmp_path / "templates" / "emails"
    folder.mkdir(parents=True)
    for name in ("hello_subject.txt", "hello_body.txt", "hello_body.html"):
        (folder / name).write_text("Hello")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    email = outbox.outgoing_email_create_from_templates(
        to="tom@example.org",
        template="emails/hello",
        context={},
        kind="test",
        attachments=[outbox.Attachment("notes.txt", "Bring a pen.", "text/plain")],
    )
    assert email.as_message().attachments[0].content == "Bring a pen."
