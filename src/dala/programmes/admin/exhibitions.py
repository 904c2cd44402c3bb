"""Staff admin of exhibitions and viewing rooms, with their works and installation photos."""

from __future__ import annotations

from django.contrib import admin

from ..models import Exhibition, ExhibitionWork, InstallationPhoto


class ExhibitionWorkInline(admin.TabularInline):
    model = ExhibitionWork
    extra = 0
    raw_id_fields = ("artwork",)
    fields = ("position", "artwork", "wall_text", "provenance_event")
    readonly_fields = ("provenance_event",)
    ordering = ("position", "id")


class InstallationPhotoInline(admin.TabularInline):
    model = InstallationPhoto
    extra = 0
    fields = ("position", "image", "caption")
    ordering = ("position", "id")


@admin.register(Exhibition)
class ExhibitionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "status", "city", "opens_on", "closes_on", "ends_at", "is_private",
                    "organiser")
    list_filter = ("kind", "status", "city", "is_private", "is_physical", "is_online")
    search_fields = ("slug", "title", "venue", "curator_name", "organiser__email", "organiser__display_name")
    date_hierarchy = "opens_on"
    raw_id_fields = ("organiser", "gallery", "source_call")
    list_select_related = ("city", "organiser")
    readonly_fields = ("access_token", "created_at", "updated_at")
    inlines = [ExhibitionWorkInline, InstallationPhotoInline]
