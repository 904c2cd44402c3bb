"""The one search service the site's search box, its suggestions and the API call.

A query is normalised (``normalise.parse_query``) and run by the database's engine over one kind of
thing at a time (works, artists, exhibitions, reviews), restricted to what the public may see; the page
of ids it returns is then loaded with each kind's own public selector, in ranking order."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork, Availability
from dala.catalog.selectors import BrowseFilters, artists_for_list, artwork_cards
from dala.core.kazakh import to_latin
from dala.critique.models import Review, ReviewStatus
from dala.critique.selectors import readable_reviews
from dala.programmes.models import Exhibition, PublicationStatus
from dala.programmes.selectors.exhibitions import public_exhibitions

from . import colour as colour_search
from . import facets as facet_counts
from .backends import RANK_WINDOW, Backend, Page, Scope, backend, listing, plain_source
from .backends import search as engine_search
from .facets import ARTIST_JOIN, Facet, filter_conditions, filter_sql, filter_terms, has_filters
from .models import DocumentKind
from .normalise import QueryWord, parse_query
from .stopwords import without_stop_words
from .works import FoundWorks, found_works

KINDS = [DocumentKind.ARTWORK, DocumentKind.ARTIST, DocumentKind.EXHIBITION, DocumentKind.REVIEW]
PAGE_SIZE = 24
COUNT_CAP = 1000
MAX_QUERY_LENGTH = 200
NAME_QUERY_ARTISTS = 3


# How a page of works may be ordered; "relevance" needs words (without them the newest come first).
SORTS = ("relevance", "newest", "price_asc", "price_desc")
ORDERS = {"newest": "o.created_at DESC, o.id DESC", "price_asc": "o.price_base, o.id",
          "price_desc": "o.price_base DESC, o.id DESC"}


def scope(kind: str, filters: BrowseFilters | None = None, *, without: str = "", sort: str = "relevance",
          artist: bool = False) -> Scope:
    """What the public may find of ``kind``, as SQL over its table (alias ``o``); for works, narrowed by
    ``filters`` (but the facet ``without``) and joined to the artist (alias ``ar``) when a filter or
    ``artist`` needs it."""
    if kind == DocumentKind.ARTWORK:
        conditions, params = filter_sql(filters, without=without) if filters else ([], [])
        if sort in ("price_asc", "price_desc"):
            conditions.append("o.price_base IS NOT NULL")
        join = ARTIST_JOIN if artist or any("ar." in condition for condition in conditions) else ""
        terms = tuple(filter_terms(filters, without=without)) if filters else ()
        return Scope(kind, Artwork._meta.db_table, " AND ".join(["o.is_listed", *conditions]), tuple(params),
                     boost=f"CASE WHEN o.availability = '{Availability.FOR_SALE}' THEN 1.25 ELSE 1.0 END",
                     join=join, terms=terms)
    if kind == DocumentKind.ARTIST:
        return Scope(kind, ArtistProfile._meta.db_table, "o.is_public")
    if kind == DocumentKind.EXHIBITION:
        return Scope(kind, Exhibition._meta.db_table, "o.status = %s AND NOT o.is_private",
                     (PublicationStatus.PUBLISHED,))
    if kind == DocumentKind.REVIEW:
        # The same rule as Review.objects.visible(): published, past its embargo, not hidden.
        return Scope(kind, Review._meta.db_table,
                     "o.status = %s AND o.hidden_at IS NULL AND (o.publish_at IS NULL OR o.publish_at <= %s)",
                     (ReviewStatus.PUBLISHED, timezone.now()))
    raise ValueError(kind)


def _load(kind: str, ids: list[int]) -> list[Any]:
    """The public objects of ``kind`` with these ids, shaped for their cards, in this order."""
    if kind == DocumentKind.ARTWORK:
        return artwork_cards(ids)
    found: dict[int, Any]
    if kind == DocumentKind.ARTIST:
        found = {a.pk: a for a in artists_for_list().filter(pk__in=ids)}
    elif kind == DocumentKind.EXHIBITION:
        found = {e.pk: e for e in public_exhibitions().filter(pk__in=ids).select_related("city", "gallery")}
    else:
        found = {r.pk: r for r in readable_reviews().filter(pk__in=ids).select_related("critic", "artist")
                 .prefetch_related("artworks")}
    return [found[pk] for pk in ids if pk in found]


def _seed(now: datetime.datetime | None = None) -> int:
    """Changes once a day: equal scores are ordered differently each day, not always the same way."""
    return (now or timezone.now()).date().toordinal()


@dataclass
class Results:
    query: str
    words: list[QueryWord]
    kind: str
    items: list[Any] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # per kind, capped at COUNT_CAP
    capped: dict[str, bool] = field(default_factory=dict)
    page: int = 1
    page_size: int = PAGE_SIZE
    filters: BrowseFilters = field(default_factory=BrowseFilters)
    sort: str = "relevance"
    facets: list[Facet] = field(default_factory=list)  # of the works, when asked for
    colours: list[colour_search.QueryColour] = field(default_factory=list)  # ranking by closeness to these
    like: int | None = None  # … to the palette of this work

    @property
    def total(self) -> int:
        return self.counts.get(self.kind, 0)

    @property
    def has_next(self) -> bool:
        # A list by relevance is ranked among RANK_WINDOW matches (see backends.RANK_WINDOW).
        listed = min(self.total, RANK_WINDOW) if self.sort == "relevance" else self.total
        return self.page * self.page_size < listed

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search(query: str, *, kind: str | None = None, page: int = 1, page_size: int = PAGE_SIZE,
           filters: BrowseFilters | None = None, sort: str = "", facets: bool = False,
           colours: list[colour_search.QueryColour] | None = None, like: int | None = None) -> Results:
    """Search every kind for ``query``; the items are a page of ``kind`` (default: the artists when the
    query names one to three of them, else the first kind with matches, works first). Counts of every
    kind come along, so a page can offer the other tabs.

    ``filters`` narrow the works (and choose them when no kind is asked for); with filters and no words,
    the works are browsed. ``sort``: relevance (the default with words), newest (without), or price.
    ``facets``: count the works' facets too. ``colours`` (or ``like``, a work whose palette to match)
    list the works closest in colour first, among those the words and filters find; raises DomainError
    when the work ``like`` has no palette."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    # A search matches whole words; only suggestions take the last word as a prefix.
    # Highlights show every word; the engine matches the words that tell works apart (see stopwords).
    shown = [replace(word, prefix=False) for word in parse_query(query)]
    words = without_stop_words(shown)
    filters = filters or BrowseFilters()
    filtered = has_filters(filters)
    sort = sort if sort in SORTS and (sort != "relevance" or words) else ("relevance" if words else "newest")
    page = max(1, page)
    engine = backend()
    seed = _seed()
    if filtered or not words:
        kind = DocumentKind.ARTWORK if kind is None else kind
    results = Results(query=query, words=shown, kind=kind or DocumentKind.ARTWORK, page=page, page_size=page_size,
                      filters=filters, sort=sort)
    order = ORDERS.get(sort)
    offset = (page - 1) * page_size
    if like is not None:
        colours = colour_search.palette_of(like)
    if colours:
        return _by_colour(results, colours, words, like=like, facets=facets)
    if not words:
        if filtered or kind == DocumentKind.ARTWORK:
            found = listing(scope(DocumentKind.ARTWORK, filters, sort=sort), order=order or ORDERS["newest"],
                            limit=page_size, offset=offset, count_cap=COUNT_CAP)
            results.counts[DocumentKind.ARTWORK], results.capped[DocumentKind.ARTWORK] = found.total, found.capped
            results.items = _load(DocumentKind.ARTWORK, [match.object_id for match in found.matches])
            if facets:
                results.facets = work_facets(words, filters)
        return results
    pages: dict[str, Page] = {}
    # The works are read once, for their count, page and facets (see works).
    # With facets, the works each chosen facet is counted over are read with them (see works).
    counted = facet_counts.selected_facets(filters) if facets else []
    works = found_works(engine, words, scope(DocumentKind.ARTWORK, sort=sort, artist=True),
                        scope(DocumentKind.ARTWORK, filters, sort=sort, artist=True), filter_conditions(filters),
                        cap=COUNT_CAP, without={name: _facet_scope(filters, name) for name in counted})

    def page_of(each: str, *, limit: int, offset: int, count_cap: int) -> Page:
        if each == DocumentKind.ARTWORK:
            found = works.page(engine, words, kind=each, table=Artwork._meta.db_table, limit=limit,
                               offset=offset, seed=seed, count_cap=count_cap, order=order)
            if found is not None:
                return found
        return engine_search(engine, words, scope(each, filters, sort=sort), limit=limit, offset=offset,
                             seed=seed, count_cap=count_cap, order=order if each == DocumentKind.ARTWORK else None)

    for each in KINDS:
        # With a kind asked for, its page comes with its count; the other kinds (all of them, when the
        # kind is yet to be chosen) are only counted, so no ranking is sorted for a page not shown.
        wanted = each == kind
        found = page_of(each, limit=page_size if wanted else 0, offset=offset if wanted else 0, count_cap=COUNT_CAP)
        results.counts[each] = found.total
        results.capped[each] = found.capped
        pages[each] = found
    if kind is None:
        # A query that names an artist (matches a few artists) opens on the artists, as a reader who
        # types a name expects; otherwise on the first kind with matches, works first.
        if 0 < results.counts[DocumentKind.ARTIST] <= NAME_QUERY_ARTISTS:
            results.kind = DocumentKind.ARTIST
        else:
            results.kind = next((each for each in KINDS if results.counts[each]), DocumentKind.ARTWORK)
        pages[results.kind] = page_of(results.kind, limit=page_size, offset=offset, count_cap=0)
    chosen = pages[results.kind]
    results.items = _load(results.kind, [match.object_id for match in chosen.matches])
    if facets and results.kind == DocumentKind.ARTWORK:
        results.facets = work_facets(words, filters, engine, works)
    return results


