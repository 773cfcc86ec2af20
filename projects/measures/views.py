"""Measures: their definition, values (one at a time, pasted or imported from CSV), rebases,
the SPC chart with its reading, and the data as CSV. The team edits; everyone who can
read the project reads the charts.

Bright spots: "What is working well in Leeds". Measures whose latest point is special
cause improvement, read from each measure's cached analysis, with the team to ask and the
change ideas they tested. Concerns never appear here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.csvexport import csv_response
from core.errors import ServiceError
from core.forms import add_service_error
from core.pagination import paginate
from core.wording import long_date, uk_date
from projects import permissions
from projects.measures import selectors, services
from projects.measures.forms import (
    BrightSpotFilterForm,
    DataPointForm,
    ImportForm,
    MeasureForm,
    RebaseForm,
)
from projects.measures.readings import measure_view
from projects.models import DataPoint, Measure, Project, Rebase
from projects.permissions import get_project_for_user

CSV_HEADER = [
    "Date", "Value", "Note", "PDSA cycle", "Mean", "Lower process limit", "Upper process limit",
    "Reading",
]  # fmt: skip
BRIGHT_SPOTS_PER_PAGE = 20


def _measure(project: Project, measure_pk: int) -> Measure:
    return get_object_or_404(Measure, pk=measure_pk, project=project)


def _form_page(request: HttpRequest, template: str, project: Project, **context) -> HttpResponse:
    return render(request, template, {"project": project, **context})


@require_http_methods(["GET", "POST"])
@login_required
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    form = MeasureForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        measure = services.measure_create(project=project, by=request.user, data=form.cleaned_data)
        messages.success(
            request, f"The measure “{measure.name}” has been added. Now add its values."
        )
        return redirect(measure)
    return _form_page(
        request, "projects/form_page.html", project, form=form, heading="Add a measure",
        back_url=f"{project.get_absolute_url()}#measures", submit="Add the measure",
    )  # fmt: skip


@require_GET
@login_required
def measure_detail(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk)
    measure = get_object_or_404(
        selectors.with_data(Measure.objects.filter(project=project)), pk=measure_pk
    )
    return render(
        request,
        "projects/measure_detail.html",
        {
            "project": project,
            "view": measure_view(measure),
            "can_edit": permissions.can_edit_project(request.user, project),
            "show_concerns": permissions.can_see_concerns(request.user, project),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def measure_edit(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    measure = _measure(project, measure_pk)
    form = MeasureForm(request.POST if request.method == "POST" else None, instance=measure)
    if form.is_valid():
        services.measure_update(measure=measure, by=request.user, data=form.cleaned_data)
        messages.success(request, "The measure has been updated.")
        return redirect(measure)
    return _form_page(
        request, "projects/form_page.html", project, form=form, measure=measure,
        heading="Change the measure", back_url=measure.get_absolute_url(), submit="Save",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def measure_delete(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """A confirmation page, then the measure and all its values go."""
    project = get_project_for_user(request, pk, write=True)
    measure = _measure(project, measure_pk)
    if request.method == "POST":
        services.measure_delete(measure=measure, by=request.user)
        messages.success(request, f"The measure “{measure.name}” has been removed.")
        return redirect(f"{project.get_absolute_url()}#measures")
    return render(
        request,
        "projects/measure_delete.html",
        {"project": project, "measure": measure, "count": measure.points.count()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def measure_data(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """Add one value."""
    project = get_project_for_user(request, pk, write=True)
    measure = _measure(project, measure_pk)
    form = DataPointForm(request.POST if request.method == "POST" else None, project=project)
    if form.is_valid():
        try:
            point = services.data_point_create(
                measure=measure, by=request.user, data=form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The value for {long_date(point.date)} has been added.")
            return redirect(measure)
    return _form_page(
        request, "projects/measure_value_form.html", project, form=form, measure=measure,
        heading="Add a value",
    )  # fmt: skip


def _point(measure: Measure, point_pk: int) -> DataPoint:
    return get_object_or_404(DataPoint.objects.select_related("pdsa"), pk=point_pk, measure=measure)


@require_http_methods(["GET", "POST"])
@login_required
def measure_point_edit(
    request: HttpRequest, pk: int, measure_pk: int, point_pk: int
) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    measure = _measure(project, measure_pk)
    point = _point(measure, point_pk)
    form = DataPointForm(
        request.POST if request.method == "POST" else None,
        project=project,
        initial={"date": point.date, "value": point.value, "note": point.note,
                 "pdsa": point.pdsa_id},
    )  # fmt: skip
    if form.is_valid():
        try:
            services.data_point_update(point=point, by=request.user, data=form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The value for {long_date(point.date)} has been changed.")
            return redirect(measure)
    return _form_page(
        request, "projects/measure_value_form.html", project, form=form, measure=measure,
        point=point, heading=f"Change the value for {long_date(point.date)}",
    )  # fmt: skip


@require_POST
@login_required
def measure_point_delete(
    request: HttpRequest, pk: int, measure_pk: int, point_pk: int
) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    measure = _measure(project, measure_pk)
    point = _point(measure, point_pk)
    services.data_point_delete(point=point, by=request.user)
    messages.success(request, f"The value for {long_date(point.date)} has been removed.")
    return redirect(measure)


@require_http_methods(["GET", "POST"])
@login_required
def measure_import(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """Paste rows or upload a CSV file: every row is imported, or none is."""
    project = get_project_for_user(request, pk, write=True)
    measure = _measure(project, measure_pk)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if form.is_valid():
        outcome = services.data_points_import(
            measure=measure, by=request.user, parsed=form.parsed,
            replace=form.cleaned_data["replace"],
        )  # fmt: skip
        if not outcome.errors:
            message = f"{outcome.imported:,} value{'s' * (outcome.imported != 1)} imported"
            if outcome.replaced:
                message += f" ({outcome.replaced:,} replacing earlier values)"
            messages.success(request, f"{message}.")
            return redirect(measure)
        form.show_row_errors(outcome.errors)
    return _form_page(
        request, "projects/measure_import.html", project, form=form, measure=measure,
        heading="Paste or import values",
    )  # fmt: skip


@require_GET
@login_required
def measure_export(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """The values with their reading, as CSV that imports back (date, value and note)."""
    project = get_project_for_user(request, pk)
    measure = get_object_or_404(
        selectors.with_data(Measure.objects.filter(project=project)), pk=measure_pk
    )
    view = measure_view(measure)

    def number(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    rows = (
        [
            uk_date(point.date), point.value, point.note,
            str(point.pdsa) if point.pdsa_id else "", number(spc.mean),
            number(spc.lower_limit), number(spc.upper_limit), row.reading,
        ]
        for point, spc, row in zip(
            measure.point_list, view.result.points, view.rows, strict=True
        )
    )  # fmt: skip
    name = slugify(measure.name)[:60] or "measure"
    return csv_response(f"{name}-{timezone.localdate().isoformat()}.csv", CSV_HEADER, rows)


@require_http_methods(["GET", "POST"])
@login_required
def measure_rebase_create(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """Mark a change in the process: the limits are calculated afresh from that date."""
    project = get_project_for_user(request, pk, write=True)
    measure = _measure(project, measure_pk)
    form = RebaseForm(request.POST if request.method == "POST" else None, project=project)
    if form.is_valid():
        try:
            rebase = services.rebase_create(
                measure=measure, by=request.user, data=form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"The limits are now recalculated from {long_date(rebase.date)}."
            )
            return redirect(measure)
    return _form_page(
        request, "projects/measure_rebase_form.html", project, form=form, measure=measure,
        heading="Mark a change in the process",
    )  # fmt: skip


@require_POST
@login_required
def measure_rebase_delete(
    request: HttpRequest, pk: int, measure_pk: int, rebase_pk: int
) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    measure = _measure(project, measure_pk)
    rebase = get_object_or_404(Rebase, pk=rebase_pk, measure=measure)
    services.rebase_delete(rebase=rebase, by=request.user)
    messages.success(
        request, f"The limits are no longer recalculated from {long_date(rebase.date)}."
    )
    return redirect(measure)


@require_GET
@login_required
def bright_spots(request: HttpRequest) -> HttpResponse:
    form = BrightSpotFilterForm(request.GET or None)
    area = form.cleaned_data.get("area") if form.is_bound and form.is_valid() else None
    page = paginate(
        request,
        selectors.bright_spots(user=request.user, clinical_area=area),
        per_page=BRIGHT_SPOTS_PER_PAGE,
    )
    return render(
        request,
        "projects/bright_spots.html",
        {"filter_form": form, "area": area, "page": page},
    )
