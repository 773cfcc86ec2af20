"""The weekly digest on the real stack: a Celery worker in its own process, Redis, and a
local SMTP server. The worker is killed with SIGKILL in the middle of a chunk."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from champions.models import ConversationRequest
from core import outbox
from core.models import OutgoingEmail
from digests import tasks
from digests.models import DigestDelivery
from tests.factories import ProfileFactory, UserFactory
from tests.stack import wait_for

pytestmark = pytest.mark.slow
MEMBERS = 30


def worker(start_worker, smtp_sink, pause: str):
    return start_worker(
        DJANGO_SETTINGS_MODULE="tests.worker_settings", TEST_DIGEST_COMPOSE_PAUSE=pause,
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_sink.port), EMAIL_USE_TLS="0",
    )  # fmt: skip


def recipients_in(smtp_sink) -> Counter:
    return Counter(
        re.search(rb"^To: (.+)$", message, re.MULTILINE).group(1).decode().strip()
        for message in smtp_sink.messages
    )


def test_a_worker_killed_mid_digest_and_restarted_sends_every_digest_exactly_once(
    start_worker, smtp_sink, settings, time_machine
):
    settings.DIGEST_CHUNK_SIZE = 10
    asker = UserFactory(email="asker@example.org", profile__display_name="Asker")
    members = []
    for n in range(MEMBERS):
        user = UserFactory(email=f"member{n:02d}@example.org", profile=False)
        ProfileFactory(user=user)
        ConversationRequest.objects.create(
            sender=asker, recipient=user, topic="Falls", message="Hi"
        )
        members.append(user.email)
    ConversationRequest.objects.filter(recipient__email="asker@example.org").delete()

    first = worker(start_worker, smtp_sink, pause="0.3")  # a chunk takes about 3 seconds
    assert tasks.send_digests() == 4  # 31 members with a completed profile, in chunks of 10
    # The first chunk has committed and the second is being composed: kill it now.
    wait_for(
        lambda: (
            DigestDelivery.objects.count() >= 10
            and "send_digest_chunk" in first.log.split("succeeded")[-1]
        ),
        why=lambda: first.log,
    )
    first.kill()
    done = DigestDelivery.objects.count()
    assert 10 <= done < MEMBERS + 1, "the kill should land before the last chunk is done"

    second = worker(start_worker, smtp_sink, pause="0")
    tasks.send_digests()  # beat's catch-up run on the digest day
    wait_for(lambda: DigestDelivery.objects.count() == MEMBERS + 1, why=lambda: second.log)
    # And beat's outbox sweeper, which sends any email whose task the killed worker lost.
    time_machine.move_to(timezone.now() + timedelta(minutes=16), tick=True)
    outbox.outgoing_email_sweep()
    wait_for(
        lambda: (
            OutgoingEmail.objects.filter(kind="digests.digest").exclude(status="sent").count() == 0
            and OutgoingEmail.objects.filter(kind="digests.digest").count() == MEMBERS
        ),
        why=lambda: second.log,
    )
    assert tasks.send_digests() == 0, "running the job again finds nobody due"
    counts = recipients_in(smtp_sink)
    assert sorted(counts) == sorted(members)
    assert set(counts.values()) == {1}, f"sent twice: {[m for m, c in counts.items() if c > 1]}"
    assert DigestDelivery.objects.get(user__email="asker@example.org").status == "empty"
