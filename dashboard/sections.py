"""The city view's panels, in the order the page shows them: each builder reads its figures
from `dashboard.selectors` and lays them out as tables and charts. A new panel is one more
builder in `SECTIONS`."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse

from core.wording import long_date, month_label
from dashboard import selectors
from dashboard.charts import Series, bar_chart, line_chart
from dashboard.selectors import CityFilters
from dashboard.tables import (
    NO_NUMBER,
    Block,
    Cell,
    Links,
    Section,
    Table,
    count,
    label,
    share,
    share_rows,
)


@dataclass
class Context:
    """What every builder needs; figures two panels share are read once."""

    filters: CityFilters
    links: Links
    today: datetime.date
    now: datetime.datetime

    @cached_property
    def projects(self) -> selectors.ProjectsOverview:
        return selectors.projects_overview(self.filters)

    @cached_property
    def skills(self) -> list[selectors.SkillFigures]:
        return selectors.skills_supply_and_demand(self.filters)


def _month_row(month: datetime.date, today: datetime.date) -> str:
    """A table's month, marked when it is the month still running (its figures will grow)."""
    running = (month.year, month.month) == (today.year, today.month)
    return f"{month_label(month)} (so far)" if running else month_label(month)


def _listing(groups: list[tuple[str, int]]) -> str:
    """ "Idea: 3; Planning: 5" for a chart's description."""
    return "; ".join(f"{name}: {number:,}" for name, number in groups) or "Nothing to show."


def _not_applied(filters: CityFilters, names: tuple[str, ...], to: str) -> str:
    """Which chosen filters a panel cannot apply, said on the page."""
    chosen = {
        "organisation": filters.organisation is not None,
        "sector": bool(filters.sector),
        "clinical area": filters.clinical_area is not None,
        "method": bool(filters.method),
    }
    skipped = [name for name in names if chosen[name]]
    if not skipped:
        return ""
    return f"Not filtered by {' or '.join(skipped)}: it does not apply to {to}."


def _bars(
    table: Table, column: int, *, title: str, chart_id: str, note: str = "", total: bool = False
) -> Block:
    """A table and its bar chart of one column (without the table's last row, when it is a
    `total`)."""
    rows = table.rows[:-1] if total else table.rows
    names = [row[0].text for row in rows]
    values = tuple(int(row[column].value) for row in rows)
    chart = bar_chart(
        categories=names,
        series=[Series(table.columns[column], values)],
        title=title,
        description=_listing(list(zip(names, values, strict=True))),
        chart_id=chart_id,
    )
    return Block(table, chart, note)


# Projects ---------------------------------------------------------------------------------------


def projects_section(ctx: Context) -> Section:
    figures = ctx.projects
    areas = selectors.projects_by_clinical_area(ctx.filters)
    total, link = figures.total, ctx.links.projects
    key_figures = Table(
        "project-figures",
        "Improvement projects: key figures",
        ("Figure", "Projects", "Share of projects"),
        (
            (label("Projects logged"), count(total, link("all")), share(total, total)),
            (
                label("Cross-boundary (organisations in two or more sectors)"),
                count(figures.cross_boundary, link("cross_boundary")),
                share(figures.cross_boundary, total),
            ),
            (
                label("With patient or carer partners"),
                count(figures.with_partners, link("partners", "involved")),
                share(figures.with_partners, total),
            ),
            (
                label("No organisation given"),
                count(figures.without_organisation, link("without_organisation")),
                share(figures.without_organisation, total),
            ),
        ),
    )
    stages = Table(
        "stages",
        "Projects by stage",
        ("Stage", "Projects", "Share of projects"),
        share_rows(figures.by_stage, total, lambda key: link("stage", key)),
    )
    by_area = Table(
        "clinical-areas",
        "Projects by clinical area",
        ("Clinical area", "Projects", "Share of projects"),
        share_rows(areas, total, lambda key: link("clinical_area", key)),
    )
    return Section(
        "projects",
        "Improvement projects",
        "Projects logged on the network in the period (drafts are never counted), with the "
        "organisation, sector, clinical area and method chosen.",
        [
            Block(key_figures),
            _bars(stages, 1, title="Projects by stage", chart_id="chart-stages"),
            _bars(
                by_area,
                1,
                title="Projects by clinical area",
                chart_id="chart-clinical-areas",
                note="A project with several clinical areas counts in each.",
            ),
        ],
    )


