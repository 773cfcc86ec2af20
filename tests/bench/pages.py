"""Benchmark: the key pages over HTTP, served by gunicorn with the production settings, each
as a ratio to the floor.

The floor is `/bench/floor/` (tests/bench/urls.py): a signed-in page that reads the session,
the member and their roles and nothing else, through the same gunicorn, middleware and
settings. Each page's requests are interleaved with the floor's (page, floor, page, floor...),
so a noisy neighbour slows both alike; a page's ratio is its median over the floor's median
in the same stretch of time. The queries of each page are counted by running it once
in-process through Django's test client (gunicorn cannot tell us).

Members are signed in with a session made directly (`Client.force_login`), not through the
sign-in form and its second step: the cookie is the same as after a real sign-in.
"""

import http.client
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from tests.bench.report import Figure
from tests.stack import BASE_DIR, free_port, wait_for

FLOOR = "/bench/floor/"
WARM_RUNS = 30
COLD_RUNS = 5
PAGE_GOAL = 5.0  # at most this many times the floor
CITY_GOAL = 3.0
CITY_COLD_GOAL_MS = 500
GUNICORN_WORKERS = 3
SECRET = "bench-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP"


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production deployment (as `make lint` checks it with
    `check --deploy`), on this machine's PostgreSQL and Redis, with the bench's URLs.

    The HTTPS redirect is off: a deployment's TLS proxy speaks plain HTTP to gunicorn, as the
    bench does, and the redirect's cost is one header check either way."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "https://quality.example.org",
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "2525",
        "EMAIL_USE_TLS": "0",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DEV_MAILBOX_DIR", None)
    env.update(extra)
    return env


