"""The events acceptance journey in Chromium, with a real Celery worker sending the email:
a member joins the waiting list of a full event, is promoted when the member with the
place cancels, receives each email, and imports the invitation into a calendar library
with its time and place intact."""

import time
from pathlib import Path

import icalendar
import pytest

from core import devmailbox
from core.models import OutgoingEmail
from events.models import Registration
from tests.browser.helpers import sign_in_context
from tests.events.factories import EventFactory, in_days

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def wait_until_sent(count: int) -> None:
    """Poll until the worker has sent `count` emails (the only sleep: a real process)."""
    for _ in range(240):
        if OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() >= count:
            return
        time.sleep(0.25)
    pytest.fail(f"the worker sent {list(OutgoingEmail.objects.values_list('kind', 'status'))}")


def delivered_to(address: str, subject_part: str):
    (message,) = [
        m for m in devmailbox.list_messages() if address in m.to and subject_part in m.subject
    ]
    return message


def test_waitlisted_then_promoted_with_every_email_and_the_invitation(
    page, browser, live_server, settings, champion, other_champion, celery_worker_process
):
    settings.DEV_MAILBOX_DIR = celery_worker_process.mailbox
    event = EventFactory(
        title="Neutral space: discharge across Leeds",
        capacity=1,
        starts_at=in_days(9, 14),
        ends_at=in_days(9, 16),
        venue="Leeds Civic Hall",
        address="Calverley Street, Leeds LS1 1UR",
    )
    tom_window = browser.new_context(base_url=live_server.url)
    sign_in_context(tom_window, live_server, other_champion)
    tom = tom_window.new_page()
    tom.on("pageerror", lambda error: page.problems.append(str(error)))
    tom.goto(f"/events/{event.pk}/")
    tom.get_by_role("button", name="Book a place").click()
    tom.get_by_role("button", name="Book my place").click()
    assert "Your place is booked" in tom.content()

    asha = page
    sign_in_context(asha.context, live_server, champion)
    asha.goto("/events/")
    asha.get_by_role("link", name="Neutral space: discharge across Leeds").click()
    asha.get_by_role("button", name="Join the waiting list").click()
    asha.get_by_label("What do you want to learn? (optional)").fill("How others share beds")
    asha.get_by_role("button", name="Join the waiting list").click()
    assert "you are on the waiting list: number 1" in asha.content()
    assert "You are number 1 on the waiting list" in asha.content()

    tom.get_by_role("link", name="Cancel your place").click()
    tom.get_by_role("button", name="Cancel my place").click()
    assert "is cancelled" in tom.content()

    asha.reload()
    assert "You have a place" in asha.content()
    assert Registration.objects.get(user=champion).status == Registration.Status.CONFIRMED
    with asha.expect_download() as download:
        asha.get_by_role("link", name="Add it to your calendar (.ics file)").click()
    downloaded = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    (vevent,) = downloaded.walk("VEVENT")
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent["LOCATION"] == "Leeds Civic Hall, Calverley Street, Leeds LS1 1UR"

    wait_until_sent(4)
    delivered_to(other_champion.email, "Your place is booked")
    delivered_to(other_champion.email, "Your registration is cancelled")
    assert "you are number 1." in delivered_to(champion.email, "waiting list").text
    promoted = delivered_to(champion.email, "A place came up")
    assert "it is yours" in promoted.text
    assert "it is yours" in promoted.html
    (part,) = [p for p in promoted.parsed.walk() if p.get_content_type() == "text/calendar"]
    (invited,) = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
    assert invited.decoded("DTSTART") == event.starts_at
    assert invited.decoded("DTEND") == event.ends_at
    assert invited["LOCATION"] == "Leeds Civic Hall, Calverley Street, Leeds LS1 1UR"
    assert page.problems == []
    tom_window.close()
