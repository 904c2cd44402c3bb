"""Admin for the similar lists: read-only (they are computed), with an action to recompute them now."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import SimilarArtist, SimilarArtwork
from ..services.similar import recompute_similar_artists, recompute_similar_works


class _ReadOnly(admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False  # a million works have eight rows each: no COUNT(*) on every page

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SimilarArtwork)
class SimilarArtworkAdmin(_ReadOnly):
    list_display = ("artwork", "rank", "similar", "score")
    list_select_related = ("artwork", "similar")
    search_fields = ("=artwork__id", "=similar__id")
    search_help_text = _("An artwork's id.")
    ordering = ("artwork", "rank")
    actions = ["recompute"]

    @admin.action(description=_("Recompute the similar works of the selected rows' works"),
                  permissions=["view"])
    def recompute(self, request: HttpRequest, queryset: QuerySet[SimilarArtwork]) -> None:
        ids = sorted(set(queryset.values_list("artwork_id", flat=True)))
        for artwork_id in ids:
            recompute_similar_works(artwork_id=artwork_id)
        self.message_user(request, ngettext("Recomputed the similar works of %(count)d work.",
                                            "Recomputed the similar works of %(count)d works.",
                                            len(ids)) % {"count": len(ids)}, messages.SUCCESS)


@admin.register(SimilarArtist)
class SimilarArtistAdmin(_ReadOnly):
    list_display = ("artist", "rank", "similar", "score")
    list_select_related = ("artist", "similar")
    search_fields = ("artist__slug", "similar__slug")
    ordering = ("artist", "rank")
    actions = ["recompute"]

    @admin.action(description=_("Recompute the similar artists of the selected rows' artists"),
                  permissions=["view"])
    def recompute(self, request: HttpRequest, queryset: QuerySet[SimilarArtist]) -> None:
        ids = sorted(set(queryset.values_list("artist_id", flat=True)))
        for artist_id in ids:
            recompute_similar_artists(artist_id=artist_id)
        self.message_user(request, ngettext("Recomputed the similar artists of %(count)d artist.",
                                            "Recomputed the similar artists of %(count)d artists.",
                                            len(ids)) % {"count": len(ids)}, messages.SUCCESS)
