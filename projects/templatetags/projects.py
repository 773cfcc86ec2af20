"""Template helpers for project pages."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.csvexport import plain_number as plain
from projects.measures.icons import ICON_TITLES, icon_svg
from projects.models import Measure, PdsaCycle, Stage
from projects.selectors import HIGHLIGHT_START, HIGHLIGHT_STOP

register = template.Library()

STAGE_TAG_COLOURS = {
    Stage.IDEA: "grey",
    Stage.PLANNING: "white",
    Stage.TESTING: "blue",
    Stage.IMPLEMENTING: "aqua-green",
    Stage.SPREADING: "purple",
    Stage.SUSTAINING: "green",
    Stage.COMPLETED: "green",
    Stage.PAUSED: "yellow",
    Stage.STOPPED: "red",
}
CYCLE_TAG_COLOURS = {
    PdsaCycle.Status.PLANNED: "grey",
    PdsaCycle.Status.RUNNING: "blue",
    PdsaCycle.Status.DONE: "green",
}


@register.filter
def highlight(text: str | None) -> SafeString:
    """A search snippet, escaped, with the matched words in <mark>."""
    escaped = escape(text or "")
    return mark_safe(  # noqa: S308 (escaped above; only the marks are added)
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


@register.filter
def stage_tag_colour(stage: str) -> str:
    return STAGE_TAG_COLOURS.get(stage, "grey")


@register.filter
def cycle_tag_colour(status: str) -> str:
    return CYCLE_TAG_COLOURS.get(status, "grey")


@register.filter
def member_name(user) -> str:
    """A contributor's name, also after their account has gone."""
    return user.display_name if user is not None else "A former member"


@register.filter
def plain_number(value: float | None) -> str:
    """A value as it was typed: 12, not 12.0."""
    return "" if value is None else plain(float(value))


@register.filter
def variation_icon(measure: Measure) -> SafeString:
    """The icon of a measure's cached variation reading, or nothing."""
    if measure.variation not in ICON_TITLES:
        return mark_safe("")
    icon = icon_svg(measure.variation, size=40, id_prefix=f"measure-{measure.pk}-icon")
    return mark_safe(icon)  # noqa: S308 (our own SVG; its text is escaped)
