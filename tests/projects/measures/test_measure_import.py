"""Pasting and importing values: every bad row reported by line, all or nothing, replace
mode, CSV files as spreadsheets save them, and 5,000 rows at once."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.csvexport import plain_number
from projects.measures.parsing import MAX_ROWS, parse_rows
from projects.models import DataPoint, HistoryEntry, Measure
from tests.factories import ProjectFactory
from tests.helpers import count_queries
from tests.projects.data import weekly_rows
from tests.projects.measures import IMPROVING, make_measure

pytestmark = pytest.mark.django_db

LATEST = datetime.date(2027, 6, 30)


def parse(text: str, **options):
    return parse_rows(text, latest_date=LATEST, **options)


def errors(text: str) -> list[str]:
    parsed = parse(text)
    return [f"Line {line}: {message}" if line else message for line, message in parsed.problems]


# Reading rows ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("31/02/2026, 4", 'Line 1: "31/02/2026" is not a real date'),
        ("2026-13-01, 4", 'Line 1: "2026-13-01" is not a real date'),
        ("03/03/2026, abc", 'Line 1: "abc" is not a number'),
        ("03/03/2026, 1.2.3", 'Line 1: "1.2.3" is not a number'),
        ("03/03/2026, nan", 'Line 1: "nan" is not a number'),
        ("03/03/2026, 99999999999999", 'Line 1: "99999999999999" is too large'),
        (
            "next Tuesday, 4",
            'Line 1: "next Tuesday" is not a date: use dd/mm/yyyy, like 03/03/2026',
        ),
        ("Smarch 2026, 4", 'Line 1: "Smarch 2026" is not a date: use dd/mm/yyyy, like 03/03/2026'),
        ("03/03/26, 4", 'Line 1: "03/03/26" needs a 4-digit year, like 03/03/2026'),
        (", 4", "Line 1: the date is missing"),
        ("03/03/2026", "Line 1: the value is missing"),
        ("03/03/2026, ", "Line 1: the value is missing"),
        ("03/03/2099, 4", "Line 1: 03/03/2099 is more than a year ahead: check the year"),
        ("03/03/2026, 4, " + "x" * 301, "Line 1: the note is longer than 300 characters"),
        (
            "03/03/2026, 4, seen by 943 476 5919",
            "Line 1: this looks like an NHS number: do not enter patient-identifiable information",
        ),
        ('03/03/2026, 4, "unfinished', "Line 1: the quotation marks do not match"),
    ],
)
def test_every_kind_of_bad_row_is_reported_with_its_line_and_reason(line, message):
    assert errors(f"01/03/2026, 5\n\n{line}".replace("Line 1", "Line 3")) == [
        message.replace("Line 1", "Line 3")
    ]


def test_a_date_given_twice_is_reported_on_its_second_line():
    assert errors("04/03/2026, 1\n05/03/2026, 2\n2026-03-04, 3") == [
        "Line 3: 04/03/2026 appears twice in what you pasted"
    ]
    parsed = parse("04/03/2026, 1\n04/03/2026, 2", source="the file")
    assert parsed.problems == [(2, "04/03/2026 appears twice in the file")]


def test_a_row_with_two_problems_reports_both():
    assert errors("31/02/2026, abc") == [
        'Line 1: "31/02/2026" is not a real date',
        'Line 1: "abc" is not a number',
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("03/03/2026", datetime.date(2026, 3, 3)),
        ("3/3/2026", datetime.date(2026, 3, 3)),
        ("03-03-2026", datetime.date(2026, 3, 3)),
        ("03.03.2026", datetime.date(2026, 3, 3)),
        ("2026-03-03", datetime.date(2026, 3, 3)),
        ("03/03/2026 00:00", datetime.date(2026, 3, 3)),
        ("2026-03-03T00:00:00", datetime.date(2026, 3, 3)),
        ("3 March 2026", datetime.date(2026, 3, 3)),
        ("3rd Mar 2026", datetime.date(2026, 3, 3)),
        ("March 2026", datetime.date(2026, 3, 1)),
        ("Sept 2026", datetime.date(2026, 9, 1)),
    ],
)
def test_uk_and_iso_dates_are_read(text, day):
    assert parse(f"{text}, 4").rows[0].date == day


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12.0), ("12.5", 12.5), (".5", 0.5), ('"1,234.5"', 1234.5), ("85%", 85.0),
     ("-3", -3.0), ("\u22123", -3.0), ("+4", 4.0), (" 7 ", 7.0), ("-0", 0.0)],
)  # fmt: skip
def test_numbers_are_read_as_people_type_them(text, value):
    assert parse(f"03/03/2026,{text}").rows[0].value == value


def test_a_grid_pasted_from_a_spreadsheet_is_read_by_its_tabs():
    parsed = parse("Week\tFalls\tNote\n03/03/2026\t1,234\tshort, staffed\n10/03/2026\t5\t\n")
    assert [(row.line, row.value, row.note) for row in parsed.rows] == [
        (2, 1234.0, "short, staffed"),
        (3, 5.0, ""),
    ]


def test_a_note_typed_with_commas_needs_no_quotes():
    assert parse("03/03/2026, 4, two off sick, one agency").rows[0].note == (
        "two off sick, one agency"
    )


def test_a_header_naming_the_columns_is_followed():
    text = "Note,Value,Date,Owner\nbusy,4,03/03/2026,Asha\n"
    row = parse(text).rows[0]
    assert (row.date, row.value, row.note) == (datetime.date(2026, 3, 3), 4.0, "busy")


def test_line_numbers_count_every_line_of_a_quoted_note():
    parsed = parse('03/03/2026, 4, "a note\nover two lines"\n10/03/2026, x')
    assert parsed.rows[0].note == "a note\nover two lines"
    assert parsed.problems == [(3, '"x" is not a number')]


def test_blank_lines_and_windows_line_endings_are_fine():
    parsed = parse("03/03/2026, 4\r\n\r\n   \r\n10/03/2026, 5\r\n")
    assert [(row.line, row.value) for row in parsed.rows] == [(1, 4.0), (4, 5.0)]


def test_nothing_to_import_and_too_much_are_said_plainly():
    assert errors("Date, Value\n") == [
        "There are no values to import: each row needs a date and a value"
    ]
    start = datetime.date(2000, 1, 3)
    text = "\n".join(
        f"{start + datetime.timedelta(days=i):%d/%m/%Y}, 1" for i in range(MAX_ROWS + 1)
    )
    assert errors(text) == ["There are more than 10,000 rows: import them in parts"]


@pytest.mark.parametrize(
    ("value", "text"), [(12.0, "12"), (12.5, "12.5"), (0.1, "0.1"), (-3.0, "-3")]
)
def test_values_are_shown_as_they_were_typed(value, text):
    assert plain_number(value) == text


# Importing through the page -------------------------------------------------------------------


@pytest.fixture
def measure(champion):
    return make_measure(ProjectFactory(lead=champion), champion)


def import_url(measure: Measure) -> str:
    return f"/projects/{measure.project_id}/measures/{measure.pk}/import/"


def test_pasting_52_weeks_imports_them_and_records_it_in_the_history(client, champion, measure):
    client.force_login(champion)
    response = client.post(import_url(measure), {"text": weekly_rows(range(1, 53))}, follow=True)
    assert "52 values imported." in response.content.decode()
    assert response.redirect_chain[-1][0] == measure.get_absolute_url()
    assert measure.points.count() == 52
    entry = HistoryEntry.objects.filter(subject="values").get()
    assert entry.subject_label == "Falls with harm: imported 52 values"
    assert entry.actor == champion


def test_one_bad_row_imports_nothing_and_every_problem_is_listed_with_the_text_kept(
    client, champion, measure
):
    other = make_measure(measure.project, champion)
    DataPoint.objects.create(measure=other, date=datetime.date(2026, 2, 23), value=1)
    DataPoint.objects.create(measure=measure, date=datetime.date(2026, 3, 3), value=1)
    text = "\n".join(
        [
            "Date, Value, Note",          # 1: a header
            "02/02/2026, 4",              # 2
            "31/02/2026, 4",              # 3
            "09/02/2026, abc",            # 4
            "16/02/2026, 5, 943 476 5919",  # 5
            "03/03/2026, 6",              # 6: already in the measure
            "02/02/2026, 7",              # 7: pasted twice
            "23/02/2026, 8, <b>busy</b>",  # 8: fine (another measure has this date)
        ]
    )  # fmt: skip
    client.force_login(champion)
    response = client.post(import_url(measure), {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert measure.points.count() == 1, "nothing saved"
    expected = [
        "Line 3: &quot;31/02/2026&quot; is not a real date",
        "Line 4: &quot;abc&quot; is not a number",
        "Line 5: this looks like an NHS number: do not enter patient-identifiable information",
        "Line 6: 03/03/2026 is already in this measure (tick &quot;replace existing values&quot; "
        "to overwrite it)",
        "Line 7: 02/02/2026 appears twice in what you pasted",
    ]
    summary = html[html.index("nhsuk-error-summary") : html.index("</ul>", html.index("There is"))]
    positions = [summary.index(f'<a href="#id_text">{message}</a>') for message in expected]
    assert positions == sorted(positions), "in line order"
    assert "Nothing has been imported: correct the 5 rows with problems and import again" in html
    assert "&lt;b&gt;busy&lt;/b&gt;" in html, "the pasted text is kept, escaped"
    assert "<title>Error: Paste or import values" in html
    assert not HistoryEntry.objects.filter(subject="values").exists()


def test_replace_overwrites_values_and_notes_and_keeps_the_pdsa_link(client, champion, measure):
    from projects import services as project_services

    driver = project_services.driver_create(project=measure.project, by=champion, text="D")
    idea = project_services.change_idea_create(driver=driver, by=champion, text="Idea")
    cycle = project_services.pdsa_cycle_create(
        change_idea=idea, by=champion, data={"objective": "Test"}
    )
    DataPoint.objects.create(
        measure=measure, date=datetime.date(2026, 3, 3), value=1, note="old", pdsa=cycle
    )
    client.force_login(champion)
    text = "03/03/2026, 9, corrected\n10/03/2026, 8"
    response = client.post(import_url(measure), {"text": text, "replace": "on"}, follow=True)
    assert "2 values imported (1 replacing earlier values)." in response.content.decode()
    replaced = measure.points.get(date=datetime.date(2026, 3, 3))
    assert (replaced.value, replaced.note, replaced.pdsa) == (9, "corrected", cycle)
    assert measure.points.count() == 2
    assert HistoryEntry.objects.filter(subject="values").get().subject_label == (
        "Falls with harm: imported 2 values, 1 of them replacing earlier values"
    )


def test_an_import_refreshes_the_cached_reading(client, champion, measure):
    assert measure.latest_point_type == ""
    assert measure.reading == "No data yet."
    client.force_login(champion)
    client.post(import_url(measure), {"text": weekly_rows(IMPROVING)})
    measure.refresh_from_db()
    assert measure.point_count == len(IMPROVING)
    assert measure.latest_point_type == "special_cause_improvement"
    assert measure.variation == "improvement_low"
    assert measure.latest_value == IMPROVING[-1]
    assert measure.reading.startswith("Special cause improvement")
    assert measure.analysed_at is not None


def upload(content: bytes, name: str = "falls.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_a_csv_file_saved_by_excel_is_imported(client, champion, measure):
    content = (
        "\ufeffDate,Value,Note\r\n"
        '03/03/2026,"1,234",Siân\'s ward\r\n'
        '2026-03-10,12,"busy, two off sick"\r\n'
        "17/03/2026,11,\r\n"
    ).encode()
    client.force_login(champion)
    response = client.post(import_url(measure), {"file": upload(content)}, follow=True)
    assert "3 values imported." in response.content.decode()
    assert list(measure.points.order_by("date").values_list("value", "note")) == [
        (1234, "Siân's ward"),
        (12, "busy, two off sick"),
        (11, ""),
    ]


def test_a_csv_file_without_a_header_is_imported(client, champion, measure):
    client.force_login(champion)
    client.post(import_url(measure), {"file": upload(b"03/03/2026,4\n10/03/2026,5\n")})
    assert measure.points.count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "Date,Value\n03/03/2026,4,caf\xe9\n".encode("cp1252"),
            "The file is not saved as UTF-8: in Excel, save it as &quot;CSV UTF-8 (Comma "
            "delimited)&quot;",
        ),
        (
            b"PK\x03\x04rest of a workbook",
            "The file is an Excel workbook: save it as &quot;CSV UTF-8 (Comma delimited)&quot; "
            "and choose that file",
        ),
        (b"03/03/2026,4\n" + b"x" * (2 * 1024 * 1024), "The file must be smaller than 2 MB"),
        (b"\x00\x01\x02", "The file is not a CSV file: choose a .csv file"),
        (b"03/03/2026,4\n03/03/2026,5\n", "Line 2: 03/03/2026 appears twice in the file"),
    ],
)
def test_files_that_cannot_be_imported_say_why(client, champion, measure, content, message):
    client.force_login(champion)
    html = client.post(import_url(measure), {"file": upload(content)}).content.decode()
    assert message in html
    assert measure.points.count() == 0


def test_pasting_and_choosing_a_file_at_once_or_neither_is_refused(client, champion, measure):
    client.force_login(champion)
    both = client.post(import_url(measure), {"text": "03/03/2026, 4", "file": upload(b"x")})
    assert "Paste values or choose a file, not both" in both.content.decode()
    neither = client.post(import_url(measure), {"text": "  "})
    assert "Paste the values, or choose a CSV file" in neither.content.decode()
    header_only = client.post(import_url(measure), {"text": "Date, Value"}).content.decode()
    assert "There are no values to import: each row needs a date and a value" in header_only
    assert "Correct these rows" not in header_only


def test_5000_rows_import_in_a_few_seconds_with_the_same_queries_as_10(client, champion):
    project = ProjectFactory(lead=champion)
    small, large = make_measure(project, champion), make_measure(project, champion)
    client.force_login(champion)
    start = datetime.date(2010, 1, 1)

    def post(measure: Measure, count: int) -> None:
        text = "\n".join(
            f"{start + datetime.timedelta(days=i):%d/%m/%Y}, {i % 17}, note {i}"
            for i in range(count)
        )
        response = client.post(import_url(measure), {"text": text})
        assert response.status_code == 302

    few = count_queries(lambda: post(small, 10))
    started = time.perf_counter()
    many = count_queries(lambda: post(large, 5000))
    assert time.perf_counter() - started < 5
    assert few == many
    assert large.points.count() == 5000
