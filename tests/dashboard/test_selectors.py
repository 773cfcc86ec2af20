"""Every panel's figures on the known city (tests/dashboard/city.py), without filters and
under each filter. Drafts, hidden and unfinished profiles, draft and cancelled events are
in the city and must never be counted."""

import datetime

import pytest

from champions.models import ClinicalArea
from dashboard import selectors
from dashboard.selectors import CityFilters
from tests.dashboard.city import NOW, organisation

TODAY = NOW.date()
pytestmark = pytest.mark.usefixtures("city")


def falls() -> ClinicalArea:
    return ClinicalArea.objects.get(name="Falls")


FIRST_MONTHS_OF_2026 = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 4, 30)}


def counts(groups) -> dict[str, int]:
    return {group.label: group.count for group in groups if group.count}


def test_activity_months_are_the_24_up_to_today_or_the_periods():
    months = selectors.activity_months(CityFilters(), today=TODAY)
    assert (months[0], months[-1], len(months)) == (
        datetime.date(2024, 7, 1), datetime.date(2026, 6, 1), 24,
    )  # fmt: skip
    within = selectors.activity_months(CityFilters(**FIRST_MONTHS_OF_2026), today=TODAY)
    assert within == [datetime.date(2026, month, 1) for month in (1, 2, 3, 4)]
    # A period reaching past today stops at this month; a period in the future has no months.
    later = CityFilters(start=datetime.date(2026, 5, 20), end=datetime.date(2027, 1, 1))
    assert selectors.activity_months(later, today=TODAY) == [
        datetime.date(2026, 5, 1), datetime.date(2026, 6, 1),
    ]  # fmt: skip
    future = CityFilters(start=datetime.date(2026, 7, 1))
    assert selectors.activity_months(future, today=TODAY) == []
    # A long period: its latest 24 months.
    long = CityFilters(start=datetime.date(2020, 1, 1), end=datetime.date(2025, 12, 31))
    assert selectors.activity_months(long, today=TODAY)[0] == datetime.date(2024, 1, 1)


# Projects ----------------------------------------------------------------------------------------


def test_projects_overview_without_filters():
    figures = selectors.projects_overview(CityFilters())
    assert figures.total == 4, "the draft is never counted"
    assert figures.cross_boundary == 2
    assert figures.without_organisation == 1
    assert figures.with_partners == 2
    assert counts(figures.by_stage) == {"Testing changes": 2, "Implementing": 1, "Idea": 1}
    assert counts(figures.by_partner_involvement) == {
        "Not yet": 2,
        "Consulted: asked for views": 1,
        "Co-designing: designing changes with the team": 1,
    }


@pytest.mark.parametrize(
    ("filters", "total", "cross_boundary", "stages"),
    [
        (lambda: FIRST_MONTHS_OF_2026, 1, 1, {"Testing changes": 1}),
        (lambda: {"organisation": organisation("LTHT")}, 2, 1,
         {"Testing changes": 1, "Implementing": 1}),
        (lambda: {"sector": "community"}, 2, 2, {"Testing changes": 1, "Idea": 1}),
        (lambda: {"sector": "mental_health"}, 0, 0, {}),
        (lambda: {"clinical_area": falls()}, 2, 1, {"Testing changes": 1, "Implementing": 1}),
        (lambda: {"method": "mfi"}, 2, 1, {"Testing changes": 2}),
        (lambda: {"method": "qsir", "organisation": organisation("UoL")}, 1, 1, {"Idea": 1}),
    ],
)  # fmt: skip
def test_projects_overview_under_each_filter(filters, total, cross_boundary, stages):
    figures = selectors.projects_overview(CityFilters(**filters()))
    assert (figures.total, figures.cross_boundary) == (total, cross_boundary)
    assert counts(figures.by_stage) == stages


def test_projects_by_clinical_area_most_first():
    assert selectors.projects_by_clinical_area(CityFilters()) == [
        selectors.Group("falls", "Falls", 2),
        selectors.Group("diabetes", "Diabetes", 1),
        selectors.Group("sepsis", "Sepsis", 1),
    ]
    in_lch = selectors.projects_by_clinical_area(CityFilters(organisation=organisation("LCH")))
    assert counts(in_lch) == {"Falls": 1, "Diabetes": 1}
    assert counts(selectors.projects_by_clinical_area(CityFilters(**FIRST_MONTHS_OF_2026))) == {
        "Falls": 1
    }


def test_projects_by_sector_count_each_project_once_per_sector():
    assert counts(selectors.projects_by_sector(CityFilters())) == {
        "Acute hospital care": 2,
        "Community health care": 2,
        "Universities and academic partners": 1,
    }
    assert counts(selectors.projects_by_sector(CityFilters(clinical_area=falls()))) == {
        "Acute hospital care": 2,
        "Community health care": 1,
    }


def test_organisation_activity_is_in_alphabetical_order_never_ranked():
    rows = selectors.organisation_activity(CityFilters(), today=TODAY)
    assert [(o.name, o.projects, o.pdsa_cycles) for o in rows] == [
        ("Leeds Community Healthcare NHS Trust", 2, 2),
        # 2 cycles of the falls project and 2 of sepsis (one dated by when it was logged);
        # the planned one, the orphan's (no organisation) and the draft's are not counted.
        ("Leeds Teaching Hospitals NHS Trust", 2, 4),
        ("University of Leeds", 1, 0),
    ]


