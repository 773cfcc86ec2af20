"""Issue 6's acceptance journey in Chromium: a team pastes 52 weeks of data, marks a rebase
at a PDSA change and reads a chart whose colours, limits and sentence match the rules; a
keyboard user reaches the same data as a table inside a disclosure."""

import datetime

import pytest

from projects import services
from projects.charts import POINT_COLOURS, describe, format_value
from projects.models import Measure
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_WEEK = datetime.date(2025, 9, 1)  # a Monday
BEFORE = [10, 11, 9, 10, 12, 10, 9, 11, 10, 11, 9, 10, 11]
AFTER = [6, 5, 7, 6, 5, 6, 7, 5, 6, 6, 5, 7, 6]


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/home/")


def test_paste_a_year_mark_a_rebase_at_a_pdsa_and_read_the_chart(page):
    lead = UserFactory(email="asha@example.org", profile__display_name="Asha Patel")
    project = ProjectFactory(lead=lead, title="Safer nights on the frailty wards")
    driver = services.driver_create(project=project, actor=lead, text="Someone always nearby")
    idea = services.change_idea_create(driver=driver, actor=lead, text="Hourly rounding")
    change = FIRST_WEEK + datetime.timedelta(weeks=26)
    cycle = services.pdsa_cycle_create(
        change_idea=idea, actor=lead,
        data={"objective": "Hourly rounding on ward 7", "start_date": change},
    )  # fmt: skip
    values = (BEFORE * 2) + (AFTER * 2)
    pasted = "\n".join(
        f"{FIRST_WEEK + datetime.timedelta(weeks=i):%d/%m/%Y}\t{value}"
        for i, value in enumerate(values)
    )

    sign_in(page, lead.email)
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Name of the measure").fill("Falls on wards 7 and 8")
    page.get_by_label("Outcome: the result for people").check()
    page.get_by_label("What is counted (numerator)").fill("Inpatient falls, from Datix")
    page.get_by_label("Where the data comes from").fill("Datix, every Monday")
    page.get_by_label("Unit").fill("falls")
    page.get_by_label("Lower is better").check()
    page.get_by_label("Weekly").check()
    page.get_by_role("button", name="Add the measure").click()
    assert "Now add its values." in page.content()

    page.get_by_role("link", name="Paste or import values").click()
    page.get_by_label("Paste or type the values").fill(pasted)
    page.get_by_role("button", name="Import the values").click()
    assert "52 values imported." in page.content()

    page.get_by_role("link", name="Mark a change in the process").click()
    page.get_by_label("Day").fill(str(change.day))
    page.get_by_label("Month").fill(str(change.month))
    page.get_by_label("Year").fill(str(change.year))
    page.get_by_label("What changed").fill("Hourly rounding became routine")
    page.get_by_label("The PDSA cycle or change idea behind it").select_option(f"pdsa:{cycle.pk}")
    page.get_by_role("button", name="Recalculate the limits from this date").click()
    assert "The limits are now recalculated from 2 March 2026." in page.content()

    # The chart reads as the rules say, for eyes and for screen readers alike.
    measure = Measure.objects.get()
    dates = [FIRST_WEEK + datetime.timedelta(weeks=i) for i in range(52)]
    result = measure.analyse(dates, values, [change])
    reading = describe(result, dates, "falls")
    chart = page.get_by_role("img", name="Falls on wards 7 and 8")
    assert chart.evaluate("svg => svg.tagName") == "svg"
    assert chart.locator("desc").text_content() == reading
    assert page.locator(".app-spc-reading").text_content() == reading
    fills = chart.locator("circle.spc-point").evaluate_all(
        "dots => dots.map(d => d.getAttribute('fill'))"
    )
    assert fills == [POINT_COLOURS[point.point_type] for point in result.points]
    assert chart.locator("g[data-segment]").count() == 2
    assert chart.locator("line.spc-limit").count() == 4
    assert (
        page.get_by_role("img", name="Common cause variation: no signal", exact=True).count() == 1
    )

    # A keyboard user tabs to the disclosure and opens the data as a table.
    page.locator("body").focus()
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent || ''")
        if "Show the data as a table" in focused:
            break
    else:
        pytest.fail("the table's disclosure cannot be reached with the keyboard")
    table = page.locator("details.nhsuk-details table")
    assert not table.is_visible()
    page.keyboard.press("Enter")
    assert table.is_visible()
    assert_accessible(page, step="the data table's disclosure opened")
    assert table.locator("tbody tr").count() == 52
    new_process = table.locator("tbody tr").nth(26)
    assert new_process.locator("th").text_content() == "2 Mar 2026"
    assert new_process.locator("td").nth(1).text_content() == format_value(
        result.points[26].mean, "falls"
    )
    assert "Limits recalculated from here: Hourly rounding became routine" in table.text_content()
    assert page.problems == []
