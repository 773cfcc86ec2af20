"""The city view's figures: one function per panel, each a query or two of database
aggregation (grouped counts, conditional counts, correlated subqueries), returning plain
data. Python only shapes the handful of groups that come back.

What is counted:
- projects: never drafts; a project's date is when it was logged on the network;
- PDSA cycles: running or done, dated by their start (or when logged, without one), and only
  up to today; updates: when posted;
- members: listed profiles only (completed, shown to members, of an active account). A
  hidden profile is never counted, and a hidden organisation never matched; a member's date
  is when they joined;
- learning conversations: requests sent by listed members, dated when sent;
- events: published, dated by their start; with an organisation or sector chosen, the
  places its listed members booked, and the events they booked.

The base sets (`projects_logged`, `listed_members`, ...) are public: the drill-down lists
start from the same sets, so a number and its list always agree.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth

from champions.models import (
    ClinicalArea,
    ConversationRequest,
    Organisation,
    Profile,
    Sector,
)
from events.models import Event, Registration
from events.times import day_start
from projects.models import (
    Measure,
    PartnerInvolvement,
    PdsaCycle,
    PointType,
    Project,
    ProjectUpdate,
    Stage,
    TeamMember,
    Visibility,
)
from projects.selectors import ProjectFilters, filter_projects

MONTHS_SHOWN = 24
BOOKED_OR_WAITING = (*Registration.HOLDS_A_PLACE, Registration.Status.WAITLISTED)
NOT_GIVEN = ""  # the key of the group without a sector, profession or organisation


@dataclass(frozen=True)
class CityFilters:
    """The city view's filters. Every panel applies every one that means something for
    what it counts, and says which do not."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    organisation: Organisation | None = None
    sector: str = ""
    clinical_area: ClinicalArea | None = None
    method: str = ""

    @property
    def by_place(self) -> bool:
        return self.organisation is not None or bool(self.sector)


@dataclass(frozen=True)
class Group:
    """One group of a breakdown: its key (a code, a slug, "YYYY-MM"), name and count."""

    key: str
    label: str
    count: int


# Dates -----------------------------------------------------------------------------------------


def _in_period(field: str, filters: CityFilters) -> Q:
    """`field` (a date and time) falls on one of the period's days in Leeds."""
    condition = Q()
    if filters.start:
        condition &= Q(**{f"{field}__gte": day_start(filters.start)})
    if filters.end:
        condition &= Q(**{f"{field}__lt": day_start(filters.end + datetime.timedelta(days=1))})
    return condition


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def activity_months(filters: CityFilters, *, today: datetime.date) -> list[datetime.date]:
    """The months the activity charts show: the period's, up to today, at most the latest
    MONTHS_SHOWN of them; without a period, the MONTHS_SHOWN months up to this one."""
    last = _first_of_month(min(filters.end or today, today))
    first = _add_months(last, 1 - MONTHS_SHOWN)
    if filters.start:
        first = max(first, _first_of_month(filters.start))
    months = []
    while first <= last:
        months.append(first)
        first = _add_months(first, 1)
    return months


def _months_filters(filters: CityFilters, months: list[datetime.date]) -> CityFilters:
    """The filters narrowed to the charted months (still within the period)."""
    if not months:
        return filters
    start = max(filter(None, (filters.start, months[0])))
    following = _add_months(months[-1], 1) - datetime.timedelta(days=1)
    end = min(filter(None, (filters.end, following)))
    return CityFilters(
        start=start,
        end=end,
        organisation=filters.organisation,
        sector=filters.sector,
        clinical_area=filters.clinical_area,
        method=filters.method,
    )


def month_key(month: datetime.date | datetime.datetime) -> str:
    """A month as the drill-down links name it: 2026-03."""
    return f"{month.year:04d}-{month.month:02d}"


# Base sets -------------------------------------------------------------------------------------


def network_projects(filters: CityFilters) -> QuerySet[Project]:
    """Projects other than drafts with an organisation, sector, clinical area and method
    matching the filters, whenever they were logged."""
    return filter_projects(
        Project.objects.filter(visibility=Visibility.NETWORK),
        ProjectFilters(
            organisation=filters.organisation,
            sector=filters.sector,
            clinical_area=filters.clinical_area,
            method=filters.method,
        ),
    )


