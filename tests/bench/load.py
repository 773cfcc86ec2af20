"""Load test: members browsing the seeded city at once, over HTTP, against the gunicorn that
`make bench` starts with the production settings (tests/bench/pages.py).

Fifty members, each signed in with their own session (44 champions, 4 facilitators, 2 system
leaders, chosen at random from the city with a fixed seed), click through the realistic mix
below with 1–3 s between clicks. After a warm-up, every request of a measured minute counts:
p50/p95/p99, errors (any answer but 200, or no answer) and throughput. Then the saturation
throughput: no time between clicks, the users stepped up until p95 passes the goal or the
throughput stops growing.

The driver is threads and `http.client`, not Locust: at these rates (tens of requests a
second) a thread per member is cheap, it adds no dependency (Locust brings gevent, whose
monkey-patching would also reach this process's Django), and its own CPU use is simply this
process's CPU time over the run, which is reported so a starved machine shows.
"""

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import quantiles

from tests.bench.pages import Gunicorn, get, session_cookie
from tests.bench.report import Figure

USERS = 50
FACILITATORS = 4
LEADERS = 2
THINK = (1.0, 3.0)  # seconds between one member's clicks
WARM_UP = 15  # seconds
DURATION = 60  # seconds measured
P95_GOAL_MS = 200
SATURATION_STEPS = (2, 4, 8, 16, 32)
SATURATION_SECONDS = 15
SEARCHES = ("falls", "sepsis", "discharge", "pressure+ulcers", "%22falls+at+night%22", "prevension")


@dataclass
class Member:
    cookie: str
    mix: list[tuple[int, Callable[[random.Random], str]]]  # (weight, path chooser)

    def next_path(self, rng: random.Random) -> str:
        weights = [weight for weight, _ in self.mix]
        return rng.choices([choose for _, choose in self.mix], weights)[0](rng)


def _fixed(path: str) -> Callable[[random.Random], str]:
    return lambda rng: path


def _one_of(paths: list[str]) -> Callable[[random.Random], str]:
    return lambda rng: rng.choice(paths)


def members(users: int = USERS) -> list[Member]:
    """The simulated members and what each clicks (weights: how often, relative)."""
    from champions.models import User
    from core import roles
    from events.models import Event
    from projects.models import Project, Visibility

    rng = random.Random(15)
    projects = list(
        Project.objects.filter(visibility=Visibility.NETWORK).values_list("pk", flat=True)[:2000]
    )
    events = list(Event.objects.filter(status=Event.Status.PUBLISHED).values_list("pk", flat=True))
    project_pages = [f"/projects/{pk}/" for pk in rng.sample(projects, 200)]
    event_pages = [f"/events/{pk}/" for pk in rng.sample(events, min(100, len(events)))]
    member_mix = [
        (4, _fixed("/home/")),
        (2, _fixed("/people/")),
        (1, _one_of(["/people/?q=falls", "/people/?q=sepsis", "/people/?teaches=spc-charts"])),
        (1, _fixed("/people/who-can-help-me/")),
        (1, _fixed("/people/who-i-could-help/")),
        (2, _fixed("/projects/")),
        (2, _one_of([f"/projects/?q={words}" for words in SEARCHES])),
        (3, _one_of(project_pages)),
        (1, _one_of(["/projects/bright-spots/", "/projects/bright-spots/?area=falls"])),
        (2, _fixed("/events/")),
        (2, _one_of(event_pages)),
    ]

    def of_role(role: str, count: int) -> list[User]:
        pks = list(
            User.objects.filter(is_active=True, groups__name=role)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return list(User.objects.filter(pk__in=rng.sample(pks, count)))

    chosen: list[Member] = []
    for user in of_role(roles.FACILITATOR, FACILITATORS):
        registrations = [f"/events/{pk}/registrations/" for pk in rng.sample(events, 20)]
        chosen.append(Member(session_cookie(user), [*member_mix, (4, _one_of(registrations))]))
    for user in of_role(roles.SYSTEM_LEADER, LEADERS):
        chosen.append(Member(session_cookie(user), [*member_mix, (4, _fixed("/city/"))]))
    champions = [
        user
        for user in of_role(roles.CHAMPION, 2 * users)
        if not (roles.is_facilitator(user) or roles.is_system_leader(user))
    ]
    for user in champions[: users - len(chosen)]:
        chosen.append(Member(session_cookie(user), member_mix))
    assert len(chosen) == users, len(chosen)
    return chosen


@dataclass
class Result:
    users: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    driver_cpu: float = 0.0  # seconds of CPU this process used
    server_cpu: float = 0.0  # seconds of CPU gunicorn used
    machine_busy: float = 0.0  # the share of all the machine's cores busy (anyone's work)

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return float("nan")
        return quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds


def simulate(
    server: Gunicorn,
    crowd: list[Member],
    *,
    seconds: float,
    warm_up: float,
    think: tuple[float, float] | None,
) -> Result:
    """Every member clicks in their own thread; requests that start after the warm-up and end
    before the stop are measured."""
    result = Result(users=len(crowd), seconds=seconds)
    started = time.monotonic()
    measure_from, stop_at = started + warm_up, started + warm_up + seconds
    lock = threading.Lock()

    def browse(member: Member, rng: random.Random) -> None:
        if think:  # members do not all arrive in the same instant
            time.sleep(rng.uniform(0, think[1]))
        while (now := time.monotonic()) < stop_at:
            path = member.next_path(rng)
            try:
                status, _ = get(server.port, path, member.cookie, timeout=30)
                error = "" if status == 200 else f"{path} answered {status}"
            except Exception as failure:  # counted as an error, like no answer
                error = f"{path}: {failure!r}"
            ended = time.monotonic()
            if now >= measure_from and ended <= stop_at:
                with lock:
                    result.latencies.append(ended - now)
                    if error:
                        result.errors.append(error)
            if think:
                time.sleep(rng.uniform(*think))

    threads = [
        threading.Thread(target=browse, args=(member, random.Random(n)), daemon=True)
        for n, member in enumerate(crowd)
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, measure_from - time.monotonic()))
    cpu, server_cpu, machine = time.process_time(), server.cpu_seconds(), _machine_ticks()
    for thread in threads:
        thread.join(timeout=stop_at - time.monotonic() + 60)
    result.driver_cpu = time.process_time() - cpu
    result.server_cpu = server.cpu_seconds() - server_cpu
    busy, total = (after - before for after, before in zip(_machine_ticks(), machine, strict=True))
    result.machine_busy = busy / total if total else 0.0
    return result


