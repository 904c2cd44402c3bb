"""Pages for trending: the /trending/ page (the home page's shelf is in dala.site)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from ..selectors import trending as selectors


@require_safe
def trending(request: HttpRequest) -> HttpResponse:
    """The trending works and artists, ranked, with when the ranking was computed."""
    context = {
        "works": selectors.trending_works(limit=selectors.PAGE_WORKS),
        "artists": selectors.trending_artists(limit=selectors.PAGE_ARTISTS),
        "computed_at": selectors.computed_at(),
    }
    return render(request, "discovery/trending/page.html", context)


urlpatterns: list[URLPattern] = [path("trending/", trending, name="trending")]
