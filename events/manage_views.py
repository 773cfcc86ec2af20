"""Facilitators' pages: their events, creating and changing events, registrations and the
waiting list, check-in, the registrations download, the reflections summary and the
projects showcased at an event."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from champions.selectors import search_members
from core import roles
from core.access import role_required
from core.csvexport import csv_response
from core.errors import ServiceError
from core.forms import add_service_error
from core.pagination import paginate
from events import selectors, services
from events.forms import (
    AddMemberForm,
    AttendanceForm,
    CancelEventForm,
    CapacityForm,
    DuplicateForm,
    EventForm,
    ShowcaseProjectForm,
)
from events.models import Event, Registration
from events.permissions import get_event_for_user
from events.times import local

facilitator_only = role_required(roles.FACILITATOR)


def _managed_event(request: HttpRequest, pk: int, **kwargs) -> Event:
    return get_event_for_user(request.user, pk, write=True, **kwargs)


@require_GET
@facilitator_only
def manage(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("show") == "all"
    past = request.GET.get("when") == "past"
    events = selectors.facilitator_events(
        user=request.user, mine_only=not show_all, upcoming=not past
    )
    return render(
        request,
        "events/manage/list.html",
        {
            "page": paginate(request, events),
            "show_all": show_all,
            "past": past,
            "tabs": _manage_tabs(show_all=show_all, past=past),
        },
    )


def _manage_tabs(*, show_all: bool, past: bool) -> list[dict]:
    """The list's three views: the facilitator's upcoming events, everyone's upcoming
    events and the facilitator's past events, the one showing marked current."""
    base = reverse("events:manage")
    current = "past" if past else "all" if show_all else "mine"
    return [
        {
            "text": text,
            "url": base + (f"?{urlencode(query)}" if query else ""),
            "current": key == current,
        }
        for key, text, query in (
            ("mine", "Events you run", {}),
            ("all", "All events", {"show": "all"}),
            ("past", "Past events", {"when": "past"}),
        )
    ]


def _relations(form: EventForm) -> dict:
    return {
        "facilitators": form.cleaned_data["facilitators"],
        "clinical_areas": form.cleaned_data["clinical_areas"],
        "skills": form.cleaned_data["skills"],
    }


@require_http_methods(["GET", "POST"])
@facilitator_only
def create(request: HttpRequest) -> HttpResponse:
    form = EventForm(
        request.POST if request.method == "POST" else None,
        initial={"facilitators": request.user.email},
    )
    if request.method == "POST" and form.is_valid():
        event = services.event_create(
            fields=form.event_fields(), **_relations(form), by=request.user
        )
        messages.success(request, "The event is saved as a draft. Check it, then publish it.")
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/manage/form.html", {"form": form, "event": None})


