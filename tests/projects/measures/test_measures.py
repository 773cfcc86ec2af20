"""Measures on a project: defining them, values one at a time, rebases, the charts (and their
text alternative) on the project page, the cached reading, the CSV download, and who sees a
special cause concern."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import IntegrityError
from django.utils.html import escape

from projects import services as project_services
from projects.measures import services
from projects.measures.charts import POINT_COLOURS, describe
from projects.measures.forms import BASELINE_MESSAGE
from projects.measures.icons import ICON_TITLES
from projects.models import DataPoint, HistoryEntry, Measure, Rebase
from tests.factories import ProjectFactory, UserFactory
from tests.helpers import count_queries
from tests.projects.data import measure_form
from tests.projects.measures import IMPROVING, STEADY, WORSENING, make_measure, weeks

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
PATIENT_DATA = "Do not enter patient-identifiable information"


@pytest.fixture
def project(champion):
    return ProjectFactory(lead=champion)


@pytest.fixture
def cycle(project, champion):
    driver = project_services.driver_create(project=project, by=champion, text="Safe nights")
    idea = project_services.change_idea_create(driver=driver, by=champion, text="Rounding")
    return project_services.pdsa_cycle_create(
        change_idea=idea, by=champion, data={"objective": "Hourly rounding on ward 7"}
    )


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def charts(html: str) -> list[ET.Element]:
    """The inline SVG charts of a page, parsed as XML (our own output)."""
    return [
        ET.fromstring(svg)  # noqa: S314
        for svg in re.findall(r'<svg[^>]*class="spc-chart".*?</svg>', html, re.S)
    ]


# Defining a measure ---------------------------------------------------------------------------


def test_a_team_member_adds_a_measure_and_the_history_says_so(client, champion, project):
    client.force_login(champion)
    response = client.post(
        f"/projects/{project.pk}/measures/new/", measure_form(target="4.5", fix_after="20")
    )
    measure = Measure.objects.get()
    assert response["Location"] == measure.get_absolute_url()
    assert (measure.improvement, measure.target, measure.fix_after) == ("decrease", 4.5, 20)
    assert measure.screen_outliers
    assert measure.created_by == champion
    assert measure.reading == "No data yet."
    entry = HistoryEntry.objects.get(subject="measure")
    assert (entry.action, entry.subject_label) == ("created", measure.name)
    html = page(client, measure.get_absolute_url())
    assert "Now add its values." in html
    assert "Falls with harm on wards 7 and 8, from Datix" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the name of the measure"),
        ({"name": "x" * 201}, "name", "Name of the measure must be 200 characters or fewer"),
        ({"numerator": ""}, "numerator", "Enter what is counted"),
        ({"data_source": ""}, "data_source", "Enter where the data comes from"),
        ({"kind": None}, "kind", "Select the type of measure"),
        ({"kind": "vanity"}, "kind", "Choose type of measure from the list"),
        ({"improvement": "sideways"}, "improvement", "Choose which way is better from the list"),
        ({"frequency": "hourly"}, "frequency", "Choose how often it is measured from the list"),
        ({"fix_after": "5"}, "fix_after", BASELINE_MESSAGE),
        ({"fix_after": "11"}, "fix_after", BASELINE_MESSAGE),
        ({"fix_after": "twenty"}, "fix_after", "Baseline length must be a whole number, like 20"),
        ({"target": "lots"}, "target", "Target must be a number, like 95 or 4.5"),
        ({"unit": "x" * 31}, "unit", "Unit must be 30 characters or fewer"),
        ({"inclusions": "x" * 4001}, "inclusions", "must be 4000 characters or fewer"),
        ({"numerator": "Falls of 943 476 5919"}, "numerator", PATIENT_DATA),
        ({"inclusions": "Excludes 9434765919"}, "inclusions", PATIENT_DATA),
        ({"name": "Falls for 943-476-5919"}, "name", PATIENT_DATA),
    ],
)
def test_bad_measure_input_is_refused_with_a_message_by_the_field(
    client, champion, project, overrides, field, message
):
    client.force_login(champion)
    response = client.post(f"/projects/{project.pk}/measures/new/", measure_form(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_{field}' in html
    assert escape(message) in html
    assert "Constraint" not in html, "one message, the form's"
    assert not Measure.objects.exists()
    kept = "Datix, pulled every Monday" if field != "data_source" else "Falls with harm per"
    assert f'value="{kept}' in html, "nothing typed is lost"


def test_a_baseline_of_12_is_accepted_and_the_database_refuses_fewer(champion, project):
    measure = make_measure(project, champion, fix_after=12)
    assert measure.fix_after == 12
    with pytest.raises(IntegrityError):
        Measure.objects.filter(pk=measure.pk).update(fix_after=5)


def test_changing_the_direction_records_it_and_reads_the_chart_again(client, champion, project):
    measure = make_measure(project, champion, IMPROVING, target=4.0)
    assert measure.latest_point_type == "special_cause_improvement"
    client.force_login(champion)
    edit = page(client, f"/projects/{project.pk}/measures/{measure.pk}/edit/")
    assert 'name="target" value="4"' in edit
    client.post(
        f"/projects/{project.pk}/measures/{measure.pk}/edit/",
        measure_form(name=measure.name, improvement="increase", target="8"),
    )
    measure.refresh_from_db()
    assert measure.latest_point_type == "special_cause_concern"
    assert measure.assurance != ""
    entry = HistoryEntry.objects.get(subject="measure", action="changed")
    changes = {change["label"]: (change["before"], change["after"]) for change in entry.changes}
    assert changes["Which way is better"] == ("Lower is better", "Higher is better")
    assert changes["Target"] == ("4", "8")


def test_removing_a_measure_asks_first_and_is_recorded(client, champion, project):
    measure = make_measure(project, champion, STEADY)
    client.force_login(champion)
    url = f"/projects/{project.pk}/measures/{measure.pk}/delete/"
    assert "its 14 values will be removed for good" in page(client, url).replace("\n", " ")
    response = client.post(url)
    assert response["Location"] == f"{project.get_absolute_url()}#measures"
    assert not Measure.objects.exists()
    assert not DataPoint.objects.exists()
    entry = HistoryEntry.objects.get(subject="measure", action="removed")
    assert entry.subject_label == "Falls with harm, with its 14 values"


# Values one at a time -------------------------------------------------------------------------


def value_form(**overrides) -> dict:
    data = {"date_day": "3", "date_month": "3", "date_year": "2026", "value": "12.5",
            "note": "", "pdsa": ""}  # fmt: skip
    data.update(overrides)
    return data


def test_adding_a_value_with_its_pdsa_cycle(client, champion, project, cycle):
    measure = make_measure(project, champion)
    client.force_login(champion)
    response = client.post(
        f"/projects/{project.pk}/measures/{measure.pk}/values/",
        value_form(note="Two off sick", pdsa=cycle.pk),
        follow=True,
    )
    assert "The value for 3 March 2026 has been added." in response.content.decode()
    point = measure.points.get()
    assert (point.date, point.value, point.note, point.pdsa) == (
        datetime.date(2026, 3, 3), 12.5, "Two off sick", cycle,
    )  # fmt: skip
    entry = HistoryEntry.objects.get(subject="value")
    assert entry.subject_label == "Falls with harm: 03/03/2026, 12.5"
    measure.refresh_from_db()
    assert measure.point_count == 1
    assert measure.latest_value == 12.5


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": ""}, "Enter the value"),
        ({"value": "twelve"}, "Value must be a number, like 12 or 4.5"),
        ({"date_day": "31", "date_month": "2"}, "Date must be a real date"),
        ({"date_day": "", "date_month": "", "date_year": ""}, "Enter the date of the value"),
        ({"date_year": "2099"}, "Date must be within a year from today"),
        ({"note": "x" * 301}, "Note must be 300 characters or fewer"),
        ({"note": "Patient 943 476 5919 fell"}, PATIENT_DATA),
        ({"pdsa": "999999"}, "Choose a PDSA cycle from the list"),
    ],
)
def test_bad_values_are_refused(client, champion, project, overrides, message):
    measure = make_measure(project, champion)
    client.force_login(champion)
    response = client.post(
        f"/projects/{project.pk}/measures/{measure.pk}/values/", value_form(**overrides)
    )
    assert escape(message) in response.content.decode()
    assert not measure.points.exists()


def test_another_projects_pdsa_cycle_cannot_be_linked(client, champion, project, other_champion):
    other = ProjectFactory(lead=other_champion)
    driver = project_services.driver_create(project=other, by=other_champion, text="D")
    idea = project_services.change_idea_create(driver=driver, by=other_champion, text="I")
    theirs = project_services.pdsa_cycle_create(
        change_idea=idea, by=other_champion, data={"objective": "Theirs"}
    )
    measure = make_measure(project, champion)
    client.force_login(champion)
    response = client.post(
        f"/projects/{project.pk}/measures/{measure.pk}/values/", value_form(pdsa=theirs.pk)
    )
    assert "Choose a PDSA cycle from the list" in response.content.decode()


def test_a_date_with_a_value_already_is_refused_one_at_a_time(client, champion, project):
    measure = make_measure(project, champion)
    DataPoint.objects.create(measure=measure, date=datetime.date(2026, 3, 3), value=1)
    client.force_login(champion)
    response = client.post(f"/projects/{project.pk}/measures/{measure.pk}/values/", value_form())
    assert "03/03/2026 already has a value in this measure" in response.content.decode()
    assert measure.points.get().value == 1


def test_changing_and_removing_a_value(client, champion, project):
    measure = make_measure(project, champion, STEADY)
    point = measure.points.get(date=weeks(1)[0])
    client.force_login(champion)
    url = f"/projects/{project.pk}/measures/{measure.pk}/values/{point.pk}/"
    assert 'value="10"' in page(client, url), "the value as it was typed, not 10.0"
    client.post(url, value_form(date_day="3", date_month="3", date_year="2025", value="30"))
    point.refresh_from_db()
    measure.refresh_from_db()
    assert point.value == 30
    assert measure.latest_value == STEADY[-1]
    entry = HistoryEntry.objects.get(subject="value", action="changed")
    assert entry.changes == [{"field": "value", "label": "Value", "before": "10", "after": "30"}]
    client.post(f"{url}delete/")
    measure.refresh_from_db()
    assert measure.point_count == len(STEADY) - 1
    assert HistoryEntry.objects.filter(subject="value", action="removed").exists()


# Rebases --------------------------------------------------------------------------------------


def test_marking_a_change_in_the_process_recalculates_the_limits(client, champion, project, cycle):
    measure = make_measure(project, champion, IMPROVING)
    client.force_login(champion)
    change = weeks(len(IMPROVING))[12]
    response = client.post(
        f"/projects/{project.pk}/measures/{measure.pk}/rebases/new/",
        {"date_day": change.day, "date_month": change.month, "date_year": change.year,
         "reason": "Rounding became routine", "cause": f"pdsa:{cycle.pk}"},
        follow=True,
    )  # fmt: skip
    assert "The limits are now recalculated from 26 May 2025." in response.content.decode()
    rebase = Rebase.objects.get()
    assert (rebase.pdsa, rebase.change_idea) == (cycle, cycle.change_idea)
    measure.refresh_from_db()
    assert measure.latest_point_type == "common_cause", "judged against the new process"
    html = page(client, measure.get_absolute_url())
    (chart,) = charts(html)
    assert len(chart.findall(f".//{SVG}g[@data-segment]")) == 2
    rebase_line = chart.find(f".//{SVG}line[@class='spc-rebase']")
    assert rebase_line.find(f"{SVG}title").text == (
        "Limits recalculated from 26 May 2025: Rounding became routine "
        "(PDSA 1: Hourly rounding on ward 7)"
    )
    assert "Limits recalculated from here: Rounding became routine" in html
    again = client.post(
        f"/projects/{project.pk}/measures/{measure.pk}/rebases/new/",
        {"date_day": change.day, "date_month": change.month, "date_year": change.year,
         "reason": "Again"},
    )  # fmt: skip
    assert "The limits are already recalculated from 26/05/2025" in again.content.decode()
    client.post(f"/projects/{project.pk}/measures/{measure.pk}/rebases/{rebase.pk}/delete/")
    measure.refresh_from_db()
    assert measure.latest_point_type == "special_cause_improvement"
    assert HistoryEntry.objects.filter(subject="rebase", action="removed").exists()


def test_a_rebase_needs_a_reason_without_patient_data(client, champion, project):
    measure = make_measure(project, champion, STEADY)
    client.force_login(champion)
    url = f"/projects/{project.pk}/measures/{measure.pk}/rebases/new/"
    form = {"date_day": "1", "date_month": "4", "date_year": "2025", "cause": "idea:0"}
    html = client.post(url, {**form, "reason": ""}).content.decode()
    assert "Enter what changed" in html
    assert "Choose a PDSA cycle or a change idea from the list" in html
    html = client.post(url, {**form, "cause": "", "reason": "After 9434765919 fell"}).content
    assert PATIENT_DATA in html.decode()
    assert not Rebase.objects.exists()


# The charts -----------------------------------------------------------------------------------


def test_the_project_page_shows_each_chart_with_its_text_alternative_icons_and_table(
    client, champion, project, cycle
):
    measure = make_measure(project, champion, IMPROVING, unit="falls", target=7,
                           notes={3: "Agency staff all week"})  # fmt: skip
    DataPoint.objects.filter(measure=measure, date=weeks(13)[12]).update(pdsa=cycle)
    make_measure(project, champion, STEADY, name="Patients woken at night")
    client.force_login(UserFactory())
    html = page(client, project.get_absolute_url())
    first, second = charts(html)
    assert first.get("role") == "img"
    title_id, desc_id = first.get("aria-labelledby").split()
    assert first.find(f"{SVG}title").get("id") == title_id
    assert first.find(f"{SVG}title").text == "Falls with harm"
    view = Measure.objects.get(pk=measure.pk)
    dates = weeks(len(IMPROVING))
    result = view.analyse(dates, IMPROVING)
    reading = describe(result, dates, "falls")
    assert first.find(f"{SVG}desc").get("id") == desc_id
    assert first.find(f"{SVG}desc").text == reading
    assert f'<p class="app-spc-reading">{escape(reading)}</p>' in html
    assert second.find(f"{SVG}title").text == "Patients woken at night"
    # The colours follow the rules, point for point.
    fills = [circle.get("fill") for circle in first.iter(f"{SVG}circle")
             if "spc-point" in (circle.get("class") or "")]  # fmt: skip
    assert fills == [POINT_COLOURS[point.point_type] for point in result.points]
    assert POINT_COLOURS["special_cause_improvement"] in fills
    # The icons beside it, each with its own text alternative.
    for name in (result.variation, result.assurance):
        assert f'<title id="measure-{measure.pk}-icon-{name}">{ICON_TITLES[name]}</title>' in html
    # Notes under the chart, numbered as on it.
    assert '<li value="1">24 March 2025: Agency staff all week</li>' in html
    assert '<li value="2">26 May 2025: PDSA 1: Hourly rounding on ward 7</li>' in html
    # The same data as a table, inside a disclosure.
    details = html[html.index('<details class="nhsuk-details') : html.index("</details>")]
    assert "Show the data as a table" in details
    assert details.count('<th scope="row"') == len(IMPROVING)
    assert '<th scope="row" class="nhsuk-table__header">3 Mar 2025</th>' in details
    assert "Special cause improvement: 7 in a row on one side of the mean" in details
    assert "Add a measure" not in html, "only the team adds measures"


def test_the_team_sees_how_to_add_measures_and_change_values(client, champion, project):
    measure = make_measure(project, champion, STEADY)
    client.force_login(champion)
    assert "Add a measure" in page(client, project.get_absolute_url())
    html = page(client, measure.get_absolute_url())
    assert "Paste or import values" in html
    assert "Mark a change in the process" in html
    point = measure.points.order_by("date").first()
    change = '">Change<span class="nhsuk-u-visually-hidden"> the value for 3 March 2025'
    assert f"/values/{point.pk}/{change}" in html


def test_a_project_without_measures_says_so(client, champion, project):
    client.force_login(UserFactory())
    assert "No measures yet." in page(client, project.get_absolute_url())


def test_the_storyboard_shows_the_charts(client, champion, project):
    make_measure(project, champion, IMPROVING)
    client.force_login(champion)
    html = page(client, f"/projects/{project.pk}/storyboard/")
    assert len(charts(html)) == 1
    assert "Special cause improvement" in html


def test_fewer_than_12_values_have_trial_limits(client, champion, project):
    measure = make_measure(project, champion, STEADY[:8])
    client.force_login(champion)
    html = page(client, measure.get_absolute_url())
    assert "Trial limits (fewer than 12 points)" in html
    assert "The limits are trial limits: there are fewer than 12 points." in html


# Special cause concern: for the team and facilitators only ------------------------------------

PROMPT = "What do we know about what is going on now?"


@pytest.mark.parametrize(
    ("persona", "prompted"),
    [("champion", True), ("partner", True), ("facilitator", True),
     ("other_champion", False), ("system_leader", False), ("admin_user", False)],
)  # fmt: skip
def test_a_concern_prompts_the_team_and_facilitators_only(
    persona_client, champion, partner, project, persona, prompted
):
    member = project_services.team_member_invite(
        project=project, by=champion, user=partner, role="partner"
    )
    project_services.team_invitation_accept(member=member)
    measure = make_measure(project, champion, WORSENING)
    assert measure.latest_point_type == "special_cause_concern"
    client = persona_client(persona)
    for url in (project.get_absolute_url(), measure.get_absolute_url()):
        html = page(client, url)
        assert (PROMPT in html) == prompted, url
        assert ("show special cause concern" in html) == prompted, url


def test_no_prompt_when_the_latest_point_is_not_a_concern(client, champion, project):
    make_measure(project, champion, IMPROVING)
    client.force_login(champion)
    assert PROMPT not in page(client, project.get_absolute_url())


# The cached reading ---------------------------------------------------------------------------


def test_the_cached_reading_follows_every_change_to_the_data(champion, project):
    measure = make_measure(project, champion, STEADY)
    assert (measure.latest_point_type, measure.point_count) == ("common_cause", len(STEADY))
    later = weeks(len(STEADY) + 8)[len(STEADY) :]
    for day in later:
        services.data_point_create(measure=measure, by=champion, data={"date": day, "value": 2})
    measure.refresh_from_db()
    assert measure.latest_point_type == "special_cause_improvement"
    assert measure.latest_date == later[-1]
    last = measure.points.get(date=later[-1])
    services.data_point_update(
        point=last, by=champion, data={"date": later[-1], "value": 30, "note": ""}
    )
    measure.refresh_from_db()
    assert (measure.latest_value, measure.latest_point_type) == (30, "special_cause_concern")
    services.data_point_delete(point=last, by=champion)
    measure.refresh_from_db()
    assert measure.latest_date == later[-2]


def test_a_note_or_pdsa_link_leaves_the_cached_reading_alone(champion, project):
    measure = make_measure(project, champion, STEADY)
    analysed = measure.analysed_at
    point = measure.points.order_by("date").last()
    services.data_point_update(
        point=point, by=champion, data={"date": point.date, "value": point.value, "note": "Typo"}
    )
    measure.refresh_from_db()
    assert measure.analysed_at == analysed
    point.refresh_from_db()
    assert point.note == "Typo"
    assert HistoryEntry.objects.filter(subject="value", subject_id=point.pk).exists()


def test_the_bulk_refresh_runs_the_same_queries_for_one_measure_or_fifty(champion, project):
    measures = [make_measure(project, champion, STEADY) for _ in range(50)]
    Measure.objects.update(latest_point_type="", reading="")
    one = count_queries(lambda: services.measure_analysis_refresh(measure_ids=[measures[0].pk]))
    fifty = count_queries(
        lambda: services.measure_analysis_refresh(measure_ids=[m.pk for m in measures])
    )
    # the values, the rebases, the measures' settings, one UPDATE for all
    assert one == fifty == 4
    assert not Measure.objects.filter(latest_point_type="").exists()


# The CSV download -----------------------------------------------------------------------------


def test_the_csv_download_escapes_formulas_and_imports_back(client, champion, project):
    measure = make_measure(project, champion, [4, -2, 5], notes={0: '=HYPERLINK("http://x")'})
    client.force_login(UserFactory())
    response = client.get(f"/projects/{project.pk}/measures/{measure.pk}/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="falls-with-harm-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Value", "Note", "PDSA cycle", "Mean", "Lower process limit",
                       "Upper process limit", "Reading"]  # fmt: skip
    assert rows[1][:3] == ["03/03/2025", "4", '\'=HYPERLINK("http://x")']
    assert rows[2][:2] == ["10/03/2025", "-2"], "a negative number is not a formula"
    assert rows[1][4] == "2.3333"
    # The file imports back into another measure as it is.
    copy = make_measure(project, champion, name="Copy")
    client.force_login(champion)
    client.post(
        f"/projects/{project.pk}/measures/{copy.pk}/import/",
        {"file": io.BytesIO(response.content)},
    )
    assert list(copy.points.order_by("date").values_list("value", flat=True)) == [4, -2, 5]


# Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["lead", "reader"])
def test_the_project_page_runs_the_same_queries_with_one_measure_or_four(
    client, champion, project, cycle, viewer
):
    client.force_login(champion if viewer == "lead" else UserFactory())
    client.get("/projects/")
    make_measure(project, champion, IMPROVING)
    one = count_queries(lambda: client.get(project.get_absolute_url()))
    for values in (WORSENING, STEADY, IMPROVING * 3):
        measure = make_measure(project, champion, values)
        DataPoint.objects.filter(measure=measure).update(pdsa=cycle)
        Rebase.objects.create(measure=measure, date=weeks(12)[-1], reason="x", pdsa=cycle)
    four = count_queries(lambda: client.get(project.get_absolute_url()))
    # session, user, the project, its team (with profiles), organisations, clinical areas,
    # skills wanted, roles (header, and whether a facilitator sees concerns), drivers, change
    # ideas, PDSA cycles, latest updates, whether the viewer follows it; the measures, their
    # values (with PDSA cycles), their rebases (with PDSA cycles and change ideas)
    assert one == four == 16


def test_the_measure_page_runs_a_fixed_number_of_queries(client, champion, project, cycle):
    client.force_login(champion)
    small = make_measure(project, champion, STEADY)
    large = make_measure(project, champion, IMPROVING * 5)
    DataPoint.objects.filter(measure=large).update(pdsa=cycle)
    Rebase.objects.create(measure=large, date=weeks(30)[-1], reason="x", pdsa=cycle)
    counts = [count_queries(lambda m=m: client.get(m.get_absolute_url())) for m in (small, large)]
    # session, user, the project, the viewer's membership, the measure, its values, its
    # rebases, roles (header)
    assert counts == [8, 8]
