from celery import shared_task

from leedsquality.core import health, outbox


@shared_task
def record_worker_heartbeat() -> None:
    """Run by beat every minute: proves beat, the broker and a worker all work."""
    health.record_heartbeat()


@shared_task
def deliver_outgoing_email(email_id: int) -> None:
    outbox.outgoing_email_deliver(email_id=email_id)


@shared_task
def sweep_outbox() -> int:
    """Run by beat: re-queue emails the broker or a worker lost."""
    return outbox.outgoing_email_sweep()
