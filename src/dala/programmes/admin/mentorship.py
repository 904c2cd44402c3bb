"""Admin of mentorships, their applications and shared logs (staff: list, search, filters)."""

from __future__ import annotations

from django.contrib import admin

from ..models import Mentorship, MentorshipApplication, MentorshipLogEntry


class MentorshipApplicationInline(admin.TabularInline[MentorshipApplication, Mentorship]):
    model = MentorshipApplication
    fields = ("applicant", "status", "source_call", "decided_at", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("applicant", "source_call")
    extra = 0
    show_change_link = True


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin[Mentorship]):
    list_display = ("__str__", "mentor", "length_weeks", "places", "is_open", "apply_by", "created_at")
    list_filter = ("is_open", "created_at")
    list_select_related = ("mentor",)
    search_fields = ("slug", "theme", "mentor__slug", "mentor__user__email")
    raw_id_fields = ("mentor",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [MentorshipApplicationInline]


class MentorshipLogEntryInline(admin.TabularInline[MentorshipLogEntry, MentorshipApplication]):
    model = MentorshipLogEntry
    fields = ("kind", "happened_on", "text", "done", "author", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("author",)
    extra = 0


@admin.register(MentorshipApplication)
class MentorshipApplicationAdmin(admin.ModelAdmin[MentorshipApplication]):
    list_display = ("__str__", "status", "source_call", "created_at", "decided_at")
    list_filter = ("status", "created_at")
    list_select_related = ("mentorship", "applicant", "source_call")
    search_fields = ("mentorship__slug", "applicant__slug", "applicant__user__email")
    raw_id_fields = ("mentorship", "applicant", "source_call")
    readonly_fields = ("created_at", "updated_at")
    inlines = [MentorshipLogEntryInline]
