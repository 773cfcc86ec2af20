"""Benchmark: compose and send the weekly digest for every member of the seeded city, to a
local SMTP server. Prints members per second, queries per member and peak memory."""

import resource
import time
import tracemalloc
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from core import outbox
from core.models import OutgoingEmail
from digests import selectors, services
from tests.stack import SmtpSink


def main() -> list[tuple[str, str]]:
    sink = SmtpSink().start()
    # The bench delivers in this process: nothing goes to the broker.
    queue, outbox._queue_delivery = outbox._queue_delivery, lambda *args, **kwargs: True
    smtp = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "use_tls": False},
        }
    }
    try:
        with override_settings(MAILERS=smtp):
            return _run(sink)
    finally:
        outbox._queue_delivery = queue
        sink.stop()


def _run(sink: SmtpSink) -> list[tuple[str, str]]:
    run_at = timezone.now() + timedelta(minutes=1)
    due = selectors.digest_recipients_due(run_at=run_at)
    size = settings.DIGEST_CHUNK_SIZE
    tracemalloc.start()
    started = time.perf_counter()
    queries = 0
    sent = empty = 0
    for start in range(0, len(due), size):
        with CaptureQueriesContext(connection) as captured:
            result = services.digest_chunk_send(user_ids=due[start : start + size], run_at=run_at)
        queries += len(captured.captured_queries)
        sent += result["sent"]
        empty += result["empty"]
    composed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    started = time.perf_counter()
    ids = list(
        OutgoingEmail.objects.filter(kind="digests.digest", status="queued").values_list(
            "pk", flat=True
        )
    )
    for email_id in ids:
        outbox.outgoing_email_deliver(email_id=email_id)
    delivered = time.perf_counter() - started
    members = len(due)
    return [
        ("digest: members due", f"{members:,}"),
        ("digest: digests sent / empty (not sent)", f"{sent:,} / {empty:,}"),
        ("digest: compose and queue, members per second", f"{members / composed:,.0f}"),
        ("digest: queries per member", f"{queries / max(members, 1):.3f} ({queries} in all)"),
        ("digest: peak Python memory while composing", f"{peak / 2**20:.0f} MB"),
        (
            "digest: process peak RSS",
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
        ),
        (
            "digest: SMTP delivery to a local server, emails per second",
            f"{len(ids) / delivered:,.0f}",
        ),
        ("digest: messages the SMTP server received", f"{len(sink.messages):,}"),
    ]
