from django.contrib import admin

from core.admin import CheckboxesMixin
from events.models import CalendarFeed, Commitment, Event, Reflection, Registration


@admin.register(Event)
class EventAdmin(CheckboxesMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "format", "capacity", "status"]
    list_filter = ["status", "kind", "format", "audience"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    checkboxes = ("clinical_areas", "skills")
    # Thousands of projects: an id box, not a list of them all.
    raw_id_fields = ["facilitators", "created_by", "showcased_projects"]
    readonly_fields = [
        "sequence", "created_at", "updated_at", "updated_by", "published_at", "published_by",
        "cancelled_at", "cancelled_by",
    ]  # fmt: skip


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-only: places change through the site, under the event's lock, with emails."""

    list_display = ["event", "user", "status", "requested_at", "reminder_sent_at"]
    list_filter = ["status"]
    search_fields = ["event__title", "user__email"]
    list_select_related = ["event", "user"]
    raw_id_fields = ["event", "user", "added_by", "cancelled_by", "attendance_marked_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(Reflection, raw_id_fields=["registration"])
admin.site.register(Commitment, raw_id_fields=["registration"])
admin.site.register(CalendarFeed, raw_id_fields=["user"], readonly_fields=["token"])
