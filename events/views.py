"""Members' pages: the events list and month, an event, booking, my events, reflections
(and turning a commitment into a PDSA cycle), calendar files and the personal calendar
feed."""

import calendar
import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms.boundfield import BoundWidget
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.pagination import paginate
from events import ics, selectors, services
from events.emails import absolute_url, event_url
from events.forms import BookingForm, CommitmentPdsaForm, EventFilterForm, ReflectionForm
from events.models import CalendarFeed, Commitment, Event
from events.permissions import (
    booking_refusal,
    can_manage_event,
    can_reflect,
    can_see_joining_link,
    cancel_refusal,
    get_event_for_user,
)
from events.times import local
from projects.models import Project
from projects.selectors import editable_change_ideas

FIRST_MONTH = datetime.date(2000, 1, 1)
LAST_MONTH = datetime.date(2100, 12, 1)


def _month_url(day: datetime.date) -> str:
    return reverse("events:month", args=[day.year, day.month])


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    events = selectors.upcoming_events(user=request.user, filters=form.filters())
    return render(
        request,
        "events/list.html",
        {
            "form": form,
            "page": paginate(request, events),
            "month_url": _month_url(local(timezone.now()).date()),
        },
    )


@require_GET
@login_required
def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not 1 <= month <= 12 or not FIRST_MONTH.year <= year <= LAST_MONTH.year:
        raise Http404("No such month.")
    first = datetime.date(year, month, 1)
    by_day: dict[datetime.date, list[Event]] = defaultdict(list)
    for event in selectors.month_events(year=year, month=month):
        by_day[local(event.starts_at).date()].append(event)
    weeks = [
        [{"date": day, "in_month": day.month == month, "events": by_day[day]} for day in week]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "events/month.html",
        {
            "first": first,
            "weeks": weeks,
            "day_names": list(calendar.day_name),
            "has_events": bool(by_day),
            "previous_url": _month_url(previous) if previous >= FIRST_MONTH else "",
            "next_url": _month_url(following) if following <= LAST_MONTH else "",
            "previous": previous,
            "following": following,
        },
    )


def _event_context(request: HttpRequest, event: Event) -> dict:
    registration = selectors.my_registration(request.user, event)
    taken = event.places_taken  # annotated: see `detail`
    now = timezone.now()
    return {
        "event": event,
        "registration": registration,
        "places_left": max(event.capacity - taken, 0),
        "refusal": None if registration else booking_refusal(request.user, event, now=now),
        # A cancelled event's page says so and offers nothing to cancel.
        "can_cancel": registration is not None
        and not event.is_cancelled
        and cancel_refusal(request.user, registration, event, now=now) is None,
        "can_reflect": can_reflect(registration, now=now),
        "show_joining_link": event.joining_link
        and can_see_joining_link(request.user, event, registration),
        "can_manage": can_manage_event(request.user, event),
        "showcased": selectors.showcased_projects(event, user=request.user),
    }


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(
        request.user, pk, queryset=selectors.with_places(selectors.event_page_queryset())
    )
    return render(request, "events/detail.html", _event_context(request, event))


