import threading

import pytest
from django.core import mail
from django.db import connection, transaction

from leedsquality.core import outbox
from leedsquality.core.models import OutgoingEmail


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
    assert outbox.outgoing_email_deliver(email_id=email.pk) is True
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
    assert outbox.outgoing_email_deliver(email_id=email.pk) is True
    assert outbox.outgoing_email_deliver(email_id=email.pk) is False
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
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_send_is_recorded_with_its_error(monkeypatch):
    email = create()

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP server refused the connection")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert outbox.outgoing_email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert "refused the connection" in email.last_error


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

    from leedsquality.core import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    monkeypatch.setattr(tasks.deliver_outgoing_email, "delay", broker_down)
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
    assert outbox.outgoing_email_deliver(email_id=email.pk) is True
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
