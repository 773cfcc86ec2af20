from django.contrib import admin

from digests.models import DigestDelivery


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "period", "frequency", "status", "sections"]
    list_filter = ["status", "frequency", "period"]
    search_fields = ["user__email", "period"]
    raw_id_fields = ["user", "email"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A deleted record makes the member due again, and their digest's outbox row (same
        # idempotency key) would then make the whole chunk fail on every run.
        return False
