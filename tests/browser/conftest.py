"""Browser tests: Debian's Chromium driven by Playwright against the live test server."""

import os
import shutil

import pytest
from django.db import connections

from tests.browser.axe import DocumentWatch

DOCUMENT_WATCH = pytest.StashKey[DocumentWatch]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Once the test's steps have passed, the pages it left open are checked too, and any
    accessibility failure the document watch kept fails the test."""
    result = yield
    watch = item.stash.get(DOCUMENT_WATCH, None)
    if watch is not None and (failures := watch.finish()):
        pytest.fail("\n\n".join(failures), pytrace=False)
    return result


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium")
    if path is None:
        message = "Debian's chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def document_watch(request) -> DocumentWatch:
    """Checks with axe-core every document the test's browser shows (tests/browser/axe.py)."""
    watch = DocumentWatch()
    request.node.stash[DOCUMENT_WATCH] = watch
    return watch


@pytest.fixture
def browser(chromium_path, document_watch):
    """A browser for one test, each context and page it opens watched by axe-core.

    Playwright's sync API runs an event loop in this thread, and while it runs Django keeps
    a separate set of database connections for the thread; stopping it before the test's
    database teardown lets that teardown use the test run's own connection (which restores
    the reference data for the next transactional test)."""
    from playwright.sync_api import sync_playwright

    # The ORM calls the tests make between browser steps are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        document_watch.watch_browser(browser)
        yield browser
        browser.close()
        # The connections opened while the loop ran are closed with it.
        connections.close_all()


class PageProblems(list):
    """Console errors, page errors and failed requests seen by a page."""


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    problems = PageProblems()
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and problems.append(f"{response.status} {response.url}")
        ),
    )
    page.problems = problems
    yield page
    context.close()