def working_together_section(ctx: Context) -> Section:
    filters, link = ctx.filters, ctx.links.projects
    figures = ctx.projects
    sectors = selectors.projects_by_sector(filters)
    organisations = selectors.organisation_activity(filters, today=ctx.today)
    mix = selectors.team_mix(filters)
    total = figures.total
    by_sector = Table(
        "sectors",
        "Projects by sector",
        ("Sector", "Projects", "Share of projects"),
        share_rows(sectors, total, lambda key: link("sector", key)),
    )
    by_organisation = Table(
        "organisations",
        "Improvement activity by organisation, in alphabetical order",
        ("Organisation", "Projects logged", "PDSA cycles run"),
        tuple(
            (
                label(o.name),
                count(o.projects, link("organisation", o.slug)),
                count(o.pdsa_cycles, link("organisation_pdsa", o.slug)),
            )
            for o in organisations
        ),
    )
    partners = Table(
        "partners",
        "How involved patient and carer partners are",
        ("Partners", "Projects", "Share of projects"),
        share_rows(figures.by_partner_involvement, total, lambda key: link("partners", key)),
    )
    teams = Table(
        "team-mix",
        "Team mix: professions among each team's active members",
        ("Professions in the team", "Teams", "Share of teams"),
        share_rows(mix.by_professions, mix.teams, lambda key: link("professions", key)),
    )
    single = mix.single_profession
    return Section(
        "working-together",
        "Working together",
        "The same projects: logged in the period, with the filters chosen. PDSA cycles are "
        "counted by the day they started (running or done, up to today).",
        [
            _bars(
                by_sector,
                1,
                title="Projects by sector",
                chart_id="chart-sectors",
                note="A project counts once in each sector it involves, so the sectors add up "
                "to more than the projects.",
            ),
            Block(
                by_organisation,
                note="Counts of activity, in alphabetical order: not a ranking. A project "
                "counts under each of its organisations.",
            ),
            _bars(partners, 1, title="Patient and carer partners", chart_id="chart-partners"),
            _bars(
                teams,
                1,
                title="Team mix",
                chart_id="chart-team-mix",
                note=f"{single:,} of {mix.teams:,} teams ({share(single, mix.teams).text}) have "
                "members of a single profession. Partners and members without a profession "
                "are not counted as one.",
            ),
        ],
    )


# Activity over time -----------------------------------------------------------------------------


def activity_section(ctx: Context) -> Section:
    activity = selectors.activity_by_month(ctx.filters, today=ctx.today)
    link = ctx.links.projects
    rows = tuple(
        (
            label(_month_row(month, ctx.today)),
            count(new, link("new", selectors.month_key(month))),
            count(cycles, link("pdsa", selectors.month_key(month))),
            count(updates, link("updates", selectors.month_key(month))),
        )
        for month, new, cycles, updates in zip(
            activity.months,
            activity.new_projects,
            activity.pdsa_cycles,
            activity.updates,
            strict=True,
        )
    )
    table = Table(
        "activity",
        "Activity per month",
        ("Month", "New projects", "PDSA cycles run", "Updates posted"),
        rows,
    )
    series = [
        Series("New projects", tuple(activity.new_projects)),
        Series("PDSA cycles run", tuple(activity.pdsa_cycles)),
        Series("Updates posted", tuple(activity.updates)),
    ]
    span = (
        f"From {month_label(activity.months[0])} to {month_label(activity.months[-1])}: "
        if activity.months
        else ""
    )
    description = (
        span + "; ".join(f"{sum(one.values):,} {one.name.lower()}" for one in series) + "."
    )
    chart = line_chart(
        months=activity.months,
        series=series,
        title="Improvement activity per month",
        description=description,
        chart_id="chart-activity",
    )
    return Section(
        "activity",
        "Activity over time",
        f"Per month (in Leeds) for the period, up to today: at most the latest "
        f"{selectors.MONTHS_SHOWN} months. New projects by the day they were logged, PDSA "
        "cycles by the day they started (running or done), updates by the day they were "
        "posted; on projects with the filters chosen.",
        [
            Block(
                table,
                chart,
                note="Each number of PDSA cycles or updates opens the projects they belong to.",
            )
        ],
    )


# Help wanted ------------------------------------------------------------------------------------


