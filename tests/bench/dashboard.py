"""Benchmark: the city view at city scale, against trivial pages through the same middleware.

The trivial pages (tests/bench/urls.py: the real URLs plus two views that return a constant
response) go through the whole middleware stack for the same signed-in system leader: one
reads nothing, the other is behind the city view's access check. "Cold" is the city view with
its cache entries deleted (every panel counted again); "warm" reads them from Redis.

    python -m tests.bench.dashboard   # alone, on the database `make bench` seeded
"""

import os
import sys
import time
from statistics import median

TRIVIAL = "/bench/trivial/"  # tests/bench/urls.py
TRIVIAL_SIGNED_IN = "/bench/trivial-signed-in/"
WARM_RUNS = 31
COLD_RUNS = 7


def _median_seconds(client, url: str, runs: int, before=None) -> float:
    seconds = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return median(seconds)


def _queries(client, url: str) -> int:
    """The SQL statements one request runs (counted as they are sent: the debug query log
    is reset at every request's start)."""
    from django.db import connection

    sent = []

    def count(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    return len(sent)


def main() -> list[tuple[str, str]]:
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import override_settings

    from champions.models import User
    from dashboard.overview import cache_forget

    leader = User.objects.get(email="leader@example.org")
    pages = [
        ("the city view", "/city/", ""),
        (
            "the city view, one organisation in one year",
            "/city/?organisation=leeds-teaching-hospitals-nhs-trust&start_day=1&start_month=1"
            "&start_year=2026&end_day=31&end_month=12&end_year=2026",
            "organisation=leeds-teaching-hospitals-nhs-trust&start_day=1&start_month=1"
            "&start_year=2026&end_day=31&end_month=12&end_year=2026",
        ),
    ]
    figures: list[tuple[str, str]] = []
    with override_settings(ROOT_URLCONF="tests.bench.urls"):
        client = Client(HTTP_HOST="localhost")
        client.force_login(leader)
        for _ in range(3):  # warm up the process: imports, templates, connections
            client.get(TRIVIAL)
            client.get(TRIVIAL_SIGNED_IN)
            client.get("/city/")
        floor = _median_seconds(client, TRIVIAL, WARM_RUNS)
        signed_in = _median_seconds(client, TRIVIAL_SIGNED_IN, WARM_RUNS)
        figures += [
            (f"trivial page, same middleware (median of {WARM_RUNS})", _ms(floor)),
            (
                f"trivial page behind the same access check (median of {WARM_RUNS})",
                _ms(signed_in),
            ),
        ]
        for label, url, query in pages:
            filters = QueryDict(query)
            cold = _median_seconds(
                client, url, COLD_RUNS, before=lambda filters=filters: cache_forget(filters)
            )
            cache_forget(filters)
            queries = _queries(client, url)
            warm = _median_seconds(client, url, WARM_RUNS)
            figures += [
                (f"{label}, cold (median of {COLD_RUNS})", _ms(cold)),
                (f"{label}, cold: queries", str(queries)),
                (f"{label}, warm (median of {WARM_RUNS})", _ms(warm)),
                (f"{label}, warm ÷ trivial page", f"{warm / floor:.1f}×"),
                (
                    f"{label}, warm ÷ trivial page behind the access check",
                    f"{warm / signed_in:.1f}×",
                ),
            ]
        drill = "/city/projects/?by=clinical_area&value=falls&page=3"
        seconds = _median_seconds(client, drill, WARM_RUNS)
        figures.append((f"a list behind a number, page 3 (median of {WARM_RUNS})", _ms(seconds)))
    return figures


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


if __name__ == "__main__":
    from tests.bench.__main__ import bench_database_url_existing

    os.environ["DATABASE_URL"] = bench_database_url_existing()
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leedsquality.settings")
    import django

    django.setup()
    for label, value in main():
        print(f"{label:<60}  {value}")
    sys.exit(0)