def _by_colour(results: Results, colours: list[colour_search.QueryColour], words: list[QueryWord], *,
               like: int | None, facets: bool) -> Results:
    """Works closest to ``colours`` (or to the palette of the work ``like``), within the words and filters."""
    results.kind, results.sort, results.colours, results.like = DocumentKind.ARTWORK, "colour", colours, like
    narrowed = scope(DocumentKind.ARTWORK, results.filters)
    restrict = None
    if words:
        restrict = backend().source(words, narrowed)
    elif has_filters(results.filters):
        restrict = plain_source(narrowed)
    found = colour_search.rank(colours, like=like is not None, source=restrict, exclude=like,
                               limit=results.page_size, offset=(results.page - 1) * results.page_size,
                               seed=_seed(), count_cap=COUNT_CAP)
    results.counts[DocumentKind.ARTWORK], results.capped[DocumentKind.ARTWORK] = found.total, found.capped
    results.items = _load(DocumentKind.ARTWORK, [match.object_id for match in found.matches])
    if facets:
        results.facets = work_facets(words, results.filters)
    return results


def _facet_scope(filters: BrowseFilters, name: str) -> Scope:
    """The works the facet ``name`` is counted over: every filter applies but its own."""
    return scope(DocumentKind.ARTWORK, filters, without=name, artist=True)


