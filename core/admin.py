from django import forms
from django.contrib import admin, messages

from core import outbox
from core.models import OutgoingEmail


class CheckboxesMixin:
    """The many-to-many fields named in `checkboxes` as a list of checkboxes. Our lists
    (roles, organisations, areas, skills) are short, and Django's two-box filter widget
    labels its icons with aria-label on a span, which the accessibility checks refuse."""

    checkboxes: tuple[str, ...] = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkboxes:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "kind", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "idempotency_key"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Try sending the selected failed emails again")
    def retry(self, request, queryset) -> None:
        count = outbox.outgoing_email_retry(email_ids=list(queryset.values_list("pk", flat=True)))
        skipped = queryset.count() - count
        message = f"{count} failed email{'s' if count != 1 else ''} queued to be sent again."
        if skipped:
            message += f" {skipped} not failed, so left alone."
        self.message_user(request, message, messages.SUCCESS if count else messages.WARNING)
