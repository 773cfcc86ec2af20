"""Reads for the digest: who gets one, and a member's own digest settings."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from champions.models import DigestFrequency, Profile
from digests.periods import period_for

LONDON = ZoneInfo("Europe/London")


def recipients(user_ids: list[int], *, include_unsubscribed: bool = False) -> list[Profile]:
    """The active members' profiles, with what composing reads prefetched."""
    profiles = Profile.objects.filter(user_id__in=user_ids, user__is_active=True)
    if not include_unsubscribed:
        profiles = profiles.exclude(digest_frequency=DigestFrequency.NEVER)
    return list(
        profiles.select_related("user", "organisation")
        .prefetch_related("skills_to_learn", "skills_to_teach", "clinical_areas")
        .order_by("user_id")
    )


def digest_recipients_due(*, run_at: datetime) -> list[int]:
    """Members due a digest on this run who have not had this period's yet."""
    run_date = timezone.localtime(run_at, LONDON).date()
    due = []
    for frequency in (DigestFrequency.WEEKLY, DigestFrequency.FORTNIGHTLY, DigestFrequency.MONTHLY):
        period = period_for(frequency, run_date)
        if period is None:
            continue
        due += list(
            Profile.objects.filter(
                digest_frequency=frequency, user__is_active=True, completed_at__isnull=False
            )
            .exclude(user__digest_deliveries__period=period.key)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
    return due


def profile_of(user_id: int | None) -> Profile | None:
    """The member's profile, where their digest frequency is kept (None without one)."""
    if user_id is None:
        return None
    return Profile.objects.filter(user_id=user_id).first()
