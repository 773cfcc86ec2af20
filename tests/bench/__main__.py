"""`make bench`: the speeds and sizes the issues ask for, measured and printed.

Runs against a fresh database `<name>_bench` on the same server as DATABASE_URL (the
embedded PostgreSQL under `make bench`), so it never touches development data.
"""

import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from tests.bench import spc


def bench_database_url() -> str:
    import psycopg
    from psycopg import sql

    url = os.environ["DATABASE_URL"]
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}"))


def bench_database_url_existing() -> str:
    """The database the last `make bench` seeded, as it is: to run one benchmark again."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=parts.path + "_bench"))


def timed(label: str, action, results: list) -> object:
    started = time.perf_counter()
    value = action()
    results.append((label, time.perf_counter() - started))
    return value


PAGES = [
    ("home page", "/home/"),
    ("directory, first page", "/people/"),
    ("directory, filtered by a skill and a sector", "/people/?teaches=spc-charts&sector=acute"),
    ("directory, free-text search", "/people/?q=falls"),
    ("people who can help you (ranked matches)", "/people/who-can-help-me/"),
    ("people you could help (ranked matches)", "/people/who-i-could-help/"),
]


def page_timings(member, pages=PAGES, runs: int = 15) -> list[tuple[str, float]]:
    """The median time of each member page, through the whole middleware stack."""
    from statistics import median

    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(member)
    timings = []
    for label, path in pages:
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            seconds.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
        timings.append((f"{label} (median of {runs})", median(seconds)))
    return timings


def bench_events_pages(results: list, repeat: int = 20) -> None:
    """The events list and the busiest event's registrations page at city scale, as the
    demo's champion and facilitator: the mean time of `repeat` requests each."""
    from django.db.models import Count
    from django.test import Client

    from champions.models import User
    from events.models import Event

    busiest = Event.objects.annotate(n=Count("registrations")).order_by("-n").first()
    pages = [
        ("events list page (mean of 20)", "champion@example.org", "/events/"),
        (
            f"registrations page, {busiest.n} registrations (mean of 20)",
            "facilitator@example.org",
            f"/events/{busiest.pk}/registrations/",
        ),
    ]
    for label, email, url in pages:
        client = Client(SERVER_NAME="localhost")
        client.force_login(User.objects.get(email=email))
        assert client.get(url).status_code == 200, url
        started = time.perf_counter()
        for _ in range(repeat):
            client.get(url)
        results.append((label, (time.perf_counter() - started) / repeat))


def measure_timings(champion) -> list[tuple[str, float]]:
    """Measures at city scale: a 5,000-row paste through the import page, the bulk refresh
    of every measure's cached reading, and the pages that show them."""
    import datetime

    from django.test import Client

    from projects.measures import services
    from projects.models import Measure, Project

    falls = Project.objects.get(title="Fewer falls at night on the frailty wards")
    measure = services.measure_create(
        project=falls, by=champion,
        data={"name": "Bench: minutes to first assessment", "kind": "process",
              "numerator": "Minutes", "data_source": "Bench", "improvement": "decrease",
              "frequency": "daily"},
    )  # fmt: skip
    start = datetime.date(2010, 1, 1)
    pasted = "\n".join(
        f"{start + datetime.timedelta(days=i):%d/%m/%Y}, {30 + i % 11}, note {i}"
        for i in range(5000)
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(champion)
    url = f"/projects/{falls.pk}/measures/{measure.pk}/import/"
    results: list[tuple[str, float]] = []
    response = timed(
        "import 5,000 pasted rows into a measure (the whole request)",
        lambda: client.post(url, {"text": pasted}),
        results,
    )
    assert response.status_code == 302, response.status_code
    services.measure_delete(measure=measure, by=champion)
    ids = list(Measure.objects.values_list("pk", flat=True))
    timed(
        f"refresh the cached reading of all {len(ids):,} measures (bulk)",
        lambda: services.measure_analysis_refresh(measure_ids=ids),
        results,
    )
    # Every measure row was just rewritten: let the planner see the new readings before the
    # pages are timed, as autovacuum would shortly (otherwise the figures depend on its timing).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_measure")
    chart = falls.measures.order_by("pk").first()
    results += page_timings(
        champion,
        [
            ("bright spots, first page", "/projects/bright-spots/"),
            ("bright spots in one clinical area", "/projects/bright-spots/?area=falls"),
            ("a project page with three charts", falls.get_absolute_url()),
            ("a measure page (chart, table)", chart.get_absolute_url()),
        ],
    )
    return results


def main() -> int:
    spc.main()  # needs no database, so it runs first
    print()
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leedsquality.settings")
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    results: list[tuple[str, float]] = []
    quiet = StringIO()
    timed("migrate an empty database", lambda: call_command("migrate", stdout=quiet), results)
    timed(
        "seed_demo --scale 10000 (first run)",
        lambda: call_command("seed_demo", "--scale", "10000", stdout=quiet),
        results,
    )
    timed(
        "seed_demo --scale 10000 (second run, changes nothing)",
        lambda: call_command("seed_demo", "--scale", "10000", stdout=quiet),
        results,
    )
    from champions.models import User
    from events.models import Event, Registration
    from projects import selectors
    from projects.models import DataPoint, Measure, PdsaCycle, PointType, Project

    bench_events_pages(results)

    champion = User.objects.get(email="champion@example.org")

    def search(query: str) -> None:
        found = selectors.search_projects(
            user=champion, filters=selectors.ProjectFilters(query=query)
        )
        found.count()
        list(found[:20])

    timed('project search, 20 best of 20,000 ("falls")', lambda: search("falls"), results)
    timed('project search with a typo ("prevension")', lambda: search("prevension"), results)
    timed(
        "similar projects while starting one",
        lambda: selectors.similar_projects(
            user=champion, title="Fewer falls at night", aim="Reduce falls with harm by 30%"
        ),
        results,
    )

    results += page_timings(User.objects.get(email="champion@example.org"))
    results += measure_timings(champion)
    width = max(len(label) for label, _ in results)
    print(f"{'benchmark':<{width}}  seconds")
    for label, seconds in results:
        print(f"{label:<{width}}  {seconds:7.2f}")
    print()
    from tests.bench import digests

    figures = digests.main()
    width = max(len(label) for label, _ in figures)
    for label, value in figures:
        print(f"{label:<{width}}  {value}")
    print()
    from tests.bench import dashboard

    figures = dashboard.main()
    width = max(len(label) for label, _ in figures)
    for label, value in figures:
        print(f"{label:<{width}}  {value}")
    print(f"members in the database: {User.objects.count()}")
    print(f"projects: {Project.objects.count()}, PDSA cycles: {PdsaCycle.objects.count()}")
    print(f"events: {Event.objects.count()}, registrations: {Registration.objects.count()}")
    print(
        f"measures: {Measure.objects.count()}, values: {DataPoint.objects.count()}, "
        f"bright spots: {Measure.objects.filter(latest_point_type=PointType.IMPROVEMENT).count()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
