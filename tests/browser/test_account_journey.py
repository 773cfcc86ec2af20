"""The acceptance journey, in the browser, with a real Celery worker sending the email:
sign up, read the verification email in the dev mailbox, verify, sign in, turn on
two-step verification, sign out, and sign in with an emailed code."""

import re
import time

import pytest
from django.utils import timezone

from champions.models import Profile, User
from core import roles
from core.models import OutgoingEmail
from tests.browser.helpers import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EMAIL = "nadia.hussain@example.org"
PASSWORD = "quality-improvement-in-leeds"


def open_newest_email(page, subject_part: str) -> str:
    """Open the dev mailbox until the worker has delivered the email, and return its text."""
    for _ in range(120):
        page.goto("/dev/mailbox/")
        link = page.get_by_role("link", name=re.compile(subject_part))
        if link.count():
            link.first.click()
            return page.locator("pre").inner_text()
        time.sleep(0.25)
    pytest.fail(f"no email about {subject_part!r} reached the mailbox")


def test_sign_up_verify_turn_on_two_step_and_sign_in_by_code(
    page, settings, celery_worker_process, time_machine
):
    settings.DEV_MAILBOX_DIR = celery_worker_process.mailbox  # the worker's deliveries

    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert "verify your email address" in page.title().lower()

    text = open_newest_email(page, "Confirm your email|Please Confirm")
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", text).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    assert page.url.endswith("/people/me/edit/"), "a new member completes their profile first"
    assert roles.is_champion(User.objects.get(email=EMAIL))
    # Completing the profile has its own journey (test_people_journey.py).
    Profile.objects.create(
        user=User.objects.get(email=EMAIL),
        display_name="Nadia Hussain",
        completed_at=timezone.now(),
    )
    assert OutgoingEmail.objects.get(to=EMAIL).status == OutgoingEmail.Status.SENT

    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/home/")

    page.get_by_role("link", name="Turn on two-step verification").click()
    if "reauthenticate" in page.url:  # a sensitive change asks for the password again
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name=re.compile("Confirm")).click()
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    assert "/accounts/2fa/" in page.url
    page.goto("/home/")
    assert "Two-step verification" in page.content()
    assert "Turn on two-step verification" not in page.content()

    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/code/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_role("button", name=re.compile("code", re.I)).click()
    text = open_newest_email(page, "Sign-In Code|sign-in code|Sign-in code")
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", text, re.MULTILINE).group(1)
    page.goto("/accounts/login/code/confirm/")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name=re.compile("Sign in|Confirm", re.I)).click()
    assert "/accounts/2fa/authenticate/" in page.url, "TOTP is on: a second step is asked for"
    # A code is good once: move on to the authenticator's next 30-second window.
    time_machine.move_to(time.time() + 30, tick=True)
    page.get_by_label(re.compile("code", re.I)).fill(totp_code(secret))
    page.get_by_role("button", name=re.compile("Sign in|Confirm", re.I)).click()
    assert page.url.endswith("/home/"), page.url
    assert page.problems == []
