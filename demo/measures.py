"""Demo measures: what each demo topic measures, and series that behave like real ones.

Every demo project gets its outcome measure (the one its aim names, from the aim's baseline
towards its target); some also get a process measure for each change idea they tested (done
as planned, %) and a balancing measure: one to four in all. Series are monthly (24 to 36
points, most of them) or weekly (52 to 104); some shift or trend after the project's first
PDSA cycle, some are rebased there, a few get worse at the end, and the rest vary for
everyday reasons.
"""

import datetime
import random
from dataclasses import dataclass, field

from champions.models import User
from projects.measures import services as measure_services
from projects.measures.parsing import Parsed, Row
from projects.models import Frequency, Improvement, Measure, MeasureKind, PdsaCycle, Project


@dataclass(frozen=True)
class Definition:
    name: str
    numerator: str
    denominator: str
    source: str
    unit: str = ""
    lower_is_better: bool = True
    level: tuple[float, float] = (0, 0)  # for a balancing measure: its usual range
    percent: bool = False


# The outcome each topic's aim names (its level comes from the aim), and one balancing measure.
OUTCOMES = {
    "Falls": Definition(
        "Falls with harm", "Inpatient falls causing harm, as reported on Datix", "",
        "Datix incident reports, checked at the weekly safety huddle", "falls",
    ),
    "Pressure ulcers": Definition(
        "New pressure ulcers (category 2 and above)",
        "Category 2 and above pressure ulcers first found in our care", "",
        "Datix reports validated by the tissue viability team", "ulcers",
    ),
    "Sepsis": Definition(
        "Red-flag sepsis: antibiotics within the hour",
        "People with red-flag sepsis given antibiotics within 60 minutes of arrival",
        "People with red-flag sepsis who arrived", "Sepsis screening tool audit, all patients",
        "%", lower_is_better=False, percent=True,
    ),
    "Discharge and flow": Definition(
        "Discharges before midday", "Discharges home before 12:00", "All discharges home",
        "Patient administration system", "%", lower_is_better=False, percent=True,
    ),
    "Primary care access": Definition(
        "Days to the third next available routine appointment",
        "Days from today to the third next free routine appointment, counted each Monday", "",
        "The practice's appointment system", "days",
    ),
    "Medicines safety": Definition(
        "Omitted or late time-critical doses",
        "Time-critical doses missed or given more than 30 minutes late", "",
        "Electronic prescribing and medicines administration record", "doses",
    ),
    "Mental health": Definition(
        "Restrictive interventions", "Physical restraint, rapid tranquillisation or seclusion",
        "", "Incident reports checked by the ward manager", "incidents",
    ),
    "End of life care": Definition(
        "People on the palliative care register with a ReSPECT plan",
        "People on the register with a completed ReSPECT plan", "People on the register",
        "The practice's clinical system search", "%", lower_is_better=False, percent=True,
    ),
    "Diabetes": Definition(
        "Annual foot checks for people with diabetes",
        "People with diabetes with a foot check in the last 12 months",
        "People on the diabetes register", "The practice's clinical system search", "%",
        lower_is_better=False, percent=True,
    ),
    "Workforce wellbeing": Definition(
        "Shifts where staff took their full break", "Shifts where every member of staff took "
        "their full break", "Shifts worked", "Break log on the allocation board", "%",
        lower_is_better=False, percent=True,
    ),
    "Urgent and emergency care": Definition(
        "Ambulance handover time", "Mean minutes from arrival to handover", "",
        "Yorkshire Ambulance Service handover data", "minutes",
    ),
    "Outpatients": Definition(
        "Missed appointments", "Appointments missed without notice", "Appointments booked",
        "Outpatient booking system", "%", percent=True,
    ),
    "Health inequalities": Definition(
        "NHS Health Checks taken up", "People aged 40 to 74 who had an NHS Health Check",
        "People aged 40 to 74 invited", "Public health commissioning data", "%",
        lower_is_better=False, percent=True,
    ),
    "Dementia": Definition(
        "Episodes of distress for people living with dementia",
        "Episodes of distress recorded in care notes", "",
        "Care notes, reviewed at the weekly huddle", "episodes",
    ),
    "Nutrition and hydration": Definition(
        "Urinary tract infections needing treatment", "UTIs treated with antibiotics", "",
        "The care home's infection log", "infections",
    ),
    "Children and young people": Definition(
        "Weeks from referral to first appointment",
        "Mean weeks from referral to first appointment for young people seen", "",
        "The service's referral system", "weeks",
    ),
}  # fmt: skip

