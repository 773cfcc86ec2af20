"""Steps the journeys share: signing in (through the form, or with a session cookie when
the sign-in page is not what the journey is about), a second person's window, and the
code an authenticator app would show."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Through the sign-in page, from wherever the page is, to the member's home page."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile("/home/$"))


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def sign_in_context(context, live_server, user) -> None:
    """Sign the member in to a browser context with a session cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def window_for(browser, live_server, user, problems: list):
    """A second person's browser window, signed in as `user`, whose script errors and
    failed requests join `problems` (the main page's). Close its context at the end."""
    context = browser.new_context(base_url=live_server.url)
    sign_in_context(context, live_server, user)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and problems.append(f"{response.status} {response.url}")
        ),
    )
    return page


def totp_code(secret: str, offset: int = 0) -> str:
    """The code an authenticator app shows now (or `offset` 30-second steps from now)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))
