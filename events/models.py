"""Learning events, the places members book on them, and what attendees take away."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from champions.models import ClinicalArea, Skill
from projects.models import Project

MAX_CAPACITY = 1000


class Event(models.Model):
    """A learning event the network's facilitators organise."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", "Workshop"
        LEARNING_SET = "learning_set", "Learning set"
        MASTERCLASS = "masterclass", "Masterclass"
        NETWORK_MEETING = "network_meeting", "Network meeting"
        NEUTRAL_SPACE = "neutral_space", "Neutral space conversation"
        SHOWCASE = "showcase", "Showcase or celebration"
        COACHING_CLINIC = "coaching_clinic", "Coaching clinic"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid (in person and online)"

    class Audience(models.TextChoices):
        ALL = "all", "All members"
        SYSTEM_LEADERS = "system_leaders", "System leader network"
        PLCP = "plcp", "Professional Leadership and Change Programme cohort"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind)
    description = models.TextField()
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_events", blank=True
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    format = models.CharField(max_length=10, choices=Format)
    venue = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=500, blank=True)
    accessibility_notes = models.TextField(blank=True)
    joining_link = models.URLField(
        max_length=500, blank=True, help_text="Shown only to members with a confirmed place."
    )
    capacity = models.PositiveIntegerField()
    registration_opens_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: bookings open when the event is published."
    )
    registration_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: bookings close when the event starts."
    )
    audience = models.CharField(max_length=20, choices=Audience, default=Audience.ALL)
    cohort_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a programme cohort's event; empty for every cohort."
    )
    clinical_areas = models.ManyToManyField(ClinicalArea, related_name="events", blank=True)
    skills = models.ManyToManyField(Skill, related_name="events", blank=True)
    showcased_projects = models.ManyToManyField(
        Project,
        related_name="showcased_at_events",
        blank=True,
        help_text="Network projects presented at the event (never drafts).",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    sequence = models.PositiveIntegerField(
        default=0,
        help_text="Raised whenever the time or place changes, so calendars replace their copy.",
    )
    cancellation_message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The facilitator who last changed the event.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="event_capacity_in_range",
            ),
            models.CheckConstraint(
                condition=Q(audience="plcp") | Q(cohort_year__isnull=True),
                name="event_cohort_year_only_for_plcp",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__lte=F("starts_at")),
                name="event_registration_closes_by_the_start",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__lt=F("registration_closes_at")),
                name="event_registration_opens_before_it_closes",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_venue(self) -> bool:
        return self.format in {self.Format.IN_PERSON, self.Format.HYBRID}

    @property
    def is_online(self) -> bool:
        return self.format in {self.Format.ONLINE, self.Format.HYBRID}

    @property
    def registration_closes(self):
        """When bookings close: the chosen time, or the start."""
        return self.registration_closes_at or self.starts_at

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now=None) -> bool:
        return (now or timezone.now()) >= self.ends_at

    @property
    def location_text(self) -> str:
        """Where it happens, in one line (for calendars and emails)."""
        place = ", ".join(part for part in (self.venue, self.address) if part)
        if self.format == self.Format.ONLINE:
            return "Online"
        if self.format == self.Format.HYBRID:
            return f"{place} (or online)" if place else "Online"
        return place


class Registration(models.Model):
    """A member's booking on an event: a confirmed place or a place on the waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Booked"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not attend"

    # Statuses that take one of the event's places.
    HOLDS_A_PLACE = (Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=10, choices=Status)
    requested_at = models.DateTimeField(
        default=timezone.now, help_text="When the member asked for a place: the waiting list order."
    )
    project_answer = models.TextField("Which project will you bring?", blank=True)
    learning_answer = models.TextField("What do you want to learn?", blank=True)
    access_requirements = models.TextField("Access requirements", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The facilitator who added this member, if they did not book themselves.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        indexes = [
            models.Index(fields=["event", "status", "requested_at"]),
            models.Index(fields=["user", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.event} ({self.get_status_display()})"

    @property
    def holds_a_place(self) -> bool:
        return self.status in self.HOLDS_A_PLACE

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED


class Reflection(models.Model):
    """What an attendee took away from an event."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="reflection"
    )
    learned = models.TextField("What did you learn?")
    anonymous = models.BooleanField(
        "Share it without my name", default=False, help_text="Facilitators see it unnamed."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reflection on {self.registration.event}"


class Commitment(models.Model):
    """One small test of change an attendee will try after an event."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="commitment"
    )
    change_idea = models.TextField("One small test of change I will try")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.change_idea[:80]


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a member's calendar of booked events. Resetting it makes a new
    token, so an address that was shared stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