@require_http_methods(["GET", "POST"])
@facilitator_only
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk, queryset=selectors.event_page_queryset())
    if event.is_cancelled:
        messages.error(request, "A cancelled event cannot be changed.")
        return redirect("events:detail", pk=event.pk)
    form = EventForm(
        request.POST if request.method == "POST" else None,
        instance=event,
        initial=EventForm.initial_for(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.event_update(
                event_id=event.pk, fields=form.event_fields(), **_relations(form), by=request.user
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            message = "Your changes are saved."
            if updated.sequence != event.sequence and updated.status == Event.Status.PUBLISHED:
                message += " Everyone booked or waiting has been emailed about the change."
            messages.success(request, message)
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/manage/form.html", {"form": form, "event": event})


@require_POST
@facilitator_only
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    try:
        services.event_publish(event_id=event.pk, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The event is published: members can now see and book it.")
    return redirect("events:detail", pk=event.pk)


@require_http_methods(["GET", "POST"])
@facilitator_only
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    if event.is_cancelled:
        messages.info(request, "This event is already cancelled.")
        return redirect("events:detail", pk=event.pk)
    form = CancelEventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            emailed = services.event_cancel(
                event_id=event.pk, by=request.user, message=form.cleaned_data["message"]
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"The event is cancelled. We have emailed the {emailed} "
                f"{'person' if emailed == 1 else 'people'} who were booked or waiting.",
            )
        return redirect("events:detail", pk=event.pk)
    booked = event.registrations.filter(
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
    ).count()
    return render(
        request, "events/manage/cancel.html", {"event": event, "form": form, "booked": booked}
    )


@require_http_methods(["GET", "POST"])
@facilitator_only
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    next_week = local(event.starts_at).date() + datetime.timedelta(days=7)
    initial = {"copies": 1, "every_weeks": 1}
    if next_week > local(timezone.now()).date():
        initial["first_date"] = next_week
    form = DuplicateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copies = services.event_duplicate(
                event_id=event.pk, **form.cleaned_data, by=request.user
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            count = len(copies)
            messages.success(
                request,
                f"{count} draft {'copy' if count == 1 else 'copies'} made. Check and publish "
                f"{'it' if count == 1 else 'each one'}.",
            )
            return redirect(reverse("events:manage") + "?show=all")
    return render(request, "events/manage/duplicate.html", {"event": event, "form": form})


def _registrations_page(
    request: HttpRequest, event: Event, capacity_form: CapacityForm | None = None
) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    registrations = selectors.event_registrations(event)
    results = []
    if query:
        registered = {r.user_id for r in registrations.places + registrations.waitlist}
        results = search_members(viewer=None, query=query, exclude_user_ids=registered)
    return render(
        request,
        "events/manage/registrations.html",
        {
            "event": event,
            "registrations": registrations,
            "places_left": max(event.capacity - len(registrations.places), 0),
            "capacity_form": capacity_form or CapacityForm(initial={"capacity": event.capacity}),
            "query": query,
            "results": results,
        },
    )


@require_GET
@facilitator_only
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    return _registrations_page(request, _managed_event(request, pk))


def _back_to_registrations(event: Event) -> HttpResponse:
    return redirect("events:registrations", pk=event.pk)


@require_POST
@facilitator_only
def registration_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = AddMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That member could not be found. Search again.")
        return _back_to_registrations(event)
    member = form.cleaned_data["user"]
    try:
        registration = services.registration_create(event_id=event.pk, user=member, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if registration.is_waitlisted:
            position = selectors.waitlist_position(registration)
            messages.success(
                request,
                f"The event is full, so {member.display_name} is on the waiting list: number "
                f"{position}.",
            )
        else:
            messages.success(request, f"{member.display_name} has a place, and has been emailed.")
    return _back_to_registrations(event)


@require_POST
@facilitator_only
def registration_remove(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    registration = get_object_or_404(
        Registration.objects.select_related("user__profile"), pk=registration_pk, event=event
    )
    try:
        services.registration_cancel(registration_id=registration.pk, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{registration.user.display_name}'s registration is cancelled, and they have been "
            "emailed.",
        )
    return _back_to_registrations(event)


@require_POST
@facilitator_only
def capacity(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            promoted = services.event_capacity_change(
                event_id=event.pk, capacity=form.cleaned_data["capacity"], by=request.user
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            message = f"The event now has {form.cleaned_data['capacity']} places."
            if promoted:
                count = len(promoted)
                message += (
                    f" {count} {'person' if count == 1 else 'people'} moved from the waiting "
                    "list to a place, and have been emailed."
                )
            messages.success(request, message)
            return _back_to_registrations(event)
    return _registrations_page(request, event, capacity_form=form)


def _csv_rows(event: Event):
    found = selectors.event_registrations(event)
    waitlist_positions = {r.pk: position for position, r in enumerate(found.waitlist, start=1)}
    for registration in found.places + found.waitlist + found.cancelled:
        yield [
            registration.display_name,
            registration.email,
            registration.organisation_name,
            registration.job_title,
            registration.get_status_display(),
            waitlist_positions.get(registration.pk, ""),
            local(registration.requested_at).strftime("%Y-%m-%d %H:%M"),
            registration.project_answer,
            registration.learning_answer,
            registration.access_requirements,
            "yes" if registration.added_by_id else "",
        ]


@require_GET
@facilitator_only
def registrations_csv(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    header = [
        "Name",
        "Email",
        "Organisation",
        "Job title",
        "Status",
        "Waiting list position",
        "Registered at (Leeds time)",
        "Which project will you bring?",
        "What do you want to learn?",
        "Access requirements",
        "Added by a facilitator",
    ]
    return csv_response(f"event-{event.pk}-registrations.csv", header, _csv_rows(event))


@require_GET
@facilitator_only
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    places = sorted(
        selectors.event_registrations(event).places,
        key=lambda registration: registration.display_name.lower(),
    )
    counts = dict.fromkeys(Registration.HOLDS_A_PLACE, 0)
    for registration in places:
        counts[registration.status] += 1
    return render(
        request,
        "events/manage/check_in.html",
        {
            "event": event,
            "places": places,
            "open": local(timezone.now()).date() >= local(event.starts_at).date(),
            "attended": counts[Registration.Status.ATTENDED],
            "no_show": counts[Registration.Status.NO_SHOW],
            "unmarked": counts[Registration.Status.CONFIRMED],
        },
    )


@require_POST
@facilitator_only
def attendance(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    registration = get_object_or_404(
        Registration.objects.select_related("user__profile"), pk=registration_pk, event=event
    )
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose attended or did not attend.")
    else:
        try:
            marked = services.attendance_mark(
                registration_id=registration.pk, status=form.cleaned_data["status"], by=request.user
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"{registration.user.display_name}: {marked.get_status_display().lower()}."
            )
    return redirect(
        reverse("events:check_in", args=[event.pk]) + f"#registration-{registration.pk}"
    )


@require_GET
@facilitator_only
def reflections(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    found = selectors.event_reflections(event)
    attended = event.registrations.filter(status=Registration.Status.ATTENDED).count()
    return render(
        request,
        "events/manage/reflections.html",
        {
            "event": event,
            "reflections": found,
            "attended": attended,
            "commitments": sum(1 for r in found if hasattr(r.registration, "commitment")),
        },
    )


@require_GET
@facilitator_only
def showcase(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    query = request.GET.get("q", "").strip()[:100]
    results = []
    if query and not event.is_cancelled:
        results = selectors.showcase_candidates(event, user=request.user, query=query)
    return render(
        request,
        "events/manage/showcase.html",
        {
            "event": event,
            "showcased": selectors.showcased_projects(event, user=request.user),
            "query": query,
            "results": results,
        },
    )


def _showcase_change(request: HttpRequest, pk: int, change, done: str) -> HttpResponse:
    event = _managed_event(request, pk)
    form = ShowcaseProjectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That project could not be found. Search for it again.")
        return redirect("events:showcase", pk=event.pk)
    try:
        project = change(
            event_id=event.pk, project_id=form.cleaned_data["project"], by=request.user
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{project.title}” {done}.")
    url = reverse("events:showcase", args=[event.pk])
    if form.cleaned_data["q"]:
        url += "?" + urlencode({"q": form.cleaned_data["q"]})
    return redirect(url)


@require_POST
@facilitator_only
def showcase_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _showcase_change(request, pk, services.event_showcase_add, "is showcased at this event")


@require_POST
@facilitator_only
def showcase_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _showcase_change(
        request, pk, services.event_showcase_remove, "is no longer showcased at this event"
    )
