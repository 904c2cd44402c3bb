"""Reads of the trending scores, in a constant number of queries whatever the length of the list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork, ArtworkImage, Availability

from ..models import TrendingKind, TrendingScore

HOME_WORKS = 6  # the home page's shelf
PAGE_WORKS = 48  # the /trending/ page
PAGE_ARTISTS = 24
API_MAX = 100


@dataclass
class TrendingWork:
    rank: int
    score: float
    artwork: Artwork
    parts: dict[str, float] = field(default_factory=dict)


@dataclass
class TrendingArtist:
    rank: int
    score: float
    artist: ArtistProfile
    parts: dict[str, float] = field(default_factory=dict)


def trending_works(*, limit: int = PAGE_WORKS) -> list[TrendingWork]:
    """The best trending works that are still public and unsold, best first, ranked 1.. in that order;
    each artwork shaped for a card (artist, city, medium, primary image): two queries."""
    scores = (TrendingScore.objects.filter(kind=TrendingKind.ARTWORK, artwork__is_listed__in=[True])
              .exclude(artwork__availability=Availability.SOLD)
              .select_related("artwork", "artwork__artist", "artwork__artist__city", "artwork__medium")
              .prefetch_related(Prefetch("artwork__images", queryset=ArtworkImage.objects.filter(is_primary=True),
                                         to_attr="primary_images"))
              .order_by("rank")[:max(0, limit)])
    return [TrendingWork(rank=position, score=row.score, artwork=row.artwork, parts=row.parts)  # type: ignore[arg-type]
            for position, row in enumerate(scores, start=1)]


def trending_artists(*, limit: int = PAGE_ARTISTS) -> list[TrendingArtist]:
    """The best trending artists who are still public, best first, ranked 1..: one query."""
    scores = (TrendingScore.objects.filter(kind=TrendingKind.ARTIST, artist__is_public=True)
              .select_related("artist", "artist__city").order_by("rank")[:max(0, limit)])
    return [TrendingArtist(rank=position, score=row.score, artist=row.artist, parts=row.parts)  # type: ignore[arg-type]
            for position, row in enumerate(scores, start=1)]


def computed_at() -> datetime.datetime | None:
    """When the stored scores were computed (all rows share the time), or None before the first run."""
    return TrendingScore.objects.order_by("-computed_at").values_list("computed_at", flat=True).first()