def projects_logged(filters: CityFilters) -> QuerySet[Project]:
    """`network_projects` logged in the period."""
    return network_projects(filters).filter(_in_period("created_at", filters))


def _pdsa_started(since: datetime.date | None, until: datetime.date) -> Q:
    """A cycle's start date is in [since, until]; a cycle without one counts on the day it
    was logged. Two plain conditions rather than one on COALESCE, so that PostgreSQL can
    estimate them from its statistics on each column (and choose a hash join)."""
    started = Q(start_date__lte=until)
    logged = Q(start_date__isnull=True, created_at__lt=day_start(until + datetime.timedelta(1)))
    if since is not None:
        started &= Q(start_date__gte=since)
        logged &= Q(created_at__gte=day_start(since))
    return started | logged


def pdsa_cycles_run(filters: CityFilters, *, today: datetime.date) -> QuerySet[PdsaCycle]:
    """Running and done cycles of `network_projects`, started (or, without a start date,
    logged) in the period and by today, annotated with that `day`."""
    return (
        PdsaCycle.objects.exclude(status=PdsaCycle.Status.PLANNED)
        .filter(
            _pdsa_started(filters.start, min(filter(None, (filters.end, today)))),
            project__in=network_projects(filters),
        )
        .annotate(day=Coalesce("start_date", TruncDate("created_at"), output_field=DateField()))
    )


def updates_posted(filters: CityFilters) -> QuerySet[ProjectUpdate]:
    return ProjectUpdate.objects.filter(
        _in_period("created_at", filters), project__in=network_projects(filters)
    )


def _visible_organisation(filters: CityFilters) -> Q:
    """A profile's organisation matches, and the member has not hidden it."""
    condition = Q()
    if filters.organisation is not None:
        condition &= Q(organisation=filters.organisation)
    if filters.sector:
        condition &= Q(organisation__sector=filters.sector)
    if filters.by_place:
        condition &= Q(hide_organisation=False)
    return condition


def listed_members(filters: CityFilters, *, dated: bool = True) -> QuerySet[Profile]:
    """Listed profiles whose (visible) organisation, sector and clinical interests match;
    with `dated`, of members who joined in the period."""
    members = Profile.objects.listed().filter(_visible_organisation(filters))
    if filters.clinical_area is not None:
        members = members.filter(
            Exists(
                Profile.clinical_areas.through.objects.filter(
                    profile=OuterRef("pk"), clinicalarea=filters.clinical_area
                )
            )
        )
    if dated:
        members = members.filter(_in_period("user__date_joined", filters))
    return members


def conversation_requests(filters: CityFilters) -> QuerySet[ConversationRequest]:
    """Requests sent in the period by listed members matching the filters."""
    senders = listed_members(filters, dated=False).filter(user=OuterRef("sender"))
    return ConversationRequest.objects.filter(Exists(senders), _in_period("created_at", filters))


def _from_there(filters: CityFilters) -> Q:
    """A registration by a listed member of the chosen organisation or sector."""
    return Q(
        Exists(
            Profile.objects.listed()
            .filter(_visible_organisation(filters))
            .filter(user=OuterRef("user"))
        )
    )


def events_in_period(filters: CityFilters) -> QuerySet[Event]:
    """Published events starting in the period, on the chosen clinical area; with an
    organisation or sector, only those its members booked (a place or the waiting list)."""
    events = Event.objects.filter(_in_period("starts_at", filters), status=Event.Status.PUBLISHED)
    if filters.clinical_area is not None:
        events = events.filter(
            Exists(
                Event.clinical_areas.through.objects.filter(
                    event=OuterRef("pk"), clinicalarea=filters.clinical_area
                )
            )
        )
    if filters.by_place:
        booked = Registration.objects.filter(event=OuterRef("pk"), status__in=BOOKED_OR_WAITING)
        events = events.filter(Exists(booked.filter(_from_there(filters))))
    return events


