from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.csp import CSP
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from core import devmailbox, health, outbox

DEV_MAILBOX_TEST_RECIPIENT = "developer@example.org"


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": health.database_status(), "redis": health.redis_status()}
    healthy = all(status == "ok" for status in checks.values())
    heartbeat = health.last_heartbeat() if checks["redis"] == "ok" else None
    body = {
        "status": "ok" if healthy else "unavailable",
        **checks,
        "worker_last_heartbeat": heartbeat.isoformat() if heartbeat else None,
    }
    return JsonResponse(body, status=200 if healthy else 503)


def _require_mailbox() -> None:
    if devmailbox.mailbox_dir() is None:
        raise Http404("The development mailbox is only available in development.")


@require_GET
def mailbox(request: HttpRequest) -> HttpResponse:
    _require_mailbox()
    return render(
        request,
        "core/mailbox.html",
        {
            "messages_in_box": devmailbox.list_messages(),
            "test_recipient": DEV_MAILBOX_TEST_RECIPIENT,
        },
    )


@require_GET
def mailbox_message(request: HttpRequest, message_id: str) -> HttpResponse:
    _require_mailbox()
    message = devmailbox.get_message(message_id)
    if message is None:
        raise Http404("No such message.")
    return render(request, "core/mailbox_message.html", {"message": message})


# The email's own HTML, shown as the recipient's mail client would: its inline styles
# are allowed, scripts and everything else are not, and the page is sandboxed.
@require_GET
@csp_override(
    {
        "default-src": [CSP.NONE],
        "style-src": [CSP.UNSAFE_INLINE],
        "img-src": ["data:"],
        "sandbox": [""],
    }
)
def mailbox_message_html(request: HttpRequest, message_id: str) -> HttpResponse:
    _require_mailbox()
    message = devmailbox.get_message(message_id)
    if message is None or message.html is None:
        raise Http404("This message has no HTML part.")
    return HttpResponse(message.html, content_type="text/html; charset=utf-8")


@require_POST
def mailbox_send_test(request: HttpRequest) -> HttpResponse:
    _require_mailbox()
    with transaction.atomic():
        outbox.outgoing_email_create(
            to=DEV_MAILBOX_TEST_RECIPIENT,
            subject=f"Test email from {settings.SITE_NAME}",
            text=(
                "This test email was written to the outbox by a web request, queued on the "
                "broker, and sent by a Celery worker.\n"
            ),
            kind="dev.test_email",
        )
    messages.success(
        request,
        "A test email has been queued. The worker sends it to this mailbox in a moment: "
        "refresh the page to see it.",
    )
    return redirect("core:mailbox")


@require_POST
def mailbox_clear(request: HttpRequest) -> HttpResponse:
    _require_mailbox()
    removed = devmailbox.clear()
    messages.success(request, f"Deleted {removed} message{'s' if removed != 1 else ''}.")
    return redirect("core:mailbox")
