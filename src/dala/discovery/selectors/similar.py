"""Reads of the similar works and artists computed ahead: a fixed number of queries, nothing computed.

A work or an artist that stopped being public since the lists were computed is left out here, before
the next recompute drops it."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork, ArtworkImage

from ..models import SimilarArtist, SimilarArtwork


def similar_works(artwork_id: int, *, limit: int = 8) -> list[Artwork]:
    """The public works stored as most like ``artwork_id``, best first, shaped for cards (artist, city,
    medium, primary image): two queries however many."""
    rows = (SimilarArtwork.objects.filter(artwork_id=artwork_id, similar__is_listed__in=[True])
            .select_related("similar", "similar__artist", "similar__artist__city", "similar__medium")
            .prefetch_related(Prefetch("similar__images", queryset=ArtworkImage.objects.filter(is_primary=True),
                                       to_attr="primary_images"))
            .order_by("rank")[:limit])
    return [row.similar for row in rows]


def similar_artists(artist_id: int, *, limit: int = 6) -> list[ArtistProfile]:
    """The public artists (with public works) stored as most like ``artist_id``, best first, with their
    city: one query."""
    rows = (SimilarArtist.objects.filter(artist_id=artist_id, similar__is_public=True)
            .filter(Exists(Artwork.objects.listed().filter(artist_id=OuterRef("similar_id"))))
            .select_related("similar", "similar__city").order_by("rank")[:limit])
    return [row.similar for row in rows]
