"""The production settings (from the environment, as deployed) with the benchmark's URLs:
the site's own plus the trivial floor pages of `tests/bench/urls.py`. `make bench` starts
gunicorn with these, and nothing else differs from a deployment."""

from leedsquality.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
