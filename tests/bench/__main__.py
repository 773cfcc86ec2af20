"""`make bench`: the speeds and sizes the issues ask for, measured and printed.

Runs against a fresh database `<name>_bench` on the same server as DATABASE_URL (the
embedded PostgreSQL under `make bench`), so it never touches development data.
"""

import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit


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


def timed(label: str, action, results: list) -> object:
    started = time.perf_counter()
    value = action()
    results.append((label, time.perf_counter() - started))
    return value


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


def main() -> int:
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

    bench_events_pages(results)

    width = max(len(label) for label, _ in results)
    print(f"{'benchmark':<{width}}  seconds")
    for label, seconds in results:
        print(f"{label:<{width}}  {seconds:7.2f}")
    print(f"members in the database: {User.objects.count()}")
    print(f"events: {Event.objects.count()}, registrations: {Registration.objects.count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
