"""The weekly digest: fan out to members in chunks, claim each member's period, compose
each chunk in bulk and hand the emails to the outbox — all of a chunk in one transaction.

A re-run, a second beat, a retried task or a worker killed mid-chunk can neither send a
digest twice nor skip a member: a chunk's claims commit together with its emails, and a
killed chunk rolls back and is run again (tasks are acknowledged late)."""

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from champions.models import Profile
from core.models import OutgoingEmail
from core.outbox import outgoing_emails_create_bulk
from digests import sections, selectors
from digests.models import DigestDelivery
from digests.periods import Period, period_for

logger = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")
UNSUBSCRIBE_SALT = "digests.unsubscribe"


@dataclass
class Digest:
    profile: Profile
    period: Period
    sections: list[sections.Section]

    @property
    def is_empty(self) -> bool:
        return not self.sections


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def compose(profiles: list[Profile], *, run_at: datetime) -> list[Digest]:
    """Each member's digest for the run, built for all of them at once: a fixed number of
    queries per provider, whatever the number of members."""
    run_date = timezone.localtime(run_at, LONDON).date()
    digests = []
    by_period: dict[Period, list[Profile]] = {}
    for profile in profiles:
        period = period_for(profile.digest_frequency, run_date)
        if period is not None:
            by_period.setdefault(period, []).append(profile)
    for period, members in by_period.items():
        window = sections.Window(since=period.since(run_at), run_at=run_at)
        recipients = [sections.Recipient.of(profile) for profile in members]
        found: dict[int, list[sections.Section]] = {profile.user_id: [] for profile in members}
        for provider in sections.PROVIDERS:
            for user_id, section in provider(recipients, window).items():
                found[user_id].append(section)
        digests += [Digest(profile, period, found[profile.user_id]) for profile in members]
    return digests


def compose_for_period(profile: Profile, period: Period, *, run_at: datetime) -> Digest:
    """One member's digest for a given period (the preview page)."""
    window = sections.Window(since=period.since(run_at), run_at=run_at)
    recipient = [sections.Recipient.of(profile)]
    found = [
        section
        for provider in sections.PROVIDERS
        if (section := provider(recipient, window).get(profile.user_id))
    ]
    return Digest(profile, period, found)


def render(digest: Digest) -> OutgoingEmail:
    unsubscribe = settings.SITE_URL + reverse(
        "digests:unsubscribe", args=[unsubscribe_token(digest.profile.user_id)]
    )
    context = {
        "digest": digest,
        "name": digest.profile.display_name,
        "preview_url": settings.SITE_URL + reverse("digests:preview"),
        "preferences_url": settings.SITE_URL + reverse("digests:preferences"),
        "unsubscribe_url": unsubscribe,
        "frequency": digest.profile.get_digest_frequency_display().lower(),
    }
    return OutgoingEmail(
        to=digest.profile.user.email,
        subject=render_to_string("digests/email/digest_subject.txt", context),
        text=render_to_string("digests/email/digest_body.txt", context),
        html=render_to_string("digests/email/digest_body.html", context),
        kind="digests.digest",
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        idempotency_key=f"digest:{digest.profile.user_id}:{digest.period.key}",
    )


def _claim(claims: list[tuple[int, Period]]) -> set[int]:
    """Insert each member's (member, period) row; the ones already there are someone
    else's. Waits on a concurrent transaction claiming the same rows, then skips them."""
    if not claims:
        return set()
    # The claim time is Django's clock, not the database's now(), so it agrees with every
    # other timestamp the app writes (and with a test's clock).
    claimed_at = timezone.now()
    placeholders = ", ".join(["(%s, %s, %s, 'empty', 0, %s)"] * len(claims))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DigestDelivery._meta.db_table} "  # noqa: S608 (no user input)
            "(user_id, period, frequency, status, sections, created_at) "
            f"VALUES {placeholders} ON CONFLICT (user_id, period) DO NOTHING RETURNING user_id",
            [v for user_id, p in claims for v in (user_id, p.key, p.frequency, claimed_at)],
        )
        return {user_id for (user_id,) in cursor.fetchall()}


def digest_chunk_send(*, user_ids: list[int], run_at: datetime) -> dict[str, int]:
    """Claim, compose and queue the digests of one chunk of members, exactly once per
    period, in one transaction."""
    run_date = timezone.localtime(run_at, LONDON).date()
    with transaction.atomic():
        profiles = selectors.recipients(user_ids)
        periods = {p.user_id: period_for(p.digest_frequency, run_date) for p in profiles}
        claimed = _claim([(user_id, period) for user_id, period in periods.items() if period])
        digests = compose([p for p in profiles if p.user_id in claimed], run_at=run_at)
        to_send = [digest for digest in digests if not digest.is_empty]
        emails = outgoing_emails_create_bulk([render(digest) for digest in to_send])
        deliveries = {
            delivery.user_id: delivery
            for delivery in DigestDelivery.objects.filter(
                user_id__in=[digest.profile.user_id for digest in to_send],
                period__in={digest.period.key for digest in to_send},
            )
        }
        for digest, email in zip(to_send, emails, strict=True):
            delivery = deliveries[digest.profile.user_id]
            delivery.status = DigestDelivery.Status.SENT
            delivery.email = email
            delivery.sections = len(digest.sections)
        if deliveries:
            DigestDelivery.objects.bulk_update(
                list(deliveries.values()), ["status", "email", "sections"]
            )
    return {"claimed": len(digests), "sent": len(to_send), "empty": len(digests) - len(to_send)}
