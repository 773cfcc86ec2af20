"""The one way the product sends email.

`outgoing_email_create` writes an `OutgoingEmail` row in the caller's transaction and
queues its delivery for after commit; `outgoing_email_deliver` (run by the worker)
claims the row only while it is still queued, so two deliveries of the same task, or
two workers, never send it twice.
"""

import enum
import logging
import smtplib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import mailers
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from core.models import OutgoingEmail

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    """A text file sent with an email, such as a calendar invitation (`text/calendar`)."""

    filename: str
    content: str
    mimetype: str


def outgoing_email_create(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    kind: str,
    headers: Mapping[str, str] | None = None,
    related: models.Model | None = None,
    idempotency_key: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> OutgoingEmail:
    """Write the email in the current transaction and queue it for after commit.

    With an idempotency key that already has a row, that row is returned and nothing new
    is sent.
    """
    email = OutgoingEmail(
        to=to,
        subject=" ".join(subject.split()),
        text=text,
        html=html,
        kind=kind,
        headers=dict(headers or {}),
        attachments=[asdict(attachment) for attachment in attachments],
        idempotency_key=idempotency_key or f"{kind}:{uuid.uuid4()}",
    )
    if related is not None:
        email.related_type = ContentType.objects.get_for_model(related)
        email.related_id = str(related.pk)
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        if idempotency_key is None:
            raise
        return OutgoingEmail.objects.get(idempotency_key=idempotency_key)
    transaction.on_commit(partial(_queue_delivery, email.pk))
    return email


def related_to(model: type[models.Model], pks, *, kind: str | None = None) -> Q:
    """The emails an app created about these rows of `model` (its `related=`), optionally of
    one kind: `OutgoingEmail.objects.filter(related_to(Comment, pks)).delete()`."""
    condition = Q(
        related_type=ContentType.objects.get_for_model(model),
        related_id__in=[str(pk) for pk in pks],
    )
    return condition & Q(kind=kind) if kind is not None else condition


def outgoing_emails_create_bulk(emails: list[OutgoingEmail]) -> list[OutgoingEmail]:
    """Write many unsaved emails in one INSERT (for the digest's chunks) and queue each
    after commit. Their idempotency keys must be new: the caller has claimed them."""
    for email in emails:
        email.subject = " ".join(email.subject.split())
        email.status = OutgoingEmail.Status.QUEUED
    created = OutgoingEmail.objects.bulk_create(emails)
    for email in created:
        transaction.on_commit(partial(_queue_delivery, email.pk))
    return created


def outgoing_email_create_from_templates(
    *,
    to: str,
    template: str,
    context: Mapping[str, Any],
    kind: str,
    related: models.Model | None = None,
    idempotency_key: str | None = None,
    headers: Mapping[str, str] | None = None,
    attachments: Sequence[Attachment] = (),
) -> OutgoingEmail:
    """Render `<template>_subject.txt`, `<template>_body.txt` and `<template>_body.html`."""
    return outgoing_email_create(
        to=to,
        subject=render_to_string(f"{template}_subject.txt", context),
        text=render_to_string(f"{template}_body.txt", context),
        html=render_to_string(f"{template}_body.html", context),
        kind=kind,
        related=related,
        idempotency_key=idempotency_key,
        headers=headers,
        attachments=attachments,
    )


def _queue_delivery(email_id: int, countdown: int | None = None) -> bool:
    """Hand the row to the broker. False (and a log line) when the broker is unreachable:
    the row stays queued and the sweeper sends it later."""
    from core.tasks import deliver_outgoing_email

    try:
        deliver_outgoing_email.apply_async((email_id,), countdown=countdown)
    except Exception:
        # The row is saved; a broker outage must not fail the request that caused it.
        logger.exception("Could not queue outgoing email %s; it stays queued", email_id)
        return False
    return True


class Delivery(enum.Enum):
    SENT = "sent"
    NOT_OURS = "not ours"  # already sent, being sent by another worker, or failed
    RETRY_LATER = "retry later"
    FAILED = "failed"


STALE_AFTER = timedelta(minutes=15)


def is_permanent(error: Exception) -> bool:
    """5xx answers and addresses or headers that cannot be sent are permanent; connection
    trouble, timeouts and 4xx answers are worth another try. A refused login (535) is
    retried too: it is the server's configuration, which an admin can fix within the hour."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, smtplib.SMTPNotSupportedError | ValueError | UnicodeError)


def outgoing_email_deliver(*, email_id: int) -> Delivery:
    """Send one queued email, exactly once however many times it is asked."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.QUEUED)
            .first()
        )
        if email is None:
            return Delivery.NOT_OURS
        email.status = OutgoingEmail.Status.SENDING
        email.attempts += 1
        email.claimed_at = timezone.now()
        email.save(update_fields=["status", "attempts", "claimed_at"])
    try:
        with mailers.default as connection:
            connection.send_messages([email.as_message()])
    except Exception as error:
        return _record_failure(email, error)
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.next_attempt_at = None
    email.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
    return Delivery.SENT


def _record_failure(email: OutgoingEmail, error: Exception) -> Delivery:
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    delays = settings.OUTBOX_RETRY_DELAYS  # by default 1, 5, 15 and 40 minutes
    if is_permanent(error) or email.attempts > len(delays):
        email.status = OutgoingEmail.Status.FAILED
        email.next_attempt_at = None
        email.save(update_fields=["status", "last_error", "next_attempt_at"])
        logger.warning("Outgoing email %s failed for good: %s", email.pk, email.last_error)
        return Delivery.FAILED
    delay = delays[email.attempts - 1]
    email.status = OutgoingEmail.Status.QUEUED
    email.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    email.save(update_fields=["status", "last_error", "next_attempt_at"])
    logger.info(
        "Outgoing email %s will be tried again in %ss: %s", email.pk, delay, email.last_error
    )
    _queue_delivery(email.pk, countdown=delay)
    return Delivery.RETRY_LATER


def outgoing_email_sweep() -> int:
    """Re-queue what the broker or a worker lost: rows still queued 15 minutes after they
    were due, and rows left "sending" by a worker that died. Returns how many were queued.

    A worker killed after the SMTP server accepted a message but before it was marked sent
    leaves it "sending"; re-sending it is the lesser harm than losing it, and the stable
    Message-ID lets mail systems that de-duplicate drop the copy."""
    stale = timezone.now() - STALE_AFTER
    OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING, claimed_at__lt=stale).update(
        status=OutgoingEmail.Status.QUEUED, next_attempt_at=None
    )
    due = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).filter(
        Q(next_attempt_at__lt=stale) | Q(next_attempt_at__isnull=True, created_at__lt=stale)
    )
    queued = 0
    for email_id in due.values_list("pk", flat=True).iterator(chunk_size=500):
        queued += _queue_delivery(email_id)
    return queued


def outgoing_email_retry(*, email_ids: list[int]) -> int:
    """An admin's "try again" for failed emails: back to the queue with a fresh start."""
    with transaction.atomic():
        ids = list(
            OutgoingEmail.objects.select_for_update()
            .filter(pk__in=email_ids, status=OutgoingEmail.Status.FAILED)
            .values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=ids).update(
            status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=None
        )
        for email_id in ids:
            transaction.on_commit(partial(_queue_delivery, email_id))
    return len(ids)
