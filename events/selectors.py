"""Reads of events that need care: what each member may see, places left and waiting-list
positions, each page in a fixed number of queries whatever the data size."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from champions.models import FORMER_MEMBER, NetworkMembership, User
from core import roles
from events.models import Commitment, Event, Reflection, Registration
from events.permissions import AUDIENCE_NETWORKS, MemberAudiences
from events.times import day_start
from projects.models import Project, Visibility
from projects.selectors import ProjectFilters, search_projects, visible_projects

WAITING = Registration.Status.WAITLISTED


def audiences_of(user_ids: Iterable[int]) -> dict[int, MemberAudiences]:
    """Many members' audiences at once (two queries whatever their number), to ask
    `MemberAudiences.include` which events are for each of them."""
    ids = list(user_ids)
    facilitators = set(
        User.groups.through.objects.filter(
            user_id__in=ids, group__name=roles.FACILITATOR
        ).values_list("user_id", flat=True)
    )
    networks: dict[int, set[tuple[str, int | None]]] = defaultdict(set)
    for user_id, network, cohort_year in NetworkMembership.objects.filter(
        profile__user_id__in=ids, network__in=AUDIENCE_NETWORKS
    ).values_list("profile__user_id", "network", "cohort_year"):
        networks[user_id].add((network, cohort_year))
    return {
        user_id: MemberAudiences(
            facilitator=user_id in facilitators, networks=frozenset(networks[user_id])
        )
        for user_id in ids
    }


def places_taken(event: Event) -> int:
    return event.registrations.filter(status__in=Registration.HOLDS_A_PLACE).count()


def waitlist_position(registration: Registration) -> int:
    """1 for the first on the waiting list."""
    ahead = Registration.objects.filter(event_id=registration.event_id, status=WAITING).filter(
        Q(requested_at__lt=registration.requested_at)
        | Q(requested_at=registration.requested_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef)."""
    counted = queryset.order_by().values("event").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _places_taken_expression() -> Coalesce:
    return _count(
        Registration.objects.filter(event=OuterRef("pk"), status__in=Registration.HOLDS_A_PLACE)
    )


def _waitlist_position_expression() -> Coalesce:
    """For a Registration queryset: its place on its event's waiting list."""
    ahead = Registration.objects.filter(event=OuterRef("event"), status=WAITING).filter(
        Q(requested_at__lt=OuterRef("requested_at"))
        | Q(requested_at=OuterRef("requested_at"), pk__lt=OuterRef("pk"))
    )
    return _count(ahead) + 1


def with_places(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events annotated with `places_taken` and `waiting` (the waiting list's length)."""
    return events.annotate(
        places_taken=_places_taken_expression(),
        waiting=_count(Registration.objects.filter(event=OuterRef("pk"), status=WAITING)),
    )


# The columns an event's card in a list shows (templates/events/_event_card.html).
LISTED = ("title", "kind", "starts_at", "ends_at", "format", "venue", "capacity")


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""
    clinical_area: str = ""  # a slug
    skill: str = ""  # a slug
    format: str = ""
    with_places: bool = False


def upcoming_events(
    *, user, filters: EventFilters | None = None, now: datetime.datetime | None = None
) -> QuerySet[Event]:
    """Published events that have not ended, soonest first, with places taken and the
    member's own registration status (`my_status`, or None)."""
    now = now or timezone.now()
    filters = filters or EventFilters()
    mine = Registration.objects.filter(event=OuterRef("pk"), user=user).exclude(
        status=Registration.Status.CANCELLED
    )
    events = with_places(
        Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__gt=now)
    ).annotate(my_status=Subquery(mine.values("status")[:1]))
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.clinical_area:
        events = events.filter(clinical_areas__slug=filters.clinical_area)
    if filters.skill:
        events = events.filter(skills__slug=filters.skill)
    if filters.format == Event.Format.IN_PERSON:
        events = events.filter(format__in=[Event.Format.IN_PERSON, Event.Format.HYBRID])
    elif filters.format == Event.Format.ONLINE:
        events = events.filter(format__in=[Event.Format.ONLINE, Event.Format.HYBRID])
    if filters.with_places:
        events = events.filter(places_taken__lt=F("capacity"))
    return events.only(*LISTED).order_by("starts_at", "pk")


def month_events(*, year: int, month: int) -> list[Event]:
    """Published and cancelled events starting in the month (in Leeds), soonest first."""
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return list(
        Event.objects.filter(
            status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED],
            starts_at__gte=day_start(first),
            starts_at__lt=day_start(following),
        ).order_by("starts_at", "pk")
    )


def event_page_queryset() -> QuerySet[Event]:
    """An event with its facilitators (and their profiles, in the same query), clinical
    areas and skills."""
    facilitators = Prefetch("facilitators", User.objects.select_related("profile"))
    return Event.objects.prefetch_related(facilitators, "clinical_areas", "skills")


