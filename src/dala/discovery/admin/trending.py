"""Admin for trending: the scores, read-only, with a "recompute now" button (and action)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models import TrendingScore
from ..services.trending import recompute_trending


@admin.register(TrendingScore)
class TrendingScoreAdmin(admin.ModelAdmin[TrendingScore]):
    """Read-only: the scores are made by ``recompute_trending`` (the periodic task or the button)."""

    list_display = ("kind", "rank", "target", "score", "parts", "computed_at")
    list_filter = ("kind",)
    list_select_related = ("artwork", "artwork__artist", "artist")
    ordering = ("kind", "rank")
    readonly_fields = ("kind", "rank", "artwork", "artist", "score", "parts", "computed_at")
    fields = readonly_fields
    actions = ["recompute_now"]
    change_list_template = "discovery/trending/admin_change_list.html"

    @admin.display(description=gettext_lazy("work or artist"))
    def target(self, obj: TrendingScore) -> Any:
        return obj.artwork if obj.artwork_id else obj.artist

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TrendingScore | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: TrendingScore | None = None) -> bool:
        return False

    def _recompute(self, request: HttpRequest) -> None:
        result = recompute_trending()
        self.message_user(request, _("Trending recomputed: works ranked: %(works)d, artists ranked: %(artists)d.")
                          % {"works": result.artworks, "artists": result.artists}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Recompute trending now"), permissions=["view"])
    def recompute_now(self, request: HttpRequest, queryset: QuerySet[TrendingScore]) -> None:
        self._recompute(request)

    def get_urls(self) -> list[URLPattern]:  # type: ignore[override]
        custom = [path("recompute/", self.admin_site.admin_view(require_POST(self.recompute_view)),
                       name="discovery_trendingscore_recompute")]
        return custom + super().get_urls()  # type: ignore[operator]

    def recompute_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        self._recompute(request)
        return HttpResponseRedirect(reverse("admin:discovery_trendingscore_changelist"))
