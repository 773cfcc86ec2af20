from html import escape

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import wording
from events.models import Registration

register = template.Library()

ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)

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


# The registrations table's rows (templates/events/manage/_registrations_table.html). A busy
# event lists hundreds of registrations, and the template engine costs about a tenth of a
# millisecond a row for this markup (most of the page's time); built here it costs a
# hundredth. Every value is escaped (with the standard library's `escape`, as Django's does,
# without its lazy-string wrapper).
_CELL = (
    '<td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
    'aria-hidden="true">{} </span>{}</td>'
)
_POSITION = (
    '<td class="nhsuk-table__cell nhsuk-table__cell--numeric"><span '
    'class="nhsuk-table-responsive__heading" aria-hidden="true">Position </span>{}</td>'
)
_REMOVE = (
    '<form method="post" action="{}" novalidate>{}<button class="app-button-link" '
    'type="submit">Remove<span class="nhsuk-u-visually-hidden"> {}</span></button></form>'
)
_URL_MARKER = 2_147_483_647  # stands for each registration's id in the remove address


@register.simple_tag(takes_context=True)
def registration_rows(context, rows, event, numbered=False) -> str:
    """The table rows of `rows` (`selectors.RegistrationRow`s): position (when `numbered`),
    name and organisation, when they registered, their answers, and a remove button for a
    place or a waiting-list place."""
    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', context.get("csrf_token")
    )
    remove_url = reverse("events:registration_remove", args=[event.pk, _URL_MARKER])
    marker = str(_URL_MARKER)
    html = []
    for position, row in enumerate(rows, start=1):
        name = escape(str(row.display_name))
        who = name
        if row.organisation_short_name:
            who += f'<br><span class="nhsuk-body-s">{escape(row.organisation_short_name)}</span>'
        active = row.status in ACTIVE
        if not active:
            label = escape(row.get_status_display())
            who += f'<br><strong class="nhsuk-tag nhsuk-tag--grey">{label}</strong>'
        registered = escape(wording.moment_text(row.requested_at))
        if row.added_by_id:
            registered += " (added by a facilitator)"
        answers = "".join(
            f"<strong>{heading}</strong> {escape(text)}{end}"
            for heading, text, end in (
                ("Project:", row.project_answer, "<br>"),
                ("Wants to learn:", row.learning_answer, "<br>"),
                ("Access:", row.access_requirements, ""),
            )
            if text
        )
        action = ""
        if active:
            url = remove_url.replace(marker, str(row.pk))
            action = _REMOVE.format(escape(url), csrf, name)
        html.append(
            '<tr class="nhsuk-table__row">'
            + (_POSITION.format(position) if numbered else "")
            + _CELL.format("Name", who)
            + _CELL.format("Registered", registered)
            + _CELL.format("Answers", answers)
            + _CELL.format("Action", action)
            + "</tr>"
        )
    return mark_safe("".join(html))  # noqa: S308 (every value above is escaped)
