"""Reads for the public gallery pages: the gallery, the artists it represents now, the works it holds;
and, for an artist's page, the galleries that represent the artist."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from dala.accounts.models import ArtistProfile, GalleryProfile
from dala.catalog.models import Artwork, ArtworkImage
from dala.core.pagination import KeysetPage, keyset_paginate

from ..models import Representation

NEWEST: list[tuple[str, bool]] = [("created_at", True), ("id", True)]


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



def galleries_representing(artist: ArtistProfile) -> list[GalleryProfile]:
    """The galleries that represent ``artist`` now, by slug: one query (for the artist's page)."""
    active = Representation.objects.filter(gallery=OuterRef("pk"), artist=artist, ended_at__isnull=True)
    return list(GalleryProfile.objects.filter(Exists(active)).order_by("slug", "pk"))
