"""The similar API: the public works and artists most like a work or an artist, as computed ahead."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from dala.accounts.models import ArtistProfile
from dala.catalog import errors as catalog_errors
from dala.catalog.models import Artwork
from dala.catalog.schemas import ArtistSummaryOut, ArtworkCardOut
from dala.catalog.selectors import artist_for_page
from dala.core.errors import NotFound

from ..selectors.similar import similar_artists, similar_works
from ..services.similar import artists_limit, works_limit

router = Router(tags=["similar"])


class SimilarWorksOut(Schema):
    items: list[ArtworkCardOut] = Field(..., description="Most alike first; empty until computed.")


class SimilarArtistOut(ArtistSummaryOut):
    career_stage: str
    web_url: str

    @classmethod
    def build_similar(cls, artist: ArtistProfile, request: HttpRequest) -> SimilarArtistOut:
        return cls(**ArtistSummaryOut.build(artist).model_dump(), career_stage=artist.career_stage,
                   web_url=request.build_absolute_uri(artist.get_absolute_url()))


class SimilarArtistsOut(Schema):
    items: list[SimilarArtistOut] = Field(..., description="Most alike first; empty until computed.")


@router.get("/artworks/{artwork_id}/similar", response=SimilarWorksOut, summary="List similar works",
            tags=["artworks"], auth=None)
def list_similar_works(request: HttpRequest, artwork_id: int) -> SimilarWorksOut:
    """Up to eight public works by other artists most like this one: shared subjects, the same medium,
    shared colours. Computed ahead in the background (after the work changes, and once a day), so a new
    work's list may be empty for a short while. Drafts and deleted works are not found."""
    if not Artwork.objects.listed().filter(pk=artwork_id).exists():
        raise NotFound(catalog_errors.NOT_FOUND, _("There is no public artwork with this id."))
    return SimilarWorksOut(items=[ArtworkCardOut.build(work, request)
                                  for work in similar_works(artwork_id, limit=works_limit())])


@router.get("/artists/{slug}/similar", response=SimilarArtistsOut, summary="List similar artists",
            tags=["artists"], auth=None)
def list_similar_artists(request: HttpRequest, slug: str) -> SimilarArtistsOut:
    """Up to six public artists most like this one: the subjects, media and colours of their works, and
    the followers they share. Computed ahead in the background."""
    artist = artist_for_page(slug)
    return SimilarArtistsOut(items=[SimilarArtistOut.build_similar(other, request)
                                    for other in similar_artists(artist.pk, limit=artists_limit())])
