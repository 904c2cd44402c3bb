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
from dala.catalog.selectors import artists_for_list, artwork_cards
from dala.core.kazakh import to_latin
from dala.critique.models import Review, ReviewStatus
from dala.critique.selectors import readable_reviews
from dala.programmes.models import Exhibition, PublicationStatus
from dala.programmes.selectors.exhibitions import public_exhibitions

from .backends import Page, Scope, backend
from .models import DocumentKind
from .normalise import QueryWord, parse_query

KINDS = [DocumentKind.ARTWORK, DocumentKind.ARTIST, DocumentKind.EXHIBITION, DocumentKind.REVIEW]
PAGE_SIZE = 24
COUNT_CAP = 1000
MAX_QUERY_LENGTH = 200
NAME_QUERY_ARTISTS = 3


def scope(kind: str) -> Scope:
    """What the public may find of ``kind``, as SQL over its table (alias ``o``)."""
    if kind == DocumentKind.ARTWORK:
        return Scope(kind, Artwork._meta.db_table, "o.is_listed",
                     boost=f"CASE WHEN o.availability = '{Availability.FOR_SALE}' THEN 1.25 ELSE 1.0 END")
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

    @property
    def total(self) -> int:
        return self.counts.get(self.kind, 0)

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search(query: str, *, kind: str | None = None, page: int = 1, page_size: int = PAGE_SIZE) -> Results:
    """Search every kind for ``query``; the items are a page of ``kind`` (default: the artists when the
    query names one to three of them, else the first kind with matches, works first). Counts of every
    kind come along, so a page can offer the other tabs."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    # A search matches whole words; only suggestions take the last word as a prefix.
    words = [replace(word, prefix=False) for word in parse_query(query)]
    page = max(1, page)
    engine = backend()
    seed = _seed()
    results = Results(query=query, words=words, kind=kind or DocumentKind.ARTWORK, page=page, page_size=page_size)
    if not words:
        return results
    pages: dict[str, Page] = {}
    for each in KINDS:
        # With a kind asked for, its page comes with its count; the other kinds (all of them, when the
        # kind is yet to be chosen) are only counted, so no ranking is sorted for a page not shown.
        wanted = each == kind
        found = engine.search(words, scope(each), limit=page_size if wanted else 0,
                              offset=(page - 1) * page_size if wanted else 0, seed=seed, count_cap=COUNT_CAP)
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
        pages[results.kind] = engine.search(words, scope(results.kind), limit=page_size,
                                            offset=(page - 1) * page_size, seed=seed, count_cap=0)
    chosen = pages[results.kind]
    results.items = _load(results.kind, [match.object_id for match in chosen.matches])
    return results


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
