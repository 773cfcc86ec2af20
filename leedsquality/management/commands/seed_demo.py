import time

from django.core.management.base import BaseCommand, CommandParser

from champions import demo as champions_demo
from champions.models import User
from events import demo as events_demo
from projects import demo as projects_demo
from projects.models import DataPoint, Measure, PdsaCycle, Project


class Command(BaseCommand):
    help = (
        "Load demo data: the personas for every role, --scale generated members, two "
        "improvement projects led by each (with teams, driver diagrams, PDSA cycles, "
        "updates, comments and measures with their values), and learning events (one for "
        "every five members) with their registrations. "
        "Deterministic for a given --seed, and idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=200, help="how many generated members (default 200)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only load when the database has no members yet (what make run does)",
        )

    def handle(self, *args, scale: int, seed: int, if_empty: bool, **options) -> None:
        if scale < 0:
            self.stderr.write("--scale must be 0 or more.")
            raise SystemExit(2)
        started = time.monotonic()
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has members: demo data not loaded.")
        else:
            created = champions_demo.seed_members(count=scale, seed=seed)
            self.stdout.write(
                f"Demo members: {created} created in {time.monotonic() - started:.1f}s "
                f"({User.objects.count()} in all)."
            )
            started = time.monotonic()
            created = projects_demo.seed_projects(members_scale=scale, seed=seed)
            self.stdout.write(
                f"Demo projects: {created} created in {time.monotonic() - started:.1f}s "
                f"({Project.objects.count()} in all, {PdsaCycle.objects.count()} PDSA cycles, "
                f"{Measure.objects.count()} measures with {DataPoint.objects.count()} values)."
            )
            started = time.monotonic()
            events, registrations = events_demo.seed_events(scale=scale, seed=seed)
            self.stdout.write(
                f"Demo events: {events} created, with {registrations} registrations, in "
                f"{time.monotonic() - started:.1f}s."
            )
        self.stdout.write(self.style.SUCCESS("Demo sign-ins (password for all):"))
        self.stdout.write(f"  password: {champions_demo.DEMO_PASSWORD}")
        for persona in champions_demo.PERSONAS:
            role = (
                "Admin"
                if persona.is_superuser
                else persona.role or ("Partner" if persona.kind == "partner" else "Champion")
            )
            self.stdout.write(f"  {role:<14} {persona.email}")
