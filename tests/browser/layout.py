"""Layout checks for the browser tests."""

# The outermost elements reaching past the right edge of the window: each one's parent fits
# and lets it overflow (a wide table scrolling inside a container that fits is not one), or
# it is positioned against an ancestor that fits, so that no scrolling container holds it.
STICKING_OUT = """() => {
    const fits = (element) => element.getBoundingClientRect().right <= window.innerWidth + 0.5;
    return [...document.body.querySelectorAll("*")]
        .filter((element) => {
            if (fits(element)) return false;
            const parent = element.parentElement;
            const position = getComputedStyle(element).position;
            if (position === "absolute" || position === "fixed") {
                return !element.offsetParent || fits(element.offsetParent);
            }
            return fits(parent) && getComputedStyle(parent).overflowX === "visible";
        })
        .slice(0, 10)
        .map((element) => element.outerHTML.slice(0, 160));
}"""


def assert_no_sideways_scroll(page, *, step: str = "") -> None:
    """Fail when the page is wider than the window, so that a reader scrolls it sideways
    (WCAG 1.4.10 Reflow: usable at 320 CSS pixels wide), naming what sticks out."""
    page_width, window_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    if page_width > window_width:
        where = f"{page.url} ({step})" if step else page.url
        culprits = "\n".join(f"  {html}" for html in page.evaluate(STICKING_OUT))
        raise AssertionError(
            f"{where} is {page_width} px wide in a {window_width} px window;"
            f" sticking out:\n{culprits}"
        )
