"""`make bench`: every figure issue 15 asks for, measured and printed beside its goal.

    python -m tests.bench                  # seed a fresh city, then measure everything
    python -m tests.bench --reuse          # measure again on the city the last run seeded
    python -m tests.bench --only pages,load --database-url postgres://.../a_seeded_city

Runs against a fresh database `<name>_bench` on the same server as DATABASE_URL (the embedded
PostgreSQL under `make bench`), so it never touches development data; `--reuse` skips the
seeding (90 s) and measures the database the last run left. The pages and the load test go
over HTTP to gunicorn started with the production settings (tests/bench/pages.py); the other
modules run in this process, under the same settings. The drill (tests/bench/drill.py) runs
last, in its own process on its own small city. The exit status is 1 when any goal is missed
or any part fails, after everything has been printed.
"""

import argparse
import importlib
import os
import sys
import time
import traceback
import uuid
from io import StringIO
from urllib.parse import urlsplit, urlunsplit

from tests.bench.report import Figure, missed, print_section

SCALE = 10000
# The parts, in the order they run; `--only` chooses some.
PARTS = ("spc", "seed", "pages", "load", "digests", "email", "projects", "measures",
         "dashboard", "drill")  # fmt: skip
# Modules of other parts of issue 15, each with `main() -> list[Figure]`: run when present.
MODULES = {
    "digests": "the weekly digest",
    "email": "email: transactional mail during the digest",
    "projects": "projects: the whole-city CSV",
    "dashboard": "the city view (in-process)",
}


def bench_database_url() -> str:
    """A fresh, empty `<name>_bench` beside DATABASE_URL's database."""
    import psycopg
    from psycopg import sql

    url = bench_database_url_existing()
    name = urlsplit(url).path.lstrip("/")
    parts = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url


