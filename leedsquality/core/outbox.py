"""The one way the product sends email.

`outgoing_email_create` writes an `OutgoingEmail` row in the caller's transaction and
queues its delivery for after commit; `outgoing_email_deliver` (run by the worker)
claims the row only while it is still queued, so two deliveries of the same task, or
two workers, never send it twice.
"""

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from leedsquality.core.models import OutgoingEmail

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
    transaction.on_commit(lambda: _queue_delivery(email.pk))
    return email


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


def _queue_delivery(email_id: int) -> None:
    from leedsquality.core.tasks import deliver_outgoing_email

    try:
        deliver_outgoing_email.delay(email_id)
    except Exception:
        # The row is saved; a broker outage must not fail the request that caused it.
        logger.exception("Could not queue outgoing email %s; it stays queued", email_id)


def outgoing_email_deliver(*, email_id: int) -> bool:
    """Send one queued email. Returns False when it was not ours to send."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.QUEUED)
            .first()
        )
        if email is None:  # sent, being sent, or failed: not ours
            return False
        email.status = OutgoingEmail.Status.SENDING
        email.attempts += 1
        email.claimed_at = timezone.now()
        email.save(update_fields=["status", "attempts", "claimed_at"])
    try:
        email.as_message().send()
    except Exception as error:
        email.status = OutgoingEmail.Status.FAILED
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        email.save(update_fields=["status", "last_error"])
        logger.warning("Outgoing email %s failed: %s", email_id, email.last_error)
        return False
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["status", "sent_at", "last_error"])
    return True
