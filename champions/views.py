from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from champions import selectors, services
from champions.forms import (
    AccountDeleteForm,
    ConversationAnswerForm,
    ConversationRequestForm,
    DirectoryForm,
    ProfileForm,
)
from champions.models import Profile
from champions.permissions import get_conversation_for_user, get_profile_for_user
from core import personaldata
from core.errors import ServiceError
from core.forms import add_service_error
from core.pagination import paginate

PAGE_SIZE = 20


def _posted(request: HttpRequest):
    """The submitted data for a form, or None on GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


@require_GET
@login_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET)
    page = None
    if form.is_valid():
        page = paginate(request, selectors.directory_search(form.filters()), per_page=PAGE_SIZE)
    return render(
        request,
        "champions/directory.html",
        {"form": form, "page": page, "searched": any(request.GET.get(f) for f in form.fields)},
    )


@require_GET
@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    if profile is None or not profile.is_complete:
        return redirect("champions:profile_edit")
    return redirect("champions:profile", profile.pk)


@require_GET
@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_profile_for_user(request, pk)
    is_me = member.user_id == request.user.pk
    conversations = (
        [] if is_me else list(selectors.conversations_between(request.user, member.user_id))
    )
    return render(
        request,
        "champions/profile.html",
        {
            "member": member,
            "is_me": is_me,
            "organisation": member.organisation if is_me else member.visible_organisation,
            "networks": member.networks.order_by("network"),
            "open_request": next((c for c in conversations if c.is_open), None),
            "email_visible": any(c.is_accepted for c in conversations),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for_form(request.user) or Profile(user=request.user)
    first_time = not profile.is_complete
    form = ProfileForm(_posted(request), instance=profile)
    if request.method == "POST" and form.is_valid():
        saved = services.profile_update(
            user=request.user, data=form.cleaned_data, networks=form.network_years()
        )
        if first_time:
            messages.success(request, "Your profile is complete. Here are people who can help you.")
            return redirect("champions:matches")
        messages.success(request, "Your profile has been saved.")
        return redirect("champions:profile", saved.pk)
    return render(request, "champions/profile_form.html", {"form": form, "first_time": first_time})


def _matches_page(request: HttpRequest, direction: selectors.Direction) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    page = matches = None
    if profile is not None and profile.is_complete:
        page = paginate(
            request, selectors.matches(viewer=profile, direction=direction), per_page=PAGE_SIZE
        )
        matches = selectors.explained(page.object_list, direction=direction)
    return render(
        request,
        "champions/matches.html",
        {
            "profile": profile,
            "page": page,
            "matches": matches,
            "can_help": direction == selectors.CAN_HELP,
        },
    )


@require_GET
@login_required
def matches(request: HttpRequest) -> HttpResponse:
    return _matches_page(request, selectors.CAN_HELP)


@require_GET
@login_required
def could_help(request: HttpRequest) -> HttpResponse:
    return _matches_page(request, selectors.COULD_HELP)


@require_http_methods(["GET", "POST"])
@login_required
def conversation_request(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_profile_for_user(request, pk)
    if member.user_id == request.user.pk:
        messages.info(request, "You cannot ask yourself for a learning conversation.")
        return redirect("champions:profile", pk)
    mine = selectors.profile_of(request.user)
    if mine is None or not mine.is_complete:
        messages.info(
            request,
            "Complete your profile first, so the people you ask know who you are.",
        )
        return redirect("champions:profile_edit")
    form = ConversationRequestForm(_posted(request), initial={"skill": request.GET.get("skill")})
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_request_create(
                by=request.user,
                recipient=member.user,
                skill=form.cleaned_data["skill"],
                topic=form.cleaned_data["topic"],
                message=form.cleaned_data["message"],
            )
        except ServiceError as refusal:
            add_service_error(form, refusal)
        else:
            messages.success(
                request,
                f"Your request has been sent to {member.display_name}. We will email you "
                "when they accept it.",
            )
            return redirect("champions:profile", pk)
    return render(request, "champions/conversation_request.html", {"form": form, "member": member})


@require_GET
@login_required
def conversations(request: HttpRequest) -> HttpResponse:
    everything = list(selectors.conversations_for(request.user))
    received = [c for c in everything if c.recipient_id == request.user.pk]
    return render(
        request,
        "champions/conversations.html",
        {
            "waiting": [c for c in received if c.is_open],
            "received": [c for c in received if not c.is_open],
            "sent": [c for c in everything if c.sender_id == request.user.pk],
        },
    )


@require_POST
@login_required
def conversation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = get_conversation_for_user(request, pk, write=True)
    form = ConversationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose accept or decline.")
        return redirect("champions:conversations")
    accept = form.cleaned_data["answer"] == "accept"
    try:
        services.conversation_request_answer(conversation=conversation, accept=accept)
    except ServiceError as refusal:
        messages.info(request, refusal.message)
    else:
        sender = conversation.sender
        if accept:
            messages.success(
                request,
                f"You accepted {sender.display_name}'s request. Their email address is "
                f"{sender.email}: we have sent them yours.",
            )
        else:
            messages.success(request, f"You declined {sender.display_name}'s request.")
    return redirect("champions:conversations")


@require_GET
@login_required
@never_cache
def data_download(request: HttpRequest) -> JsonResponse:
    data = {
        "about": "Everything Leeds Quality Network holds about you.",
        "exported_at": timezone.now(),
        **personaldata.personal_data_export(request.user),
    }
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="leeds-quality-network-my-data.json"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
@reauthentication_required(allow_get=True)
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account has been deleted. Thank you for taking part.")
        return redirect("landing")
    return render(request, "champions/account_delete.html", {"form": form})