def bench_database_url_existing() -> str:
    """The database the last `make bench` seeded, as it is: to run one benchmark again."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=parts.path + "_bench"))


def as_figures(result) -> tuple[list[Figure], bool]:
    """A module's answer as Figures, and whether it failed. Modules not yet converted return
    (label, value) pairs (shown without a goal) or print their own table and return an exit
    status."""
    if result is None or isinstance(result, int):
        return [], bool(result)
    figures = []
    for item in result:
        if isinstance(item, Figure):
            figures.append(item)
        else:
            label, value = item
            figures.append(Figure(label, value if isinstance(value, str) else f"{value:.3g}"))
    return figures, False


def seed(results: list[Figure]) -> None:
    from django.core.management import call_command

    quiet = StringIO()
    for label, args in [
        ("migrate an empty database", ["migrate"]),
        (f"seed_demo --scale {SCALE} (first run)", ["seed_demo", "--scale", str(SCALE)]),
        (
            f"seed_demo --scale {SCALE} (second run, changes nothing)",
            ["seed_demo", "--scale", str(SCALE)],
        ),
    ]:
        started = time.perf_counter()
        call_command(*args, stdout=quiet)
        results.append(Figure(label, f"{time.perf_counter() - started:.1f} s"))


def measures() -> list[Figure]:
    """Measures at city scale: a 5,000-row paste through the import page, then the bulk
    refresh of every measure's cached reading. Leaves the city as it found it (the measure is
    deleted, the readings recomputed from the same values), then refreshes the planner's
    statistics as autovacuum would shortly."""
    import datetime

    from django.db import connection
    from django.test import Client

    from champions.models import User
    from projects.measures import services
    from projects.models import Measure, Project

    champion = User.objects.get(email="champion@example.org")
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
    client = Client()
    client.force_login(champion)
    started = time.perf_counter()
    response = client.post(f"/projects/{falls.pk}/measures/{measure.pk}/import/", {"text": pasted})
    imported = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    services.measure_delete(measure=measure, by=champion)
    ids = list(Measure.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    services.measure_analysis_refresh(measure_ids=ids)
    refreshed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE projects_measure")
    return [
        Figure("import 5,000 pasted rows into a measure (the whole request)", f"{imported:.2f} s"),
        Figure(f"refresh the cached reading of all {len(ids):,} measures", f"{refreshed:.1f} s"),
    ]


def city_size() -> list[Figure]:
    from champions.models import User
    from events.models import Event, Registration
    from projects.models import DataPoint, Measure, PdsaCycle, Project

    return [
        Figure("members", f"{User.objects.count():,}"),
        Figure(
            "projects / PDSA cycles", f"{Project.objects.count():,} / {PdsaCycle.objects.count():,}"
        ),
        Figure(
            "events / registrations",
            f"{Event.objects.count():,} / {Registration.objects.count():,}",
        ),
        Figure("measures / values", f"{Measure.objects.count():,} / {DataPoint.objects.count():,}"),
    ]


class Run:
    """Runs each part, prints its section at once, and remembers what failed."""

    def __init__(self, parts: set[str]) -> None:
        self.parts = parts
        self.failed: list[str] = []

    def section(self, part: str, title: str, action) -> object:
        if part not in self.parts:
            return None
        try:
            result = action()
        except Exception:
            traceback.print_exc()
            self.failed.append(f"{part} (failed to run)")
            return None
        figures, failed = as_figures(result)
        print_section(title, figures)
        sys.stdout.flush()
        if failed:
            self.failed.append(part)
        self.failed += [f"{part}: {figure.label}" for figure in missed(figures)]
        return result

    def module(self, name: str) -> None:
        try:
            module = importlib.import_module(f"tests.bench.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"tests.bench.{name}":
                raise
            print(f"\n## {MODULES[name]}\n\n(tests/bench/{name}.py is not here yet)")
            return
        self.section(name, MODULES[name], module.main)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the city the last run seeded (`<name>_bench`), as it is",
    )
    parser.add_argument("--database-url", help="measure this already-seeded database instead")
    parser.add_argument("--only", help=f"a comma-separated choice of: {', '.join(PARTS)}")
    args = parser.parse_args()  # fmt: skip
    args.parts = set(args.only.split(",")) if args.only else set(PARTS)
    if unknown := args.parts - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    if args.reuse or args.database_url:
        args.parts.discard("seed")
    return args


def main() -> int:
    args = arguments()
    original_env = dict(os.environ)
    run = Run(args.parts)
    from tests.bench import spc

    run.section("spc", "the SPC engine (no database)", spc.main)  # needs no database: first

    if args.database_url:
        database_url = args.database_url
    elif "seed" in args.parts:
        database_url = bench_database_url()
    else:
        database_url = bench_database_url_existing()
    from tests.bench import pages

    # This process runs under the same production settings as the gunicorn it starts; tasks
    # any part queues go to a queue of the bench's own, never to a developer's worker.
    os.environ.update(
        pages.production_env(database_url, CELERY_QUEUE=f"bench-{uuid.uuid4().hex[:8]}")
    )
    import django

    django.setup()
    seeded: list[Figure] = []
    run.section(
        "seed", f"the city: migrate and seed_demo --scale {SCALE}", lambda: seed(seeded) or seeded
    )

    server = None
    if args.parts & {"pages", "load"}:
        pages.collect_static(dict(os.environ))
        server = pages.Gunicorn(dict(os.environ)).start()
    try:
        run.section(
            "pages",
            f"pages over HTTP (gunicorn, {pages.GUNICORN_WORKERS} workers, DEBUG off), "
            f"median of {pages.WARM_RUNS}, as a ratio to the floor",
            lambda: pages.main(server),
        )
        if "load" in args.parts:
            from tests.bench import load

            run.section("load", "load test over HTTP", lambda: load.main(server))
    finally:
        if server:
            server.stop()

    for name in ("digests", "email", "projects"):
        if name in args.parts:
            run.module(name)
    run.section("measures", "measures at city scale (in-process)", measures)
    if "dashboard" in args.parts:
        run.module("dashboard")
    if "drill" in args.parts:
        from tests.bench import drill

        # In its own process: its own small city and settings.
        if drill.run_in_subprocess(original_env) != 0:
            run.failed.append("drill")
    print_section("the city measured", city_size())
    if run.failed:
        print("\nMissed or failed:\n" + "\n".join(f"- {what}" for what in run.failed))
        return 1
    print("\nEvery goal met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
