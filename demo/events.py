"""Demo events for `manage.py seed_demo`: deterministic, idempotent, bulk-inserted.

One event for every five members (2,000 at `--scale 10000`), over the year around the week
the demo was first loaded: past ones with attendance and reflections, coming ones with
bookings and waiting lists (about 25 registrations an event, 50,000 at the largest scale).
Bookings are simulated in order, so places are never exceeded and nobody waits while a
place is free. The personas take part: the facilitator runs some events and the champion
has places, a waiting-list place and past events to reflect on.
"""

import bisect
import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from champions.models import ClinicalArea, Profile, Skill, User
from core import roles
from demo.champions import DEMO_DOMAIN
from events.models import Commitment, Event, Reflection, Registration
from events.times import london_datetime

MEMBERS_PER_EVENT = 5
MIN_EVENTS = 12
BATCH = 5000
CHAMPION = f"champion@{DEMO_DOMAIN}"
FACILITATOR = f"facilitator@{DEMO_DOMAIN}"

KINDS = [
    # kind, weight, capacity range, title templates ({area} or {skill}; {area_in} mid-sentence)
    (Event.Kind.WORKSHOP, 30, (16, 40), ["{skill} workshop", "Improving {area_in}: a workshop"]),
    (Event.Kind.LEARNING_SET, 22, (10, 20), ["Learning set: {area}", "{area} learning set"]),
    (Event.Kind.MASTERCLASS, 12, (40, 90), ["Masterclass: {skill}"]),
    (Event.Kind.NETWORK_MEETING, 10, (30, 60), ["Improvement champions network meeting"]),
    (Event.Kind.NEUTRAL_SPACE, 10, (12, 24), ["Neutral space: {area} across Leeds"]),
    (Event.Kind.SHOWCASE, 6, (80, 150), ["Celebrating improvement in {area_in}"]),
    (Event.Kind.COACHING_CLINIC, 10, (6, 10), ["Coaching clinic: {skill}"]),
]
VENUES = [
    ("Leeds Civic Hall", "Calverley Street, Leeds LS1 1UR"),
    ("Thackray Museum of Medicine", "Beckett Street, Leeds LS9 7LN"),
    ("Leeds Teaching Hospitals Education Centre", "St James's University Hospital, LS9 7TF"),
    ("Wellbeing Centre, St Mary's Hospital", "Green Hill Road, Armley, Leeds LS12 3QE"),
    ("Leeds Beckett University, Rose Bowl", "Portland Crescent, Leeds LS1 3HB"),
    ("University of Leeds, Worsley Building", "Clarendon Way, Leeds LS2 9NL"),
    ("Merrion House", "110 Merrion Centre, Leeds LS2 8BB"),
    ("Seacroft Hub", "Seacroft Crescent, Leeds LS14 6NX"),
]
ACCESSIBILITY = [
    "Step-free access from the main entrance; hearing loop in the room; quiet room nearby.",
    "Lift to every floor; accessible toilets on each floor; parking for Blue Badge holders.",
    "Step-free access; the nearest bus stop is two minutes' walk; refreshments provided.",
]
START_TIMES = [(9, 0), (9, 30), (10, 0), (13, 0), (13, 30), (14, 0), (16, 0)]
DURATIONS = [60, 90, 120, 180, 240]
PROJECTS = [
    "Reducing falls on our frailty ward",
    "Faster discharge letters to GPs",
    "Fewer missed insulin doses",
    "Carers' voices in discharge planning",
    "Cutting waits for memory assessment",
    "",
    "",
]
LEARNING = [
    "How to read an SPC chart without getting lost",
    "Running small PDSA cycles on a busy ward",
    "How other teams involved patients and carers",
    "Measurement that does not take all day",
    "",
]
ACCESS = ["", "", "", "", "Hearing loop, please", "Step-free access", "Vegetarian lunch"]
LEARNED = [
    "Seeing the run chart change colour made the shift obvious. I will plot ours weekly.",
    "Other teams had the same problem with discharge letters: we are meeting next month.",
    "Small tests are allowed to fail. That takes the pressure off trying something.",
    "The three questions are a better start to the huddle than the numbers themselves.",
    "Asking carers first changed what we thought the problem was.",
]
COMMITMENTS = [
    "Try a two-minute safety huddle at 10am for one week on one bay",
    "Plot our falls data as a run chart and share it at the team meeting",
    "Ask three carers what discharge felt like before we change the letter",
    "Test a new insulin prompt with two nurses on one shift",
]


@dataclass
class EventPlan:
    event: Event
    facilitators: list[int]
    clinical_areas: list[int]
    skills: list[int]
    requesters: list[int] = field(default_factory=list)  # first to book
    late_requesters: list[int] = field(default_factory=list)  # after it has filled up


def _anchor() -> datetime.date:
    """The Monday of the week the demo was first loaded, so a later run (on
    another day) plans the same events."""
    loaded = (
        Profile.objects.filter(user__email=CHAMPION).values_list("created_at", flat=True).first()
    )
    day = timezone.localdate(loaded) if loaded else timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


