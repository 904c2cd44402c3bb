"""The full-text engines behind one interface: SQLite FTS5 (the embedded default) and PostgreSQL
full-text search with pg_trgm. The engine is the one the default database connection uses, so moving to
PostgreSQL is configuration (``DATABASE_URL``), not code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection

from dala.search.normalise import QueryWord

# A query is ranked among its RANK_WINDOW newest matches: exactly when it has fewer (most queries: names,
# titles, anything with a filter that narrows), and among the newest when a common word matches a large
# part of the catalogue, so that no query scores a hundred thousand rows to show 24. So a list by
# relevance has at most RANK_WINDOW results (ten pages); sorted by date or price, a search lists up to
# COUNT_CAP.
RANK_WINDOW = 240


@dataclass(frozen=True)
class Scope:
    """Which public rows of one kind a query may return: the table the documents point into and the SQL
    condition on it (alias ``o``), with its parameters; ``boost`` is an SQL factor (≥ 1) for rows to
    favour, e.g. works for sale."""

    kind: str
    table: str
    where: str
    params: tuple[Any, ...] = ()
    boost: str = "1.0"
    join: str = ""  # further joins the condition needs (e.g. the artist of a work, alias ``ar``)
    # Facet terms of the rows in scope (see ``facets``): each row has at least one term of every group.
    terms: tuple[tuple[str, ...], ...] = ()


@dataclass
class Match:
    object_id: int
    score: float


@dataclass
class Page:
    matches: list[Match] = field(default_factory=list)
    total: int = 0  # capped: at most ``count_cap``
    capped: bool = False


class Backend(Protocol):
    newest: str  # SQL ordering a ``source``'s rows newest first, the order the engine reads them in

    def source(self, words: list[QueryWord], scope: Scope) -> tuple[str, list[Any]]:
        """``FROM … WHERE …`` over the scope's rows (alias ``o``) matching every word, and its parameters."""
        ...

    def suggest(self, words: list[QueryWord], scope: Scope, *, limit: int) -> list[int]:
        """Object ids whose names or titles match the words, the last one as a prefix, best first."""
        ...

    def compact(self) -> None:
        """Make the index quick to read after a rebuild (the index stays correct without it)."""
        ...

    def matching(self, words: list[QueryWord], kind: str, *, cap: int) -> list[int] | None:
        """Ids of every object of ``kind`` (public or not) that the words match, newest first; None when
        more than ``cap`` do."""
        ...

    def matching_within(self, words: list[QueryWord], kind: str, terms: tuple[tuple[str, ...], ...], *, cap: int
                        ) -> tuple[tuple[str, ...], list[int]] | None:
        """The narrowest group of facet ``terms`` (see ``Scope.terms``), and the ids of every object of
        ``kind`` that the words match and that has one of its terms, newest first; None when more than
        ``cap`` do, or when the engine has no facet terms."""
        ...

    def scores(self, words: list[QueryWord], kind: str, ids: list[int], *,
               terms: tuple[tuple[str, ...], ...] = ()) -> dict[int, float]:
        """The relevance of the words to each of these objects of ``kind`` (higher is better), as
        ``search`` ranks them before the boost; ``terms``: the facet terms every one of them has (see
        ``Scope.terms``), which an engine may use to read fewer rows."""
        ...


def ranked(rows: Iterable[tuple[int, float, float]], seed: int) -> list[Match]:
    """(object id, relevance, boost) best first: the relevance times the boost (≥ 1, for rows to favour),
    then a tie-break that turns with ``seed`` (the day), so that equal scores do not always list the same
    rows first."""
    scored = [(round(score * boost, 4), (pk * 2654435761 + seed) % 1000003, pk) for pk, score, boost in rows]
    scored.sort(key=lambda each: (-each[0], each[1]))
    return [Match(object_id=pk, score=score) for score, _turn, pk in scored]


def ids_sql(ids: Iterable[int]) -> str:
    """Ids straight from the database as an SQL list, written inline: thousands of parameters would pass
    SQLite's limit. ``NULL`` for none, so that ``IN (NULL)`` matches nothing."""
    return ", ".join(str(int(pk)) for pk in ids) or "NULL"


def plain_source(scope: Scope) -> tuple[str, list[Any]]:
    """The scope's rows without a text query (browsing by filters alone); the same for every engine."""
    return f"FROM {scope.table} o {scope.join} WHERE ({scope.where})", list(scope.params)


def listing(scope: Scope, *, order: str, limit: int, offset: int, count_cap: int) -> Page:
    """A page of the scope's rows in ``order`` (SQL over alias ``o``, ending with a unique key) and how
    many there are, up to ``count_cap``: browsing by filters, or a text search sorted by price or date."""
    source, params = plain_source(scope)
    return ordered_page(source, params, order=order, limit=limit, offset=offset, count_cap=count_cap)


def ordered_page(source: str, params: list[Any], *, order: str, limit: int, offset: int, count_cap: int) -> Page:
    with connection.cursor() as cursor:
        matches: list[Match] = []
        if limit:
            cursor.execute(f"SELECT o.id {source} ORDER BY {order} LIMIT %s OFFSET %s", [*params, limit, offset])
            matches = [Match(object_id=row[0], score=0.0) for row in cursor.fetchall()]
        if not count_cap:
            return Page(matches=matches)
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {source} LIMIT %s) AS counted", [*params, count_cap + 1])
        total = cursor.fetchone()[0]
    return Page(matches=matches, total=min(total, count_cap), capped=total > count_cap)


def search(engine: Backend, words: list[QueryWord], scope: Scope, *, limit: int, offset: int, seed: int,
           count_cap: int, order: str | None = None) -> Page:
    """A page of the scope's rows matching every word, best first (or in ``order``, SQL over alias ``o``),
    and how many match (up to ``count_cap``; no page when ``limit`` is 0). By relevance, a page is ranked
    among the RANK_WINDOW newest matches (the engine reads its matches newest first and stops there), so
    a word found a hundred thousand times costs what a rarer one does; the same read, continued to
    count_cap, counts them. The page is scored apart (``Backend.scores``), on the window only."""
    if not words:
        return Page()
    sql, params = engine.source(words, scope)
    if order:
        return ordered_page(sql, params, order=order, limit=limit, offset=offset, count_cap=count_cap)
    with connection.cursor() as cursor:
        if not limit:
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {sql} LIMIT %s) AS counted", [*params, count_cap + 1])
            total = cursor.fetchone()[0]
            return Page(total=min(total, count_cap), capped=total > count_cap)
        cursor.execute(f"SELECT o.id, ({scope.boost}) {sql} ORDER BY {engine.newest} LIMIT %s",
                       [*params, max(RANK_WINDOW, count_cap + 1)])
        rows = cursor.fetchall()
    window = rows[:RANK_WINDOW]
    scores = engine.scores(words, scope.kind, [pk for pk, _boost in window], terms=scope.terms)
    matches = ranked(((pk, scores.get(pk, 0.0), float(boost)) for pk, boost in window), seed)
    return Page(matches=matches[offset:offset + limit], total=min(len(rows), count_cap), capped=len(rows) > count_cap)


def backend() -> Backend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SqliteBackend

    return SqliteBackend()
