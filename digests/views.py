from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from champions import services as champions_services
from champions.models import DigestFrequency, Profile
from digests import selectors, services
from digests.forms import PreferencesForm
from digests.periods import period_for


@require_GET
@login_required
def preview(request: HttpRequest) -> HttpResponse:
    """ "View in browser": what this week's digest says for the signed-in member."""
    found = selectors.recipients([request.user.pk], include_unsubscribed=True)
    digest = None
    if found:
        now = timezone.now()
        # Members who chose "never" or are between fortnightly/monthly digests see what a
        # weekly digest would say today.
        period = period_for(found[0].digest_frequency, timezone.localdate(now)) or period_for(
            DigestFrequency.WEEKLY, timezone.localdate(now)
        )
        digest = services.compose_for_period(found[0], period, run_at=now)
    return render(request, "digests/preview.html", {"digest": digest})


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user.pk)
    if profile is None:
        raise Http404("Complete your profile first.")
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, initial={"digest_frequency": profile.digest_frequency})
    if request.method == "POST" and form.is_valid():
        champions_services.digest_frequency_update(
            profile=profile, frequency=form.cleaned_data["digest_frequency"]
        )
        messages.success(request, _saved_message(profile))
        return redirect("digests:preferences")
    return render(request, "digests/preferences.html", {"form": form, "profile": profile})


def _saved_message(profile: Profile) -> str:
    if profile.digest_frequency == DigestFrequency.NEVER:
        return "You will not get the digest. You can turn it back on here at any time."
    return f"Saved: you will get the digest {profile.get_digest_frequency_display().lower()}."


# Mail clients send the one-click unsubscribe (RFC 8058) as a POST with no CSRF token; the
# signed token in the URL is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user_id = services.user_id_from_unsubscribe_token(token)
    profile = selectors.profile_of(user_id)
    if profile is None:
        return render(request, "digests/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        champions_services.digest_frequency_update(profile=profile, frequency=DigestFrequency.NEVER)
        return render(request, "digests/unsubscribed.html", {"profile": profile})
    return render(request, "digests/unsubscribe.html", {"profile": profile})
