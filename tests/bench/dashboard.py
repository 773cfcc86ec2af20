"""Benchmark: the city view at city scale, against trivial pages through the same middleware.

The trivial pages (tests/bench/urls.py: the real URLs plus two views that return a constant
response) go through the whole middleware stack for the same signed-in system leader: one
reads nothing, the other is behind the city view's access check. "Cold" is the city view with
its cache entries deleted (every panel counted again); "warm" reads them from Redis, timed
in turn with the signed-in floor. Goals: warm at most 3 times the floor, cold at most
500 ms, a list behind a number at most 5 times the floor.

    python -m tests.bench.dashboard   # alone, on the database `make bench` seeded
"""

import os
import sys
import time
from statistics import median

from tests.bench.report import Figure, missed, print_section

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


WARM_GOAL = 3  # the city view warm: at most 3 times the signed-in floor
COLD_GOAL_MS = 500  # the city view cold
LIST_GOAL = 5  # a list behind a number, like every key page


def main() -> list[Figure]:
    """The city view's figures on an already seeded database (django set up), each beside
    its goal: warm at most 3 times the signed-in floor, cold at most 500 ms, and a list
    behind a number at most 5 times the floor."""
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import override_settings

    from champions.models import User
    from dashboard.overview import cache_forget

    leader = User.objects.get(email="leader@example.org")
    filtered = (
        "organisation=leeds-teaching-hospitals-nhs-trust&start_day=1&start_month=1"
        "&start_year=2026&end_day=31&end_month=12&end_year=2026"
    )
    pages = [
        ("the city view", "/city/", ""),
        ("the city view, one organisation in one year", f"/city/?{filtered}", filtered),
    ]
    figures: list[Figure] = []
    with override_settings(ROOT_URLCONF="tests.bench.urls"):
        client = Client(HTTP_HOST="localhost")
        client.force_login(leader)
        for _ in range(3):  # warm up the process: imports, templates, connections
            client.get(TRIVIAL)
            client.get(TRIVIAL_SIGNED_IN)
            client.get("/city/")
        bare = _median_seconds(client, TRIVIAL, WARM_RUNS)
        figures += [
            Figure(f"trivial page, same middleware (median of {WARM_RUNS})", _ms(bare)),
            Figure(
                f"signed-in floor: trivial page behind the same access check "
                f"(median of {WARM_RUNS})",
                _ms(_median_seconds(client, TRIVIAL_SIGNED_IN, WARM_RUNS)),
            ),
        ]
        for label, url, query in pages:
            filters = QueryDict(query)
            cold = _median_seconds(
                client, url, COLD_RUNS, before=lambda filters=filters: cache_forget(filters)
            )
            cache_forget(filters)
            queries = _queries(client, url)
            warm, floor = _interleaved(client, url, WARM_RUNS)
            figures += [
                Figure(
                    f"{label}, cold (median of {COLD_RUNS}; {queries} queries)",
                    _ms(cold),
                    f"at most {COLD_GOAL_MS} ms",
                    cold * 1000 <= COLD_GOAL_MS,
                ),
                Figure(f"{label}, warm (median of {WARM_RUNS})", _ms(warm)),
                _ratio(f"{label}, warm ÷ signed-in floor", warm / floor, WARM_GOAL),
            ]
        drill = "/city/projects/?by=clinical_area&value=falls&page=3"
        seconds, floor = _interleaved(client, drill, WARM_RUNS)
        figures += [
            Figure(f"a list behind a number, page 3 (median of {WARM_RUNS})", _ms(seconds)),
            _ratio("a list behind a number ÷ signed-in floor", seconds / floor, LIST_GOAL),
        ]
    return figures


def _interleaved(client, url: str, runs: int) -> tuple[float, float]:
    """The medians of `url` and of the signed-in floor, requested in turn, so that both
    see the same load on a shared machine."""
    page, floor = [], []
    for _ in range(runs):
        floor.append(_median_seconds(client, TRIVIAL_SIGNED_IN, 1))
        page.append(_median_seconds(client, url, 1))
    return median(page), median(floor)


def _ratio(label: str, ratio: float, goal: int) -> Figure:
    return Figure(label, f"{ratio:.1f}×", f"at most {goal}× the floor", ratio <= goal)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


if __name__ == "__main__":
    from tests.bench.__main__ import bench_database_url_existing

    os.environ["DATABASE_URL"] = bench_database_url_existing()
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leedsquality.settings")
    import django

    django.setup()
    figures = main()
    print_section("The city view", figures)
    sys.exit(1 if missed(figures) else 0)
