import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from champions.models import ConversationRequest, Profile, User
from demo import champions as champions_demo
from demo import events as events_demo
from demo import projects as projects_demo
from events.models import Registration
from projects.models import DataPoint, Measure, PdsaCycle, Project

# A demo member joined at least this long before the first thing they did.
SETTLING_IN = "7 days"


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
            members = created = champions_demo.seed_members(count=scale, seed=seed)
            self.stdout.write(
                f"Demo members: {created} created in {time.monotonic() - started:.1f}s "
                f"({User.objects.count()} in all)."
            )
            started = time.monotonic()
            projects = created = projects_demo.seed_projects(members_scale=scale, seed=seed)
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
            moved = joined_before_first_activity()
            self.stdout.write(
                f"Demo members whose joining date moved before their activity: {moved}."
            )
            if members or projects or events or moved:
                started = time.monotonic()
                with connection.cursor() as cursor:
                    # After a bulk load the planner's statistics are stale, and no page of the
                    # new rows is marked all-visible, until autovacuum comes round: pages read
                    # straight after it would be planned badly, and index-only scans would
                    # read the tables. VACUUM cannot run inside a transaction (a test's).
                    in_transaction = connection.in_atomic_block
                    cursor.execute("ANALYZE" if in_transaction else "VACUUM ANALYZE")
                self.stdout.write(
                    f"Planner statistics refreshed in {time.monotonic() - started:.1f}s."
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


def joined_before_first_activity() -> int:
    """Move a demo member's joining date to a week before the first project they logged,
    event they booked or conversation they took part in, when that came first (projects are
    backdated over two years; members join over the same years). Returns how many moved;
    a second run moves none, and members outside the demo domain are never touched."""
    activity = [
        (Project._meta.db_table, "created_by_id", "created_at"),
        (Registration._meta.db_table, "user_id", "requested_at"),
        (ConversationRequest._meta.db_table, "sender_id", "created_at"),
        (ConversationRequest._meta.db_table, "recipient_id", "created_at"),
    ]
    firsts = " UNION ALL ".join(
        f"SELECT {who} AS user_id, {at} AS at FROM {table} WHERE {who} IS NOT NULL"  # noqa: S608
        for table, who, at in activity
    )
    users, profiles = User._meta.db_table, Profile._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH first AS (
              SELECT user_id, min(at) - interval %(settling)s AS joined
              FROM ({firsts}) activity GROUP BY user_id
            )
            UPDATE {users} u SET date_joined = first.joined FROM first
            WHERE u.id = first.user_id AND first.joined < u.date_joined
              AND u.email LIKE %(domain)s
            RETURNING u.id
            """,  # noqa: S608 (table and column names from the models, values as parameters)
            {"settling": SETTLING_IN, "domain": f"%@{champions_demo.DEMO_DOMAIN}"},
        )
        moved = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"""
            UPDATE {profiles} p SET completed_at = u.date_joined FROM {users} u
            WHERE p.user_id = u.id AND u.id = ANY(%(moved)s)
            """,  # noqa: S608
            {"moved": moved},
        )
    return len(moved)