BALANCING = {
    "Falls": Definition(
        "Patients woken at night", "Patients who say they were woken by staff at night",
        "Patients asked", "Weekly sleep survey of five patients a bay", "%", level=(15, 30),
        percent=True,
    ),
    "Pressure ulcers": Definition(
        "Time per visit", "Mean minutes per home visit", "", "Rostering system", "minutes",
        level=(35, 50),
    ),
    "Sepsis": Definition(
        "Antibiotics for people without sepsis",
        "People given sepsis antibiotics who did not have sepsis", "People given them",
        "Antimicrobial stewardship audit", "%", level=(10, 20), percent=True,
    ),
    "Discharge and flow": Definition(
        "Readmissions within 30 days", "Discharges readmitted within 30 days", "Discharges",
        "Patient administration system", "%", level=(8, 14), percent=True,
    ),
    "Primary care access": Definition(
        "Calls abandoned at 8am", "Calls abandoned between 8 and 9am", "Calls received",
        "Telephony system", "%", level=(15, 30), percent=True,
    ),
    "Medicines safety": Definition(
        "Time of the medicines round", "Mean minutes of the morning round", "",
        "Electronic prescribing timestamps", "minutes", level=(60, 90),
    ),
    "Mental health": Definition(
        "Staff injured at work", "Staff injuries reported", "", "Datix", "injuries",
        level=(2, 5),
    ),
    "End of life care": Definition(
        "Hours of GP time on ReSPECT conversations", "GP hours spent on ReSPECT conversations",
        "", "Appointment system", "hours", lower_is_better=False, level=(6, 12),
    ),
    "Diabetes": Definition(
        "Waiting time for the podiatry clinic", "Mean days to a podiatry appointment", "",
        "Podiatry referral system", "days", level=(20, 35),
    ),
    "Workforce wellbeing": Definition(
        "Call bells answered within 5 minutes", "Call bells answered within 5 minutes",
        "Call bells rung", "Call-bell system", "%", lower_is_better=False, level=(75, 90),
        percent=True,
    ),
    "Urgent and emergency care": Definition(
        "Corridor care", "Patients cared for in a corridor", "", "ED nursing census",
        "patients", level=(10, 25),
    ),
    "Outpatients": Definition(
        "Clinic overbooking", "Appointments booked over clinic capacity", "Clinic slots",
        "Outpatient booking system", "%", level=(3, 8), percent=True,
    ),
    "Health inequalities": Definition(
        "Health checks with a follow-up", "Health checks with a follow-up booked when needed",
        "Health checks needing one", "GP clinical systems", "%", lower_is_better=False,
        level=(60, 80), percent=True,
    ),
    "Dementia": Definition(
        "Antipsychotics started for people living with dementia",
        "New antipsychotic prescriptions", "", "Electronic prescribing", "prescriptions",
        level=(2, 5),
    ),
    "Nutrition and hydration": Definition(
        "Falls at night in the home", "Falls between 10pm and 6am", "", "Care home incident log",
        "falls", level=(3, 8),
    ),
    "Children and young people": Definition(
        "Young people who did not attend", "First appointments missed", "First appointments",
        "The service's referral system", "%", level=(10, 20), percent=True,
    ),
}  # fmt: skip

# How a series behaves: the share of outcome and process measures with each shape.
SHAPES = [("common_cause", 30), ("shift", 30), ("rebased", 15), ("trend", 15), ("worse", 10)]
PROCESS_SHAPES = [("shift", 45), ("rebased", 25), ("trend", 30)]
BALANCING_SHAPES = [("common_cause", 85), ("worse", 15)]
# About 1.5 measures a project and 37 values a measure: some 1,000,000 values at --scale 10000.
MEASURE_COUNT = [(1, 60), (2, 30), (3, 7), (4, 3)]
MONTHLY_SHARE = 0.85


@dataclass
class PlannedMeasure:
    """A measure with its values and rebase, before it has primary keys; PDSA cycles are
    named by (change idea text, number) until they have theirs."""

    measure: Measure
    points: list[tuple[datetime.date, float, str, tuple[str, int] | None]] = field(
        default_factory=list
    )
    rebase: tuple[datetime.date, str, tuple[str, int] | None] | None = None


