"""Finding projects: search and browse, the CSV download, and similar projects."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.csvexport import csv_response
from core.pagination import paginate
from projects import selectors
from projects.forms import ProjectFilterForm

PER_PAGE = 20
CSV_HEADER = [
    "Title", "Summary", "Aim", "Stage", "Method", "IHI progress score", "Organisations",
    "Cross-boundary", "Clinical areas", "Setting", "Patient and carer partners", "Leads",
    "Help wanted", "Help wanted with", "Start date", "Expected end date", "Link",
]  # fmt: skip


def _filter_form(request: HttpRequest) -> ProjectFilterForm:
    form = ProjectFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    return form


@require_GET
@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    filters = form.filters()
    page = paginate(
        request, selectors.search_projects(user=request.user, filters=filters), per_page=PER_PAGE
    )
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "projects/list.html",
        {
            "filter_form": form,
            "filters": filters,
            "page": page,
            "export_url": f"{reverse('projects:export')}?{export_query.urlencode()}",
        },
    )


def _names(items) -> str:
    return "; ".join(str(item) for item in items)


def _csv_row(project, base: str) -> list[object]:
    return [
        project.title, project.summary, project.aim, project.get_stage_display(),
        project.get_method_display(), project.progress_score,
        _names(project.organisations.all()), "Yes" if project.is_cross_boundary else "No",
        _names(project.clinical_areas.all()), project.get_setting_display(),
        project.get_partner_involvement_display(),
        _names(lead.user.display_name for lead in project.leads), project.help_wanted_text,
        _names(project.help_wanted_skills.all()), project.start_date or "",
        project.expected_end_date or "", f"{base}{project.get_absolute_url()}",
    ]  # fmt: skip


@require_GET
@login_required
def project_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV: only what the member may see; formula cells escaped."""
    filters = _filter_form(request).filters()
    projects = selectors.export_projects(user=request.user, filters=filters)
    base = request.build_absolute_uri("/").rstrip("/")
    rows = (_csv_row(project, base) for project in projects)
    stamp = timezone.localdate().isoformat()
    return csv_response(f"leeds-quality-projects-{stamp}.csv", CSV_HEADER, rows)


@require_GET
@login_required
def similar(request: HttpRequest) -> HttpResponse:
    """Similar projects as an HTML fragment, for the new-project page's script."""
    title = request.GET.get("title", "")[:200]
    aim = request.GET.get("aim", "")[:1000]
    projects = selectors.similar_projects(user=request.user, title=title, aim=aim)
    return render(request, "projects/_similar.html", {"similar": projects, "searched": True})
