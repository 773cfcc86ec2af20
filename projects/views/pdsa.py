"""PDSA cycles: small tests of one change idea, numbered in order on its ramp."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from projects import permissions, services
from projects.forms import PdsaCycleForm
from projects.models import ChangeIdea, PdsaCycle
from projects.permissions import get_project_for_user

OBJECTIVE_MAX_LENGTH = PdsaCycle._meta.get_field("objective").max_length


@require_http_methods(["GET", "POST"])
@login_required
def pdsa_create(request: HttpRequest, pk: int, idea_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    idea = get_object_or_404(ChangeIdea, pk=idea_pk, project=project)
    # A link may suggest the objective (`?objective=...`): only the form's starting value,
    # nothing is saved until the member sends the form.
    initial = {"objective": request.GET.get("objective", "").strip()[:OBJECTIVE_MAX_LENGTH]}
    form = PdsaCycleForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        cycle = services.pdsa_cycle_create(
            change_idea=idea, by=request.user, data=form.cleaned_data
        )
        messages.success(request, f"PDSA cycle {cycle.number} has been added.")
        return redirect(cycle)
    last = idea.cycles.order_by("-number").values_list("number", flat=True).first()
    next_number = (last or 0) + 1
    return render(
        request,
        "projects/pdsa_form.html",
        {"project": project, "idea": idea, "form": form, "number": next_number},
    )


def _cycle(project, cycle_pk: int) -> PdsaCycle:
    return get_object_or_404(
        PdsaCycle.objects.select_related("change_idea", "created_by__profile"),
        pk=cycle_pk,
        project=project,
    )


@require_GET
@login_required
def pdsa_detail(request: HttpRequest, pk: int, cycle_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk)
    cycle = _cycle(project, cycle_pk)
    return render(
        request,
        "projects/pdsa_detail.html",
        {
            "project": project,
            "cycle": cycle,
            "idea": cycle.change_idea,
            "can_edit": permissions.can_edit_project(request.user, project),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def pdsa_edit(request: HttpRequest, pk: int, cycle_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    cycle = _cycle(project, cycle_pk)
    form = PdsaCycleForm(request.POST if request.method == "POST" else None, instance=cycle)
    if form.is_valid():
        services.pdsa_cycle_update(cycle=cycle, by=request.user, data=form.cleaned_data)
        messages.success(request, f"PDSA cycle {cycle.number} has been updated.")
        return redirect(cycle)
    return render(
        request,
        "projects/pdsa_form.html",
        {"project": project, "idea": cycle.change_idea, "form": form, "cycle": cycle,
         "number": cycle.number},
    )  # fmt: skip
