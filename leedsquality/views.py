from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from champions import home as champions_home
from core import roles
from core.panels import NextStep
from events import home as events_home
from projects import home as projects_home

HOME_CONTRIBUTORS = [champions_home, projects_home, events_home]


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "landing.html")


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    has_mfa = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    next_steps = [step for app in HOME_CONTRIBUTORS for step in app.next_steps(request)]
    if not has_mfa:
        next_steps.append(
            NextStep(
                "Turn on two-step verification",
                reverse("mfa_activate_totp"),
                "Protect your account with a code from an authenticator app as well as "
                "your password.",
                order=900,
            )
        )
    panels = [panel for app in HOME_CONTRIBUTORS for panel in app.panels(request)]
    role_list = [role for role in roles.ROLES if roles.has_role(user, role)] or ["Member"]
    return render(
        request,
        "home.html",
        {
            "has_mfa": has_mfa,
            "next_steps": sorted(next_steps, key=lambda step: step.order),
            "panels": sorted(panels, key=lambda panel: panel.order),
            "role_list": role_list,
        },
    )
