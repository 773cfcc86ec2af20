from django.conf import settings
from django.http import HttpRequest

from core import roles


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "DEV_MAILBOX": settings.DEV_MAILBOX_DIR is not None,
        "is_facilitator": roles.is_facilitator(user),
        "is_system_leader": roles.is_system_leader(user),
    }
