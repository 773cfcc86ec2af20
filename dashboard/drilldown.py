"""The lists behind the city view's numbers: the projects, members or events a number counts.

Each list starts from the same base set as its number (`dashboard.selectors`), so the two
agree. A drill-down is named by `by` (and `value`) in the query string, beside the filters;
an unknown one is a 404, since no link on the site makes it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from champions.models import ClinicalArea, Organisation, Profession, Profile, Sector, Skill
from core.wording import in_sentence, month_label
from dashboard import selectors
from dashboard.selectors import CityFilters
from events.models import Event, Registration
from events.selectors import with_places
from events.times import day_start
from projects.models import PartnerInvolvement, Project, Stage


@dataclass(frozen=True)
class Drill:
    """One list: its heading and its rows, for the filters and a `value`."""

    heading: Callable[[str], str]
    rows: Callable[[CityFilters, str, "Moment"], QuerySet]


@dataclass(frozen=True)
class Moment:
    today: datetime.date
    now: datetime.datetime


def _name(model, slug: str) -> str:
    """The name of a reference-list row by its slug; 404 when there is none."""
    name = model.objects.filter(slug=slug).values_list("name", flat=True).first()
    if name is None:
        raise Http404("No such item.")
    return name


def _choice(choices: dict[str, str], value: str) -> str:
    if value not in choices:
        raise Http404("No such choice.")
    return choices[value]


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 (a month)
    except ValueError:
        raise Http404("No such month.") from None


def _in_month(filters: CityFilters, value: str) -> CityFilters:
    """The filters narrowed to one month (within the period)."""
    first = _month(value)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    start = max(filter(None, (filters.start, first)))
    end = min(filter(None, (filters.end, following - datetime.timedelta(days=1))))
    if end < start:
        raise Http404("That month is outside the period.")
    return CityFilters(
        start=start,
        end=end,
        organisation=filters.organisation,
        sector=filters.sector,
        clinical_area=filters.clinical_area,
        method=filters.method,
    )


def _exists(model_through, **lookup) -> Exists:
    return Exists(model_through.objects.filter(**lookup))


# Projects ---------------------------------------------------------------------------------------

_organisations = Project.organisations.through
_clinical_areas = Project.clinical_areas.through
_help_skills = Project.help_wanted_skills.through
PARTNERS_INVOLVED = "involved"
_partner_labels = dict(PartnerInvolvement.choices)


def _projects_partners(filters: CityFilters, value: str, _: Moment) -> QuerySet[Project]:
    _choice({PARTNERS_INVOLVED: "", **_partner_labels}, value)
    projects = selectors.projects_logged(filters)
    if value == PARTNERS_INVOLVED:
        return projects.exclude(partner_involvement=PartnerInvolvement.NONE)
    return projects.filter(partner_involvement=value)


def _partners_heading(value: str) -> str:
    if value == PARTNERS_INVOLVED:
        return "Projects with patient or carer partners"
    return f"Projects whose patient and carer partners are: {_choice(_partner_labels, value)}"


def _projects_professions(filters: CityFilters, value: str, _: Moment) -> QuerySet[Project]:
    return selectors.with_professions(selectors.projects_logged(filters)).filter(
        selectors.professions_condition(value)
    )


def _professions_heading(value: str) -> str:
    if value not in {str(n) for n in selectors.PROFESSION_BUCKETS}:
        raise Http404("No such team mix.")
    label = selectors.professions_label(int(value))
    return f"Projects whose teams have {label[:1].lower()}{label[1:]}"


def _with_cycles(filters: CityFilters, moment: Moment) -> Exists:
    return Exists(
        selectors.pdsa_cycles_run(filters, today=moment.today).filter(project=OuterRef("pk"))
    )


PROJECT_DRILLS: dict[str, Drill] = {
    "all": Drill(
        lambda v: "Projects logged",
        lambda f, v, m: selectors.projects_logged(f),
    ),
    "stage": Drill(
        lambda v: f"Projects at the stage: {_choice(dict(Stage.choices), v)}",
        lambda f, v, m: selectors.projects_logged(f).filter(stage=v),
    ),
    "clinical_area": Drill(
        lambda v: f"Projects in {in_sentence(_name(ClinicalArea, v))}",
        lambda f, v, m: selectors.projects_logged(f).filter(
            _exists(_clinical_areas, project=OuterRef("pk"), clinicalarea__slug=v)
        ),
    ),
    "sector": Drill(
        lambda v: f"Projects involving {_choice(dict(Sector.choices), v).lower()}",
        lambda f, v, m: selectors.projects_logged(f).filter(
            _exists(_organisations, project=OuterRef("pk"), organisation__sector=v)
        ),
    ),
    "organisation": Drill(
        lambda v: f"Projects involving {_name(Organisation, v)}",
        lambda f, v, m: selectors.projects_logged(f).filter(
            _exists(_organisations, project=OuterRef("pk"), organisation__slug=v)
        ),
    ),
    "organisation_pdsa": Drill(
        lambda v: f"Projects of {_name(Organisation, v)} that ran PDSA cycles",
        lambda f, v, m: selectors.network_projects(f).filter(
            _exists(_organisations, project=OuterRef("pk"), organisation__slug=v),
            _with_cycles(f, m),
        ),
    ),
    "cross_boundary": Drill(
        lambda v: "Cross-boundary projects",
        lambda f, v, m: selectors.projects_logged(f).filter(is_cross_boundary=True),
    ),
    "without_organisation": Drill(
        lambda v: "Projects with no organisation given",
        lambda f, v, m: selectors.projects_logged(f).filter(
            ~_exists(_organisations, project=OuterRef("pk"))
        ),
    ),
    "partners": Drill(_partners_heading, _projects_partners),
    "professions": Drill(_professions_heading, _projects_professions),
    "help": Drill(
        lambda v: f"Projects asking for help with {in_sentence(_name(Skill, v))}",
        lambda f, v, m: selectors.projects_logged(f).filter(
            _exists(_help_skills, project=OuterRef("pk"), skill__slug=v)
        ),
    ),
    "bright_area": Drill(
        lambda v: f"Projects with a bright spot in {in_sentence(_name(ClinicalArea, v))}",
        lambda f, v, m: selectors.network_projects(f).filter(
            Exists(selectors.bright_spot_measures(f).filter(project=OuterRef("pk"))),
            _exists(_clinical_areas, project=OuterRef("pk"), clinicalarea__slug=v),
        ),
    ),
    "new": Drill(
        lambda v: f"Projects logged in {month_label(_month(v))}",
        lambda f, v, m: selectors.projects_logged(_in_month(f, v)),
    ),
    "pdsa": Drill(
        lambda v: f"Projects that ran PDSA cycles in {month_label(_month(v))}",
        lambda f, v, m: selectors.network_projects(f).filter(_with_cycles(_in_month(f, v), m)),
    ),
    "updates": Drill(
        lambda v: f"Projects that posted updates in {month_label(_month(v))}",
        lambda f, v, m: selectors.network_projects(f).filter(
            Exists(selectors.updates_posted(_in_month(f, v)).filter(project=OuterRef("pk")))
        ),
    ),
}


def projects_page(projects: QuerySet[Project]) -> QuerySet[Project]:
    """What a row shows, without the long texts and the search vector."""
    return (
        projects.only("title", "stage", "created_at")
        .order_by("title", "pk")
        .prefetch_related("organisations")
    )


# Members ----------------------------------------------------------------------------------------

NOT_GIVEN = "none"  # the value of the "not given" group in the query string
_sector_names = {**dict(Sector.choices), NOT_GIVEN: "no organisation given or shown"}


def _in_sector(filters: CityFilters, value: str) -> QuerySet[Profile]:
    _choice(_sector_names, value)
    members = selectors.listed_members(filters)
    if value == NOT_GIVEN:
        return members.filter(Q(organisation__isnull=True) | Q(hide_organisation=True))
    return members.filter(organisation__sector=value, hide_organisation=False)


def _profession(filters: CityFilters, value: str) -> QuerySet[Profile]:
    if value == NOT_GIVEN:
        return selectors.listed_members(filters).filter(profession__isnull=True)
    return selectors.listed_members(filters).filter(profession__slug=value)


def _profession_heading(value: str) -> str:
    if value == NOT_GIVEN:
        return "Members with no profession given"
    return f"Members in {in_sentence(_name(Profession, value))}"


def _joined_by(filters: CityFilters, value: str) -> QuerySet[Profile]:
    following = (_month(value) + datetime.timedelta(days=32)).replace(day=1)
    return selectors.listed_members(filters).filter(user__date_joined__lt=day_start(following))


def _asked(filters: CityFilters, *, accepted: bool) -> QuerySet[Profile]:
    requests = selectors.conversation_requests(filters).filter(sender=OuterRef("user"))
    if accepted:
        requests = requests.filter(status="accepted")
    return selectors.listed_members(filters, dated=False).filter(Exists(requests))


MEMBER_DRILLS: dict[str, Drill] = {
    "all": Drill(lambda v: "Members", lambda f, v, m: selectors.listed_members(f)),
    "partners": Drill(
        lambda v: "Patient and carer partners",
        lambda f, v, m: selectors.listed_members(f).filter(kind=Profile.Kind.PARTNER),
    ),
    "sector": Drill(
        lambda v: (
            f"Members in {_choice(_sector_names, v).lower()}"
            if v != NOT_GIVEN
            else "Members with no organisation given or shown"
        ),
        lambda f, v, m: _in_sector(f, v),
    ),
    "sector_partners": Drill(
        lambda v: (
            f"Patient and carer partners in {_choice(_sector_names, v).lower()}"
            if v != NOT_GIVEN
            else "Patient and carer partners with no organisation given or shown"
        ),
        lambda f, v, m: _in_sector(f, v).filter(kind=Profile.Kind.PARTNER),
    ),
    "profession": Drill(_profession_heading, lambda f, v, m: _profession(f, v)),
    "joined": Drill(
        lambda v: f"Members who joined in {month_label(_month(v))}",
        lambda f, v, m: selectors.listed_members(_in_month(f, v)),
    ),
    "joined_by": Drill(
        lambda v: f"Members by the end of {month_label(_month(v))}",
        lambda f, v, m: _joined_by(f, v),
    ),
    "teaches": Drill(
        lambda v: f"Members who can teach {in_sentence(_name(Skill, v))}",
        lambda f, v, m: selectors.listed_members(f).filter(skills_to_teach__slug=v),
    ),
    "learns": Drill(
        lambda v: f"Members who want to learn {in_sentence(_name(Skill, v))}",
        lambda f, v, m: selectors.listed_members(f).filter(skills_to_learn__slug=v),
    ),
    "asked": Drill(
        lambda v: "Members who asked for a learning conversation",
        lambda f, v, m: _asked(f, accepted=False),
    ),
    "accepted": Drill(
        lambda v: "Members whose request for a learning conversation was accepted",
        lambda f, v, m: _asked(f, accepted=True),
    ),
}


def members_page(members: QuerySet[Profile]) -> QuerySet[Profile]:
    return members.select_related("organisation", "profession").order_by("display_name", "pk")


# Events -----------------------------------------------------------------------------------------


def _with_registrations(filters: CityFilters, **lookup) -> QuerySet[Event]:
    """Events in the period with a registration (from the chosen place) matching `lookup`."""
    registrations = selectors.event_registrations(filters).filter(event=OuterRef("pk"), **lookup)
    return selectors.events_in_period(filters).filter(Exists(registrations))


WAITING = Registration.Status.WAITLISTED
EVENT_DRILLS: dict[str, Drill] = {
    "held": Drill(
        lambda v: "Events held",
        lambda f, v, m: selectors.events_in_period(f).filter(starts_at__lte=m.now),
    ),
    "to_come": Drill(
        lambda v: "Events still to come",
        lambda f, v, m: selectors.events_in_period(f).filter(starts_at__gt=m.now),
    ),
    "booked": Drill(
        lambda v: "Events with places booked",
        lambda f, v, m: _with_registrations(f, status__in=Registration.HOLDS_A_PLACE),
    ),
    "attendance": Drill(
        lambda v: "Events where attendance was taken",
        lambda f, v, m: _with_registrations(
            f, status__in=[Registration.Status.ATTENDED, Registration.Status.NO_SHOW]
        ),
    ),
    "waiting": Drill(
        lambda v: "Events with a waiting list",
        lambda f, v, m: _with_registrations(f, status=WAITING),
    ),
    "commitments": Drill(
        lambda v: "Events where attendees committed to a test of change",
        lambda f, v, m: _with_registrations(f, commitment__isnull=False),
    ),
    "skill": Drill(
        lambda v: f"Events on {in_sentence(_name(Skill, v))}",
        lambda f, v, m: selectors.events_in_period(f).filter(skills__slug=v),
    ),
    "waiting_skill": Drill(
        lambda v: f"Events on {in_sentence(_name(Skill, v))} with a waiting list",
        lambda f, v, m: _with_registrations(f, status=WAITING).filter(skills__slug=v),
    ),
    "waiting_area": Drill(
        lambda v: f"Events on {in_sentence(_name(ClinicalArea, v))} with a waiting list",
        lambda f, v, m: _with_registrations(f, status=WAITING).filter(clinical_areas__slug=v),
    ),
}


def events_page(events: QuerySet[Event]) -> QuerySet[Event]:
    return with_places(events).order_by("-starts_at", "pk")


DRILLS = {"projects": PROJECT_DRILLS, "members": MEMBER_DRILLS, "events": EVENT_DRILLS}


def drill(kind: str, by: str) -> Drill:
    """The list `by` names (without one, the first: every project, member or event held)."""
    drills = DRILLS[kind]
    if not by:
        return next(iter(drills.values()))
    if by not in drills:
        raise Http404("No such list.")
    return drills[by]
