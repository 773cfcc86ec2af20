import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_landing_page_loads_its_assets_without_csp_violations(page):
    page.goto("/")
    assert page.title() == "Improvement together across Leeds – Leeds Quality Network"
    assert page.locator("h1").inner_text() == "Leeds Quality Network"
    background = page.locator("header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(0, 94, 184)", "the stylesheet did not load"
    assert page.problems == []


def test_the_first_tab_reaches_the_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
