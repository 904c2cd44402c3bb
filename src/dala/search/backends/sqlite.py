"""SQLite FTS5: ``search_fts`` (external content over ``search_searchdocument``, kept by triggers) and
``search_vocab`` (its fts5vocab table, for one-edit typo candidates).

Columns and weights in bm25: title 10, body 2, keys 5. A word matches through its stem in the title or
body, or through its spelling key in ``keys``, so "Bakhyt" finds "Бақыт"."""

from __future__ import annotations

from django.db import connection

from dala.search.normalise import QueryWord, within_one_edit

from . import Match, Page, Scope

WEIGHTS = "10.0, 2.0, 5.0"
MAX_FUZZY_CANDIDATES = 6


def _quote(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


class SqliteBackend:
    def _known(self, cursor: object, term: str) -> bool:
        cursor.execute("SELECT 1 FROM search_vocab WHERE term = %s LIMIT 1", [term])  # type: ignore[attr-defined]
        return cursor.fetchone() is not None  # type: ignore[attr-defined]

    def _candidates(self, cursor: object, term: str) -> list[str]:
        """Indexed terms one edit away from ``term`` (same first letter, length ±1), most documents first."""
        cursor.execute(  # type: ignore[attr-defined]
            "SELECT term, doc FROM search_vocab WHERE term >= %s AND term < %s",
            [term[0], chr(ord(term[0]) + 1)])
        near = [(doc, found) for found, doc in cursor.fetchall()  # type: ignore[attr-defined]
                if abs(len(found) - len(term)) <= 1 and found != term and within_one_edit(found, term)]
        near.sort(reverse=True)
        return [found for _, found in near[:MAX_FUZZY_CANDIDATES]]

    def expression(self, words: list[QueryWord], *, names_only: bool = False) -> str:
        """The FTS5 MATCH expression: every word, each through its stem, its key or a near spelling."""
        columns = "title" if names_only else "{title body}"
        parts = []
        with connection.cursor() as cursor:
            for word in words:
                star = "*" if word.prefix else ""
                options = [f"{columns} : {_quote(word.stem)}{star}"]
                if word.key:
                    options.append(f"keys : {_quote(word.key)}{star}")
                if word.fuzzy and not word.prefix and not self._known(cursor, word.stem) \
                        and not (word.key and self._known(cursor, word.key)):
                    options += [f"{columns} : {_quote(term)}" for term in self._candidates(cursor, word.stem)]
                parts.append("(" + " OR ".join(options) + ")")
        return " AND ".join(parts)

    def search(self, words: list[QueryWord], scope: Scope, *, limit: int, offset: int, seed: int,
               count_cap: int) -> Page:
        if not words:
            return Page()
        match = self.expression(words)
        source = (f"FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
                  f"JOIN {scope.table} o ON o.id = d.object_id "
                  f"WHERE search_fts MATCH %s AND d.kind = %s AND ({scope.where})")
        params = [match, scope.kind, *scope.params]
        with connection.cursor() as cursor:
            # bm25 is negative, lower is better: the boost makes a favoured row's score more negative. The
            # tie-break turns with ``seed`` (the day), so equal scores do not always list the same rows first.
            cursor.execute(
                f"SELECT d.object_id, ROUND(bm25(search_fts, {WEIGHTS}) * ({scope.boost}), 4) AS score "
                f"{source} ORDER BY score, (o.id * 2654435761 + %s) %% 1000003 LIMIT %s OFFSET %s",
                [*params, seed, limit, offset])
            matches = [Match(object_id=row[0], score=-row[1]) for row in cursor.fetchall()]
            if not count_cap:
                return Page(matches=matches)
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {source} LIMIT %s)", [*params, count_cap + 1])
            total = cursor.fetchone()[0]
        return Page(matches=matches, total=min(total, count_cap), capped=total > count_cap)

    def suggest(self, words: list[QueryWord], scope: Scope, *, limit: int) -> list[int]:
        if not words:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.object_id FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
                f"JOIN {scope.table} o ON o.id = d.object_id "
                f"WHERE search_fts MATCH %s AND d.kind = %s AND ({scope.where}) "
                f"ORDER BY bm25(search_fts, {WEIGHTS}) LIMIT %s",
                [self.expression(words, names_only=True), scope.kind, *scope.params, limit])
            return [row[0] for row in cursor.fetchall()]
