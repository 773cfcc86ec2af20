from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from champions.models import (
    ClinicalArea,
    ConversationRequest,
    Organisation,
    Profession,
    Profile,
    Skill,
    User,
)
from core.admin import CheckboxesMixin


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileInline(CheckboxesMixin, admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["organisation", "profession"]
    checkboxes = ("clinical_areas", "skills_to_teach", "skills_to_learn")
    readonly_fields = ["completed_at"]


@admin.register(User)
class UserAdmin(CheckboxesMixin, DjangoUserAdmin):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    inlines = [ProfileInline]
    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "profile__display_name"]
    list_select_related = ["profile"]
    readonly_fields = ["date_joined", "last_login", "erased_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Roles",
            {
                "fields": ["is_active", "groups", "is_staff", "is_superuser"],
                "description": (
                    "Roles are groups: Champion (every verified member), Facilitator and "
                    "System leader. Staff status gives access to this admin."
                ),
            },
        ),
        ("Dates", {"fields": ["last_login", "date_joined", "erased_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]},
        ),
    ]
    filter_horizontal = []
    checkboxes = ("groups",)


class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(ReferenceItemAdmin):
    list_display = ["name", "short_name", "sector", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["name", "short_name"]


admin.site.register(Profession, ReferenceItemAdmin)
admin.site.register(ClinicalArea, ReferenceItemAdmin)
admin.site.register(Skill, ReferenceItemAdmin)


@admin.register(ConversationRequest)
class ConversationRequestAdmin(admin.ModelAdmin):
    """Read-only: for support, when a member reports a request."""

    list_display = ["created_at", "sender", "recipient", "status"]
    list_filter = ["status"]
    list_select_related = ["sender", "recipient", "skill"]
    search_fields = ["sender__email", "recipient__email"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ConversationRequest._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
