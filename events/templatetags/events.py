from django import template

from core import wording

register = template.Library()

register.filter("time_text", wording.time_text)
register.filter("date_text", wording.date_text)
register.filter("moment_text", wording.moment_text)


@register.filter
def when_text(event) -> str:
    """An event's date and times."""
    return wording.when_text(event.starts_at, event.ends_at)


@register.filter
def places_text(event) -> str:
    """ "12 places left", "1 place left" or "Full", from the `places_taken` annotation."""
    left = max(event.capacity - event.places_taken, 0)
    if not left:
        return "Full"
    return f"{left} place{'s' if left != 1 else ''} left"