def event_registrations(filters: CityFilters) -> QuerySet[Registration]:
    """Registrations on `events_in_period`; with an organisation or sector, its members'."""
    registrations = Registration.objects.filter(event__in=events_in_period(filters))
    if filters.by_place:
        registrations = registrations.filter(_from_there(filters))
    return registrations


# Projects --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectsOverview:
    total: int
    cross_boundary: int
    without_organisation: int
    by_stage: list[Group]
    by_partner_involvement: list[Group]

    @property
    def with_partners(self) -> int:
        return sum(g.count for g in self.by_partner_involvement if g.key != PartnerInvolvement.NONE)


def projects_overview(filters: CityFilters) -> ProjectsOverview:
    """Projects logged: how many, at each stage, cross-boundary, without an organisation,
    and how involved patient and carer partners are. One query."""
    organisations = Project.organisations.through.objects.filter(project=OuterRef("pk"))
    counts = {
        "total": Count("pk"),
        "cross_boundary": Count("pk", filter=Q(is_cross_boundary=True)),
        "without_organisation": Count("pk", filter=~Q(Exists(organisations))),
    }
    counts |= {f"stage_{code}": Count("pk", filter=Q(stage=code)) for code in Stage.values}
    counts |= {
        f"partners_{code}": Count("pk", filter=Q(partner_involvement=code))
        for code in PartnerInvolvement.values
    }
    figures = projects_logged(filters).aggregate(**counts)
    return ProjectsOverview(
        total=figures["total"],
        cross_boundary=figures["cross_boundary"],
        without_organisation=figures["without_organisation"],
        by_stage=[Group(code, label, figures[f"stage_{code}"]) for code, label in Stage.choices],
        by_partner_involvement=[
            Group(code, label, figures[f"partners_{code}"])
            for code, label in PartnerInvolvement.choices
        ],
    )


def projects_by_clinical_area(filters: CityFilters) -> list[Group]:
    """Projects logged, per clinical area (a project counts in each of its areas), most
    first. One query."""
    rows = (
        Project.clinical_areas.through.objects.filter(project__in=projects_logged(filters))
        .values("clinicalarea__slug", "clinicalarea__name")
        .annotate(projects=Count("project"))
        .order_by("-projects", "clinicalarea__name")
    )
    return [Group(r["clinicalarea__slug"], r["clinicalarea__name"], r["projects"]) for r in rows]


def projects_by_sector(filters: CityFilters) -> list[Group]:
    """Projects logged, per sector of their organisations (a project counts once in each
    sector it involves), in the sectors' order. One query."""
    rows = (
        Project.organisations.through.objects.filter(project__in=projects_logged(filters))
        .values("organisation__sector")
        .annotate(projects=Count("project", distinct=True))
        .order_by()
    )
    counts = {r["organisation__sector"]: r["projects"] for r in rows}
    return [Group(code, label, counts[code]) for code, label in Sector.choices if code in counts]


@dataclass(frozen=True)
class OrganisationActivity:
    slug: str
    name: str
    projects: int
    pdsa_cycles: int


