"""A project: starting one, its page, editing it, the storyboard, history and following."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.pagination import paginate
from projects import permissions, selectors, services
from projects.forms import ProjectForm, ProjectStartForm
from projects.measures import readings
from projects.measures import selectors as measure_selectors
from projects.permissions import get_project_for_user

STEP_START, STEP_DETAILS = "start", "details"


@require_http_methods(["GET", "POST"])
@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    """Two steps. First the title and aim, so similar projects in Leeds can be offered
    (join or learn from them instead of starting again); then the rest."""
    step = request.POST.get("step") if request.method == "POST" else None
    if step == STEP_DETAILS:
        form = ProjectForm(request.POST)
        if form.is_valid():
            project = services.project_create(by=request.user, data=form.cleaned_data)
            messages.success(request, "Your project has been created. You are its lead.")
            return redirect(project)
        return _details_step(request, form)
    start = ProjectStartForm(request.POST if step == STEP_START else None)
    if step == STEP_START and start.is_valid():
        return _details_step(request, ProjectForm(initial=start.cleaned_data))
    return render(request, "projects/create_start.html", {"form": start})


def _details_step(request: HttpRequest, form: ProjectForm) -> HttpResponse:
    title = form.data.get("title") if form.is_bound else form.initial.get("title")
    aim = form.data.get("aim") if form.is_bound else form.initial.get("aim")
    similar = selectors.similar_projects(user=request.user, title=title or "", aim=aim or "")
    return render(
        request,
        "projects/create_details.html",
        {"form": form, "similar": similar, "searched": True, "step": STEP_DETAILS},
    )


@require_GET
@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, queryset=selectors.project_for_page(request.user))
    diagram = selectors.driver_diagram(project)
    member = permissions.membership(request.user, project)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "member": member,
            "can_edit": permissions.can_edit_project(request.user, project),
            "can_manage": permissions.can_manage_team(request.user, project),
            "diagram": diagram,
            "ideas": selectors.change_ideas_with_ramps(diagram),
            "updates": selectors.latest_updates(project),
            "following": selectors.is_following(request.user, project),
            "measures": readings.measure_views(measure_selectors.project_measures(project)),
            "show_concerns": permissions.can_see_concerns(request.user, project),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    can_manage = permissions.can_manage_team(request.user, project)
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        instance=project,
        can_change_visibility=can_manage,
    )
    if form.is_valid():
        services.project_update(project=project, by=request.user, data=form.cleaned_data)
        messages.success(request, "The project has been updated.")
        return redirect(project)
    return render(request, "projects/edit.html", {"form": form, "project": project})


@require_GET
@login_required
def project_storyboard(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable one-page summary: A4 by default, an A3 poster with ?paper=a3."""
    project = get_project_for_user(request, pk, queryset=selectors.project_for_page(request.user))
    diagram = selectors.driver_diagram(project)
    paper = "a3" if request.GET.get("paper") == "a3" else "a4"
    return render(
        request,
        "projects/storyboard.html",
        {
            "project": project,
            "diagram": diagram,
            "ideas": selectors.change_ideas_with_ramps(diagram),
            "latest_update": next(iter(selectors.latest_updates(project, limit=1)), None),
            "measures": readings.measure_views(measure_selectors.project_measures(project)),
            "paper": paper,
        },
    )


@require_GET
@login_required
def project_history(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk)
    page = paginate(request, selectors.project_history(project), per_page=50)
    return render(request, "projects/history.html", {"project": project, "page": page})


@require_POST
@login_required
def project_follow(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk)
    if request.POST.get("action") == "unfollow":
        services.project_unfollow(project=project, user=request.user)
        messages.success(request, "You no longer follow this project.")
    else:
        services.project_follow(project=project, user=request.user)
        messages.success(request, "You now follow this project: its news will be in your digest.")
    return redirect(project)
