"""The trending API: the ranked works and artists of the last computation (public, no token)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dala.catalog.schemas import ArtistSummaryOut, ArtworkCardOut

from ..selectors import trending as selectors

router = Router(tags=["trending"])

SCORE_PARTS = ("What made the score, after weights and decay, by signal: views, saves, follows, reviews, "
               "offers (only those that counted).")


class TrendingQuery(Schema):
    limit: int = Field(24, ge=1, le=selectors.API_MAX, description="How many to return, best first.")


class TrendingArtworkOut(Schema):
    rank: int = Field(..., description="1 for the most trending work.")
    score: float
    parts: dict[str, float] = Field(..., description=SCORE_PARTS)
    artwork: ArtworkCardOut


class TrendingArtworksOut(Schema):
    computed_at: datetime.datetime | None = Field(..., description="When the ranking was computed; null before "
                                                                   "the first computation.")
    items: list[TrendingArtworkOut]


class TrendingArtistOut(Schema):
    rank: int = Field(..., description="1 for the most trending artist.")
    score: float
    parts: dict[str, float] = Field(..., description=SCORE_PARTS)
    artist: ArtistSummaryOut
    web_url: str = Field(..., description="The artist's public page.")


class TrendingArtistsOut(Schema):
    computed_at: datetime.datetime | None = Field(..., description="When the ranking was computed; null before "
                                                                   "the first computation.")
    items: list[TrendingArtistOut]


@router.get("/trending/artworks", response=TrendingArtworksOut, summary="List trending artworks")
def list_trending_artworks(request: HttpRequest, query: Query[TrendingQuery]) -> TrendingArtworksOut:
    """Public, unsold works ranked by recent views, saves, reviews and offers (recent activity counts
    most). Recomputed periodically, not on each request; no token needed."""
    items = [TrendingArtworkOut(rank=item.rank, score=item.score, parts=item.parts,
                                artwork=ArtworkCardOut.build(item.artwork, request))
             for item in selectors.trending_works(limit=query.limit)]
    return TrendingArtworksOut(computed_at=selectors.computed_at(), items=items)


@router.get("/trending/artists", response=TrendingArtistsOut, summary="List trending artists")
def list_trending_artists(request: HttpRequest, query: Query[TrendingQuery]) -> TrendingArtistsOut:
    """Public artists ranked by recent views of their pages and works, follows, saves, reviews and offers.
    Recomputed periodically; no token needed."""
    items = [TrendingArtistOut(rank=item.rank, score=item.score, parts=item.parts,
                               artist=ArtistSummaryOut.build(item.artist),
                               web_url=request.build_absolute_uri(item.artist.get_absolute_url()))
             for item in selectors.trending_artists(limit=query.limit)]
    return TrendingArtistsOut(computed_at=selectors.computed_at(), items=items)
