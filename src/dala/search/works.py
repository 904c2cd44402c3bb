"""The works a query finds when its words match few of them: filtered, counted, ranked and faceted from
one read of those works.

Most queries name something (an artist, a title, a place) and their words match a few hundred works
at most, even among a million. For them the engine is asked once for every work the words match
(newest first, at most :data:`NARROW_CAP`), and one relational statement reads those works with each
filter's condition as a column of its own. The works that pass every filter give the count and the
page; the works that pass every filter but one give that facet's counts. Asking the engine again for
each of these, with the filters as facet terms, would make it intersect lists as long as the catalogue
(every work for sale, every oil) for a handful of rows. Words that match more works than the cap are
left to the engine with the facet terms (``backends.search`` and ``Backend.source``).

For those, the works each chosen facet is counted over (every filter but its own) are read before the
works that pass every filter: with fewer terms to intersect they cost less, and when one of them is
complete (fewer than FACET_CAP works) the works that pass every filter are among its works, found by
checking its own filter on them. Words with filters that exclude each other ("ornament" in watercolour)
make the engine walk both lists to the end to find nothing, and this spares it one such walk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection

from .backends import RANK_WINDOW, Backend, Match, Page, Scope, ids_sql, ranked
from .facets import FACET_CAP, ROW_COLUMNS, Row, facet_of, fetch_rows
from .normalise import QueryWord

# At most this many works matched by the words are read and filtered here (about 3 ms at a million works).
NARROW_CAP = 2000


class Found(NamedTuple):  # a tuple: a search reads up to a thousand of them
    row: Row
    boost: float
    fails: int  # the filtered facets (``FoundWorks.facets``) whose filter it fails: bit i for the i-th


@dataclass
class FoundWorks:
    """Listed works the words match, newest first, each with which facets' filters it passes: every such
    work (``complete``), or, for words that match too many, the newest that pass every filter, up to the
    count's cap (the page and the count come from them, a facet with a value chosen from the engine)."""

    facets: tuple[str, ...]
    found: list[Found]
    complete: bool = True
    # Complete but for the works without this facet's terms: the words were read with its narrow filter
    # (``narrow_works``), so its own counts come from ``read_without``.
    within: str = ""
    cap: int = 0  # when not complete: how many were asked for (one more was read if there are more)
    terms: tuple[tuple[str, ...], ...] = ()  # when not complete: the facet terms of the filters
    # When not complete: for chosen facets, up to FACET_CAP works that pass every filter but the facet's
    # own, and whether there are more (``facets.fetch_rows``).
    read_without: dict[str, tuple[list[Row], bool]] = field(default_factory=dict)

    @property
    def every_passing(self) -> bool:
        """Whether every work that passes the filters is among those read."""
        return self.complete or len(self.found) <= self.cap

    def passing(self, without: str = "") -> list[Found]:
        """The works that pass every filter but the facet ``without``'s."""
        if not self.facets:
            return self.found
        allowed = 1 << self.facets.index(without) if without in self.facets else 0
        return [each for each in self.found if not each.fails & ~allowed]

    def rows_without(self, name: str) -> tuple[list[Row], bool] | None:
        """Up to FACET_CAP works for the facet ``name`` to count (see ``facets.count_facets``); None when
        they were not read."""
        if name and (not self.complete or name == self.within):
            return self.read_without.get(name)
        passing = self.passing(name)
        return [each.row for each in passing[:FACET_CAP]], len(passing) > FACET_CAP

    def page(self, engine: Backend, words: list[QueryWord], *, kind: str, table: str, limit: int, offset: int,
             seed: int, count_cap: int, order: str | None) -> Page | None:
        """A page of the works that pass every filter, by relevance (ranked among the RANK_WINDOW newest,
        like ``backends.search``) or in ``order``, and how many there are (up to ``count_cap``); None when
        the works read cannot tell (an order, or a higher cap, over works not all read)."""
        passing = self.passing()
        if not self.every_passing and ((order and limit) or count_cap > self.cap):
            return None
        page = Page(total=min(len(passing), count_cap), capped=len(passing) > count_cap)
        if not limit or not passing:
            return page
        if order:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT o.id FROM {table} o WHERE o.id IN ({ids_sql(each.row.id for each in passing)}) "
                               f"ORDER BY {order} LIMIT %s OFFSET %s", [limit, offset])
                page.matches = [Match(object_id=row[0], score=0.0) for row in cursor.fetchall()]
            return page
        window = passing[:RANK_WINDOW]
        scores = engine.scores(words, kind, [each.row.id for each in window], terms=self.terms)
        page.matches = ranked([(each.row.id, scores.get(each.row.id, 0.0), each.boost) for each in window],
                              seed)[offset:offset + limit]
        return page


