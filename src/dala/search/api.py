"""The search API: ``GET /api/v1/search`` (the site's search, one kind a page, every kind counted) and
``GET /api/v1/search/suggest`` (names and titles while typing). Public, no token."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dala.catalog.schemas import ArtistListItemOut, ArtworkCardOut, WorkFilters
from dala.catalog.selectors import BrowseFilters
from dala.core.errors import DomainError, ValidationFailed
from dala.critique.schemas import ReviewOut
from dala.programmes.api.exhibitions import ExhibitionOut

from . import colour, selectors
from .models import DocumentKind
from .normalise import highlight

router = Router(tags=["search"])

Kind = Literal["artwork", "artist", "exhibition", "review"]


class SearchQuery(WorkFilters):
    """The words, the kind, and the works' filters (which apply to the works only)."""

    q: str = Field("", max_length=selectors.MAX_QUERY_LENGTH,
                   description="Words in any script: Kazakh Cyrillic or Latin, Russian, English; case, marks and "
                               "common romanisations do not matter, and a longer word may have one typo.")
    kind: Kind | None = Field(None, description="Which kind to list; by default the first with matches "
                                                "(works, artists, exhibitions, reviews).")
    page: int = Field(1, ge=1, le=selectors.COUNT_CAP // selectors.PAGE_SIZE + 1)
    sort: Literal["", "relevance", "newest", "price_asc", "price_desc"] = Field(
        "", description="Works' order; by default the best match with words, the newest without.")
    palette: str = Field("", max_length=100, description="One or two colours to list the closest works first: "
                                                         "hex (#1e4fa0), or a colour's name in kk, ru or en.")
    like: int | None = Field(None, description="A work's id: list the works whose palettes are closest to its own.")
    facets: bool = Field(False, description="Count the works' facets (counted over at most 500 matching works).")


class FacetValueOut(Schema):
    value: str = Field(..., description="The filter value (a slug, a code, a decade, or 'low-high' for a price band).")
    label: str
    count: int
    selected: bool
    filter: dict[str, str | None] = Field(..., description="The query parameters that choose this value "
                                                           "(null: remove the parameter).")


class FacetOut(Schema):
    name: str
    label: str
    more_than_counted: bool = Field(..., description="True when more works match than were counted: each count "
                                                     "is a lower bound.")
    values: list[FacetValueOut]


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
    sort: str = Field(..., description="relevance, newest, price_asc, price_desc, or colour (closest first).")
    items: list[SearchItemOut]
    facets: list[FacetOut] = Field(default_factory=list, description="With `facets=true`, of the works.")


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
    more), with how many of each kind match. Only what the public may see is found.

    The work filters narrow the works (and list them without words: browsing); `palette` or `like` list
    the works closest in colour first. A bad filter value is refused with 422 and every problem listed;
    `like` of a work without a palette is refused too."""
    params = query.dict(exclude={"q", "kind", "page", "sort", "palette", "like", "facets"})
    filters = BrowseFilters.from_params({name: value for name, value in params.items() if value is not None})
    problems = list(filters.problems)
    colours = []
    try:
        colours = colour.parse_colours(query.palette)
    except DomainError as error:
        problems.append(error)
    if problems:
        raise ValidationFailed(problems)
    results = selectors.search(query.q, kind=query.kind, page=query.page, filters=filters, sort=query.sort,
                               facets=query.facets, colours=colours, like=query.like)
    return SearchOut(query=results.query, kind=results.kind, counts=results.counts,  # type: ignore[arg-type]
                     more_than_counted=results.capped, page=results.page, page_size=results.page_size,
                     has_next=results.has_next, sort=results.sort,
                     items=[item_out(results.kind, item, results, request) for item in results.items],
                     facets=[FacetOut(name=facet.name, label=facet.label, more_than_counted=facet.capped,
                                      values=[FacetValueOut(value=value.value, label=value.label, count=value.count,
                                                            selected=value.selected, filter=value.changes)
                                              for value in facet.values])
                             for facet in results.facets])


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
