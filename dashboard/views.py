"""The city view for system leaders and facilitators: the overview of every panel, each
table as CSV, and the lists behind the numbers. Everyone else gets 404."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from core import roles
from core.access import role_required
from core.csvexport import csv_response
from core.pagination import paginate
from dashboard import drilldown
from dashboard.forms import DATES_HINT, CityFilterForm, describe_filters, filter_data
from dashboard.overview import overview_body, overview_tables

PER_PAGE = 20
LEARNING_NOT_JUDGEMENT = (
    "These figures are for learning, not judgement: they show where improvement is "
    "happening and who to learn from, so no panel ranks organisations or teams by their "
    "results, because league tables turn learning into blame."
)
city_view_access = role_required(roles.SYSTEM_LEADER, roles.FACILITATOR, hide=True)


def _invalid(request: HttpRequest, form: CityFilterForm, *, status: int = 200) -> HttpResponse:
    """The page with the error summary and the filters, and no figures."""
    return render(
        request,
        "dashboard/index.html",
        {"form": form, "dates_hint": DATES_HINT, "LEARNING_NOT_JUDGEMENT": LEARNING_NOT_JUDGEMENT},
        status=status,
    )


@require_GET
@city_view_access
def index(request: HttpRequest) -> HttpResponse:
    body, form = overview_body(request.GET)
    if body is None:
        return _invalid(request, form)
    # The body is this app's own template output (every value escaped when it was
    # rendered), kept compressed in the cache as bytes.
    return render(
        request,
        "dashboard/index.html",
        {"body": mark_safe(body), "LEARNING_NOT_JUDGEMENT": LEARNING_NOT_JUDGEMENT},  # noqa: S308
    )


@require_GET
@city_view_access
def export(request: HttpRequest, table: str) -> HttpResponse:
    """One of the overview's tables as CSV: the same figures as the page (formula-safe)."""
    figures, form = overview_tables(request.GET)
    if figures is None:
        return _invalid(request, form, status=400)
    as_of, tables = figures
    found = tables.get(table)
    if found is None:
        raise Http404("No such table.")
    day = timezone.localdate(as_of).isoformat()
    return csv_response(f"leeds-city-view-{table}-{day}.csv", found.columns, found.csv_rows())


ROWS = {
    "projects": ("project", drilldown.projects_page, "dashboard/_project_row.html"),
    "members": ("member", drilldown.members_page, "dashboard/_member_row.html"),
    "events": ("event", drilldown.events_page, "dashboard/_event_row.html"),
}


def _drilldown(request: HttpRequest, kind: str) -> HttpResponse:
    data = filter_data(request.GET)
    form = CityFilterForm(data or None)
    if form.is_bound and not form.is_valid():
        return render(request, "dashboard/drilldown.html", {"form": form, "query": ""})
    chosen = drilldown.drill(kind, request.GET.get("by", ""))
    value = request.GET.get("value", "")
    heading = chosen.heading(value)
    now = timezone.now()
    moment = drilldown.Moment(today=timezone.localdate(now), now=now)
    filters = form.filters()
    noun, ordered, row_template = ROWS[kind]
    page = paginate(request, ordered(chosen.rows(filters, value, moment)), per_page=PER_PAGE)
    return render(
        request,
        "dashboard/drilldown.html",
        {
            "form": form,
            "heading": heading,
            "page": page,
            "noun": noun,
            "row_template": row_template,
            "chosen": describe_filters(filters),
            "query": data.urlencode(),
        },
    )


@require_GET
@city_view_access
def project_list(request: HttpRequest) -> HttpResponse:
    return _drilldown(request, "projects")


@require_GET
@city_view_access
def member_list(request: HttpRequest) -> HttpResponse:
    return _drilldown(request, "members")


@require_GET
@city_view_access
def event_list(request: HttpRequest) -> HttpResponse:
    return _drilldown(request, "events")