def _event(number: int, seed: int, anchor, areas, skills) -> tuple[Event, int, int, random.Random]:
    rng = random.Random(f"{seed}:event:{number}")  # noqa: S311 (demo data, not security)
    kind, _, (low, high), titles = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
    area, skill = rng.choice(areas), rng.choice(skills)
    day = anchor + datetime.timedelta(days=rng.randint(-182, 182))
    day += datetime.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() > 4 else 0)
    hour, minute = rng.choice(START_TIMES)
    starts_at = london_datetime(day, datetime.time(hour, minute))
    event_format = rng.choices(
        [Event.Format.IN_PERSON, Event.Format.ONLINE, Event.Format.HYBRID], weights=[55, 30, 15]
    )[0]
    venue, address = rng.choice(VENUES) if event_format != Event.Format.ONLINE else ("", "")
    audience = rng.choices(
        [Event.Audience.ALL, Event.Audience.SYSTEM_LEADERS, Event.Audience.PLCP],
        weights=[85, 8, 7],
    )[0]
    status = rng.choices(
        [Event.Status.PUBLISHED, Event.Status.CANCELLED, Event.Status.DRAFT], weights=[93, 4, 3]
    )[0]
    event = Event(
        title=rng.choice(titles).format(area=area[1], area_in=area[1].lower(), skill=skill[1]),
        kind=kind,
        description=(
            f"A {kind.label.lower()} for anyone improving care in Leeds, on "
            f"{area[1].lower()} and {skill[1].lower()}. Bring your data, your questions and "
            "a project you are working on: everyone has something to learn and something "
            "to teach."
        ),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=rng.choice(DURATIONS)),
        format=event_format,
        venue=venue,
        address=address,
        accessibility_notes=rng.choice(ACCESSIBILITY) if venue else "",
        joining_link=(
            f"https://teams.example.org/l/meetup-join/lqn-{seed}-{number}"
            if event_format != Event.Format.IN_PERSON
            else ""
        ),
        capacity=rng.randint(low, high),
        audience=audience,
        cohort_year=rng.choice([2024, 2025, 2026]) if audience == Event.Audience.PLCP else None,
        status=status,
        published_at=None
        if status == Event.Status.DRAFT
        else starts_at - datetime.timedelta(days=42),
    )
    return event, area[0], skill[0], rng


def _plans(count: int, seed: int) -> Iterator[tuple[EventPlan, random.Random]]:
    anchor = _anchor()
    areas = list(ClinicalArea.objects.order_by("slug").values_list("pk", "name"))
    skills = list(Skill.objects.order_by("slug").values_list("pk", "name"))
    facilitator_role = Group.objects.get(name=roles.FACILITATOR)
    facilitators = list(facilitator_role.user_set.order_by("email").values_list("pk", "email"))
    persona = next(pk for pk, email in facilitators if email == FACILITATOR)
    seen = set()
    for number in range(count):
        event, area, skill, rng = _event(number, seed, anchor, areas, skills)
        if (event.title, event.starts_at) in seen:
            continue
        seen.add((event.title, event.starts_at))
        leads = {persona} if number % 6 == 0 else set()
        leads.add(rng.choice(facilitators)[0])
        event.created_by_id = min(leads)
        yield EventPlan(event, sorted(leads), [area], [skill]), rng


class Members:
    """The active members in the order they joined, to sample those who had joined by a day."""

    def __init__(self, joined: list[tuple[datetime.datetime, int]]) -> None:
        self.dates = [when for when, _ in joined]
        self.pks = [pk for _, pk in joined]

    def joined_by(self, moment: datetime.datetime) -> list[int]:
        return self.pks[: bisect.bisect_right(self.dates, moment)]


