"""The driver diagram, edited as a tree: aim → primary drivers → secondary drivers →
change ideas. Each change idea has its own page with its PDSA ramp."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.forms import add_service_error
from projects import permissions, selectors, services
from projects.forms import ChangeIdeaForm, DriverForm
from projects.models import ChangeIdea, Driver, Project
from projects.permissions import get_project_for_user


def _primary_form(data=None) -> DriverForm:
    return DriverForm(data, prefix="primary", label="Primary driver")


def _secondary_form(parent_pk: int, data=None) -> DriverForm:
    # Each box on the page needs its own id for its label and the error summary's link.
    return DriverForm(
        data, prefix="secondary", label="Secondary driver", auto_id=f"id_secondary_{parent_pk}_%s"
    )


def _idea_form(driver_pk: int, data=None) -> ChangeIdeaForm:
    return ChangeIdeaForm(data, prefix="idea", auto_id=f"id_idea_{driver_pk}_%s")


def _diagram_page(
    request: HttpRequest, project: Project, *, error_form=None, error_key: tuple = ()
) -> HttpResponse:
    """The tree with a form under each node; the one that failed keeps what was typed."""
    can_edit = permissions.can_edit_project(request.user, project)
    diagram = selectors.driver_diagram(project, with_cycles=False)

    def form(key: tuple, make):
        return error_form if key == error_key else make()

    if can_edit:
        for primary in diagram:
            pk = primary.driver.pk
            primary.secondary_form = form(("secondary", pk), lambda pk=pk: _secondary_form(pk))
            for node in [primary, *primary.children]:
                pk = node.driver.pk
                node.idea_form = form(("idea", pk), lambda pk=pk: _idea_form(pk))
    return render(
        request,
        "projects/diagram.html",
        {
            "project": project,
            "diagram": diagram,
            "can_edit": can_edit,
            "error_form": error_form,
            "primary_form": form(("primary",), _primary_form),
        },
    )


@require_GET
@login_required
def diagram(request: HttpRequest, pk: int) -> HttpResponse:
    return _diagram_page(request, get_project_for_user(request, pk))


def _driver(project: Project, driver_pk: int) -> Driver:
    return get_object_or_404(Driver, pk=driver_pk, project=project)


@require_POST
@login_required
def driver_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A primary driver, or with `parent` a secondary driver under a primary one."""
    project = get_project_for_user(request, pk, write=True)
    parent_pk = request.POST.get("parent")
    parent = _driver(project, parent_pk) if parent_pk and parent_pk.isdigit() else None
    if parent is None:
        form = _primary_form(request.POST)
    else:
        form = _secondary_form(parent.pk, request.POST)
    if form.is_valid():
        try:
            services.driver_create(
                project=project, by=request.user, text=form.cleaned_data["text"], parent=parent
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            return redirect("projects:diagram", pk=project.pk)
    key = ("primary",) if parent is None else ("secondary", parent.pk)
    return _diagram_page(request, project, error_form=form, error_key=key)


@require_POST
@login_required
def change_idea_add(request: HttpRequest, pk: int, driver_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    driver = _driver(project, driver_pk)
    form = _idea_form(driver.pk, request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        services.change_idea_create(driver=driver, by=request.user, text=text)
        return redirect("projects:diagram", pk=project.pk)
    return _diagram_page(request, project, error_form=form, error_key=("idea", driver.pk))


def _form_page(request: HttpRequest, project: Project, form, **context) -> HttpResponse:
    return render(request, "projects/form_page.html", {"project": project, "form": form, **context})


@require_http_methods(["GET", "POST"])
@login_required
def driver_edit(request: HttpRequest, pk: int, driver_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    driver = _driver(project, driver_pk)
    label = driver.kind_label[:1].upper() + driver.kind_label[1:]
    form = DriverForm(
        request.POST if request.method == "POST" else None,
        initial={"text": driver.text},
        label=label,
    )
    if form.is_valid():
        services.driver_update(driver=driver, by=request.user, text=form.cleaned_data["text"])
        return redirect("projects:diagram", pk=project.pk)
    return _form_page(
        request, project, form, heading=f"Change a {driver.kind_label}",
        back_url=reverse("projects:diagram", args=[project.pk]), submit="Save",
    )  # fmt: skip


@require_POST
@login_required
def driver_delete(request: HttpRequest, pk: int, driver_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    driver = _driver(project, driver_pk)
    try:
        services.driver_delete(driver=driver, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The {driver.kind_label} “{driver.text}” has been removed.")
    return redirect("projects:diagram", pk=project.pk)


def _idea(project: Project, idea_pk: int) -> ChangeIdea:
    return get_object_or_404(ChangeIdea.objects.select_related("driver"), pk=idea_pk,
                             project=project)  # fmt: skip


@require_GET
@login_required
def change_idea(request: HttpRequest, pk: int, idea_pk: int) -> HttpResponse:
    """A change idea and its PDSA ramp: the cycles in order."""
    project = get_project_for_user(request, pk)
    idea = _idea(project, idea_pk)
    return render(
        request,
        "projects/change_idea.html",
        {
            "project": project,
            "idea": idea,
            "cycles": list(idea.cycles.order_by("number")),
            "can_edit": permissions.can_edit_project(request.user, project),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def change_idea_edit(request: HttpRequest, pk: int, idea_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    idea = _idea(project, idea_pk)
    form = ChangeIdeaForm(
        request.POST if request.method == "POST" else None, initial={"text": idea.text}
    )
    if form.is_valid():
        services.change_idea_update(idea=idea, by=request.user, text=form.cleaned_data["text"])
        return redirect(idea)
    return _form_page(
        request, project, form, heading="Change the change idea", back_url=idea.get_absolute_url(),
        submit="Save",
    )  # fmt: skip


@require_POST
@login_required
def change_idea_delete(request: HttpRequest, pk: int, idea_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    idea = _idea(project, idea_pk)
    try:
        services.change_idea_delete(idea=idea, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(idea)
    messages.success(request, f"The change idea “{idea.text}” has been removed.")
    return redirect("projects:diagram", pk=project.pk)