def help_wanted_section(ctx: Context) -> Section:
    skills = ctx.skills
    projects, members, events = ctx.links.projects, ctx.links.members, ctx.links.events
    asked = [skill for skill in skills if skill.projects_asking]
    table = Table(
        "help-wanted",
        "Skills projects ask for help with, and who can teach them",
        ("Skill", "Projects asking for help", "Members who can teach it", "Events on it"),
        tuple(
            (
                label(s.name),
                count(s.projects_asking, projects("help", s.slug)),
                count(s.can_teach, members("teaches", s.slug)),
                count(s.events_on_it, events("skill", s.slug)),
            )
            for s in asked
        ),
    )
    chart = bar_chart(
        categories=[s.name for s in asked],
        series=[
            Series("Projects asking for help", tuple(s.projects_asking for s in asked)),
            Series("Members who can teach it", tuple(s.can_teach for s in asked)),
        ],
        title="Help wanted and teachers, by skill",
        description=_listing([(s.name, s.projects_asking) for s in asked])
        + " (projects asking for help). Teachers: "
        + _listing([(s.name, s.can_teach) for s in asked]),
        chart_id="chart-help-wanted",
    )
    gaps = [s.name for s in asked if s.gap]
    scarce = [s.name for s in asked if not s.events_on_it]
    notes = [
        "More projects ask for help than members can teach: " + ", ".join(gaps) + "."
        if gaps
        else "For every skill asked for, at least as many members can teach it as there are "
        "projects asking."
    ]
    if scarce:
        notes.append("No learning event in the period on: " + ", ".join(scarce) + ".")
    return Section(
        "help-wanted",
        "Help wanted",
        "Skills asked for by projects logged in the period; members who joined in the period "
        "(with a listed profile) who can teach them; published events in the period on them. "
        "The gaps are where learning events could help. "
        + _not_applied(ctx.filters, ("method",), "members and events"),
        [Block(table, chart)],
        notes,
    )


# The network ------------------------------------------------------------------------------------


def network_section(ctx: Context) -> Section:
    filters, members = ctx.filters, ctx.links.members
    sectors = selectors.members_by_sector(filters)
    professions = selectors.members_by_profession(filters)
    growth = selectors.member_growth(filters, today=ctx.today)
    skills = ctx.skills
    talks = selectors.learning_conversations(filters)
    total = sum(s.members for s in sectors)
    partners = sum(s.partners for s in sectors)
    by_sector = Table(
        "member-sectors",
        "Members by sector",
        ("Sector", "Members", "Patient and carer partners"),
        (
            *(
                (
                    label(s.label),
                    count(s.members, members("sector", s.key or "none")),
                    count(s.partners, members("sector_partners", s.key or "none")),
                )
                for s in sectors
            ),
            (
                label("All sectors"),
                count(total, members("all")),
                count(partners, members("partners")),
            ),
        ),
    )
    by_profession = Table(
        "professions",
        "Members by profession",
        ("Profession", "Members", "Share of members"),
        share_rows(professions, total, lambda key: members("profession", key or "none")),
    )
    growth_table = Table(
        "member-growth",
        "New members per month",
        ("Month", "Joined", "Members by the end of the month"),
        tuple(
            (
                label(_month_row(month, ctx.today)),
                count(joined, members("joined", selectors.month_key(month))),
                count(running, members("joined_by", selectors.month_key(month))),
            )
            for month, joined, running in zip(
                growth.months, growth.joined, growth.running_totals, strict=True
            )
        ),
    )
    growth_chart = line_chart(
        months=growth.months,
        series=[Series("Members joining", tuple(growth.joined))],
        title="New members per month",
        description=(
            f"{sum(growth.joined):,} members joined from {month_label(growth.months[0])} to "
            f"{month_label(growth.months[-1])}."
            if growth.months
            else "Nothing to show."
        ),
        chart_id="chart-member-growth",
    )
    shown = sorted((s for s in skills if s.can_teach or s.want_to_learn), key=lambda s: s.name)
    teach_learn = Table(
        "teach-learn",
        "Skills members can teach and want to learn",
        ("Skill", "Can teach it", "Want to learn it"),
        tuple(
            (
                label(s.name),
                count(s.can_teach, members("teaches", s.slug)),
                count(s.want_to_learn, members("learns", s.slug)),
            )
            for s in shown
        ),
    )
    teach_learn_chart = bar_chart(
        categories=[s.name for s in shown],
        series=[
            Series("Can teach it", tuple(s.can_teach for s in shown)),
            Series("Want to learn it", tuple(s.want_to_learn for s in shown)),
        ],
        title="Teaching and learning, by skill",
        description="Can teach: "
        + _listing([(s.name, s.can_teach) for s in shown])
        + ". Want to learn: "
        + _listing([(s.name, s.want_to_learn) for s in shown]),
        chart_id="chart-teach-learn",
    )
    conversations = Table(
        "conversations",
        "Learning conversations asked for",
        ("Requests", "Number", "Members who asked"),
        (
            (
                label("Asked for"),
                count(talks.requested),
                count(talks.members_asking, members("asked")),
            ),
            (
                label("Accepted"),
                count(talks.accepted),
                count(talks.members_accepted, members("accepted")),
            ),
            (label("Declined"), count(talks.declined), label("")),
            (label("Waiting for an answer"), count(talks.waiting), label("")),
        ),
    )
    return Section(
        "network",
        "The network",
        "Members with a listed profile who joined in the period, by their organisation "
        "(when they show it), sector and clinical interests. Members who keep their profile "
        "to themselves, or have not finished it, are not counted anywhere on this page. "
        "Learning conversations: requests these members sent in the period. "
        + _not_applied(filters, ("method",), "members"),
        [
            _bars(
                by_sector, 1, title="Members by sector", chart_id="chart-member-sectors", total=True
            ),
            Block(by_profession),
            Block(growth_table, growth_chart),
            Block(teach_learn, teach_learn_chart),
            Block(
                conversations,
                note=f"{share(talks.accepted, talks.requested).text} of requests were accepted."
                if talks.requested
                else "",
            ),
        ],
    )


