from celery import shared_task

from leedsquality.core import health


@shared_task
def record_worker_heartbeat() -> None:
    """Run by beat every minute: proves beat, the broker and a worker all work."""
    health.record_heartbeat()


@shared_task
def send_test_email(recipient: str) -> None:
    """Queued by the dev mailbox's "Send a test email" button.

    It proves the whole path: web request, broker, worker, email backend.
    """
    from django.conf import settings
    from django.core.mail import send_mail

    send_mail(
        subject=f"Test email from {settings.SITE_NAME}",
        message=(
            "This test email was queued by a web request, carried by the broker, and sent "
            "by a Celery worker.\n"
        ),
        from_email=None,
        recipient_list=[recipient],
    )
