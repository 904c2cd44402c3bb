"""A gallery's public page: who it is, the artists it represents now, the works it holds, and the panels
of the apps above the market (the follow button). Server-rendered, no JS."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dala.accounts.models import ArtistProfile, GalleryProfile
from dala.catalog.models import Artwork, ArtworkImage
from dala.core.errors import DomainError
from dala.core.pagination import KeysetPage, keyset_paginate

from ..models import Representation

NEWEST: list[tuple[str, bool]] = [("created_at", True), ("id", True)]
INVALID_CURSOR = "invalid_cursor"


def gallery_for_page(slug: str) -> GalleryProfile | None:
    return GalleryProfile.objects.select_related("city").filter(slug=slug).first()


def _active_representations(gallery: GalleryProfile) -> QuerySet[Representation]:
    return Representation.objects.filter(gallery=gallery, ended_at__isnull=True)


def represented_artists(gallery: GalleryProfile) -> list[ArtistProfile]:
    """The public artists ``gallery`` represents now, by name's slug: one query."""
    active = _active_representations(gallery).filter(artist=OuterRef("pk"))
    return list(ArtistProfile.objects.filter(Exists(active), is_public=True).select_related("city")
                .order_by("slug", "pk"))


def held_works(gallery: GalleryProfile, *, cursor: str | None, page_size: int) -> KeysetPage[Artwork]:
    """The public works ``gallery`` holds through a representation in force, newest first; a page is
    three queries (works with artist, city and medium; their primary images) however long it is."""
    held = Representation.artworks.through.objects.filter(
        artwork_id=OuterRef("pk"), representation__gallery=gallery, representation__ended_at__isnull=True,
        representation__artist_id=OuterRef("artist_id"))
    queryset = (Artwork.objects.listed().filter(Exists(held))
                .select_related("artist", "artist__city", "medium")
                .prefetch_related(Prefetch("images", queryset=ArtworkImage.objects.filter(is_primary=True),
                                           to_attr="primary_images")))
    return keyset_paginate(queryset, keys=NEWEST, cursor=cursor, page_size=page_size)


@require_safe
def gallery(request: HttpRequest, slug: str) -> HttpResponse:
    profile = gallery_for_page(slug)
    if profile is None:
        raise Http404(_("There is no gallery at this address."))
    cursor = request.GET.get("cursor") or None
    page_size = settings.DALA_PAGE_SIZE
    cursor_error = None
    try:
        page = held_works(profile, cursor=cursor, page_size=page_size)
    except DomainError as error:
        if error.code != INVALID_CURSOR or not cursor:
            raise
        cursor_error = str(error.message)
        page = held_works(profile, cursor=None, page_size=page_size)
    context = {"gallery": profile, "artists": represented_artists(profile), "page": page,
               "cursor_error": cursor_error,
               # The follow panel (social) reads the object to follow from ``follow_target``.
               "follow_target": profile,
               "gallery_panels": getattr(settings, "DALA_GALLERY_PANELS", [])}
    return render(request, "market/gallery.html", context, status=400 if cursor_error else 200)
