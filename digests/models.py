from django.conf import settings
from django.db import models


class DigestDelivery(models.Model):
    """One member's digest for one period, claimed before it is composed: the unique
    (member, period) row is what makes re-runs, retries and crashed workers harmless."""

    class Status(models.TextChoices):
        SENT = "sent", "Sent to the outbox"
        EMPTY = "empty", "Nothing to say: not sent"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    period = models.CharField(max_length=20, help_text="e.g. 2026-W48, F0047, 2026-11")
    frequency = models.CharField(max_length=12)
    status = models.CharField(max_length=10, choices=Status)
    email = models.ForeignKey(
        "core.OutgoingEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sections = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="one_digest_per_member_period")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period} ({self.get_status_display()})"
