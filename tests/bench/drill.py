"""The scaling-out drill: two web servers and two Celery workers on one PostgreSQL and one Redis,
as a deployment behind a load balancer runs them (docs/operations.md#scaling-out).

    make drill                   # or: python -m tests.bench.drill (make bench runs it last)

It seeds a small city of its own (`<name>_drill`, `seed_demo --scale 200`: the drill proves
exactly-once, not speed), then starts two gunicorn servers and two workers, each its own
process with the production settings, every worker consuming every queue the settings name,
and a local SMTP server:

(a) A booking race split across both web servers: 50 members open an event's booking form,
    half on each server, then all press "Book" at once (10 of them twice, a double click) for
    10 places. Every request must be answered by the booking's redirect; exactly 10 places are
    given, the other 40 wait in order, nobody is registered twice, and each member gets one
    email about it.
(b) The weekly digest queued twice at once, so both workers run both fan-outs and their
    chunks: every member due gets exactly one digest record, every digest email reaches the
    SMTP server once (no Message-ID twice), and nothing is left queued.

Exit status 1 when anything fails.
"""

import contextlib
import http.client
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from email.parser import BytesHeaderParser
from urllib.parse import urlencode, urlsplit, urlunsplit

from tests.bench.report import Figure, missed, print_section
from tests.stack import BASE_DIR, SmtpSink, Worker, wait_for, worker_command

SCALE = 200
CAPACITY = 10
MEMBERS = 50
DOUBLE_CLICKERS = 10
CHUNK_SIZE = 10  # small digest chunks, so one run is many tasks spread over both workers
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BOOKING_KINDS = ("events.registration_confirmed", "events.registration_waitlisted")


def makefile_worker_command() -> str:
    """The Makefile's WORKER_CMD, as `make run` and docker-compose start a worker."""
    text = (BASE_DIR / "Makefile").read_text()
    return re.search(r"^WORKER_CMD := (.+)$", text, re.MULTILINE).group(1).strip()


def queues() -> list[str]:
    """Every queue the settings name: the default, and the transactional and bulk mail queues
    where the settings have them."""
    from django.conf import settings

    names = [settings.CELERY_TASK_DEFAULT_QUEUE]
    for setting in ("CELERY_QUEUE_TRANSACTIONAL", "CELERY_QUEUE_BULK"):
        name = getattr(settings, setting, None)
        if name and name not in names:
            names.append(name)
    return names


def drill_database_url() -> str:
    import psycopg
    from psycopg import sql

    parts = urlsplit(os.environ["DATABASE_URL"])
    name = parts.path.lstrip("/") + "_drill"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}"))


