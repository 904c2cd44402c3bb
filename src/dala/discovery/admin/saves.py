"""Admin of saved works, saved searches and the record of their alerts (read-only: made by the task)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ..models import SavedSearch, SavedWork, SearchAlert


@admin.register(SavedWork)
class SavedWorkAdmin(admin.ModelAdmin[SavedWork]):
    list_display = ("user", "artwork", "created_at")
    list_select_related = ("user", "artwork")
    search_fields = ("user__email", "artwork__slug")
    raw_id_fields = ("user", "artwork")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at",)


class SearchAlertInline(admin.TabularInline[SearchAlert, SavedSearch]):
    model = SearchAlert
    fields = ("artwork", "created_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: SavedSearch | None = None) -> bool:
        return False


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin[SavedSearch]):
    list_display = ("name", "user", "alerts", "created_at")
    list_filter = ("alerts", "created_at")
    list_select_related = ("user",)
    search_fields = ("name", "user__email")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)
    inlines = [SearchAlertInline]


@admin.register(SearchAlert)
class SearchAlertAdmin(admin.ModelAdmin[SearchAlert]):
    """Read-only: a row is written when a new work matching the search was announced to its owner."""

    list_display = ("search", "artwork", "created_at")
    list_select_related = ("search", "search__user", "artwork")
    search_fields = ("search__name", "search__user__email")
    date_hierarchy = "created_at"
    readonly_fields = ("search", "artwork", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SearchAlert | None = None) -> bool:
        return False
