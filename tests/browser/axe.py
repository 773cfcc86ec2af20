"""axe-core in the browser tests.

`assert_accessible(page, step=...)` checks the page as it is now against the WCAG 2.0, 2.1
and 2.2 A and AA rules. A journey calls it after an in-page change (a disclosure opened, an
error shown by a script); whole documents are checked without being asked for, by a
`DocumentWatch` on every browser context the tests open (see conftest.py).

axe-core is vendored (`make vendor`, pinned in package.json): the tests need no network.
It goes in with `page.evaluate`, which the site's Content-Security-Policy does not govern
(a script tag would be refused, and the tests keep the policy on to catch inline scripts).
"""

import functools
import re
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

# axe-core's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA
# (2.2 adds no level A rule to axe-core, so it has no wcag22a tag). test_axe.py checks
# that each names some rule.
WCAG_A_AND_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

WAIT_FOR_LOAD = """() => document.readyState === "complete" || new Promise((loaded) => {
    addEventListener("load", loaded, {once: true});
    setTimeout(loaded, 10000);
})"""

RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        helpUrl: violation.helpUrl,
        nodes: violation.nodes.map((node) => ({
            target: node.target.map((part) => [].concat(part).join(" ")),
            html: node.html,
            summary: node.failureSummary,
        })),
    }));
}"""


@functools.cache
def axe_source() -> str:
    return AXE_SOURCE.read_text()


def inject_axe(page) -> None:
    if page.evaluate("typeof window.axe === 'undefined'"):
        page.evaluate(axe_source())


def accessibility_violations(page) -> list[dict]:
    """axe-core's violations of the WCAG A and AA rules on the page as it is now."""
    page.evaluate(WAIT_FOR_LOAD)
    inject_axe(page)
    return page.evaluate(RUN_AXE, list(WCAG_A_AND_AA))


def describe_violations(violations: list[dict], *, url: str, step: str = "") -> str:
    where = f"{url} ({step})" if step else url
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' >>> '.join(node['target'])}")
            lines.append(f"       {node['html']}")
            summary = re.sub(r"\s*\n\s*", " / ", node["summary"] or "").strip()
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_accessible(page, *, step: str = "") -> None:
    """Fail, whatever the impact, on any violation of the WCAG A and AA rules, naming each
    rule, the page (and `step`, which says what the journey had just done), and the
    elements with their HTML."""
    violations = accessibility_violations(page)
    if violations:
        raise AssertionError(describe_violations(violations, url=page.url, step=step))


class DocumentWatch:
    """Checks every HTML document that a watched page shows, as the journey left it: before
    the journey's next action on it (a Playwright locator handler, which runs before each
    click, fill or check while the action waits), before `goto` or `reload` leaves it,
    before the test closes the page or its context, and at the end of the test.

    A checked document is marked with a data-axe-checked attribute on its html element,
    so that it is checked once; a journey that changes it in place (a disclosure opened, an
    error shown by a script) checks it again with `assert_accessible`, as does one that leaves
    a document by a step with no actionability check (`page.keyboard`, `go_back`).

    The checks run inside Playwright's handlers, where an exception would go no further
    than the event loop: the failures are kept, and `finish()` reports them, once the
    test's own steps are done, as the test's failure."""

    CHECKED = "data-axe-checked"

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.contexts: list = []
        self.watching = True

    def watch_browser(self, browser) -> None:
        """Watch every context and page the browser opens from now on."""
        new_context, new_page = browser.new_context, browser.new_page

        @functools.wraps(new_context)
        def watched_new_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            self.watch(context)
            return context

        @functools.wraps(new_page)
        def watched_new_page(*args, **kwargs):
            page = new_page(*args, **kwargs)
            self.watch(page.context)
            return page

        browser.new_context = watched_new_context
        browser.new_page = watched_new_page

    def watch(self, context) -> None:
        self.contexts.append(context)
        for page in context.pages:
            self.watch_page(page)
        new_page, close = context.new_page, context.close

        @functools.wraps(new_page)
        def watched_new_page(*args, **kwargs):
            page = new_page(*args, **kwargs)
            self.watch_page(page)
            return page

        @functools.wraps(close)
        def checked_close(*args, **kwargs):
            for page in context.pages:
                self.check(page, step="the last page before its browser window closed")
            return close(*args, **kwargs)

        context.new_page = watched_new_page
        context.close = checked_close

    def watch_page(self, page) -> None:
        page.add_locator_handler(
            page.locator(f"html:not([{self.CHECKED}])"),
            lambda: self.check(page, step="before the next step on it"),
            no_wait_after=True,
        )
        for name, step in (
            ("goto", "before the browser went on to another page"),
            ("reload", "before the browser reloaded it"),
            ("close", "the last page before its tab closed"),
        ):
            leave = getattr(page, name)
            setattr(page, name, self._checked_before(page, leave, step))

    def _checked_before(self, page, leave, step: str):
        @functools.wraps(leave)
        def checked(*args, **kwargs):
            self.check(page, step=step)
            return leave(*args, **kwargs)

        return checked

    def check(self, page, *, step: str) -> None:
        """Check the page's document unless it was checked, keeping any failure for
        `finish()`."""
        if not self.watching or page.is_closed() or not page.url.startswith("http"):
            return
        try:
            unchecked = page.evaluate(
                """(checked) => document.contentType === "text/html"
                    && !document.documentElement.hasAttribute(checked)""",
                self.CHECKED,
            )
            if not unchecked:
                return  # checked, or a CSV or a calendar file shown as it is
            try:
                assert_accessible(page, step=step)
            finally:
                page.evaluate(
                    "(checked) => document.documentElement.setAttribute(checked, '')",
                    self.CHECKED,
                )
        except AssertionError as failure:
            self.failures.append(str(failure))
        except PlaywrightError as error:
            if not page.is_closed():
                self.failures.append(f"axe-core could not check {page.url} ({step}): {error}")

    def finish(self) -> list[str]:
        """Check the pages still open, stop watching, and return every failure."""
        for context in self.contexts:
            for page in context.pages:
                self.check(page, step="the last page of the test")
        self.watching = False
        return self.failures
