"""This app's providers for the personal-data registry (`core.personaldata`).

The export lists the digests a member was sent (or that were empty). Erasure deletes those
records, and takes the member's name out of the digests other members were sent (a digest
says who posted an update or asked for a conversation): the copies kept in the outbox then
say "Former member" instead. Registered in `DigestsConfig.ready`.
"""

import re
from typing import Any

from django.db.models import Q
from django.utils.html import escape

from champions.models import FORMER_MEMBER
from core import personaldata
from core.models import OutgoingEmail
from digests.models import DigestDelivery

DIGEST = "digests.digest"


def export_digests(user) -> dict[str, Any]:
    return {
        "digest_frequency": getattr(getattr(user, "profile", None), "digest_frequency", None),
        "digests": [
            {"period": period, "status": status, "sections": sections, "at": created.isoformat()}
            for period, status, sections, created in DigestDelivery.objects.filter(user=user)
            .order_by("created_at")
            .values_list("period", "status", "sections", "created_at")
        ],
    }


def erase_digests(user) -> None:
    DigestDelivery.objects.filter(user=user).delete()
    profile = getattr(user, "profile", None)
    name = profile.display_name if profile else ""
    if not name:
        return
    # The HTML part holds the name as the template escaped it ("O&#x27;Brien"); a name may
    # end in punctuation, where a word boundary would never match.
    escaped = escape(name)
    text_pattern, html_pattern = (
        re.compile(rf"(?<!\w){re.escape(form)}(?!\w)") for form in (name, escaped)
    )
    naming = OutgoingEmail.objects.filter(kind=DIGEST).filter(
        Q(text__contains=name) | Q(html__contains=escaped)
    )
    for email in naming.only("pk", "text", "html"):
        email.text = text_pattern.sub(FORMER_MEMBER, email.text)
        email.html = html_pattern.sub(escape(FORMER_MEMBER), email.html)
        email.save(update_fields=["text", "html"])


def register() -> None:
    personaldata.register_exporter("digests", export_digests)
    personaldata.register_eraser("digests", erase_digests)
