"""Demo projects for `manage.py seed_demo`: deterministic, idempotent, bulk-inserted.

Each generated member leads two projects, drawn from their own random stream (seed and
member number), so a larger --scale adds projects without changing the ones already made.
Search vectors and cross-boundary flags are computed in SQL afterwards, one UPDATE each.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from champions.models import ClinicalArea, Organisation, Skill, User
from core.wording import long_date
from demo import champions as champions_demo
from demo.content import PLACES, TOPICS, Topic
from demo.measures import PlannedMeasure, plan_measures, seed_persona_measures
from projects import services
from projects.measures import services as measure_services
from projects.models import (
    ChangeIdea,
    CityPriority,
    Comment,
    DataPoint,
    Driver,
    HistoryEntry,
    Measure,
    Method,
    PartnerInvolvement,
    PdsaCycle,
    Project,
    ProjectUpdate,
    Rebase,
    Setting,
    Stage,
    TeamMember,
    Visibility,
)

PROJECTS_PER_MEMBER = 2
BATCH = 500
# Dates are drawn around this day, so the same seed gives the same projects on any day.
ANCHOR = datetime.date(2026, 9, 1)

STAGES = [
    (Stage.IDEA, 6), (Stage.PLANNING, 12), (Stage.TESTING, 30), (Stage.IMPLEMENTING, 16),
    (Stage.SPREADING, 8), (Stage.SUSTAINING, 8), (Stage.COMPLETED, 12), (Stage.PAUSED, 5),
    (Stage.STOPPED, 3),
]  # fmt: skip
PROGRESS = {
    Stage.IDEA: ["0.5", "1.0"], Stage.PLANNING: ["1.0", "1.5"],
    Stage.TESTING: ["2.0", "2.5", "3.0"],
    Stage.IMPLEMENTING: ["3.0", "3.5"], Stage.SPREADING: ["3.5", "4.0"],
    Stage.SUSTAINING: ["4.0", "4.5"], Stage.COMPLETED: ["4.0", "4.5", "5.0"],
    Stage.PAUSED: ["1.5", "2.0"], Stage.STOPPED: ["2.0", "2.5"],
}  # fmt: skip
CYCLES_BY_STAGE = {
    Stage.IDEA: (0, 0), Stage.PLANNING: (0, 2), Stage.TESTING: (2, 9),
    Stage.IMPLEMENTING: (4, 11), Stage.SPREADING: (5, 12), Stage.SUSTAINING: (5, 12),
    Stage.COMPLETED: (4, 12), Stage.PAUSED: (1, 5), Stage.STOPPED: (1, 5),
}  # fmt: skip
METHODS = [(Method.MODEL_FOR_IMPROVEMENT, 60), (Method.LEEDS_IMPROVEMENT_METHOD, 15),
           (Method.QSIR, 20), (Method.OTHER, 5)]  # fmt: skip
INVOLVEMENT = [(PartnerInvolvement.NONE, 35), (PartnerInvolvement.INFORMED, 20),
               (PartnerInvolvement.CONSULTED, 25), (PartnerInvolvement.CO_DESIGNING, 15),
               (PartnerInvolvement.CO_LEADING, 5)]  # fmt: skip
INVOLVEMENT_DETAIL = (
    "Two carers from Carers Leeds sit on the project team and helped design the changes.",
    "We ran a listening event with patients and families before choosing what to test.",
    "A patient partner reviews every PDSA cycle with us at the monthly team meeting.",
    "Healthwatch Leeds gathered views from people who use the service.",
    "People with lived experience co-chair the steering group.",
)
HELP_WANTED = (
    "We would like help reading our run chart and setting up SPC limits.",
    "Has anyone spread a change like this to a second ward? We would love to talk.",
    "We need a data analyst for a few hours to help with the baseline.",
    "Looking for a patient partner with experience of this service.",
    "We would welcome a coach for our first PDSA cycles.",
)
PREDICTIONS = (
    "Most staff will use it on most shifts, with a few teething problems.",
    "We expect a small drop in the measure within two weeks.",
    "It will take ten minutes a shift, which staff will find acceptable.",
)
STUDIES = (
    "It went better than we predicted: staff used it on 9 of 11 shifts.",
    "About as predicted. Night staff liked it; day staff found it hard at visiting time.",
    "Worse than predicted: the form was too long, so only half were completed.",
    "The measure moved in the right direction, but one week is too short to tell.",
)
NEXT = (
    "Test it on a second ward with the changes staff suggested.",
    "Shorten the checklist to five questions and test again for a week.",
    "Make it part of the standard work and keep measuring.",
    "Stop this test: it cost more time than it saved. Try the alternative idea.",
)
NOW = (
    "Our run chart shows the measure below the baseline median for six weeks in a row.",
    "Since the new huddle started, the team notices problems a day earlier.",
    "Numbers are small, so we are watching the trend rather than single months.",
    "Patients and carers tell us the changes make a difference to how safe they feel.",
)
WORKING = (
    "Staff own the change: the night team suggested the latest version.",
    "Having a patient partner in every meeting keeps us focused on what matters.",
    "Short weekly huddles around the chart keep everyone involved.",
)
MORE = (
    "Share the chart at the ward meeting every week, not every month.",
    "Invite the neighbouring team to our huddle to see it for themselves.",
    "Ask the people who made it work to coach the next team.",
)
OTHERS_LEARN = (
    "Start with one shift and one ward; spreading too early slowed us down.",
    "Write the prediction down before each cycle: it made our study honest.",
    "",
)
HELP_NEEDED = ("", "", "We could use help with spreading to community teams.")
COMMENTS = (
    "This is really helpful. We are seeing the same at night on our ward; can we talk?",
    "Have you looked at the NHS-R Making Data Count guidance for your chart?",
    "Great to see patient partners so involved. What helped them join?",
    "We tried something similar in a care home in Morley; happy to share what we learned.",
    "How did you get the night team on board? That is where we are stuck.",
)
SPANS = ("one shift", "one week", "two weeks", "a month")
ROLES = [(TeamMember.Role.MEMBER, 60), (TeamMember.Role.SPONSOR, 10),
         (TeamMember.Role.COACH, 10), (TeamMember.Role.PARTNER, 15),
         (TeamMember.Role.LEAD, 5)]  # fmt: skip


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class Reference:
    organisations: list[tuple[int, str]]  # (pk, sector)
    organisation_by_pk: dict[int, str]
    clinical_areas: dict[str, int]
    skills: list[int]


@dataclass
class Planned:
    """One project and everything under it, before it has primary keys."""

    project: Project
    organisations: list[int]
    clinical_areas: list[int]
    skills: list[int]
    team: list[tuple[int, str, str]]  # (user id, role, status)
    drivers: list[tuple[str, list[tuple[str, list[str]]]]]  # primary, [(secondary, ideas)]
    cycles: dict[str, list[dict]] = field(default_factory=dict)  # idea text -> cycles
    updates: list[tuple[ProjectUpdate, list[Comment]]] = field(default_factory=list)
    # What its measures need: the topic's clinical area and the aim's from and to.
    clinical_area: str = ""
    base: float = 0
    target: float = 0
    measures: list[PlannedMeasure] = field(default_factory=list)


def _load_reference() -> Reference:
    organisations = list(Organisation.objects.order_by("slug").values_list("pk", "sector"))
    return Reference(
        organisations=organisations,
        organisation_by_pk=dict(organisations),
        clinical_areas=dict(ClinicalArea.objects.values_list("name", "pk")),
        skills=list(Skill.objects.order_by("slug").values_list("pk", flat=True)),
    )


def _dates(
    rng: random.Random, stage: str, earliest: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    """A start between `earliest` (the lead had joined by then) and two months after the
    anchor, and an expected end six to eighteen months later."""
    if stage == Stage.IDEA and rng.random() < 0.6:
        return None, None
    first = max(earliest, ANCHOR - datetime.timedelta(days=720))
    last = max(first, ANCHOR + datetime.timedelta(days=60))
    start = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
    return start, start + datetime.timedelta(days=rng.randint(180, 540))


def _plan_project(
    rng: random.Random, *, lead: tuple[int, int | None], members: list[tuple[int, int | None]],
    ref: Reference, joined: datetime.date,
) -> Planned:  # fmt: skip
    """A project the lead started at least three weeks after joining: a member who joined too
    recently for any testing to have happened has an idea, not yet started."""
    topic: Topic = rng.choice(TOPICS)
    place = rng.choice(PLACES[topic.places])
    low, high = topic.baseline
    base = rng.randint(low, high)
    change = rng.choice([20, 25, 30, 40, 50])
    target = round(base * (1 - change / 100)) if topic.lower_is_better else min(
        99, round(base * (1 + change / 100))
    )  # fmt: skip
    earliest = joined + datetime.timedelta(days=21)
    stage = _weighted(rng, STAGES)
    if earliest > ANCHOR + datetime.timedelta(days=60):
        stage, (start, end) = Stage.IDEA, (None, None)
    else:
        start, end = _dates(rng, stage, earliest)
    by_when = long_date(end or ANCHOR + datetime.timedelta(days=365))
    words = {"place": place, "pct": change, "base": base, "target": target, "date": by_when,
             "unit": topic.unit}  # fmt: skip
    involvement = _weighted(rng, INVOLVEMENT)
    wants_help = rng.random() < 0.25
    project = Project(
        title=rng.choice(topic.titles).format(**words)[:200],
        summary=topic.summary,
        problem=topic.problem.format(**words),
        aim=topic.aim.format(**words).replace("  ", " "),
        method=_weighted(rng, METHODS),
        stage=stage,
        progress_score=rng.choice(PROGRESS[stage]) if rng.random() < 0.7 else "",
        setting=rng.choice(topic.settings) if rng.random() < 0.9 else Setting.SYSTEM,
        start_date=start,
        expected_end_date=end,
        visibility=Visibility.DRAFT if rng.random() < 0.08 else Visibility.NETWORK,
        help_wanted_text=rng.choice(HELP_WANTED) if wants_help else "",
        city_priorities=rng.sample(CityPriority.values, k=rng.randint(0, 2)),
        partner_involvement=involvement,
        partner_involvement_detail=(
            rng.choice(INVOLVEMENT_DETAIL) if involvement != PartnerInvolvement.NONE else ""
        ),
        created_by_id=lead[0],
    )
    organisations = [lead[1]] if lead[1] else []
    if rng.random() < 0.4:  # a partner organisation, often from another sector
        organisations += [pk for pk, _ in rng.sample(ref.organisations, k=rng.randint(1, 2))]
    areas = [ref.clinical_areas[topic.clinical_area]]
    if rng.random() < 0.3:
        areas.append(rng.choice(list(ref.clinical_areas.values())))
    team = [(lead[0], TeamMember.Role.LEAD, TeamMember.Status.ACTIVE)]
    for user_id, _ in rng.sample(members, k=min(len(members), rng.randint(1, 4))):
        if user_id != lead[0]:
            status = TeamMember.Status.INVITED if rng.random() < 0.1 else TeamMember.Status.ACTIVE
            team.append((user_id, _weighted(rng, ROLES), status))
    primaries = rng.sample(list(topic.drivers.items()), k=min(2, len(topic.drivers)))
    ideas = list(topic.ideas)
    rng.shuffle(ideas)
    drivers = []
    for primary, secondaries in primaries:
        drivers.append((primary, [(secondary, [ideas.pop()] if ideas else [])
                                  for secondary in secondaries]))  # fmt: skip
    planned = Planned(
        project=project, organisations=sorted(set(organisations)), clinical_areas=sorted(
            set(areas)), skills=rng.sample(ref.skills, k=rng.randint(1, 2)) if wants_help else [],
        team=team, drivers=drivers, clinical_area=topic.clinical_area, base=base, target=target,
    )  # fmt: skip
    _plan_cycles(rng, planned, stage, start)
    _plan_updates(rng, planned, [user_id for user_id, _, _ in team])
    return planned


def _plan_cycles(rng: random.Random, planned: Planned, stage: str, start) -> None:
    idea_texts = [idea for _, secondaries in planned.drivers for _, ideas in secondaries
                  for idea in ideas]  # fmt: skip
    count = rng.randint(*CYCLES_BY_STAGE[stage])
    if not idea_texts or not count:
        return
    tested = rng.sample(idea_texts, k=min(len(idea_texts), rng.randint(1, 3)))
    day = start or ANCHOR - datetime.timedelta(days=90)
    for index in range(count):
        idea = tested[index % len(tested)]
        ramp = planned.cycles.setdefault(idea, [])
        last = index >= count - len(tested)
        status = rng.choice([PdsaCycle.Status.PLANNED, PdsaCycle.Status.RUNNING]) if last and (
            stage in (Stage.TESTING, Stage.PLANNING)) else PdsaCycle.Status.DONE  # fmt: skip
        done = status == PdsaCycle.Status.DONE
        act = rng.choice(["adapt", "adapt", "adopt", "abandon"]) if done else ""
        ramp.append({
            "number": len(ramp) + 1,
            "objective": f"{idea}: test {len(ramp) + 1}, for {SPANS[min(len(ramp), 3)]}",
            "prediction": rng.choice(PREDICTIONS),
            "plan_who": "Two nurses on the night shift" if len(ramp) < 2 else "The whole team",
            "plan_what": f"{idea}, with a simple tally sheet",
            "plan_when": "Next week",
            "plan_where": "One bay first",
            "plan_data": "Tally of times it was done, and the team's comments",
            "do_notes": "Done as planned, with two gaps at busy times." if done else "",
            "study": rng.choice(STUDIES) if done else "",
            "act": act,
            "act_next": rng.choice(NEXT) if done else "",
            "start_date": day,
            "end_date": day + datetime.timedelta(days=7),
            "status": status,
        })  # fmt: skip
        day += datetime.timedelta(days=rng.randint(7, 21))


def _plan_updates(rng: random.Random, planned: Planned, team: list[int]) -> None:
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        update = ProjectUpdate(
            author_id=rng.choice(team),
            now=rng.choice(NOW),
            working_well=rng.choice(WORKING),
            do_more=rng.choice(MORE),
            others_learn=rng.choice(OTHERS_LEARN),
            help_needed=rng.choice(HELP_NEEDED),
        )
        comments = [
            Comment(author_id=rng.choice(team), body=rng.choice(COMMENTS))
            for _ in range(rng.choice([0, 1, 1, 2]))
        ]
        planned.updates.append((update, comments))


def _insert(batch: list[Planned]) -> None:
    """Everything for a batch of projects: a handful of bulk inserts, in order of keys."""
    projects = Project.objects.bulk_create([planned.project for planned in batch])
    for name, column, values in (
        ("organisations", "organisation_id", lambda p: p.organisations),
        ("clinical_areas", "clinicalarea_id", lambda p: p.clinical_areas),
        ("help_wanted_skills", "skill_id", lambda p: p.skills),
    ):
        through = getattr(Project, name).through
        through.objects.bulk_create(
            [through(project_id=p.project.pk, **{column: pk}) for p in batch for pk in values(p)]
        )
    members = []
    for p in batch:
        for user_id, role, status in p.team:
            joined = None if status == TeamMember.Status.INVITED else p.project.created_at
            members.append(TeamMember(project_id=p.project.pk, user_id=user_id, role=role,
                                      status=status, joined_at=joined))  # fmt: skip
    TeamMember.objects.bulk_create(members)
    primaries = Driver.objects.bulk_create(
        [Driver(project_id=p.project.pk, text=text) for p in batch for text, _ in p.drivers]
    )
    secondaries = []
    primary_of = iter(primaries)
    for p in batch:
        for _, children in p.drivers:
            primary = next(primary_of)
            for text, ideas in children:
                driver = Driver(project_id=p.project.pk, parent=primary, text=text)
                secondaries.append((p, driver, ideas))
    Driver.objects.bulk_create([driver for _, driver, _ in secondaries])
    ideas = [(p, ChangeIdea(project_id=p.project.pk, driver=driver, text=text))
             for p, driver, texts in secondaries for text in texts]  # fmt: skip
    ChangeIdea.objects.bulk_create([idea for _, idea in ideas])
    cycles = {
        (id(p), idea.text, cycle["number"]): PdsaCycle(
            project_id=p.project.pk, change_idea=idea, created_by_id=p.project.created_by_id,
            **cycle)
        for p, idea in ideas for cycle in p.cycles.get(idea.text, [])
    }  # fmt: skip
    PdsaCycle.objects.bulk_create(cycles.values())
    _insert_measures(batch, cycles)
    updates = []
    for p in batch:
        for update, _ in p.updates:
            update.project_id = p.project.pk
            updates.append(update)
    ProjectUpdate.objects.bulk_create(updates)
    comments = []
    for p in batch:
        for update, on_update in p.updates:
            for comment in on_update:
                comment.update_id = update.pk
                comments.append(comment)
    Comment.objects.bulk_create(comments)
    HistoryEntry.objects.bulk_create(
        [HistoryEntry(project_id=p.pk, actor_id=p.created_by_id, action=HistoryEntry.Action.CREATED,
                      subject="project", subject_id=p.pk, subject_label=p.title)
         for p in projects]
    )  # fmt: skip


def _insert_measures(batch: list[Planned], cycles: dict[tuple, PdsaCycle]) -> None:
    """The batch's measures and rebases (bulk inserts) and their values (PostgreSQL COPY:
    about 1,000,000 rows at the largest scale)."""
    planned = [(p, m) for p in batch for m in p.measures]
    for p, m in planned:
        m.measure.project_id = p.project.pk
        m.measure.created_by_id = p.project.created_by_id
    Measure.objects.bulk_create([m.measure for _, m in planned])

    def cycle(p: Planned, ref: tuple[str, int] | None) -> PdsaCycle | None:
        return None if ref is None else cycles.get((id(p), *ref))

    rebases = []
    for p, m in planned:
        if m.rebase is not None:
            day, reason, ref = m.rebase
            linked = cycle(p, ref)
            rebases.append(
                Rebase(measure_id=m.measure.pk, date=day, reason=reason, pdsa=linked,
                       change_idea_id=linked.change_idea_id if linked else None,
                       created_by_id=p.project.created_by_id)
            )  # fmt: skip
    Rebase.objects.bulk_create(rebases)
    columns = "measure_id, date, value, note, pdsa_id"
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {DataPoint._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for p, m in planned:
            for day, value, note, ref in m.points:
                linked = cycle(p, ref)
                copy.write_row((m.measure.pk, day, value, note, linked.pk if linked else None))


def _backdate(project_ids: list[int]) -> None:
    """Spread creation and activity over the past two years, in SQL (one UPDATE each)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE projects_project p SET
              created_at = COALESCE(
                start_date::timestamptz - interval '14 days',
                -- not started: logged a week or more after the lead joined, never ahead of now
                LEAST(%(now)s, GREATEST(
                  (%(anchor)s::date - (p.id %% 400)::int)::timestamptz - interval '14 days',
                  u.date_joined + interval '7 days' + (p.id %% 30) * interval '1 day'))),
              updated_at = LEAST(%(now)s,
                COALESCE(start_date, %(anchor)s::date - (p.id %% 400)::int)::timestamptz
                + (p.id %% 300) * interval '1 day')
            FROM champions_user u
            WHERE p.id = ANY(%(ids)s) AND u.id = p.created_by_id
            """,
            {"anchor": ANCHOR, "ids": project_ids, "now": timezone.now()},
        )
        cursor.execute(
            """
            UPDATE projects_project SET updated_at = created_at
            WHERE id = ANY(%(ids)s) AND updated_at < created_at
            """,
            {"ids": project_ids},
        )
        cursor.execute(
            """
            UPDATE projects_projectupdate u SET
              created_at = LEAST(%(now)s, p.created_at + (u.id %% 200 + 20) * interval '1 day')
            FROM projects_project p WHERE p.id = u.project_id AND p.id = ANY(%(ids)s)
            """,
            {"ids": project_ids, "now": timezone.now()},
        )
        cursor.execute(
            """
            UPDATE projects_historyentry h SET created_at = p.created_at
            FROM projects_project p WHERE p.id = h.project_id AND p.id = ANY(%(ids)s)
            """,
            {"ids": project_ids},
        )


def _persona(name: str) -> User | None:
    return User.objects.filter(email=f"{name}@{champions_demo.DEMO_DOMAIN}").first()


def _seed_persona_projects() -> int:
    """Two projects led by the demo champion, so the demo has a story to follow: a network
    project with a partner, a coach, a driver diagram, a PDSA ramp and a conversation, and a
    draft. Built through the services (so their history is real), without sending email."""
    lead = _persona("champion")
    if lead is None or Project.objects.filter(created_by=lead).count() >= 2:
        return 0
    organisations = {o.short_name: o for o in Organisation.objects.all()}
    areas = {a.name: a for a in ClinicalArea.objects.all()}
    with transaction.atomic():
        falls = services.project_create(
            by=lead,
            data={
                "title": "Fewer falls at night on the frailty wards",
                "summary": "Testing night-time rounding with carers to prevent falls with harm",
                "problem": "Older people on our frailty wards fall most often between midnight "
                "and 6am. Some break a hip; many lose confidence and stay in hospital longer. "
                "Carers told us they did not know how to help.",
                "aim": "Reduce falls with harm on wards 7 and 8 at St James's by 30% (from 6 "
                "to 4 a month) by 31 March 2027.",
                "method": Method.MODEL_FOR_IMPROVEMENT,
                "stage": Stage.TESTING,
                "progress_score": "2.5",
                "setting": Setting.WARD,
                "start_date": datetime.date(2026, 5, 1),
                "expected_end_date": datetime.date(2027, 3, 31),
                "visibility": Visibility.NETWORK,
                "help_wanted_text": "We would like help setting up SPC charts for our falls data.",
                "city_priorities": [CityPriority.HOME_FIRST],
                "partner_involvement": PartnerInvolvement.CO_DESIGNING,
                "partner_involvement_detail": "Two carers from Carers Leeds co-designed the "
                "night-time checks with the ward team.",
                "organisations": [
                    organisations[n] for n in ("LTHT", "Carers Leeds") if n in organisations
                ],
                "clinical_areas": [areas[n] for n in ("Falls", "Dementia") if n in areas],
                "help_wanted_skills": list(Skill.objects.filter(name="SPC charts")),
            },
        )  # fmt: skip
        for name, role, status in (
            ("partner", TeamMember.Role.PARTNER, TeamMember.Status.ACTIVE),
            ("facilitator", TeamMember.Role.COACH, TeamMember.Status.ACTIVE),
            ("leader", TeamMember.Role.SPONSOR, TeamMember.Status.INVITED),
        ):
            user = _persona(name)
            if user is not None:
                TeamMember.objects.create(project=falls, user=user, role=role, status=status,
                                          invited_by=lead)  # fmt: skip
        assessment = services.driver_create(
            project=falls, by=lead, text="Reliable falls risk assessment"
        )
        environment = services.driver_create(
            project=falls, by=lead, text="A safe environment at night"
        )
        within_six = services.driver_create(
            project=falls, by=lead, text="Assessment within 6 hours of admission",
            parent=assessment,
        )  # fmt: skip
        nearby = services.driver_create(
            project=falls, by=lead, text="Someone always nearby", parent=environment
        )
        services.change_idea_create(
            driver=within_six, by=lead, text="Lying and standing blood pressure for over-65s"
        )
        rounding = services.change_idea_create(
            driver=nearby, by=lead, text="Intentional rounding every hour at night"
        )
        tests = []
        for number, (status, act, study) in enumerate(
            (
                (PdsaCycle.Status.DONE, "adapt", STUDIES[2]),
                (PdsaCycle.Status.DONE, "adapt", STUDIES[0]),
                (PdsaCycle.Status.RUNNING, "", ""),
            )
        ):
            start = datetime.date(2026, 6, 1) + datetime.timedelta(days=14 * number)
            tests.append(services.pdsa_cycle_create(
                change_idea=rounding, by=lead,
                data={
                    "objective": f"Hourly rounding on ward 7, test {number + 1}",
                    "prediction": PREDICTIONS[number], "plan_who": "Night staff on ward 7",
                    "plan_what": "Hourly rounding with a five-question checklist",
                    "plan_data": "Checklists completed; falls each night",
                    "start_date": start, "end_date": start + datetime.timedelta(days=7),
                    "status": status, "study": study, "act": act,
                    "act_next": NEXT[1] if act else "",
                },
            ))  # fmt: skip
        update = services.learning_update_create(
            project=falls,
            by=lead,
            data={"now": NOW[0], "working_well": WORKING[0], "do_more": MORE[1],
                  "others_learn": OTHERS_LEARN[0], "help_needed": "Setting up SPC charts."},
        )  # fmt: skip
        for name, body in (("partner", COMMENTS[2]), ("facilitator", COMMENTS[1])):
            author = _persona(name)
            if author is not None:
                Comment.objects.create(update=update, author=author, body=body)
        home_for_lunch = services.project_create(
            by=lead,
            data={
                "title": "Home for lunch: earlier discharges from ward 12",
                "summary": "Planning each discharge from the day of admission",
                "problem": "People ready to go home wait until late afternoon for medicines "
                "and transport.",
                "aim": "Increase discharges before midday from ward 12 from 15% to 30% by "
                "30 June 2027.",
                "stage": Stage.PLANNING,
                "visibility": Visibility.DRAFT,
                "organisations": [organisations[n] for n in ("LTHT", "LCH") if n in organisations],
                "clinical_areas": [areas[n] for n in ("Discharge and flow",) if n in areas],
            },
        )  # fmt: skip
        seed_persona_measures(falls=falls, home_for_lunch=home_for_lunch, lead=lead, tests=tests)
    return 2


def seed_projects(*, members_scale: int, seed: int) -> int:
    """Create the demo projects that do not exist yet; returns how many were created."""
    created = _seed_persona_projects()
    ref = _load_reference()
    emails = [member.email for member in champions_demo.generated_members(members_scale, seed)]
    users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    organisation_of = dict(
        User.objects.filter(email__in=emails).values_list("pk", "profile__organisation")
    )
    joined_on = {
        pk: timezone.localdate(joined)
        for pk, joined in User.objects.filter(email__in=emails).values_list("pk", "date_joined")
    }
    members = [
        (users[email], organisation_of.get(users[email])) for email in emails if email in users
    ]
    existing = dict(
        Project.objects.filter(created_by__in=[pk for pk, _ in members])
        .values_list("created_by").annotate(count=Count("pk")).values_list("created_by", "count")
    )  # fmt: skip
    batch: list[Planned] = []
    for number, lead in enumerate(members):
        made = existing.get(lead[0], 0)
        if made >= PROJECTS_PER_MEMBER:
            continue
        rng = random.Random(f"{seed}:{number}")  # noqa: S311 (demo data, not security)
        plans = [_plan_project(rng, lead=lead, members=members, ref=ref,
                               joined=joined_on[lead[0]])
                 for _ in range(PROJECTS_PER_MEMBER)]  # fmt: skip
        # Their own stream, so that measures leave the projects' draws as they were.
        measures_rng = random.Random(f"{seed}:{number}:measures")  # noqa: S311
        for plan in plans:
            plan.measures = plan_measures(
                measures_rng, clinical_area=plan.clinical_area, base=plan.base,
                target=plan.target, cycles=plan.cycles, last_day=_last_day(plan.project),
            )  # fmt: skip
        batch += plans[made:]
        if len(batch) >= BATCH:
            created += _insert_batch(batch)
            batch = []
    if batch:
        created += _insert_batch(batch)
    return created


def _last_day(project: Project) -> datetime.date:
    """Values stop when a finished project ended, else at the anchor day."""
    ended = project.stage in (Stage.COMPLETED, Stage.STOPPED) and project.expected_end_date
    return min(ANCHOR, project.expected_end_date) if ended else ANCHOR


def _insert_batch(batch: list[Planned]) -> int:
    """One transaction per batch, so an interrupted run leaves only whole projects; the
    derived columns are set for the batch in SQL, one UPDATE each."""
    with transaction.atomic():
        _insert(batch)
        ids = [planned.project.pk for planned in batch]
        _backdate(ids)
        services.project_cross_boundary_refresh(project_ids=ids)
        services.project_search_refresh(project_ids=ids)
        measure_services.measure_analysis_refresh(
            measure_ids=Measure.objects.filter(project_id__in=ids).values_list("pk", flat=True)
        )
    return len(batch)
