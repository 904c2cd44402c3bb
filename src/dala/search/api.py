"""The search API: ``GET /api/v1/search`` (the site's search, one kind a page, every kind counted) and
``GET /api/v1/search/suggest`` (names and titles while typing). Public, no token."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dala.catalog.schemas import ArtistListItemOut, ArtworkCardOut
from dala.critique.schemas import ReviewOut
from dala.programmes.api.exhibitions import ExhibitionOut

from . import selectors
from .models import DocumentKind
from .normalise import highlight

router = Router(tags=["search"])

Kind = Literal["artwork", "artist", "exhibition", "review"]


class SearchQuery(Schema):
    q: str = Field("", max_length=selectors.MAX_QUERY_LENGTH,
                   description="Words in any script: Kazakh Cyrillic or Latin, Russian, English; case, marks and "
                               "common romanisations do not matter, and a longer word may have one typo.")
    kind: Kind | None = Field(None, description="Which kind to list; by default the first with matches "
                                                "(works, artists, exhibitions, reviews).")
    page: int = Field(1, ge=1, le=selectors.COUNT_CAP // selectors.PAGE_SIZE + 1)


class RunOut(Schema):
    text: str
    match: bool = Field(..., description="Whether this run matches a word of the query (to highlight).")


class SearchItemOut(Schema):
    kind: Kind
    label: str = Field(..., description="The name or title in the request's language.")
    label_runs: list[RunOut] = Field(..., description="The label cut into runs, the matching words marked.")
    web_url: str
    artwork: ArtworkCardOut | None = None
    artist: ArtistListItemOut | None = None
    exhibition: ExhibitionOut | None = None
    review: ReviewOut | None = None


class SearchOut(Schema):
    query: str
    kind: Kind
    counts: dict[str, int] = Field(..., description="Matches per kind, counted up to 1000.")
    more_than_counted: dict[str, bool] = Field(..., description="True where a kind has more than 1000 matches.")
    page: int
    page_size: int
    has_next: bool
    items: list[SearchItemOut]


class SuggestionOut(Schema):
    kind: Kind
    label: str
    other_script: str = Field(..., description="The same name in the other script (Cyrillic or Latin), or empty.")
    web_url: str


def label_of(kind: str, item: Any) -> str:
    return str(item.name if kind == DocumentKind.ARTIST else item.title)


def item_out(kind: str, item: Any, results: selectors.Results, request: HttpRequest) -> SearchItemOut:
    label = label_of(kind, item)
    out = SearchItemOut(kind=kind, label=label, web_url=item.get_absolute_url(),  # type: ignore[arg-type]
                        label_runs=[RunOut(text=text, match=match) for text, match in highlight(label, results.words)])
    if kind == DocumentKind.ARTWORK:
        out.artwork = ArtworkCardOut.build(item, request)
    elif kind == DocumentKind.ARTIST:
        out.artist = ArtistListItemOut.build_item(item)
    elif kind == DocumentKind.EXHIBITION:
        out.exhibition = ExhibitionOut.build(item, request)
    else:
        out.review = ReviewOut.build(item)
    return out


@router.get("/search", response=SearchOut, url_name="search", summary="Search works, artists, exhibitions and reviews")
def search(request: HttpRequest, query: Query[SearchQuery]) -> SearchOut:
    """One page of one kind, best match first (names and titles weigh most, works for sale a little
    more), with how many of each kind match. Only what the public may see is found."""
    results = selectors.search(query.q, kind=query.kind, page=query.page)
    return SearchOut(query=results.query, kind=results.kind, counts=results.counts,  # type: ignore[arg-type]
                     more_than_counted=results.capped, page=results.page, page_size=results.page_size,
                     has_next=results.has_next,
                     items=[item_out(results.kind, item, results, request) for item in results.items])


class SuggestQuery(Schema):
    q: str = Field("", max_length=selectors.MAX_QUERY_LENGTH, description="What has been typed so far.")
    limit: int = Field(8, ge=1, le=20)


@router.get("/search/suggest", response=list[SuggestionOut], url_name="search_suggest",
            summary="Suggest artists and works while typing")
def suggest(request: HttpRequest, query: Query[SuggestQuery]) -> list[SuggestionOut]:
    """Artists first, then works, whose names or titles start like the query's last word (after the
    others), in the script typed and the other."""
    return [SuggestionOut(kind=s.kind, label=s.label, other_script=s.other_script,  # type: ignore[arg-type]
                          web_url=s.url) for s in selectors.suggest(query.q, limit=query.limit)]