def _weighted(rng: random.Random, choices: list[tuple]) -> object:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _dates(frequency: str, count: int, last: datetime.date) -> list[datetime.date]:
    """`count` periods ending at the last one that starts on or before `last`: Mondays for
    weekly values, the 1st for monthly ones."""
    if frequency == Frequency.WEEKLY:
        monday = last - datetime.timedelta(days=last.weekday())
        return [monday - datetime.timedelta(weeks=count - 1 - i) for i in range(count)]
    months = last.year * 12 + last.month - 1
    return [
        datetime.date((months - i) // 12, (months - i) % 12 + 1, 1) for i in reversed(range(count))
    ]


def _value(rng: random.Random, mean: float, *, percent: bool, count: bool) -> float:
    if percent:
        return round(min(100.0, max(0.0, rng.gauss(mean, max(3.0, mean * 0.08)))), 1)
    if count:
        return float(max(0, round(rng.gauss(mean, max(1.0, mean**0.5)))))
    return round(max(0.0, rng.gauss(mean, mean * 0.1)), 1)


def series(
    rng: random.Random,
    *,
    dates: list[datetime.date],
    level: float,
    better: float,
    shape: str,
    change_at: int,
    percent: bool,
    count: bool,
) -> list[float]:
    """Values around `level`; from `change_at` on they move towards `better` as a step
    (shift, rebased) or a gradual trend; "worse" drifts away from it over the last 8."""
    values = []
    for index in range(len(dates)):
        mean = level
        after = index - change_at
        if shape in ("shift", "rebased") and after >= 0:
            mean = better
        elif shape == "trend" and after >= 0:
            mean = level + (better - level) * min(1.0, (after + 1) / 10)
        elif shape == "worse" and index >= len(dates) - 8:
            mean = level + (level - better) * 0.9
        values.append(_value(rng, mean, percent=percent, count=count))
    return values


def _measure(definition: Definition, kind: str, frequency: str, target: float | None) -> Measure:
    return Measure(
        name=definition.name,
        kind=kind,
        numerator=definition.numerator,
        denominator=definition.denominator,
        data_source=definition.source,
        unit=definition.unit,
        improvement=Improvement.DECREASE if definition.lower_is_better else Improvement.INCREASE,
        target=target,
        frequency=frequency,
    )


def plan_measures(
    rng: random.Random,
    *,
    clinical_area: str,
    base: float,
    target: float,
    cycles: dict[str, list[dict]],
    last_day: datetime.date,
) -> list[PlannedMeasure]:
    """One to four measures for a project about `clinical_area`, whose aim goes from `base`
    to `target`, with its PDSA cycles (change idea text -> cycles, in order)."""
    tested = [(idea, ramp) for idea, ramp in cycles.items() if ramp]
    first_test = min((ramp[0]["start_date"] for _, ramp in tested), default=None)
    wanted = _weighted(rng, MEASURE_COUNT)
    planned = []
    outcome = OUTCOMES[clinical_area]
    planned.append(
        _planned(
            rng, _measure(outcome, MeasureKind.OUTCOME, _frequency(rng), target),
            level=base, better=target, definition=outcome, tested=tested,
            first_test=first_test, last_day=last_day,
            shape=_weighted(rng, SHAPES) if tested else "common_cause",
        )
    )  # fmt: skip
    for idea, ramp in tested[: max(0, wanted - 1)]:
        process = Definition(
            f"{idea}: done as planned", f"Times “{idea[:1].lower()}{idea[1:]}” was done as "
            "planned", "Times it should have been done", "The team's tally sheet", "%",
            lower_is_better=False, percent=True,
        )  # fmt: skip
        low = rng.uniform(15, 45)
        planned.append(
            _planned(
                rng, _measure(process, MeasureKind.PROCESS, _frequency(rng), 90.0),
                level=low, better=rng.uniform(75, 95), definition=process,
                tested=[(idea, ramp)], first_test=ramp[0]["start_date"], last_day=last_day,
                shape=_weighted(rng, PROCESS_SHAPES),
            )
        )  # fmt: skip
    if len(planned) < wanted:
        balancing = BALANCING[clinical_area]
        low, high = balancing.level
        level = rng.uniform(low, high)
        better = level * (0.8 if balancing.lower_is_better else 1.2)
        measure = _measure(balancing, MeasureKind.BALANCING, _frequency(rng), None)
        planned.append(
            _planned(
                rng, measure, level=level, better=better, definition=balancing, tested=[],
                first_test=None, last_day=last_day, shape=_weighted(rng, BALANCING_SHAPES),
            )
        )  # fmt: skip
    return planned


def _frequency(rng: random.Random) -> str:
    return Frequency.MONTHLY if rng.random() < MONTHLY_SHARE else Frequency.WEEKLY


def _planned(
    rng: random.Random,
    measure: Measure,
    *,
    level: float,
    better: float,
    definition: Definition,
    tested: list[tuple[str, list[dict]]],
    first_test: datetime.date | None,
    last_day: datetime.date,
    shape: str,
) -> PlannedMeasure:
    weekly = measure.frequency == Frequency.WEEKLY
    dates = _dates(
        measure.frequency, rng.randint(52, 104) if weekly else rng.randint(24, 36), last_day
    )
    change_at = next((i for i, day in enumerate(dates) if first_test and day >= first_test), None)
    if change_at is None or not 12 <= change_at <= len(dates) - 8:
        change_at = rng.randint(len(dates) // 2, len(dates) - 8)
    if rng.random() < 0.2:
        measure.fix_after = 20 if weekly else 12
    count = not definition.percent and definition.unit not in ("minutes", "days", "weeks", "hours")
    values = series(
        rng, dates=dates, level=level, better=better, shape=shape, change_at=change_at,
        percent=definition.percent, count=count,
    )  # fmt: skip
    first_cycle = (tested[0][0], 1) if tested else None
    planned = PlannedMeasure(measure=measure)
    for index, (day, value) in enumerate(zip(dates, values, strict=True)):
        note, pdsa = "", None
        if first_cycle and index == change_at:
            note, pdsa = "First test of change started", first_cycle
        planned.points.append((day, value, note, pdsa))
    if shape == "rebased" and first_cycle:
        planned.rebase = (
            dates[change_at],
            f"{first_cycle[0]} became part of the routine",
            first_cycle,
        )
    return planned


def seed_persona_measures(
    *, falls: Project, home_for_lunch: Project, lead: User, tests: list[PdsaCycle]
) -> None:
    """The demo champion's measures, entered through the services as a team would."""
    _falls_measures(falls, lead, tests)
    baseline = measure_services.measure_create(
        project=home_for_lunch, by=lead,
        data={"name": "Discharges before midday", "kind": MeasureKind.OUTCOME,
              "numerator": "Discharges home from ward 12 before 12:00",
              "denominator": "Discharges home from ward 12",
              "data_source": "Patient administration system", "unit": "%",
              "improvement": Improvement.INCREASE, "target": 30, "frequency": Frequency.MONTHLY},
    )  # fmt: skip
    months = _dates(Frequency.MONTHLY, 10, datetime.date(2026, 8, 1))
    _import_values(baseline, lead, months, [14.2, 16.0, 12.5, 15.1, 17.3, 13.8, 15.5, 14.9, 16.4,
                                            15.0])  # fmt: skip


def _import_values(
    measure: Measure,
    by: User,
    dates: list[datetime.date],
    values: list[float],
    notes: dict[int, str] | None = None,
) -> None:
    """Values entered as a team would paste them."""
    notes = notes or {}
    rows = [
        Row(line=index + 1, date=day, value=value, note=notes.get(index, ""))
        for index, (day, value) in enumerate(zip(dates, values, strict=True))
    ]
    measure_services.data_points_import(measure=measure, by=by, parsed=Parsed(rows=rows))


def _falls_measures(falls: Project, lead: User, tests: list[PdsaCycle]) -> None:
    """The falls project's story in three charts: falls came down after hourly rounding
    started (special cause improvement: a bright spot); rounding became routine once the
    checklist was shortened (the limits recalculated at PDSA 2); and more patients say they
    are woken at night (special cause concern, a prompt for the team)."""
    rng = random.Random("demo-champion-falls")  # noqa: S311 (demo data, not security)
    weeks = _dates(Frequency.WEEKLY, 61, datetime.date(2026, 8, 31))
    started, adopted = (weeks.index(test.start_date) for test in tests[:2])
    charts = (
        ({"name": "Falls on wards 7 and 8", "kind": MeasureKind.OUTCOME,
          "numerator": "Inpatient falls, with or without harm",
          "data_source": "Datix incident reports, checked at the weekly safety huddle",
          "unit": "falls", "improvement": Improvement.DECREASE, "target": 6},
         [rng.gauss(9.5 if i < started else 5.5, 1.6) for i in range(61)], 0),
        ({"name": "Patients at high risk of falls checked hourly at night",
          "kind": MeasureKind.PROCESS, "numerator": "Hourly checks done for patients at high risk",
          "denominator": "Hourly checks due",
          "data_source": "Rounding checklists, counted each morning", "unit": "%",
          "improvement": Improvement.INCREASE, "target": 90},
         [rng.gauss(30 if i < started else 58 if i < adopted else 88, 4) for i in range(61)], 1),
        ({"name": "Patients woken at night", "kind": MeasureKind.BALANCING,
          "numerator": "Patients who say they were woken by staff at night",
          "denominator": "Patients asked",
          "data_source": "Weekly sleep survey of five patients a bay", "unit": "%",
          "improvement": Improvement.DECREASE},
         [rng.gauss(20 if i < 53 else 33, 2.5) for i in range(61)], 1),
    )  # fmt: skip
    for data, values, places in charts:
        measure = measure_services.measure_create(
            project=falls, by=lead, data={**data, "frequency": Frequency.WEEKLY}
        )
        notes = {started: "Hourly rounding started on ward 7 (PDSA 1)"}
        _import_values(measure, lead, weeks, [max(0.0, round(v, places)) for v in values], notes)
        if data["kind"] == MeasureKind.PROCESS:
            measure_services.rebase_create(
                measure=measure, by=lead,
                data={"date": tests[1].start_date, "pdsa": tests[1],
                      "change_idea": tests[1].change_idea,
                      "reason": "The shorter checklist made hourly rounding routine"},
            )  # fmt: skip
