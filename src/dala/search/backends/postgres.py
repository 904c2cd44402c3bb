"""PostgreSQL: a weighted ``tsvector`` column generated from the normalised text (title A, keys B,
body C; the ``simple`` configuration, since the text is normalised in Python already) with a GIN index,
and a trigram index on ``keys`` for one-edit typos (pg_trgm's word similarity)."""

from __future__ import annotations

from typing import Any

from django.db import connection

from dala.search.models import document_id
from dala.search.normalise import QueryWord

from . import Scope, ids_sql

WEIGHTS = "'{0.1, 0.4, 0.6, 1.0}'"  # D, C (body), B (keys), A (title)
KNOWN_SAMPLE = 2000  # rows read for a word before its index is asked (see PostgresBackend._known)


def _lexeme(term: str, weights: str, prefix: bool) -> str:
    return "'" + term.replace("'", "").replace("\\", "") + "':" + ("*" if prefix else "") + weights


class PostgresBackend:
    newest = "d.id DESC"

    def __init__(self) -> None:
        self._known_words: dict[QueryWord, bool] = {}  # a search asks once per word, not once per statement

    def _word_query(self, word: QueryWord, *, names_only: bool) -> str:
        weights = "A" if names_only else "AC"
        options = [_lexeme(word.stem, weights, word.prefix)]
        if word.key:
            options.append(_lexeme(word.key, "B", word.prefix))
        return "(" + " | ".join(options) + ")"

    def _known(self, cursor: object, word: QueryWord) -> bool:
        """Whether any document has the word. A plain ``LIMIT 1`` lets the planner scan the table for it,
        hoping for an early match: instant for a common word, the whole table (0.5–1 s at a million
        works) for a misspelt one. So the first KNOWN_SAMPLE rows are looked at first (a common word is
        there), then the index alone, fenced off from the LIMIT (a rare or unknown word costs ~1 ms)."""
        if word not in self._known_words:
            query = [self._word_query(word, names_only=False)]
            cursor.execute(  # type: ignore[attr-defined]
                "SELECT 1 FROM (SELECT vector FROM search_searchdocument LIMIT %s) sample "
                "WHERE vector @@ to_tsquery('simple', %s) LIMIT 1", [KNOWN_SAMPLE, *query])
            known = cursor.fetchone() is not None  # type: ignore[attr-defined]
            if not known:
                cursor.execute(  # type: ignore[attr-defined]
                    "WITH found AS MATERIALIZED (SELECT 1 FROM search_searchdocument "
                    "WHERE vector @@ to_tsquery('simple', %s)) SELECT 1 FROM found LIMIT 1", query)
                known = cursor.fetchone() is not None  # type: ignore[attr-defined]
            self._known_words[word] = known
        return self._known_words[word]

    def _where(self, words: list[QueryWord], *, names_only: bool) -> tuple[str, list[Any], str]:
        """The WHERE conditions (one per word), their parameters, and the tsquery used for ranking."""
        conditions: list[str] = []
        params: list[Any] = []
        with connection.cursor() as cursor:
            for word in words:
                query = self._word_query(word, names_only=names_only)
                if word.fuzzy and not word.prefix and not self._known(cursor, word):
                    # An unknown longer word: let a close spelling of it in the names match (trigram index).
                    conditions.append("(d.vector @@ to_tsquery('simple', %s) OR %s <%% d.keys)")
                    params += [query, word.key or word.stem]
                else:
                    conditions.append("d.vector @@ to_tsquery('simple', %s)")
                    params.append(query)
        ranking = " | ".join(self._word_query(word, names_only=names_only) for word in words)
        return " AND ".join(conditions), params, ranking

    def source(self, words: list[QueryWord], scope: Scope) -> tuple[str, list[Any]]:
        where, params, _ranking = self._where(words, names_only=False)
        return (f"FROM search_searchdocument d JOIN {scope.table} o ON o.id = d.object_id {scope.join} "
                f"WHERE d.kind = %s AND {where} AND ({scope.where})", [scope.kind, *params, *scope.params])

    def compact(self) -> None:
        # Fresh statistics, so that the planner knows how common the rebuilt index's words are.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")

    def matching(self, words: list[QueryWord], kind: str, *, cap: int) -> list[int] | None:
        if not words:
            return []
        where, params, _ranking = self._where(words, names_only=False)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT d.object_id FROM search_searchdocument d WHERE d.kind = %s AND {where} "
                           f"ORDER BY d.id DESC LIMIT %s", [kind, *params, cap + 1])
            rows = cursor.fetchall()
        return None if len(rows) > cap else [pk for (pk,) in rows]

    def matching_within(self, words: list[QueryWord], kind: str, terms: tuple[tuple[str, ...], ...], *, cap: int
                        ) -> tuple[tuple[str, ...], list[int]] | None:
        return None  # the documents have no facet terms here: filters are SQL over the rows

    def scores(self, words: list[QueryWord], kind: str, ids: list[int], *,
               terms: tuple[tuple[str, ...], ...] = ()) -> dict[int, float]:
        if not ids:
            return {}
        ranking = " | ".join(self._word_query(word, names_only=False) for word in words)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT object_id, ts_rank({WEIGHTS}, vector, to_tsquery('simple', %s)) "
                           f"FROM search_searchdocument WHERE id IN ({ids_sql(document_id(kind, pk) for pk in ids)})",
                           [ranking])
            return {pk: float(score) for pk, score in cursor.fetchall()}

    def suggest(self, words: list[QueryWord], scope: Scope, *, limit: int) -> list[int]:
        if not words:
            return []
        where, params, ranking = self._where(words, names_only=True)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.object_id FROM search_searchdocument d "
                f"JOIN {scope.table} o ON o.id = d.object_id {scope.join} "
                f"WHERE d.kind = %s AND {where} AND ({scope.where}) "
                f"ORDER BY ts_rank({WEIGHTS}, d.vector, to_tsquery('simple', %s)) DESC LIMIT %s",
                [scope.kind, *params, *scope.params, ranking, limit])
            return [row[0] for row in cursor.fetchall()]
