"""PostgreSQL: a weighted ``tsvector`` column generated from the normalised text (title A, keys B,
body C; the ``simple`` configuration, since the text is normalised in Python already) with a GIN index,
and a trigram index on ``keys`` for one-edit typos (pg_trgm's word similarity)."""

from __future__ import annotations

from typing import Any

from django.db import connection

from dala.search.normalise import QueryWord

from . import RANK_WINDOW, Match, Page, Scope, ordered_page

WEIGHTS = "'{0.1, 0.4, 0.6, 1.0}'"  # D, C (body), B (keys), A (title)


def _lexeme(term: str, weights: str, prefix: bool) -> str:
    return "'" + term.replace("'", "").replace("\\", "") + "':" + ("*" if prefix else "") + weights


class PostgresBackend:
    def _word_query(self, word: QueryWord, *, names_only: bool) -> str:
        weights = "A" if names_only else "AC"
        options = [_lexeme(word.stem, weights, word.prefix)]
        if word.key:
            options.append(_lexeme(word.key, "B", word.prefix))
        return "(" + " | ".join(options) + ")"

    def _known(self, cursor: object, word: QueryWord) -> bool:
        cursor.execute(  # type: ignore[attr-defined]
            "SELECT 1 FROM search_searchdocument WHERE vector @@ to_tsquery('simple', %s) LIMIT 1",
            [self._word_query(word, names_only=False)])
        return cursor.fetchone() is not None  # type: ignore[attr-defined]

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

    def search(self, words: list[QueryWord], scope: Scope, *, limit: int, offset: int, seed: int,
               count_cap: int, order: str | None = None) -> Page:
        if not words:
            return Page()
        source, source_params = self.source(words, scope)
        if order:
            return ordered_page(source, source_params, order=order, limit=limit, offset=offset,
                                count_cap=count_cap)
        ranking = " | ".join(self._word_query(word, names_only=False) for word in words)
        with connection.cursor() as cursor:
            matches: list[Match] = []
            if limit:
                # Ranked among the RANK_WINDOW newest matches (see backends.RANK_WINDOW); ts_rank reads each
                # row's vector, so it runs on the window only.
                cursor.execute(
                    f"SELECT object_id, "
                    f"ROUND((ts_rank({WEIGHTS}, vector, to_tsquery('simple', %s)) * boost)::numeric, 4) AS score "
                    f"FROM (SELECT d.id, d.object_id, d.vector, ({scope.boost}) AS boost, "
                    f"(o.id * 2654435761 + %s) %% 1000003 AS turn {source} "
                    f"ORDER BY d.id DESC LIMIT {RANK_WINDOW}) AS ranked ORDER BY score DESC, turn LIMIT %s OFFSET %s",
                    [ranking, seed, *source_params, limit, offset])
                matches = [Match(object_id=row[0], score=float(row[1])) for row in cursor.fetchall()]
            if not count_cap:
                return Page(matches=matches)
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {source} LIMIT %s) AS counted",
                           [*source_params, count_cap + 1])
            total = cursor.fetchone()[0]
        return Page(matches=matches, total=min(total, count_cap), capped=total > count_cap)

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