def test_organisation_activity_in_a_period_counts_cycles_run_in_it():
    rows = selectors.organisation_activity(CityFilters(**FIRST_MONTHS_OF_2026), today=TODAY)
    # Sepsis was logged in 2025, but one of its cycles ran in January 2026.
    assert [(o.name, o.projects, o.pdsa_cycles) for o in rows] == [
        ("Leeds Community Healthcare NHS Trust", 1, 2),
        ("Leeds Teaching Hospitals NHS Trust", 1, 3),
    ]


def test_team_mix_counts_distinct_professions_of_active_members():
    mix = selectors.team_mix(CityFilters())
    # falls: nurse and doctor (the invited pharmacist does not count); sepsis: doctor;
    # diabetes: pharmacist (the partner has no profession); orphan: its (hidden) lead's.
    assert counts(mix.by_professions) == {"1 profession": 3, "2 professions": 1}
    assert (mix.teams, mix.single_profession) == (4, 3)
    in_lch = selectors.team_mix(CityFilters(organisation=organisation("LCH")))
    assert (in_lch.teams, in_lch.single_profession) == (2, 1)


# Activity over time -----------------------------------------------------------------------------


def by_month(months, numbers) -> dict[str, int]:
    return {f"{m:%Y-%m}": n for m, n in zip(months, numbers, strict=True) if n}


def test_activity_by_month_over_24_months():
    activity = selectors.activity_by_month(CityFilters(), today=TODAY)
    assert len(activity.months) == 24
    # The orphan (March 2024) is before the 24 months; the draft is never counted.
    assert by_month(activity.months, activity.new_projects) == {
        "2025-08": 1, "2026-02": 1, "2026-05": 1,
    }  # fmt: skip
    assert by_month(activity.months, activity.pdsa_cycles) == {
        "2025-09": 1, "2026-01": 1, "2026-03": 1, "2026-04": 1,
    }  # fmt: skip
    assert by_month(activity.months, activity.updates) == {"2025-10": 1, "2026-04": 1}


def test_activity_by_month_in_a_period_and_for_an_organisation():
    activity = selectors.activity_by_month(CityFilters(**FIRST_MONTHS_OF_2026), today=TODAY)
    assert [f"{m:%Y-%m}" for m in activity.months] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert activity.new_projects == [0, 1, 0, 0]
    assert activity.pdsa_cycles == [1, 0, 1, 1]
    assert activity.updates == [0, 0, 0, 1]
    lch = selectors.activity_by_month(CityFilters(organisation=organisation("LCH")), today=TODAY)
    assert by_month(lch.months, lch.new_projects) == {"2026-02": 1, "2026-05": 1}
    assert by_month(lch.months, lch.pdsa_cycles) == {"2026-03": 1, "2026-04": 1}
    qsir = selectors.activity_by_month(CityFilters(method="qsir"), today=TODAY)
    assert (sum(qsir.new_projects), sum(qsir.pdsa_cycles), sum(qsir.updates)) == (1, 0, 0)


def test_a_period_that_starts_mid_month_counts_from_its_first_day():
    filters = CityFilters(start=datetime.date(2026, 2, 11), end=datetime.date(2026, 3, 3))
    activity = selectors.activity_by_month(filters, today=TODAY)
    assert activity.new_projects == [0, 0], "the falls project was logged on 10 February"
    assert activity.pdsa_cycles == [0, 1], "its first cycle started on 3 March"


# Help wanted, teaching and learning -------------------------------------------------------------


def skills(filters: CityFilters) -> dict[str, tuple[int, int, int, int]]:
    return {
        s.name: (s.projects_asking, s.can_teach, s.want_to_learn, s.events_on_it)
        for s in selectors.skills_supply_and_demand(filters)
    }


def test_skills_supply_and_demand():
    # (projects asking, members who can teach, who want to learn, events in the period)
    assert skills(CityFilters()) == {
        "SPC charts": (2, 1, 1, 1),
        "Run charts": (2, 2, 2, 1),
        "Process mapping": (0, 1, 0, 0),
    }
    assert list(skills(CityFilters())) == ["Run charts", "SPC charts", "Process mapping"]
    gaps = [s.name for s in selectors.skills_supply_and_demand(CityFilters()) if s.gap]
    assert gaps == ["SPC charts"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # Projects logged, members who joined and events held in the first months of 2026.
        (lambda: FIRST_MONTHS_OF_2026,
         {"Run charts": (1, 2, 1, 0), "SPC charts": (0, 1, 1, 1)}),
        (lambda: {"organisation": organisation("LTHT")},
         {"Run charts": (2, 2, 0, 1), "SPC charts": (1, 1, 1, 1)}),
        (lambda: {"clinical_area": falls()},
         {"Run charts": (2, 1, 1, 0), "SPC charts": (1, 0, 1, 1), "Process mapping": (0, 1, 0, 0)}),
        # The partner's organisation is hidden: never matched.
        (lambda: {"organisation": organisation("LYPFT")}, {}),
    ],
)  # fmt: skip
def test_skills_under_filters(filters, expected):
    assert skills(CityFilters(**filters())) == expected


