from datetime import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from digests import selectors, services


@shared_task
def send_digests() -> int:
    """Run by beat on the digest day (hourly from DIGEST_HOUR): fan the members still due out
    in chunks. Returns the chunks."""
    run_at = timezone.now()
    user_ids = selectors.digest_recipients_due(run_at=run_at)
    size = settings.DIGEST_CHUNK_SIZE
    for start in range(0, len(user_ids), size):
        send_digest_chunk.delay(user_ids[start : start + size], run_at.isoformat())
    return (len(user_ids) + size - 1) // size


@shared_task
def send_digest_chunk(user_ids: list[int], run_at: str) -> dict[str, int]:
    return services.digest_chunk_send(user_ids=user_ids, run_at=datetime.fromisoformat(run_at))