def found_works(engine: Backend, words: list[QueryWord], scope: Scope, filtered: Scope,
                conditions: Sequence[tuple[str, str, Sequence[Any]]], *, cap: int,
                without: Mapping[str, Scope] | None = None) -> FoundWorks:
    """The works the words match in ``scope`` (without its filters, joined to the artist): all of them,
    read with ``conditions`` (see ``narrow_works``), when they are few; else the ``cap`` + 1 newest of
    them in ``filtered`` (the same scope with the filters), found by the engine, with, for each facet in
    ``without``, the works its scope (every filter but the facet's) lets through, for its counts."""
    without = without or {}
    works = narrow_works(engine, words, scope, conditions)
    if works is None and filtered.terms:
        works = narrow_works(engine, words, scope, conditions, terms=filtered.terms)
        if works is not None and works.within in without:
            works.read_without[works.within] = fetch_rows(*engine.source(words, without[works.within]))
    if works is not None:
        return works
    read = {name: fetch_rows(*engine.source(words, each)) for name, each in without.items()}
    complete = [rows for rows, more in read.values() if not more]
    width = len(Row._fields)
    with connection.cursor() as cursor:
        if complete:  # the works that pass every filter are among these: the filters are checked on them
            fewest = min(complete, key=len)
            cursor.execute(f"SELECT {ROW_COLUMNS}, {filtered.boost} FROM {filtered.table} o {filtered.join} "
                           f"WHERE o.id IN ({ids_sql(row.id for row in fewest)}) AND ({filtered.where}) "
                           f"ORDER BY o.id DESC", list(filtered.params))
        else:
            source, params = engine.source(words, filtered)
            cursor.execute(f"SELECT {ROW_COLUMNS}, {filtered.boost} {source} ORDER BY {engine.newest} LIMIT %s",
                           [*params, cap + 1])
        found = [Found(Row(*row[:width]), float(row[width]), 0) for row in cursor.fetchall()]
    return FoundWorks(facets=(), found=found, complete=False, cap=cap, terms=filtered.terms, read_without=read)


def narrow_works(engine: Backend, words: list[QueryWord], scope: Scope,
                 conditions: Sequence[tuple[str, str, Sequence[Any]]], *,
                 terms: tuple[tuple[str, ...], ...] = ()) -> FoundWorks | None:
    """The works in ``scope`` (without its filters, joined to the artist) that the words match, read with ``conditions``
    (facet name, SQL over ``o`` and ``ar``, parameters: ``facets.filter_conditions``) as columns; None
    when the words match more than NARROW_CAP works.

    With the filters' facet ``terms``: the works the words match with the narrowest filter's terms (an
    artist's name in one city), when those are few though the words alone match many; its own facet is
    then counted from other works (``FoundWorks.within``)."""
    within = ""
    if terms:
        found_within = engine.matching_within(words, scope.kind, terms, cap=NARROW_CAP)
        if found_within is None:
            return None
        group, ids = found_within
        within = facet_of(group[0])
    else:
        found_ids = engine.matching(words, scope.kind, cap=NARROW_CAP)
        if found_ids is None:
            return None
        ids = found_ids
    where = [scope.where]
    where_params: list[Any] = list(scope.params)
    by_facet: dict[str, list[tuple[str, Sequence[Any]]]] = {}
    for name, condition, params in conditions:
        if name:
            by_facet.setdefault(name, []).append((condition, params))
        else:  # not a facet's: every work counted must pass it
            where.append(condition)
            where_params += params
    facets = tuple(by_facet)
    if not ids:
        return FoundWorks(facets=facets, found=[], within=within)
    # One column of bits: the facets whose filter the work fails (NULL, as SQL has it, fails too).
    fails = " + ".join(f"CASE WHEN {' AND '.join(f'({condition})' for condition, _ in kept)} "
                       f"THEN 0 ELSE {1 << index} END" for index, kept in enumerate(by_facet.values())) or "0"
    column_params = [value for kept in by_facet.values() for _, params in kept for value in params]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {ROW_COLUMNS}, {scope.boost}, {fails} "
            f"FROM {scope.table} o {scope.join} WHERE o.id IN ({ids_sql(ids)}) AND "
            + " AND ".join(f"({condition})" for condition in where),
            [*column_params, *where_params])
        width = len(Row._fields)
        found = [Found(Row(*row[:width]), float(row[width]), row[width + 1]) for row in cursor.fetchall()]
    found.sort(key=lambda each: -each.row.id)
    return FoundWorks(facets=facets, found=found, within=within)
