"""The team: leads invite members found in the directory, invited members accept or
decline, members leave (the last lead cannot), leads change roles and remove members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from champions.selectors import search_members
from core.errors import ServiceError
from core.forms import add_service_error
from projects import permissions, selectors, services
from projects.forms import InviteForm, RoleForm
from projects.models import Project, TeamMember
from projects.permissions import get_project_for_user


def _team_page(
    request: HttpRequest, project: Project, *, invite_form: InviteForm | None = None
) -> HttpResponse:
    can_manage = permissions.can_manage_team(request.user, project)
    query = request.GET.get("q", "").strip()[:100] if can_manage else ""
    results = list(search_members(viewer=request.user, query=query, limit=10)) if query else []
    in_team = {member.user_id for member in project.team.all()}
    return render(
        request,
        "projects/team.html",
        {
            "project": project,
            "member": permissions.membership(request.user, project),
            "can_manage": can_manage,
            "query": query,
            "results": [(profile, profile.user_id in in_team) for profile in results],
            "invite_form": invite_form or InviteForm(),
            "roles": TeamMember.Role.choices,
        },
    )


@require_GET
@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, queryset=selectors.project_for_page(request.user))
    return _team_page(request, project)


@require_POST
@login_required
def team_invite(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(
        request, pk, manage=True, queryset=selectors.project_for_page(request.user)
    )
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            member = services.team_member_invite(
                project=project,
                by=request.user,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"{member.user.display_name} has been invited and sent an email."
            )
            return redirect("projects:team", pk=project.pk)
    return _team_page(request, project, invite_form=form)


def _member(project: Project, member_pk: int) -> TeamMember:
    return get_object_or_404(TeamMember.objects.select_related("user__profile"), pk=member_pk,
                             project=project)  # fmt: skip


@require_POST
@login_required
def team_member_role(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, manage=True)
    member = _member(project, member_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["role"][0])
        return redirect("projects:team", pk=project.pk)
    try:
        services.team_member_change_role(
            member=member, by=request.user, role=form.cleaned_data["role"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{member.user.display_name} is now {member.get_role_display().lower()}."
        )
    return redirect("projects:team", pk=project.pk)


@require_POST
@login_required
def team_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, manage=True)
    member = _member(project, member_pk)
    try:
        services.team_member_remove(member=member, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{member.user.display_name} is no longer in the team.")
    return redirect("projects:team", pk=project.pk)


@require_POST
@login_required
def team_leave(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk)
    member = permissions.membership(request.user, project)
    if member is None or not member.is_active:
        raise Http404("You are not in this team.")
    try:
        services.team_member_remove(member=member, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("projects:team", pk=project.pk)
    messages.success(request, f"You have left the team of “{project.title}”.")
    if project.is_draft:
        return redirect(reverse("projects:list"))
    return redirect(project)


@require_POST
@login_required
def invitation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk)
    member = permissions.membership(request.user, project)
    if member is None or member.is_active:
        raise Http404("There is no invitation waiting for you.")
    if request.POST.get("response") == "accept":
        services.team_invitation_accept(member=member)
        messages.success(request, f"Welcome to the team of “{project.title}”.")
        return redirect(project)
    services.team_invitation_decline(member=member)
    messages.success(request, "You have declined the invitation.")
    if project.is_draft:
        return redirect("home")
    return redirect(project)
