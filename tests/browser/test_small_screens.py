"""The key pages read at 320 CSS pixels wide (WCAG 1.4.10 Reflow) without scrolling
sideways: only a wide table may scroll, inside its own container. Every page is also
checked by axe-core at that width (the document watch, tests/browser/axe.py)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.axe import assert_accessible
from tests.browser.layout import assert_no_sideways_scroll
from tests.events.factories import EventFactory
from tests.factories import ProjectFactory
from tests.projects.measures import IMPROVING, make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


def sign_in(page, live_server, user) -> None:
    """Sign in by cookie: the sign-in page is a journey of its own."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_a_champions_key_pages_fit_a_320_pixel_window(page, live_server, champion):
    project = ProjectFactory(lead=champion, title="Safer nights on the frailty wards")
    measure = make_measure(project, champion, IMPROVING)
    event = EventFactory(title="Neutral space: discharge across Leeds")
    page.set_viewport_size(NARROW)
    page.goto("/")
    assert_no_sideways_scroll(page)

    sign_in(page, live_server, champion)
    for url in (
        "/home/",
        "/people/",
        "/projects/",
        project.get_absolute_url(),
        "/events/",
        f"/events/{event.pk}/",
        f"/projects/{project.pk}/measures/{measure.pk}/",
    ):
        page.goto(url)
        assert_no_sideways_scroll(page)
    page.get_by_text("Show the data as a table").click()
    assert_no_sideways_scroll(page, step="the chart's data table opened")
    assert_accessible(page, step="the chart's data table opened")
    assert page.problems == []


def test_the_city_view_fits_a_320_pixel_window(page, live_server, system_leader):
    ProjectFactory(title="Safer nights on the frailty wards")
    page.set_viewport_size(NARROW)
    sign_in(page, live_server, system_leader)
    page.goto("/city/")
    assert_no_sideways_scroll(page)
    assert page.problems == []


def test_a_page_too_wide_for_the_window_fails(page, live_server):
    url = f"{live_server.url}/too-wide/"
    page.route(
        url,
        lambda route: route.fulfill(
            content_type="text/html",
            body='<!DOCTYPE html><html lang="en-GB"><head><title>Wide</title></head><body>'
            '<main><h1>Wide</h1><p id="banner" style="width: 600px">A banner</p></main>'
            "</body></html>",
        ),
    )
    page.set_viewport_size(NARROW)
    page.goto(url)
    with pytest.raises(AssertionError) as failure:
        assert_no_sideways_scroll(page, step="the banner")
    message = str(failure.value)
    assert f"{url} (the banner) is " in message
    assert "px wide in a 320 px window" in message
    assert '<p id="banner" style="width: 600px">A banner</p>' in message
