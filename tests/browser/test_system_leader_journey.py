"""The system leader's journey in Chromium, over the known small city of the dashboard
tests (tests/dashboard/city.py, its clock stopped at 15 June 2026): open the city view,
filter it to one organisation, open the numbers behind a chart and follow one to the list
of projects it counts, and download a table as CSV."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_context
from tests.dashboard.city import NOW, build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city(transactional_db, time_machine, settings):
    """The known city, with the clock stopped at its NOW. That clock may be months from
    the browser's, so cookies get no expiry date for the browser to judge them by."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    time_machine.move_to(NOW, tick=False)
    return build_city()


def test_filter_the_city_view_follow_a_number_and_download_a_table(page, live_server, city):
    sign_in_context(page.context, live_server, city.leader)
    page.goto("/home/")
    page.get_by_role("link", name="City view").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement across Leeds")
    expect(page.locator("main")).to_contain_text("These figures are for learning, not judgement")
    expect(page.locator(".app-city-as-of")).to_contain_text(
        "Figures as of 12:00 on 15 June 2026 for the whole city"
    )

    page.get_by_label("Organisation", exact=True).select_option(
        label="Leeds Teaching Hospitals NHS Trust"
    )
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".app-city-as-of")).to_contain_text(
        "for Leeds Teaching Hospitals NHS Trust"
    )
    logged = page.locator("#table-project-figures").get_by_role(
        "row", name=re.compile("^Projects logged")
    )
    expect(logged.get_by_role("cell").first).to_have_text("2")

    # The numbers behind the chart of stages are in a disclosure, opened from the keyboard.
    stages = page.locator("#table-stages")
    expect(stages).to_be_hidden()
    summary = page.locator("details", has=stages).locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(stages).to_be_visible()
    assert_accessible(page, step="the numbers behind the chart of stages, shown")
    testing = stages.get_by_role("row", name=re.compile("^Testing changes"))
    testing.get_by_role("link", name="1").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Projects at the stage: Testing changes"
    )
    expect(page.locator("main")).to_contain_text(
        "1 project, for Leeds Teaching Hospitals NHS Trust."
    )
    expect(page.get_by_role("link", name=city.falls.title)).to_be_visible()
    page.get_by_role("link", name="Back to the city view").click()
    # Back with the filters kept.
    expect(page.locator(".app-city-as-of")).to_contain_text(
        "for Leeds Teaching Hospitals NHS Trust"
    )

    with page.expect_download() as download:
        page.get_by_role(
            "link", name=re.compile(r"^Download this table \(CSV\)\W+Projects by stage$")
        ).click()
    assert download.value.suggested_filename == "leeds-city-view-stages-2026-06-15.csv"
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert rows[0] == ["Stage", "Projects", "Share of projects"]
    assert ["Testing changes", "1", "50%"] in rows
    assert page.problems == []
