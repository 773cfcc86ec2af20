"""Settings for Celery workers that tests start in their own process: the real settings,
plus the patches a test asks for through the environment, applied in each of the
worker's pool processes as it starts."""

import os
import time

from celery.signals import worker_process_init

from leedsquality.settings import *  # noqa: F403
from tests.clock import start_worker_clock

# The worker's clock starts where its test's clock stood (TEST_NOW, time_machine).
start_worker_clock()

# Seconds per member a digest chunk waits once composed, before writing its emails, so
# a test can kill the worker in the middle of a chunk.
_compose_pause = float(os.environ.get("TEST_DIGEST_COMPOSE_PAUSE", "0"))


def _compose_slowly(**kwargs) -> None:
    from digests import services

    compose = services.compose

    def slow_compose(profiles, *, run_at):
        digests = compose(profiles, run_at=run_at)
        time.sleep(_compose_pause * len(digests))
        return digests

    services.compose = slow_compose


if _compose_pause:
    worker_process_init.connect(_compose_slowly, weak=False)
