"""The facilitator's journey in Chromium: create an event three days ahead, publish it,
see members book and wait, check them in on the day (the clock moved there) and download
the registrations with who came.

The clock is set to 09:00 today at the start, so nothing depends on the hour the suite
runs at; the event is three days ahead, well inside a signed-in session's 14 days."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from tests.browser.helpers import sign_in, window_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Run charts for ward teams"


def leeds_time(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def book(page, event: Event, *, access: str = "") -> None:
    page.goto(f"/events/{event.pk}/")
    page.get_by_role("button", name=re.compile("Book a place|Join the waiting list")).click()
    if access:
        page.get_by_label("Do you have any access requirements? (optional)").fill(access)
    page.get_by_role("button", name=re.compile("Book my place|Join the waiting list")).click()
    expect(page.locator("main")).to_contain_text(re.compile("Your place is booked|waiting list"))


def test_create_publish_take_bookings_check_in_on_the_day_and_download(
    page, browser, live_server, facilitator, time_machine
):
    today = timezone.localdate()
    time_machine.move_to(leeds_time(today, 9), tick=True)
    event_day = today + datetime.timedelta(days=3)
    asha = UserFactory(email="asha@example.org", profile__display_name="Asha Patel")
    tom = UserFactory(email="tom@example.org", profile__display_name="Tom Firth")
    nadia = UserFactory(email="nadia@example.org", profile__display_name="Nadia Hussain")

    sign_in(page, facilitator.email)
    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("link", name="Events you run").click()
    page.get_by_role("button", name="Create an event").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("group", name="Type of event").get_by_label("Workshop").check()
    page.get_by_label("Description").fill("Plot your ward's data and read it with the rules.")
    page.get_by_label("Facilitators").fill(facilitator.email)
    date = page.get_by_role("group", name=re.compile("^Date"))
    date.get_by_label("Day").fill(str(event_day.day))
    date.get_by_label("Month").fill(str(event_day.month))
    date.get_by_label("Year").fill(str(event_day.year))
    page.get_by_label("Start time").fill("13:30")
    page.get_by_label("End time").fill("15:30")
    page.get_by_role("group", name="Where it happens").get_by_label("In person", exact=True).check()
    page.get_by_label("Venue").fill("Leeds Civic Hall")
    page.get_by_label("Address").fill("Calverley Street, Leeds LS1 1UR")
    page.get_by_label("Number of places").fill("2")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator("main")).to_contain_text("Only facilitators can see this event")
    page.get_by_role("button", name="Publish the event").click()
    expect(page.get_by_role("button", name="Publish the event")).to_have_count(0)
    event = Event.objects.get(title=TITLE)
    assert event.status == Event.Status.PUBLISHED

    for member, access in ((asha, "A hearing loop, please"), (tom, ""), (nadia, "")):
        window = window_for(browser, live_server, member, page.problems)
        book(window, event, access=access)
        window.context.close()

    page.get_by_role("link", name="Registrations and waiting list").click()
    expect(page.locator("main")).to_contain_text("2 of 2 places taken, 1 waiting.")
    waiting = page.get_by_role("table", name=re.compile("The waiting list"))
    expect(waiting.get_by_role("row").nth(1)).to_contain_text("Nadia Hussain")

    # On the day: check-in opens.
    page.get_by_role("link", name="Check-in").click()
    expect(page.locator("main")).to_contain_text("Check-in opens on the day of the event")
    expect(page.get_by_role("button", name=re.compile(r"^Attended\W+Asha Patel$"))).to_have_count(0)
    time_machine.move_to(leeds_time(event_day, 13), tick=True)
    page.reload()
    page.get_by_role("button", name=re.compile(r"^Attended\W+Asha Patel$")).click()
    expect(page.get_by_role("alert")).to_contain_text("Asha Patel: attended.")
    page.get_by_role("button", name=re.compile(r"^Did not attend\W+Tom Firth$")).click()
    expect(page.locator("main")).to_contain_text("1 attended, 1 did not attend, 0 not marked yet")
    expect(page.locator("#maincontent")).to_contain_text("Access: A hearing loop, please")

    page.get_by_role("link", name="Back to the event").click()
    page.get_by_role("link", name="Registrations and waiting list").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the registrations and answers (CSV)").click()
    assert download.value.suggested_filename == f"event-{event.pk}-registrations.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    by_name = {row["Name"]: row for row in rows}
    assert by_name["Asha Patel"]["Status"] == "Attended"
    assert by_name["Asha Patel"]["Access requirements"] == "A hearing loop, please"
    assert by_name["Tom Firth"]["Status"] == "Did not attend"
    assert by_name["Nadia Hussain"]["Status"] == "On the waiting list"
    assert by_name["Nadia Hussain"]["Waiting list position"] == "1"
    assert page.problems == []
