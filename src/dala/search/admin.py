from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import colour, services
from .models import SearchColour, SearchDocument


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin[SearchDocument]):
    """The index is written by the data's own saves: staff read it (what a thing is found by) and may
    rebuild rows, never edit them."""

    list_display = ("kind", "object_id", "title", "updated_at")
    list_filter = ("kind",)
    search_fields = ("=object_id", "title", "keys")
    readonly_fields = ("kind", "object_id", "title", "body", "keys", "updated_at")
    actions = ["rebuild"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Rebuild these rows from the data"), permissions=["view"])
    def rebuild(self, request: HttpRequest, queryset: QuerySet[SearchDocument]) -> None:
        rows = list(queryset.values_list("kind", "object_id"))
        for kind in {each for each, _object_id in rows}:
            services.index(kind, [object_id for each, object_id in rows if each == kind])
        self.message_user(request, _("%(count)d rows rebuilt.") % {"count": len(rows)}, messages.SUCCESS)


@admin.register(SearchColour)
class SearchColourAdmin(admin.ModelAdmin[SearchColour]):
    """A work's palette as colour search reads it; written when the palette changes, read-only here."""

    list_display = ("artwork_id", "bin", "lightness", "green_red", "blue_yellow", "weight")
    search_fields = ("=artwork_id",)
    readonly_fields = ("artwork_id", "bin", "lightness", "green_red", "blue_yellow", "weight")
    actions = ["rebuild"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Rebuild these works' colours from their palettes"), permissions=["view"])
    def rebuild(self, request: HttpRequest, queryset: QuerySet[SearchColour]) -> None:
        ids = sorted(set(queryset.values_list("artwork_id", flat=True)))
        with transaction.atomic():
            colour.reindex_palettes(ids)
        self.message_user(request, _("%(count)d works' colours rebuilt.") % {"count": len(ids)}, messages.SUCCESS)