def my_registration(user, event: Event) -> Registration | None:
    """The member's active registration on the event, with `waitlist_position` (read
    through the event, so `registration.event` is that event, not read again)."""
    return (
        event.registrations.filter(user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .annotate(waitlist_position=_waitlist_position_expression())
        .select_related("reflection", "commitment")
        .first()
    )


@dataclass
class MyEvents:
    booked: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    past: list[Registration] = field(default_factory=list)


def my_events(*, user, now: datetime.datetime | None = None) -> MyEvents:
    """The member's bookings: places on events to come, waiting-list places (with their
    position), and past events they had a place on (with whether they reflected, and
    their commitment's id)."""
    now = now or timezone.now()
    registrations = (
        Registration.objects.filter(user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event")
        .annotate(
            waitlist_position=_waitlist_position_expression(),
            has_reflection=Exists(Reflection.objects.filter(registration=OuterRef("pk"))),
            commitment_pk=Subquery(
                Commitment.objects.filter(registration=OuterRef("pk")).values("pk")[:1]
            ),
        )
        .order_by("event__starts_at", "pk")
    )
    mine = MyEvents()
    for registration in registrations:
        if registration.event.has_ended(now):
            if registration.holds_a_place:
                mine.past.append(registration)
        elif registration.is_waitlisted:
            mine.waitlisted.append(registration)
        else:
            mine.booked.append(registration)
    mine.past.reverse()  # most recent first
    return mine


def home_registrations(
    *, user, limit: int = 5, now: datetime.datetime | None = None
) -> list[Registration]:
    """The member's next places and waiting-list places, for the home page (one query)."""
    now = now or timezone.now()
    return list(
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
            event__status=Event.Status.PUBLISHED,
            event__ends_at__gt=now,
        )
        .select_related("event")
        .annotate(waitlist_position=_waitlist_position_expression())
        .order_by("event__starts_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class RegistrationRow:
    """A registration as the facilitators' pages and download show it: plain values read in
    one query, not four model instances a row (a busy event lists hundreds)."""

    pk: int
    user_id: int
    status: str
    requested_at: datetime.datetime
    cancelled_at: datetime.datetime | None
    added_by_id: int | None
    project_answer: str
    learning_answer: str
    access_requirements: str
    display_name: str  # as `User.display_name`
    email: str
    organisation_name: str  # "" without one
    organisation_short_name: str
    job_title: str

    @property
    def holds_a_place(self) -> bool:
        return self.status in Registration.HOLDS_A_PLACE

    @property
    def is_waitlisted(self) -> bool:
        return self.status == WAITING

    def get_status_display(self) -> str:
        return Registration.Status(self.status).label


# The columns of a `RegistrationRow`, in its fields' order (the member's name is made from
# the erasure time, the profile's name and the email, as `User.display_name` makes it).
_ROW_COLUMNS = (
    "pk",
    "user_id",
    "status",
    "requested_at",
    "cancelled_at",
    "added_by_id",
    "project_answer",
    "learning_answer",
    "access_requirements",
    "user__erased_at",
    "user__profile__display_name",
    "user__email",
    "user__profile__organisation__name",
    "user__profile__organisation__short_name",
    "user__profile__job_title",
)


def _registration_row(values: tuple) -> RegistrationRow:
    *registration, erased_at, name, email, organisation, short_name, job_title = values
    return RegistrationRow(
        *registration,
        display_name=FORMER_MEMBER if erased_at is not None else (name or email),
        email=email,
        organisation_name=organisation or "",
        organisation_short_name=short_name or "",
        job_title=job_title or "",
    )


@dataclass
class EventRegistrations:
    places: list[RegistrationRow] = field(default_factory=list)
    waitlist: list[RegistrationRow] = field(default_factory=list)
    cancelled: list[RegistrationRow] = field(default_factory=list)


def event_registrations(event: Event) -> EventRegistrations:
    """Everyone registered on the event, in booking order (one query)."""
    found = EventRegistrations()
    rows = (
        Registration.objects.filter(event=event)
        .order_by("requested_at", "pk")
        .values_list(*_ROW_COLUMNS)
    )
    for values in rows:
        registration = _registration_row(values)
        if registration.holds_a_place:
            found.places.append(registration)
        elif registration.is_waitlisted:
            found.waitlist.append(registration)
        else:
            found.cancelled.append(registration)
    return found


def facilitator_events(
    *, user, mine_only: bool, upcoming: bool, now: datetime.datetime | None = None
) -> QuerySet[Event]:
    """Every event (or those the facilitator leads or made), drafts included, with places
    (only the columns the list shows)."""
    now = now or timezone.now()
    events = Event.objects.only("title", "starts_at", "ends_at", "status", "capacity")
    if mine_only:
        # EXISTS rather than a join and DISTINCT, which made the count and the page
        # de-duplicate every row with its subqueries (5 ms each at city scale).
        leads = Event.facilitators.through.objects.filter(event=OuterRef("pk"), user=user)
        events = events.filter(Q(Exists(leads)) | Q(created_by=user))
    if upcoming:
        events = events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    else:
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    return with_places(events)


def event_reflections(event: Event) -> list[Reflection]:
    return list(
        Reflection.objects.filter(registration__event=event)
        .select_related("registration__user__profile", "registration__commitment")
        .order_by("created_at", "pk")
    )


def feed_registrations(user) -> list[Registration]:
    """The events for the member's calendar feed: those they have a place on, from a year
    ago on (cancelled events stay, marked cancelled, so calendars remove them)."""
    since = timezone.now() - datetime.timedelta(days=365)
    return list(
        Registration.objects.filter(
            user=user,
            status__in=Registration.HOLDS_A_PLACE,
            event__starts_at__gte=since,
        )
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )


def showcased_projects(event: Event, *, user) -> list[Project]:
    """The projects showcased at the event that the member may see, by title (one query).
    Drafts are never shown, even to their team: a project made a draft after it was
    showcased drops out until it is shared again."""
    return list(
        visible_projects(user)
        .filter(visibility=Visibility.NETWORK, showcased_at_events=event)
        .order_by("title", "pk")
    )


def showcase_candidates(event: Event, *, user, query: str, limit: int = 20) -> list[Project]:
    """Network projects matching the search that the event does not showcase yet, best
    match first (one query for the rows, one each for what a list row shows)."""
    return list(
        search_projects(user=user, filters=ProjectFilters(query=query))
        .filter(visibility=Visibility.NETWORK)
        .exclude(showcased_at_events=event)[:limit]
    )
