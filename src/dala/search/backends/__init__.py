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
    def source(self, words: list[QueryWord], scope: Scope) -> tuple[str, list[Any]]:
        """``FROM … WHERE …`` over the scope's rows (alias ``o``) matching every word, and its parameters."""
        ...

    def search(self, words: list[QueryWord], scope: Scope, *, limit: int, offset: int, seed: int,
               count_cap: int, order: str | None = None) -> Page:
        """A page of the scope's rows matching every word, best first (or in ``order``, SQL over alias
        ``o``), and how many match (up to ``count_cap``; not counted when it is 0; no page when ``limit``
        is 0)."""
        ...

    def suggest(self, words: list[QueryWord], scope: Scope, *, limit: int) -> list[int]:
        """Object ids whose names or titles match the words, the last one as a prefix, best first."""
        ...


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


def backend() -> Backend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SqliteBackend

    return SqliteBackend()