def organisation_activity(
    filters: CityFilters, *, today: datetime.date
) -> list[OrganisationActivity]:
    """Per organisation, by name (never ranked): the projects logged in the period that
    involve it, and the PDSA cycles run in the period on its projects. Two queries."""
    projects = (
        Project.organisations.through.objects.filter(project__in=projects_logged(filters))
        .values("organisation__slug", "organisation__name")
        .annotate(n=Count("project"))
        .order_by()
    )
    cycles = (
        pdsa_cycles_run(filters, today=today)
        .filter(project__organisations__isnull=False)
        .values("project__organisations__slug", "project__organisations__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = {r["organisation__slug"]: r["organisation__name"] for r in projects}
    names |= {r["project__organisations__slug"]: r["project__organisations__name"] for r in cycles}
    project_counts = {r["organisation__slug"]: r["n"] for r in projects}
    cycle_counts = {r["project__organisations__slug"]: r["n"] for r in cycles}
    return [
        OrganisationActivity(slug, name, project_counts.get(slug, 0), cycle_counts.get(slug, 0))
        for slug, name in sorted(names.items(), key=lambda item: item[1])
    ]


PROFESSION_BUCKETS = (0, 1, 2, 3, 4, 5)  # the last is "5 or more"


@dataclass(frozen=True)
class TeamMix:
    """How many teams (projects logged) have 0, 1, 2 … professions among their active
    members: `by_professions` keys are "0" to "5", the last meaning 5 or more."""

    by_professions: list[Group]

    @property
    def teams(self) -> int:
        return sum(group.count for group in self.by_professions)

    @property
    def single_profession(self) -> int:
        return next(g.count for g in self.by_professions if g.key == "1")


def with_professions(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects annotated with `professions`: how many different professions their active
    team members have."""
    return projects.annotate(
        professions=Count(
            "team__user__profile__profession",
            distinct=True,
            filter=Q(team__status=TeamMember.Status.ACTIVE),
        )
    )


def professions_condition(key: str) -> Q:
    """The teams in a bucket of `TeamMix` (for a queryset `with_professions`)."""
    count = int(key)
    if count == PROFESSION_BUCKETS[-1]:
        return Q(professions__gte=count)
    return Q(professions=count)


def team_mix(filters: CityFilters) -> TeamMix:
    """Teams by their number of professions: counted per project in SQL, then in buckets
    by the database (an aggregate over the grouped rows). One query."""
    buckets = {
        f"teams_{count}": Count("pk", filter=professions_condition(str(count)))
        for count in PROFESSION_BUCKETS
    }
    figures = with_professions(projects_logged(filters)).aggregate(**buckets)
    return TeamMix(
        [
            Group(str(count), professions_label(count), figures[f"teams_{count}"])
            for count in PROFESSION_BUCKETS
        ]
    )


def professions_label(count: int) -> str:
    if count == 0:
        return "No profession given"
    if count == PROFESSION_BUCKETS[-1]:
        return f"{count} or more professions"
    return "1 profession" if count == 1 else f"{count} professions"


# Activity over time ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyActivity:
    months: list[datetime.date]
    new_projects: list[int]
    pdsa_cycles: list[int]
    updates: list[int]


def _per_month(rows, months: list[datetime.date]) -> list[int]:
    counts = {month_key(r["month"]): r["n"] for r in rows}
    return [counts.get(month_key(month), 0) for month in months]


def activity_by_month(filters: CityFilters, *, today: datetime.date) -> MonthlyActivity:
    """New projects logged, PDSA cycles run and updates posted, per month (in Leeds).
    Three queries."""
    months = activity_months(filters, today=today)
    if not months:
        return MonthlyActivity([], [], [], [])
    window = _months_filters(filters, months)
    projects = (
        projects_logged(window)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cycles = (
        pdsa_cycles_run(window, today=today)
        .annotate(month=TruncMonth("day", output_field=DateField()))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    updates = (
        updates_posted(window)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return MonthlyActivity(
        months,
        _per_month(projects, months),
        _per_month(cycles, months),
        _per_month(updates, months),
    )


# Skills: help wanted, teaching and learning ----------------------------------------------------


@dataclass(frozen=True)
class SkillFigures:
    slug: str
    name: str
    projects_asking: int
    can_teach: int
    want_to_learn: int
    events_on_it: int

    @property
    def gap(self) -> bool:
        """More projects ask for help with it than members can teach it."""
        return self.projects_asking > self.can_teach


def skills_supply_and_demand(filters: CityFilters) -> list[SkillFigures]:
    """Per improvement skill: projects logged asking for help with it, members who can
    teach it and who want to learn it, and events on it in the period; most asked for
    first. One query: four grouped counts joined by UNION ALL."""
    parts = [
        Project.help_wanted_skills.through.objects.filter(project__in=projects_logged(filters)),
        Profile.skills_to_teach.through.objects.filter(profile__in=listed_members(filters)),
        Profile.skills_to_learn.through.objects.filter(profile__in=listed_members(filters)),
        Event.skills.through.objects.filter(event__in=events_in_period(filters)),
    ]
    grouped = [
        rows.annotate(part=Value(number))
        .values("part", "skill__slug", "skill__name")
        .annotate(n=Count("pk"))
        .order_by()
        for number, rows in enumerate(parts)
    ]
    counts: dict[tuple[str, str], list[int]] = {}
    for row in grouped[0].union(*grouped[1:], all=True):
        key = (row["skill__slug"], row["skill__name"])
        counts.setdefault(key, [0] * len(parts))[row["part"]] = row["n"]
    figures = [SkillFigures(slug, name, *numbers) for (slug, name), numbers in counts.items()]
    return sorted(figures, key=lambda skill: (-skill.projects_asking, skill.name))


# The network -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectorMembers:
    key: str
    label: str
    members: int
    partners: int


def members_by_sector(filters: CityFilters) -> list[SectorMembers]:
    """Listed members who joined in the period, per sector of their visible organisation
    (a hidden or missing one is "not given"), with the patient and carer partners among
    them. One query."""
    sector = Case(
        When(hide_organisation=False, organisation__isnull=False, then=F("organisation__sector")),
        default=Value(NOT_GIVEN),
    )
    rows = (
        listed_members(filters)
        .annotate(sector=sector)
        .values("sector")
        .annotate(members=Count("pk"), partners=Count("pk", filter=Q(kind=Profile.Kind.PARTNER)))
        .order_by()
    )
    counts = {r["sector"]: (r["members"], r["partners"]) for r in rows}
    labels = [*Sector.choices, (NOT_GIVEN, "Organisation not given or not shown")]
    return [SectorMembers(code, label, *counts[code]) for code, label in labels if code in counts]


def members_by_profession(filters: CityFilters) -> list[Group]:
    """Listed members who joined in the period, per profession, by name. One query."""
    rows = (
        listed_members(filters)
        .values("profession__slug", "profession__name")
        .annotate(members=Count("pk"))
        .order_by(F("profession__name").asc(nulls_last=True))
    )
    return [
        Group(
            r["profession__slug"] or NOT_GIVEN,
            r["profession__name"] or "No profession given",
            r["members"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class MemberGrowth:
    months: list[datetime.date]
    joined: list[int]
    earlier: int  # joined (in the period) before the first month shown

    @property
    def running_totals(self) -> list[int]:
        totals, total = [], self.earlier
        for count in self.joined:
            total += count
            totals.append(total)
        return totals


def member_growth(filters: CityFilters, *, today: datetime.date) -> MemberGrowth:
    """Listed members by the month they joined, and how many joined before the months
    shown (so the running total is the network's size). One query."""
    months = activity_months(filters, today=today)
    if not months:
        return MemberGrowth([], [], 0)
    first = day_start(months[0])
    month = Case(
        When(user__date_joined__lt=first, then=Value(None)),
        default=TruncMonth("user__date_joined"),
    )
    rows = list(
        listed_members(filters)
        .filter(user__date_joined__lt=day_start(_add_months(months[-1], 1)))
        .annotate(month=month)
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    earlier = sum(r["n"] for r in rows if r["month"] is None)
    return MemberGrowth(
        months, _per_month([r for r in rows if r["month"] is not None], months), earlier
    )


@dataclass(frozen=True)
class Conversations:
    requested: int
    accepted: int
    declined: int
    waiting: int
    members_asking: int
    members_accepted: int


def learning_conversations(filters: CityFilters) -> Conversations:
    """Learning-conversation requests sent in the period by listed members. One query."""
    status = ConversationRequest.Status
    figures = conversation_requests(filters).aggregate(
        requested=Count("pk"),
        accepted=Count("pk", filter=Q(status=status.ACCEPTED)),
        declined=Count("pk", filter=Q(status=status.DECLINED)),
        waiting=Count("pk", filter=Q(status=status.OPEN)),
        members_asking=Count("sender", distinct=True),
        members_accepted=Count("sender", distinct=True, filter=Q(status=status.ACCEPTED)),
    )
    return Conversations(**figures)


# Learning events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningEvents:
    held: int
    to_come: int
    places_booked: int
    attended: int
    did_not_attend: int
    waiting_list: int
    commitments: int

    @property
    def attendance_rate(self) -> float | None:
        """Attended, of the places whose attendance was taken."""
        taken = self.attended + self.did_not_attend
        return self.attended / taken if taken else None


def learning_events(filters: CityFilters, *, now: datetime.datetime) -> LearningEvents:
    """Events held and to come in the period; places booked, attendance, the waiting
    lists and commitments made on them. Two queries."""
    events = events_in_period(filters).aggregate(
        held=Count("pk", filter=Q(starts_at__lte=now)),
        to_come=Count("pk", filter=Q(starts_at__gt=now)),
    )
    status = Registration.Status
    registrations = event_registrations(filters).aggregate(
        places_booked=Count("pk", filter=Q(status__in=Registration.HOLDS_A_PLACE)),
        attended=Count("pk", filter=Q(status=status.ATTENDED)),
        did_not_attend=Count("pk", filter=Q(status=status.NO_SHOW)),
        waiting_list=Count("pk", filter=Q(status=status.WAITLISTED)),
        commitments=Count("commitment"),
    )
    return LearningEvents(**events, **registrations)


@dataclass(frozen=True)
class TopicDemand:
    kind: str  # "skill" or "area"
    slug: str
    name: str
    waiting: int
    events: int


def waiting_list_by_topic(filters: CityFilters) -> list[TopicDemand]:
    """People on waiting lists, per topic of their events (improvement skills and clinical
    areas; an event counts under each of its topics), most first. Two queries."""
    waiting = event_registrations(filters).filter(status=Registration.Status.WAITLISTED)
    demand = []
    for kind, relation in (("skill", "event__skills"), ("area", "event__clinical_areas")):
        rows = (
            waiting.filter(**{f"{relation}__isnull": False})
            .values(f"{relation}__slug", f"{relation}__name")
            .annotate(waiting=Count("pk"), events=Count("event", distinct=True))
            .order_by()
        )
        demand += [
            TopicDemand(
                kind, r[f"{relation}__slug"], r[f"{relation}__name"], r["waiting"], r["events"]
            )
            for r in rows
        ]
    return sorted(demand, key=lambda topic: (-topic.waiting, topic.name))


# Bright spots ----------------------------------------------------------------------------------

BRIGHT_SPOTS_LISTED = 10


@dataclass(frozen=True)
class BrightSpot:
    measure: str
    project_id: int
    project: str
    reading: str
    latest_date: datetime.date


@dataclass(frozen=True)
class BrightSpots:
    measures: int
    projects: int
    by_area: list[Group]
    newest: list[BrightSpot]


def bright_spot_measures(filters: CityFilters) -> QuerySet[Measure]:
    """Measures whose latest point is special cause improvement, on `network_projects`, with
    that latest point in the period. Never special cause concern: that is for the team."""
    measures = Measure.objects.filter(
        latest_point_type=PointType.IMPROVEMENT, project__in=network_projects(filters)
    )
    if filters.start:
        measures = measures.filter(latest_date__gte=filters.start)
    if filters.end:
        measures = measures.filter(latest_date__lte=filters.end)
    return measures


def bright_spots(filters: CityFilters) -> BrightSpots:
    """How many bright spots, in which clinical areas, and the newest to learn from — listed
    by date, never ranked by how much they improved."""
    measures = bright_spot_measures(filters)
    totals = measures.aggregate(measures=Count("pk"), projects=Count("project_id", distinct=True))
    by_area = [
        Group(row["project__clinical_areas__slug"], row["project__clinical_areas__name"], row["n"])
        for row in measures.filter(project__clinical_areas__isnull=False)
        .values("project__clinical_areas__slug", "project__clinical_areas__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("project__clinical_areas__name")
    ]
    newest = [
        BrightSpot(
            row["name"],
            row["project_id"],
            row["project__title"],
            row["reading"],
            row["latest_date"],
        )
        for row in measures.order_by("-latest_date", "-pk").values(
            "name", "project_id", "project__title", "reading", "latest_date"
        )[:BRIGHT_SPOTS_LISTED]
    ]
    return BrightSpots(totals["measures"], totals["projects"], by_area, newest)
