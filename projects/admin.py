from django.contrib import admin

from core.admin import CheckboxesMixin
from projects.models import Project, TeamMember


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    fk_name = "project"
    extra = 0
    raw_id_fields = ["user", "invited_by"]


@admin.register(Project)
class ProjectAdmin(CheckboxesMixin, admin.ModelAdmin):
    """For support: find a project and see its team. Teams edit projects on the site,
    where every change is recorded in the project's history."""

    list_display = ["title", "stage", "visibility", "is_cross_boundary", "updated_at"]
    list_filter = ["visibility", "stage", "method", "is_cross_boundary"]
    search_fields = ["title", "summary"]
    readonly_fields = ["is_cross_boundary", "created_by", "created_at", "updated_at"]
    checkboxes = ("organisations", "clinical_areas", "help_wanted_skills")
    inlines = [TeamMemberInline]