# The network ------------------------------------------------------------------------------------


def sectors(filters: CityFilters) -> dict[str, tuple[int, int]]:
    return {s.label: (s.members, s.partners) for s in selectors.members_by_sector(filters)}


def test_members_by_sector_count_listed_profiles_only():
    assert sectors(CityFilters()) == {
        "Acute hospital care": (2, 0),
        "Community health care": (1, 0),
        "Organisation not given or not shown": (1, 1),
    }
    assert sectors(CityFilters(**FIRST_MONTHS_OF_2026)) == {
        "Acute hospital care": (2, 0),
        "Organisation not given or not shown": (1, 1),
    }
    assert sectors(CityFilters(sector="mental_health")) == {}, "a hidden organisation"
    assert sectors(CityFilters(clinical_area=falls())) == {
        "Acute hospital care": (1, 0),
        "Community health care": (1, 0),
    }
    assert sectors(CityFilters(method="mfi")) == sectors(CityFilters()), "no method for people"


def test_members_by_profession():
    assert counts(selectors.members_by_profession(CityFilters())) == {
        "Medicine": 1, "Nursing": 1, "Pharmacy": 1, "No profession given": 1,
    }  # fmt: skip
    ltht = CityFilters(organisation=organisation("LTHT"))
    assert counts(selectors.members_by_profession(ltht)) == {"Medicine": 1, "Nursing": 1}


def test_member_growth_per_month_with_the_running_total():
    growth = selectors.member_growth(CityFilters(), today=TODAY)
    assert by_month(growth.months, growth.joined) == {"2025-11": 1, "2026-01": 1, "2026-03": 2}
    assert growth.earlier == 0
    assert growth.running_totals[-1] == 4
    within = selectors.member_growth(CityFilters(**FIRST_MONTHS_OF_2026), today=TODAY)
    assert within.joined == [1, 0, 2, 0]
    assert within.running_totals == [1, 1, 3, 3]


def test_member_growth_counts_who_joined_before_the_months_shown():
    growth = selectors.member_growth(CityFilters(), today=datetime.date(2028, 1, 15))
    assert growth.months[0] == datetime.date(2026, 2, 1)
    assert growth.earlier == 2, "the pharmacist and the nurse joined before February 2026"
    assert (growth.running_totals[0], growth.running_totals[-1]) == (2, 4)


def test_learning_conversations():
    assert selectors.learning_conversations(CityFilters()) == selectors.Conversations(
        requested=4, accepted=1, declined=1, waiting=2, members_asking=3, members_accepted=1
    )
    in_period = selectors.learning_conversations(CityFilters(**FIRST_MONTHS_OF_2026))
    assert (in_period.requested, in_period.accepted, in_period.members_asking) == (3, 1, 2)
    lht = selectors.learning_conversations(CityFilters(organisation=organisation("LTHT")))
    assert (lht.requested, lht.accepted, lht.members_asking) == (2, 1, 1)


# Learning events --------------------------------------------------------------------------------


def test_learning_events():
    figures = selectors.learning_events(CityFilters(), now=NOW)
    assert figures == selectors.LearningEvents(
        held=1, to_come=1, places_booked=5, attended=3, did_not_attend=1, waiting_list=3,
        commitments=2,
    )  # fmt: skip
    assert figures.attendance_rate == 0.75


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (lambda: FIRST_MONTHS_OF_2026, (1, 0, 4, 3, 1, 1, 2)),
        # LTHT's listed members: the nurse and the doctor (not the hidden nurse).
        (lambda: {"organisation": organisation("LTHT")}, (1, 1, 3, 1, 1, 1, 1)),
        (lambda: {"sector": "community"}, (1, 1, 1, 1, 0, 1, 1)),
        (lambda: {"clinical_area": falls()}, (1, 0, 4, 3, 1, 1, 2)),
        (lambda: {"organisation": organisation("UoL")}, (0, 0, 0, 0, 0, 0, 0)),
    ],
)  # fmt: skip
def test_learning_events_under_filters(filters, expected):
    figures = selectors.learning_events(CityFilters(**filters()), now=NOW)
    assert (
        figures.held, figures.to_come, figures.places_booked, figures.attended,
        figures.did_not_attend, figures.waiting_list, figures.commitments,
    ) == expected  # fmt: skip


def test_waiting_list_demand_by_topic():
    topics = selectors.waiting_list_by_topic(CityFilters())
    assert [(t.kind, t.name, t.waiting, t.events) for t in topics] == [
        ("area", "Diabetes", 2, 1),
        ("skill", "Run charts", 2, 1),
        ("area", "Falls", 1, 1),
        ("skill", "SPC charts", 1, 1),
    ]
    ltht = selectors.waiting_list_by_topic(CityFilters(organisation=organisation("LTHT")))
    assert [(t.name, t.waiting) for t in ltht] == [("Diabetes", 1), ("Run charts", 1)]