def _registrations(
    plan: EventPlan, rng: random.Random, members: Members, now: datetime.datetime
) -> list[Registration]:
    """The event's bookings, simulated in the order members asked, by members who had joined
    a week or more before booking opened."""
    event = plan.event
    if event.status == Event.Status.DRAFT:
        return []
    past = event.ends_at <= now
    wanted = round(event.capacity * rng.uniform(0.35, 1.3))
    if plan.late_requesters:
        wanted = max(wanted, event.capacity + 3)
    chosen = set(plan.requesters + plan.late_requesters)
    opened = event.published_at or event.starts_at - datetime.timedelta(days=42)
    eligible = members.joined_by(opened - datetime.timedelta(days=7))
    sampled = rng.sample(eligible, min(wanted, len(eligible)))
    requesters = plan.requesters + [pk for pk in sampled if pk not in chosen] + plan.late_requesters
    span = max((event.starts_at - opened).total_seconds() - 3600, 60)
    moments = sorted(rng.uniform(0, span) for _ in requesters)
    registrations, holding, waiting = [], 0, []
    for pk, offset in zip(requesters, moments, strict=True):
        requested_at = opened + datetime.timedelta(seconds=offset)
        registration = Registration(
            event=event,
            user_id=pk,
            requested_at=requested_at,
            project_answer=rng.choice(PROJECTS),
            learning_answer=rng.choice(LEARNING),
            access_requirements=rng.choice(ACCESS),
        )
        if holding < event.capacity:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = requested_at
            holding += 1
        else:
            registration.status = Registration.Status.WAITLISTED
            waiting.append(registration)
        registrations.append(registration)
        # Now and then someone with a place cancels; the first waiting takes it.
        if registration.status == Registration.Status.CONFIRMED and rng.random() < 0.06:
            if pk in chosen:
                continue
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = requested_at + datetime.timedelta(days=1)
            registration.cancelled_by_id = pk
            holding -= 1
            if waiting:
                promoted = waiting.pop(0)
                promoted.status = Registration.Status.CONFIRMED
                promoted.confirmed_at = promoted.promoted_at = registration.cancelled_at
                holding += 1
    if past and event.status == Event.Status.PUBLISHED:
        for registration in registrations:
            if registration.status == Registration.Status.CONFIRMED:
                registration.status = rng.choices(
                    [Registration.Status.ATTENDED, Registration.Status.NO_SHOW], weights=[86, 14]
                )[0]
                registration.attendance_marked_at = event.starts_at
                if registration.user_id in chosen:
                    registration.status = Registration.Status.ATTENDED
    return registrations


def _takeaways(
    registrations: list[Registration], seed: int, champion: int | None
) -> tuple[list[Reflection], list[Commitment]]:
    rng = random.Random(f"{seed}:reflections")  # noqa: S311 (demo data, not security)
    reflections, commitments = [], []
    for registration in registrations:
        if registration.status != Registration.Status.ATTENDED:
            continue
        if registration.user_id != champion and rng.random() > 0.3:
            continue
        reflections.append(
            Reflection(
                registration=registration,
                learned=rng.choice(LEARNED),
                anonymous=rng.random() < 0.25,
            )
        )
        if rng.random() < 0.6:
            commitments.append(
                Commitment(registration=registration, change_idea=rng.choice(COMMITMENTS))
            )
    return reflections, commitments


def _give_the_champion_places(plans: list[EventPlan], champion: int, now) -> None:
    """A few coming places, one waiting-list place and past events for the champion."""
    published = [p for p in plans if p.event.status == Event.Status.PUBLISHED]
    coming = sorted(
        (p for p in published if p.event.starts_at > now and p.event.audience == "all"),
        key=lambda p: p.event.starts_at,
    )
    past = sorted((p for p in published if p.event.ends_at <= now), key=lambda p: p.event.starts_at)
    for plan in coming[:4] + past[-3:]:
        plan.requesters = [champion]
    if len(coming) > 4:
        coming[4].late_requesters = [champion]


def seed_events(*, scale: int, seed: int) -> tuple[int, int]:
    """Create the demo events that do not exist yet, with their registrations.

    Returns (events created, registrations created); existing events are left alone.
    """
    now = timezone.now()
    count = max(scale // MEMBERS_PER_EVENT, MIN_EVENTS)
    existing = set(Event.objects.values_list("title", "starts_at"))
    generated = list(_plans(count, seed))
    fresh = [
        (plan, rng)
        for plan, rng in generated
        if (plan.event.title, plan.event.starts_at) not in existing
    ]
    if not fresh:
        return 0, 0
    members = Members(
        list(
            User.objects.filter(is_active=True)
            .order_by("date_joined", "pk")
            .values_list("date_joined", "pk")
        )
    )
    champion = User.objects.filter(email=CHAMPION).values_list("pk", flat=True).first()
    if champion:
        _give_the_champion_places([plan for plan, _ in fresh], champion, now)
    with transaction.atomic():
        events = Event.objects.bulk_create([plan.event for plan, _ in fresh], batch_size=BATCH)
        links = [
            (Event.facilitators.through, "user_id", "facilitators"),
            (Event.clinical_areas.through, "clinicalarea_id", "clinical_areas"),
            (Event.skills.through, "skill_id", "skills"),
        ]
        for through, column, attribute in links:
            through.objects.bulk_create(
                [
                    through(event_id=event.pk, **{column: pk})
                    for event, (plan, _) in zip(events, fresh, strict=True)
                    for pk in getattr(plan, attribute)
                ],
                batch_size=BATCH,
            )
        registrations = [
            registration
            for plan, rng in fresh
            for registration in _registrations(plan, rng, members, now)
        ]
        Registration.objects.bulk_create(registrations, batch_size=BATCH)
        reflections, commitments = _takeaways(registrations, seed, champion)
        Reflection.objects.bulk_create(reflections, batch_size=BATCH)
        Commitment.objects.bulk_create(commitments, batch_size=BATCH)
    return len(events), len(registrations)