def work_facets(words: list[QueryWord], filters: BrowseFilters, engine: Backend | None = None,
                works: FoundWorks | None = None) -> list[Facet]:
    """The facets of the works matching ``words`` (all listed works without words) and ``filters``, from
    the ``works`` read already where they tell."""
    engine = engine or backend()

    def rows_without(name: str) -> tuple[list[facet_counts.Row], bool]:
        read = works.rows_without(name) if works is not None else None
        if read is not None:
            return read
        narrowed = _facet_scope(filters, name)
        source, params = engine.source(words, narrowed) if words else plain_source(narrowed)
        return facet_counts.fetch_rows(source, params)

    return facet_counts.count_facets(filters, rows_without)


@dataclass
class Suggestion:
    kind: str
    label: str
    other_script: str  # the same name in the other script (Cyrillic ↔ Latin), when it differs
    url: str


_CYRILLIC = re.compile("[\u0400-\u04ff]")
SUGGESTED_KINDS = [DocumentKind.ARTIST, DocumentKind.ARTWORK]


def _other_script(texts: Any, label: str) -> str:
    """The name in the other script: Cyrillic spelled in Kazakh Latin, or a Latin name's Cyrillic
    spelling from its other languages (kk, then ru), if it has one."""
    latin = to_latin(label)
    if latin != label:
        return latin
    for code in ("kk", "ru"):
        text = texts.as_dict().get(code, "") if hasattr(texts, "as_dict") else ""
        if text and _CYRILLIC.search(text) and text != label:
            return str(text)
    return ""


def suggest(query: str, *, limit: int = 8) -> list[Suggestion]:
    """Artists, then works, whose names or titles match what has been typed so far (the last word as a
    prefix), each with its name in the other script too."""
    text = (query or "")[:MAX_QUERY_LENGTH]
    words = parse_query(text)
    if not words or len(text.strip()) < 2:
        return []
    engine = backend()
    suggestions: list[Suggestion] = []
    for kind in SUGGESTED_KINDS:
        ids = engine.suggest(words, scope(kind), limit=limit - len(suggestions))
        for obj in _load(kind, ids):
            texts = obj.name if kind == DocumentKind.ARTIST else obj.title
            label = str(texts)
            suggestions.append(Suggestion(kind=kind, label=label, other_script=_other_script(texts, label),
                                          url=obj.get_absolute_url()))
        if len(suggestions) >= limit:
            break
    return suggestions
