"""Learning updates (the three inquiry questions) and the conversation around each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.pagination import paginate
from projects import permissions, selectors, services
from projects.forms import CommentForm, LearningUpdateForm
from projects.models import ProjectUpdate
from projects.permissions import get_project_for_user


@require_GET
@login_required
def update_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk)
    updates = (
        ProjectUpdate.objects.filter(project=project)
        .select_related("author__profile")
        .annotate(comment_count=Count("comments"))
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "projects/update_list.html",
        {
            "project": project,
            "page": paginate(request, updates, per_page=10),
            "can_edit": permissions.can_edit_project(request.user, project),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    form = LearningUpdateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        update = services.learning_update_create(
            project=project, by=request.user, data=form.cleaned_data
        )
        messages.success(request, "Your learning update has been posted.")
        return redirect(update)
    return render(request, "projects/update_form.html", {"project": project, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def update_detail(request: HttpRequest, pk: int, update_pk: int) -> HttpResponse:
    """An update and its learning conversation; members who can read it comment here."""
    project = get_project_for_user(request, pk)
    update = get_object_or_404(
        ProjectUpdate.objects.select_related("author__profile"), pk=update_pk, project=project
    )
    form = CommentForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and permissions.can_comment(request.user, project):
        comment = services.comment_create(
            update=update, by=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, "Your comment has been added. The team has been told.")
        return redirect(f"{update.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "projects/update_detail.html",
        {
            "project": project,
            "update": update,
            "comments": selectors.update_comments(update),
            "form": form,
        },
    )
