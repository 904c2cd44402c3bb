"""SQLite FTS5: ``search_fts`` (external content over ``search_searchdocument``, kept by triggers) and
``search_vocab`` (its fts5vocab table, for one-edit typo candidates).

Columns and weights in bm25: title 10, body 2, keys 5. A word matches through its stem in the title or
body, or through its spelling key in ``keys``, so "Bakhyt" finds "Бақыт"."""

from __future__ import annotations

import time
from typing import Any

from django.db import connection

from dala.search.models import document_ids
from dala.search.normalise import QueryWord, within_one_edit
from dala.search.spelling import corrected_terms

from . import Scope

WEIGHTS = "10.0, 2.0, 5.0, 0.0"  # title, body, keys, facets
MAX_FUZZY_CANDIDATES = 6
# Rows of a range that scores() reads by the words alone before it adds the filters' facet terms.
SCORED_IN_RANGE = 3000


def _quote(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


# The index's terms under each first letter, with how many documents have each, kept for a while: the
# vocabulary table counts every term's list as it reads it (30 ms for a common letter at a million works),
# and a term added since only matters to typo candidates, for TERMS_SECONDS at most.
TERMS_SECONDS = 600
_terms: dict[str, tuple[float, list[tuple[str, int]]]] = {}
_typo_candidates: dict[str, tuple[float, list[str]]] = {}  # a typed word → its candidates, as long


def _terms_under(cursor: object, first: str) -> list[tuple[str, int]]:
    cached = _terms.get(first)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    # Not past "zz": the facet terms (zzm…, zza…) are there, with lists as long as the catalogue.
    cursor.execute("SELECT term, doc FROM search_vocab WHERE term >= %s AND term < %s",  # type: ignore[attr-defined]
                   [first, "zz" if first == "z" else chr(ord(first) + 1)])
    terms = [(str(found), int(doc)) for found, doc in cursor.fetchall()]  # type: ignore[attr-defined]
    _terms[first] = (time.monotonic() + TERMS_SECONDS, terms)
    return terms


def forget_terms() -> None:
    _terms.clear()
    _typo_candidates.clear()


class SqliteBackend:
    newest = "search_fts.rowid DESC"

    def __init__(self) -> None:
        self._expressions: dict[tuple[tuple[QueryWord, ...], bool], str] = {}

    def _known(self, cursor: object, term: str) -> bool:
        # A match stops at the first row; the vocabulary table would count the term's whole list.
        cursor.execute("SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT 1",  # type: ignore[attr-defined]
                       [_quote(term)])
        return cursor.fetchone() is not None  # type: ignore[attr-defined]

    def _candidates(self, cursor: object, word: QueryWord) -> list[str]:
        """Indexed terms (same first letter) that the word would be indexed as with one typo fixed: one edit
        from its stem, or the stem or key of a spelling one edit from it (see ``spelling``); most
        documents first."""
        cached = _typo_candidates.get(word.raw)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        term = word.stem
        corrected = corrected_terms(word.raw)
        near: list[tuple[int, str]] = []
        # Stems start like the word; keys may not ("zh" → "j"): read the terms under both first letters.
        for first in sorted({term[0], (word.key or term)[0]}):
            near += [(doc, found) for found, doc in _terms_under(cursor, first)
                     if found != term and (found in corrected
                                           or (abs(len(found) - len(term)) <= 1 and within_one_edit(found, term)))]
        near.sort(reverse=True)
        found_terms = [found for _, found in near[:MAX_FUZZY_CANDIDATES]]
        _typo_candidates[word.raw] = (time.monotonic() + TERMS_SECONDS, found_terms)
        return found_terms

    def expression(self, words: list[QueryWord], *, names_only: bool = False) -> str:
        """The FTS5 MATCH expression: every word, each through its stem, its key or a near spelling."""
        memo = (tuple(words), names_only)
        if memo not in self._expressions:
            self._expressions[memo] = self._expression(words, names_only=names_only)
        return self._expressions[memo]

    def _expression(self, words: list[QueryWord], *, names_only: bool) -> str:
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
                    options += [f"{{{columns.strip('{}')} keys}} : {_quote(term)}"
                                for term in self._candidates(cursor, word)]
                parts.append("(" + " OR ".join(options) + ")")
        return " AND ".join(parts)

    def _with_terms(self, match: str, terms: tuple[tuple[str, ...], ...]) -> str:
        if not terms:
            return match
        return f"({match}) AND " + " AND ".join(
            "(" + " OR ".join(f"facets : {_quote(term)}" for term in group) + ")" for group in terms)

    def source(self, words: list[QueryWord], scope: Scope) -> tuple[str, list[Any]]:
        # The kind is a range of rowids (FTS5 seeks to it) and the facet terms are part of the match, so
        # the engine returns only rows of the kind that pass the filters with terms; the database then
        # checks the scope's conditions on those alone.
        # A document's rowid is its kind's base plus the object's id (``models.document_id``), so the
        # object is found from the rowid, without reading the document.
        low, high = document_ids(scope.kind)
        return (f"FROM search_fts JOIN {scope.table} o ON o.id = search_fts.rowid - {low} {scope.join} "
                f"WHERE search_fts MATCH %s AND search_fts.rowid BETWEEN %s AND %s AND ({scope.where})",
                [self._with_terms(self.expression(words), scope.terms), low, high, *scope.params])

    def compact(self) -> None:
        # A rebuild leaves the index in many segments, and a query reads every term's list in each; merged
        # into one, a query with filters reads about a fifth less.
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def matching(self, words: list[QueryWord], kind: str, *, cap: int) -> list[int] | None:
        if not words:
            return []
        low, high = document_ids(kind)
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s "
                           "ORDER BY rowid DESC LIMIT %s", [self.expression(words), low, high, cap + 1])
            rows = cursor.fetchall()
        return None if len(rows) > cap else [rowid - low for (rowid,) in rows]

    def scores(self, words: list[QueryWord], kind: str, ids: list[int], *,
               terms: tuple[tuple[str, ...], ...] = ()) -> dict[int, float]:
        # bm25 (negative, lower is better) of the rows between the lowest and highest id, matched by the
        # words alone: bm25 reads the whole list of every phrase in the match to weigh it, and a facet
        # term's list is as long as the catalogue. The facet column's weight is 0, so the scores are the
        # same. When the words match many more rows in that range than asked for (a common word, narrow
        # filters), the facet terms are matched too, so that only about those rows are scored.
        if not ids:
            return {}
        base = document_ids(kind)[0]
        low, high = base + min(ids), base + max(ids)
        match = self.expression(words)
        with connection.cursor() as cursor:
            if terms:
                cursor.execute("SELECT COUNT(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s "
                               "AND rowid BETWEEN %s AND %s LIMIT %s)", [match, low, high, SCORED_IN_RANGE + 1])
                if cursor.fetchone()[0] > SCORED_IN_RANGE:
                    match = self._with_terms(match, terms)
            cursor.execute(f"SELECT rowid, bm25(search_fts, {WEIGHTS}) FROM search_fts WHERE search_fts MATCH %s "
                           f"AND rowid BETWEEN %s AND %s", [match, low, high])
            wanted = set(ids)
            return {rowid - base: -score for rowid, score in cursor.fetchall() if rowid - base in wanted}

    def suggest(self, words: list[QueryWord], scope: Scope, *, limit: int) -> list[int]:
        if not words:
            return []
        low, high = document_ids(scope.kind)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT o.id FROM search_fts JOIN {scope.table} o ON o.id = search_fts.rowid - {low} {scope.join} "
                f"WHERE search_fts MATCH %s AND search_fts.rowid BETWEEN %s AND %s "
                f"AND ({scope.where}) ORDER BY bm25(search_fts, {WEIGHTS}) LIMIT %s",
                [self.expression(words, names_only=True), low, high, *scope.params, limit])
            return [row[0] for row in cursor.fetchall()]
