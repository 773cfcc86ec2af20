"""Settings for Celery workers that tests start in their own process: the real settings,
plus hooks that only a test may turn on."""

import os

from leedsquality.settings import *  # noqa: F403
from tests.clock import start_worker_clock

# The worker's clock starts where its test's clock stood (TEST_NOW, time_machine).
start_worker_clock()

# Seconds per member a digest chunk waits before writing its emails, so a test can kill
# the worker in the middle of a chunk.
DIGEST_COMPOSE_PAUSE = float(os.environ.get("TEST_DIGEST_COMPOSE_PAUSE", "0"))