def collect_static(env: dict[str, str]) -> None:
    """Production serves collectstatic's output (hashed, compressed) through whitenoise."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=env, cwd=BASE_DIR, check=True,
    )  # fmt: skip


class Gunicorn:
    """gunicorn as the Dockerfile runs it (sync workers, access log), on a free local port."""

    def __init__(self, env: dict[str, str], *, workers: int = GUNICORN_WORKERS, name: str = "web"):
        self.env, self.workers, self.name = env, workers, name
        self.port = free_port()
        self.log_path = BASE_DIR / ".data" / "bench" / f"gunicorn-{name}-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Gunicorn":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [gunicorn, "leedsquality.wsgi", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(self.workers), "--access-logfile", "-"],
                env=self.env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_for(self._healthy, seconds=60, why=lambda: self.log_path.read_text()[-2000:])
        return self

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()[-2000:]}")
        try:
            return get(self.port, "/healthz")[0] == 200
        except OSError:
            return False

    def cpu_seconds(self) -> float:
        """CPU time of the master and its workers so far (from /proc; 0 elsewhere)."""
        total = 0.0
        pids = [self.process.pid, *_children(self.process.pid)]
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def get(port: int, path: str, cookie: str = "", timeout: float = 60) -> tuple[int, bytes]:
    """One GET on a fresh connection (gunicorn's sync workers close it after each answer)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def session_cookie(user) -> str:
    """A signed-in session for the member, as the sign-in would leave it."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    member: str = "champion"  # champion, facilitator or leader (the demo's sign-ins)
    goal: float = PAGE_GOAL


def key_pages() -> list[Page]:
    """The pages issue 15 names, found in the seeded city."""
    from django.db.models import Count

    from champions.models import User
    from events.models import Event
    from projects.models import Project

    falls = Project.objects.get(title="Fewer falls at night on the frailty wards")
    busiest = Event.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()
    facilitator = User.objects.get(email="facilitator@example.org")
    return [
        Page("home", "/home/"),
        Page("directory, first page", "/people/"),
        Page("directory, a skill and a sector", "/people/?teaches=spc-charts&sector=acute"),
        Page("directory, search “falls”", "/people/?q=falls"),
        Page("who can help me (ranked matches)", "/people/who-can-help-me/"),
        Page("who I could help (ranked matches)", "/people/who-i-could-help/"),
        Page("a member's profile", f"/people/{facilitator.pk}/"),
        Page("project list", "/projects/"),
        Page("project search, a word (“falls”)", "/projects/?q=falls"),
        Page("project search, a phrase", "/projects/?q=%22falls+at+night%22"),
        Page("project search, a typo (“prevension”)", "/projects/?q=prevension"),
        Page("the falls project's page", falls.get_absolute_url()),
        Page("the falls project's storyboard", f"/projects/{falls.pk}/storyboard/"),
        Page("bright spots", "/projects/bright-spots/"),
        Page("bright spots in one area", "/projects/bright-spots/?area=falls"),
        Page("events list", "/events/"),
        Page("an event's page (the busiest)", f"/events/{busiest.pk}/"),
        Page(
            f"registrations of the busiest event ({busiest.n})",
            f"/events/{busiest.pk}/registrations/",
            member="facilitator",
        ),
        Page("the city view, warm", "/city/", member="leader", goal=CITY_GOAL),
    ]


def members() -> dict[str, object]:
    from champions.models import User

    return {
        role: User.objects.get(email=f"{role}@example.org")
        for role in ("champion", "facilitator", "leader")
    }


def count_queries(page: Page, user) -> int:
    """The SQL statements one request of the page runs, in-process, warm (as counted by the
    pinned tests: a second request, so per-process caches are as in a running server)."""
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(page.path)
    assert response.status_code == 200, (page.path, response.status_code)
    sent: list[str] = []

    def count(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(page.path)
    return len(sent)


def timed_get(port: int, path: str, cookie: str) -> float:
    started = time.perf_counter()
    status, body = get(port, path, cookie)
    seconds = time.perf_counter() - started
    if status != 200:
        raise AssertionError(f"{path} answered {status}: {body[:300]!r}")
    return seconds


def measure_page(port: int, page: Page, cookie: str, runs: int = WARM_RUNS) -> tuple[float, float]:
    """The page's and the floor's medians, interleaved, after a warm-up that reaches every
    gunicorn worker."""
    for _ in range(2 * GUNICORN_WORKERS):
        timed_get(port, page.path, cookie)
        timed_get(port, FLOOR, cookie)
    page_seconds, floor_seconds = [], []
    for _ in range(runs):
        page_seconds.append(timed_get(port, page.path, cookie))
        floor_seconds.append(timed_get(port, FLOOR, cookie))
    return median(page_seconds), median(floor_seconds)


def city_view_cold(port: int, cookie: str, runs: int = COLD_RUNS) -> float:
    """The city view with its cache entries deleted before each request (gunicorn and this
    process share the Redis cache)."""
    from django.http import QueryDict

    from dashboard.overview import cache_forget

    seconds = []
    for _ in range(runs):
        cache_forget(QueryDict(""))
        seconds.append(timed_get(port, "/city/", cookie))
    return median(seconds)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(server: Gunicorn, pages: list[Page] | None = None) -> list[Figure]:
    """Every key page against the floor on the running `server`."""
    pages = key_pages() if pages is None else pages
    users = members()
    cookies = {role: session_cookie(user) for role, user in users.items()}
    figures: list[Figure] = []
    floors: list[float] = []
    for page in pages:
        queries = count_queries(page, users[page.member])
        page_s, floor_s = measure_page(server.port, page, cookies[page.member])
        floors.append(floor_s)
        ratio = page_s / floor_s
        figures.append(
            Figure(
                f"{page.label} ({queries} queries)",
                f"{ms(page_s)} = {ratio:.1f}×",
                f"at most {page.goal:g}× the floor",
                ratio <= page.goal,
            )
        )
    cold = city_view_cold(server.port, cookies["leader"])
    figures.append(
        Figure(
            f"the city view, cold (median of {COLD_RUNS})",
            ms(cold),
            f"at most {CITY_COLD_GOAL_MS} ms",
            cold * 1000 <= CITY_COLD_GOAL_MS,
        )
    )
    figures.insert(
        0,
        Figure(
            f"the floor, {FLOOR} (median of the pages' floors; {WARM_RUNS} each)",
            ms(median(floors)),
        ),
    )
    return figures
