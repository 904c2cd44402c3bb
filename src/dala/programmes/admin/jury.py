"""Staff admin of juries: jurors (with their conflicts of interest) and scores (read-mostly)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ..models import Conflict, Juror, Score


class ConflictInline(admin.TabularInline):
    model = Conflict
    extra = 0
    fields = ("entry", "reason", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("entry",)


@admin.register(Juror)
class JurorAdmin(admin.ModelAdmin):
    list_display = ("user", "call", "status", "invited_at", "responded_at")
    list_filter = ("status",)
    search_fields = ("user__email", "user__display_name", "call__slug")
    raw_id_fields = ("call", "user")
    list_select_related = ("user", "call")
    inlines = [ConflictInline]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    """Scores are the jurors' own: staff look, and may delete one (e.g. a juror's mistake), but not change it."""

    list_display = ("entry", "juror", "round", "artwork", "value", "updated_at")
    list_filter = ("round", ("call", admin.RelatedOnlyFieldListFilter))
    search_fields = ("call__slug", "juror__user__email", "entry__artist__slug")
    list_select_related = ("entry__artist", "juror__user", "artwork")
    readonly_fields = ("call", "round", "juror", "entry", "artwork", "value", "note", "feedback", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
