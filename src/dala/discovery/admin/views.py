"""Admin for views: the daily counters, read-only (written only by counting page views)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ..models import DailyViews


@admin.register(DailyViews)
class DailyViewsAdmin(admin.ModelAdmin[DailyViews]):
    list_display = ("day", "artist", "artwork", "views")
    list_select_related = ("artist", "artwork", "artwork__artist")
    date_hierarchy = "day"
    search_fields = ("artist__slug", "artwork__slug")
    raw_id_fields = ("artist", "artwork")
    readonly_fields = ("artist", "artwork", "day", "views")
    fields = readonly_fields
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: DailyViews | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: DailyViews | None = None) -> bool:
        return False
