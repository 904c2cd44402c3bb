"""A gallery's public page: who it is, the artists it represents now, the works it holds, and the panels
of the apps above the market (the follow button). Server-rendered, no JS."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dala.core.pagination import page_or_first

from ..selectors.galleries import gallery_for_page, held_works, represented_artists


@require_safe
def gallery(request: HttpRequest, slug: str) -> HttpResponse:
    profile = gallery_for_page(slug)
    if profile is None:
        raise Http404(_("There is no gallery at this address."))
    cursor = request.GET.get("cursor") or None
    page_size = settings.DALA_PAGE_SIZE
    page, cursor_error = page_or_first(lambda c: held_works(profile, cursor=c, page_size=page_size), cursor)
    context = {"gallery": profile, "artists": represented_artists(profile), "page": page,
               "cursor_error": cursor_error,
               # The follow panel (social) reads the object to follow from ``follow_target``.
               "follow_target": profile,
               "gallery_panels": getattr(settings, "DALA_GALLERY_PANELS", [])}
    return render(request, "market/gallery.html", context, status=400 if cursor_error else 200)
