"""Staff admin of open calls and their entries (with the works entered)."""

from __future__ import annotations

from django.contrib import admin

from ..models import Entry, EntryWork, OpenCall


@admin.register(OpenCall)
class OpenCallAdmin(admin.ModelAdmin[OpenCall]):
    list_display = ("title", "organiser", "status", "deadline", "deadline_timezone", "prize_kind", "fee_amount",
                    "fee_currency")
    list_filter = ("status", "prize_kind", "blind", "scale")
    list_select_related = ("organiser",)
    search_fields = ("title", "slug", "organiser__email")
    raw_id_fields = ("organiser", "gallery", "mentorship")
    filter_horizontal = ("eligible_media",)
    date_hierarchy = "deadline"
    readonly_fields = ("published_at", "results_published_at", "created_at", "updated_at")


class EntryWorkInline(admin.TabularInline[EntryWork, Entry]):
    model = EntryWork
    fields = ("artwork", "position")
    raw_id_fields = ("artwork",)
    extra = 0


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin[Entry]):
    list_display = ("call", "artist", "status", "fee_status", "round_reached", "result", "submitted_at")
    list_filter = ("call", "status", "fee_status", "result")
    list_select_related = ("call", "artist")
    search_fields = ("artist__slug", "artist__user__email", "call__slug", "fee_reference")
    raw_id_fields = ("call", "artist")
    readonly_fields = ("submitted_at", "withdrawn_at", "created_at", "updated_at")
    inlines = [EntryWorkInline]