# Learning events --------------------------------------------------------------------------------


def events_section(ctx: Context) -> Section:
    filters, events = ctx.filters, ctx.links.events
    figures = selectors.learning_events(filters, now=ctx.now)
    topics = selectors.waiting_list_by_topic(filters)
    rate = figures.attendance_rate
    taken = figures.attended + figures.did_not_attend
    key_figures = Table(
        "event-figures",
        "Learning events: key figures",
        ("Figure", "Number"),
        (
            (label("Events held"), count(figures.held, events("held"))),
            (label("Events still to come"), count(figures.to_come, events("to_come"))),
            (label("Places booked"), count(figures.places_booked, events("booked"))),
            (label("Attended"), count(figures.attended, events("attendance"))),
            (label("Did not attend"), count(figures.did_not_attend, events("attendance"))),
            (
                label("Attendance rate (of places where attendance was taken)"),
                Cell(f"{round(100 * rate)}%" if rate is not None else NO_NUMBER, numeric=True),
            ),
            (label("On waiting lists"), count(figures.waiting_list, events("waiting"))),
            (
                label("Commitments to a test of change"),
                count(figures.commitments, events("commitments")),
            ),
        ),
    )
    waiting = {
        kind: Table(
            f"waiting-{kind}s",
            f"Waiting lists by {noun}",
            (noun.capitalize(), "People on waiting lists", "Events with a waiting list"),
            tuple(
                (
                    label(t.name),
                    count(t.waiting, events(f"waiting_{kind}", t.slug)),
                    count(t.events, events(f"waiting_{kind}", t.slug)),
                )
                for t in topics
                if t.kind == kind
            ),
        )
        for kind, noun in (("skill", "improvement skill"), ("area", "clinical area"))
    }
    place = (
        " With an organisation or sector chosen: the places its members (with a listed "
        "profile) booked, and the events they booked."
        if filters.by_place
        else ""
    )
    return Section(
        "events",
        "Learning events",
        "Published events starting in the period, on the clinical area chosen. Events "
        f"belong to no single organisation: they are the network's neutral space.{place} "
        + _not_applied(filters, ("method",), "events"),
        [
            Block(
                key_figures,
                note=f"Attendance was taken for {taken:,} places." if taken else "",
            ),
            _bars(
                waiting["skill"],
                1,
                title="Waiting lists by improvement skill",
                chart_id="chart-waiting-skills",
                note="An event counts under each of its skills.",
            ),
            _bars(
                waiting["area"],
                1,
                title="Waiting lists by clinical area",
                chart_id="chart-waiting-areas",
                note="An event counts under each of its clinical areas.",
            ),
        ],
    )


# Bright spots -----------------------------------------------------------------------------------


def bright_spots_section(ctx: Context) -> Section:
    spots = selectors.bright_spots(ctx.filters)
    link = ctx.links.projects
    by_area = Table(
        "bright-spots-areas",
        "Bright spots by clinical area",
        ("Clinical area", "Measures showing special cause improvement"),
        tuple((label(g.label), count(g.count, link("bright_area", g.key))) for g in spots.by_area),
    )
    newest = Table(
        "bright-spots-newest",
        "The newest bright spots: teams to learn from",
        ("Measure", "Project", "What it shows", "Latest point"),
        tuple(
            (
                label(spot.measure),
                Cell(spot.project, url=reverse("projects:detail", args=[spot.project_id])),
                label(spot.reading),
                label(long_date(spot.latest_date)),
            )
            for spot in spots.newest
        ),
    )
    return Section(
        "bright-spots",
        "What is working well: bright spots",
        "Measures whose latest point shows special cause improvement by the NHS Making Data "
        "Count rules, with that point in the period, on projects with the filters chosen. "
        "Listed by date, never ranked: ask the teams how they did it.",
        [
            Block(
                by_area,
                note=(
                    f"{spots.measures:,} measure{'s' if spots.measures != 1 else ''} on "
                    f"{spots.projects:,} project{'s' if spots.projects != 1 else ''}. A project "
                    "counts under each of its clinical areas."
                ),
            ),
            Block(newest),
        ],
    )


# The panels in page order.
SECTIONS: list[Callable[[Context], Section]] = [
    projects_section,
    working_together_section,
    activity_section,
    bright_spots_section,
    help_wanted_section,
    network_section,
    events_section,
]
