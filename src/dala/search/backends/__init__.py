"""The full-text engines behind one interface: SQLite FTS5 (the embedded default) and PostgreSQL
full-text search with pg_trgm. The engine is the one the default database connection uses, so moving to
PostgreSQL is configuration (``DATABASE_URL``), not code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection

from dala.search.normalise import QueryWord


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
    def search(self, words: list[QueryWord], scope: Scope, *, limit: int, offset: int, seed: int,
               count_cap: int) -> Page:
        """A page of the scope's rows matching every word, best first, and how many match (up to
        ``count_cap``; not counted when it is 0)."""
        ...

    def suggest(self, words: list[QueryWord], scope: Scope, *, limit: int) -> list[int]:
        """Object ids whose names or titles match the words, the last one as a prefix, best first."""
        ...


def backend() -> Backend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SqliteBackend

    return SqliteBackend()