class Browser:
    """One member's browser: their cookies, on whichever server they were sent to."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port = port
        name, _, value = cookie.partition("=")
        self.cookies = {name: value}

    def send(self, method: str, path: str, body: str | None = None, port: int = 0):
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response, content


def booking_race(ports: list[int]) -> tuple[list[Figure], int]:
    """(a): returns the figures and the booking emails to expect."""
    from champions.models import User
    from core import roles
    from events.models import Registration
    from tests.bench.pages import session_cookie
    from tests.events.factories import EventFactory

    event = EventFactory(capacity=CAPACITY, title="The drill's last places")
    racers = [
        user
        for user in User.objects.filter(
            is_active=True, groups__name=roles.CHAMPION, profile__completed_at__isnull=False
        ).order_by("pk")
        if not roles.is_facilitator(user)
    ][:MEMBERS]
    assert len(racers) == MEMBERS, f"the drill's city has only {len(racers)} members to race"
    path = f"/events/{event.pk}/book/"
    browsers = [Browser(ports[n % 2], session_cookie(user)) for n, user in enumerate(racers)]
    # A double click's second press lands on the other server, as a load balancer may send it.
    presses = [(b, b.port) for b in browsers] + [
        (b, ports[1] if b.port == ports[0] else ports[0]) for b in browsers[:DOUBLE_CLICKERS]
    ]
    tokens = {}
    for browser in browsers:
        response, content = browser.send("GET", path)
        assert response.status == 200, (response.status, content[:300])
        tokens[id(browser)] = CSRF_INPUT.search(content).group(1)
    barrier = threading.Barrier(len(presses))
    answers: list[tuple[int, str]] = []
    failures: list[BaseException] = []

    def press(browser: Browser, port: int) -> None:
        body = urlencode(
            {"csrfmiddlewaretoken": tokens[id(browser)], "project": "", "learning": ""}
        )
        try:
            barrier.wait(timeout=60)
            response, _ = browser.send("POST", path, body, port=port)
            answers.append((response.status, response.headers.get("Location", "")))
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=press, args=pressed) for pressed in presses]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    seconds = time.perf_counter() - started
    registrations = list(event.registrations.order_by("pk"))
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Registration.Status.WAITLISTED]
    redirected = Counter(answers)[(302, f"/events/{event.pk}/")]
    per_server = Counter(port for _, port in presses)
    return [
        Figure(
            f"booking race: {len(presses)} presses ({DOUBLE_CLICKERS} double clicks), "
            f"{per_server[ports[0]]} / {per_server[ports[1]]} on the two servers, "
            f"in {seconds:.1f} s",
            f"{redirected} redirected, {len(failures)} failed",
            "every press answered by the booking's redirect",
            redirected == len(presses) and not failures,
        ),
        Figure(
            f"booking race: places given for {CAPACITY}",
            str(len(confirmed)),
            f"exactly {CAPACITY}",
            len(confirmed) == CAPACITY,
        ),
        Figure(
            "booking race: on the waiting list, in order of booking",
            str(len(waiting)),
            f"exactly {MEMBERS - CAPACITY}",
            len(waiting) == MEMBERS - CAPACITY
            and max(r.pk for r in confirmed) < min(r.pk for r in waiting),
        ),
        Figure(
            "booking race: members registered twice",
            str(len(registrations) - len({r.user_id for r in registrations})),
            "none",
            len(registrations) == len({r.user_id for r in registrations}) == MEMBERS,
        ),
    ], MEMBERS


def settled(check, *, seconds: float) -> None:
    """Wait until `check()` holds twice, 2 s apart (nothing still arriving)."""
    wait_for(lambda: check() and (time.sleep(2) or check()), seconds=seconds)


def digest_run(workers: list[Worker]) -> list[Figure]:
    """(b): the digest queued twice at once, run by both workers."""
    from django.utils import timezone

    from core.models import OutgoingEmail
    from digests import selectors
    from digests.models import DigestDelivery
    from digests.tasks import send_digests

    due = selectors.digest_recipients_due(run_at=timezone.now())
    started = time.perf_counter()
    send_digests.delay()
    send_digests.delay()

    def done() -> bool:
        busy = OutgoingEmail.objects.filter(
            kind="digests.digest", status__in=["queued", "sending"]
        ).exists()
        return not busy and not selectors.digest_recipients_due(run_at=timezone.now())

    settled(done, seconds=300)
    seconds = time.perf_counter() - started
    deliveries = DigestDelivery.objects.filter(user_id__in=due)
    sent = deliveries.filter(status=DigestDelivery.Status.SENT).count()
    emails = OutgoingEmail.objects.filter(kind="digests.digest")
    chunks = [
        len(re.findall(r"digests\.tasks\.send_digest_chunk\[[^\]]+\] succeeded", w.log))
        for w in workers
    ]
    return [
        Figure(
            f"digest queued twice: members due / digest records ({seconds:.0f} s)",
            f"{len(due)} / {deliveries.count()}",
            "one record per member due",
            deliveries.count() == len(due) == deliveries.values("user_id").distinct().count(),
        ),
        Figure(
            "digest: emails sent / records of a digest sent",
            f"{emails.filter(status='sent').count()} / {sent}",
            "equal, none left queued",
            emails.count() == emails.filter(status="sent").count() == sent,
        ),
        Figure("digest chunks run by each worker", " / ".join(str(n) for n in chunks)),
    ]


def smtp_figures(sink: SmtpSink, expected: int) -> list[Figure]:
    ids = [BytesHeaderParser().parsebytes(m)["Message-ID"] for m in sink.messages]
    twice = sum(n - 1 for n in Counter(ids).values() if n > 1)
    return [
        Figure(
            "SMTP server: messages received / emails sent by the outbox",
            f"{len(sink.messages)} / {expected}",
            "equal, no Message-ID twice",
            len(sink.messages) == expected and not twice,
        )
    ]


def main() -> int:
    from tests.bench import pages

    sink = SmtpSink().start()
    database_url = drill_database_url()
    os.environ.update(
        pages.production_env(
            database_url,
            CELERY_QUEUE=f"drill-{uuid.uuid4().hex[:8]}",
            EMAIL_PORT=str(sink.port),
            DIGEST_CHUNK_SIZE=str(CHUNK_SIZE),
        )
    )
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    from core.models import OutgoingEmail

    started = time.perf_counter()
    call_command("migrate", stdout=StringIO())
    call_command("seed_demo", "--scale", str(SCALE), stdout=StringIO())
    OutgoingEmail.objects.all().delete()  # anything the seed queued is not the drill's
    seeded = time.perf_counter() - started
    pages.collect_static(dict(os.environ))
    env = dict(os.environ)
    logs = BASE_DIR / ".data" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    command = worker_command(makefile_worker_command())
    workers = [
        Worker(
            [*command, "-Q", ",".join(queues()), "-n", f"drill{n}@%h"],
            env,
            logs / f"drill-worker{n}-{os.getpid()}.log",
        )
        for n in (1, 2)
    ]
    servers = [pages.Gunicorn(env, workers=2, name=f"drill{n}") for n in (1, 2)]
    figures = [
        Figure(f"seed_demo --scale {SCALE} for the drill", f"{seeded:.0f} s"),
        Figure("queues each worker consumes", ", ".join(queues())),
    ]
    try:
        for worker in workers:
            worker.start()
        for server in servers:
            server.start()
        for worker in workers:
            wait_for(lambda worker=worker: "ready." in worker.log, seconds=60,
                     why=lambda worker=worker: worker.log[-2000:])  # fmt: skip
        race, _ = booking_race([server.port for server in servers])
        figures += race

        def mailed() -> bool:
            return not OutgoingEmail.objects.filter(
                kind__in=BOOKING_KINDS, status__in=["queued", "sending"]
            ).exists()

        settled(mailed, seconds=120)
        booking_emails = OutgoingEmail.objects.filter(kind__in=BOOKING_KINDS, status="sent")
        figures.append(
            Figure(
                "booking race: emails sent (one to each member)",
                str(booking_emails.count()),
                f"exactly {MEMBERS}",
                booking_emails.count() == MEMBERS == booking_emails.values("to").distinct().count(),
            )
        )
        figures += digest_run(workers)
        figures += smtp_figures(sink, OutgoingEmail.objects.filter(status="sent").count())
    finally:
        for server in servers:
            server.stop()
        for worker in workers:
            worker.stop()
        sink.stop()
    print_section(
        "the drill: two web servers and two workers on one database "
        f"(tests/bench/drill.py, seed_demo --scale {SCALE})",
        figures,
    )
    return 1 if missed(figures) else 0


def run_in_subprocess(env: dict[str, str]) -> int:
    """For `make bench`: the drill in its own process (its own database and settings)."""
    env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-m", "tests.bench.drill"], env=env, cwd=BASE_DIR
    ).returncode


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
    sys.exit(1)