def _machine_ticks() -> tuple[int, int]:
    """(busy, all) CPU ticks of the whole machine so far, from /proc/stat ((0, 0) elsewhere)."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(n) for n in stat.readline().split()[1:]]
    except OSError:
        return 0, 0
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle and waiting for I/O
    return sum(ticks) - idle, sum(ticks)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(server: Gunicorn) -> list[Figure]:
    crowd = members()
    browsing = simulate(server, crowd, seconds=DURATION, warm_up=WARM_UP, think=THINK)
    p95 = browsing.percentile(95)
    figures = [
        Figure(
            f"{USERS} members, {THINK[0]:g}–{THINK[1]:g} s between clicks, {DURATION} s: "
            f"requests / errors",
            f"{len(browsing.latencies):,} / {len(browsing.errors)}",
            "no errors",
            not browsing.errors,
        ),
        Figure("  p50 / p99", f"{ms(browsing.percentile(50))} / {ms(browsing.percentile(99))}"),
        Figure("  p95", ms(p95), f"under {P95_GOAL_MS} ms", p95 * 1000 < P95_GOAL_MS),
        Figure("  throughput", f"{browsing.throughput:.1f} a second"),
        Figure(
            "  CPU: the load generator / gunicorn (share of one core) / machine busy",
            f"{browsing.driver_cpu / DURATION:.0%} / {browsing.server_cpu / DURATION:.0%}"
            f" / {browsing.machine_busy:.0%}",
        ),
    ]
    for error in sorted(set(browsing.errors))[:5]:
        print(f"load test error: {error}")
    best: Result | None = None
    for users in SATURATION_STEPS:
        step = simulate(server, crowd[:users], seconds=SATURATION_SECONDS, warm_up=3, think=None)
        figures.append(
            Figure(
                f"no time between clicks, {users} members: throughput, p95, errors",
                f"{step.throughput:.0f} a second, {ms(step.percentile(95))}, {len(step.errors)}",
            )
        )
        grew = best is None or step.throughput > best.throughput * 1.05
        if grew:
            best = step
        if not grew or step.percentile(95) * 1000 > P95_GOAL_MS:
            break
    figures.append(
        Figure(
            "saturation throughput (pages a second)",
            f"{best.throughput:.0f} a second, with {best.users} members clicking",
        )
    )
    figures.append(
        Figure(
            "  CPU there: the load generator / gunicorn (share of one core) / machine busy",
            f"{best.driver_cpu / best.seconds:.0%} / {best.server_cpu / best.seconds:.0%}"
            f" / {best.machine_busy:.0%}",
        )
    )
    return figures