@require_http_methods(["GET", "POST"])
@login_required
def book(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    if selectors.my_registration(request.user, event) is not None:
        messages.info(request, "You are already registered for this event.")
        return redirect("events:detail", pk=event.pk)
    refusal = booking_refusal(request.user, event)
    form = BookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        answers = services.Answers(
            project=form.cleaned_data["project"],
            learning=form.cleaned_data["learning"],
            access=form.cleaned_data["access"],
        )
        try:
            registration = services.registration_create(
                event_id=event.pk, user=request.user, by=request.user, answers=answers
            )
        except services.AlreadyRegistered as error:
            messages.info(request, error.message)
            return redirect("events:detail", pk=event.pk)
        except ServiceError as error:
            refusal = error.message
        else:
            if registration.is_waitlisted:
                position = selectors.waitlist_position(registration)
                messages.success(
                    request,
                    f"The event is full, so you are on the waiting list: number {position}. "
                    "We will email you if a place comes up.",
                )
            else:
                messages.success(
                    request,
                    "Your place is booked. We have emailed you the details with a calendar "
                    "invitation.",
                )
            return redirect("events:detail", pk=event.pk)
    if request.method == "POST" and refusal:
        form.is_valid()
        form.add_error(None, refusal)
    taken = selectors.places_taken(event)
    return render(
        request,
        "events/book.html",
        {"event": event, "form": form, "refusal": refusal, "is_full": taken >= event.capacity},
    )


@require_http_methods(["GET", "POST"])
@login_required
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    registration = selectors.my_registration(request.user, event)
    if registration is None or not (registration.holds_a_place or registration.is_waitlisted):
        messages.info(request, "You are not registered for this event.")
        return redirect("events:detail", pk=event.pk)
    if request.method == "POST":
        try:
            services.registration_cancel(registration_id=registration.pk, by=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Your registration for {event.title} is cancelled.")
        return redirect("events:detail", pk=event.pk)
    return render(
        request, "events/booking_cancel.html", {"event": event, "registration": registration}
    )


def _calendar_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    registration = selectors.my_registration(request.user, event)
    entry = ics.CalendarEntry(
        event,
        event_url(event),
        include_joining_link=can_see_joining_link(request.user, event, registration),
    )
    return _calendar_response(ics.calendar([entry]), ics.filename(event))


@require_http_methods(["GET", "POST"])
@login_required
def reflection(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    registration = selectors.my_registration(request.user, event)
    if not can_reflect(registration):
        raise PermissionDenied("Reflections are for people who had a place, once the event starts.")
    existing = getattr(registration, "reflection", None)
    commitment = getattr(registration, "commitment", None)
    initial = {
        "learned": existing.learned if existing else "",
        "anonymous": existing.anonymous if existing else False,
        "change_idea": commitment.change_idea if commitment else "",
    }
    form = ReflectionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.reflection_save(registration=registration, **form.cleaned_data)
        messages.success(request, "Thank you. Your reflection is saved.")
        return redirect("events:mine")
    return render(
        request,
        "events/reflection.html",
        {
            "event": event,
            "form": form,
            "has_reflection": existing is not None,
            "commitment": commitment,
        },
    )


def _by_project(form: CommitmentPdsaForm) -> list[tuple[Project, list[BoundWidget]]]:
    """The change ideas' radios, grouped by project in the order they come."""
    groups: list[tuple[Project, list[BoundWidget]]] = []
    for option in form["change_idea"]:
        project = option.data["value"].instance.project
        if not groups or groups[-1][0] != project:
            groups.append((project, []))
        groups[-1][1].append(option)
    return groups


@require_http_methods(["GET", "POST"])
@login_required
def commitment_pdsa(request: HttpRequest, commitment_pk: int) -> HttpResponse:
    """Turn the member's own commitment into a PDSA cycle: choose a change idea of a
    project they are in, then continue to that project's PDSA form with the commitment as
    its objective (saved only when they send that form)."""
    commitment = get_object_or_404(
        Commitment.objects.select_related("registration__event"),
        pk=commitment_pk,
        registration__user=request.user,
    )
    form = CommitmentPdsaForm(
        request.POST if request.method == "POST" else None,
        ideas=editable_change_ideas(request.user),
    )
    if request.method == "POST" and form.is_valid():
        idea = form.cleaned_data["change_idea"]
        url = reverse("projects:pdsa_create", args=[idea.project_id, idea.pk])
        return redirect(f"{url}?{urlencode({'objective': commitment.change_idea})}")
    return render(
        request,
        "events/commitment_pdsa.html",
        {
            "commitment": commitment,
            "event": commitment.registration.event,
            "form": form,
            "groups": _by_project(form),
        },
    )


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "events/mine.html",
        {
            "mine": selectors.my_events(user=request.user),
            "feed_url": absolute_url(reverse("events:feed", args=[feed.token])) if feed else "",
        },
    )


@require_POST
@login_required
def feed_reset(request: HttpRequest) -> HttpResponse:
    had_one = CalendarFeed.objects.filter(user=request.user).exists()
    services.calendar_feed_reset(user=request.user)
    if had_one:
        messages.success(
            request,
            "Your calendar address has changed. Calendars using the old one will stop "
            "updating: add the new address to them.",
        )
    else:
        messages.success(request, "Your calendar address is ready. Add it to your calendar.")
    return redirect(reverse("events:mine") + "#calendar")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The member's booked events as a calendar feed. The secret address is the only key:
    calendar apps fetch it without signing in."""
    found = (
        CalendarFeed.objects.filter(token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    if found is None:
        raise Http404("No such calendar.")
    entries = [
        ics.CalendarEntry(
            registration.event, event_url(registration.event), include_joining_link=True
        )
        for registration in selectors.feed_registrations(found.user)
    ]
    content = ics.calendar(entries, name="Leeds Quality Network: my events", method=None)
    response = _calendar_response(content, "my-events.ics")
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
