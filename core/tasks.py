from celery import shared_task

from core import health, outbox

# Task names keep the module path they were first queued under (leedsquality.core), so
# tasks already in the broker when the code moved still run.


@shared_task(name="leedsquality.core.tasks.record_worker_heartbeat")
def record_worker_heartbeat() -> None:
    """Run by beat every minute: proves beat, the broker and a worker all work."""
    health.record_heartbeat()


@shared_task(name="leedsquality.core.tasks.deliver_outgoing_email")
def deliver_outgoing_email(email_id: int) -> None:
    outbox.outgoing_email_deliver(email_id=email_id)


@shared_task(name="leedsquality.core.tasks.sweep_outbox")
def sweep_outbox() -> int:
    """Run by beat: re-queue emails the broker or a worker lost."""
    return outbox.outgoing_email_sweep()
