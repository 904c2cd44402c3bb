"""SQLite FTS5: ``search_fts`` (external content over ``search_searchdocument``, kept by triggers) and
``search_vocab`` (its fts5vocab table, for one-edit typo candidates).

Columns and weights in bm25: title 10, body 2, keys 5. A word matches through its stem in the title or
body, or through its spelling key in ``keys``, so "Bakhyt" finds "Бақыт"."""

from __future__ import annotations

import math
import sys
import time
from typing import Any

from django.db import connection

from dala.core.planner import refresh_statistics
from dala.search.models import document_ids
from dala.search.normalise import QueryWord, within_one_edit
from dala.search.spelling import corrected_terms

from . import Scope, ids_sql

COLUMN_WEIGHTS = (10.0, 2.0, 5.0, 0.0)  # title, body, keys, facets: as bm25 weighs them
WEIGHTS = ", ".join(map(str, COLUMN_WEIGHTS))
MAX_FUZZY_CANDIDATES = 6
TITLE, BODY, KEYS, FACETS = range(4)  # the columns of search_fts
_COLUMN_SETS = {(TITLE,): "title", (TITLE, BODY): "{title body}", (KEYS,): "keys",
                (TITLE, KEYS): "{title keys}", (TITLE, BODY, KEYS): "{title body keys}"}
K1, B = 1.2, 0.75  # bm25's constants, as FTS5 has them


def _quote(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


# The index's terms under each first letter, with how many documents have each, kept for a while: the
# vocabulary table counts every term's list as it reads it (30 ms for a common letter at a million works),
# and a term added since only matters to typo candidates and estimates, for TERMS_SECONDS at most.
TERMS_SECONDS = 600
_terms: dict[str, tuple[float, dict[str, int]]] = {}  # first letter → {term: documents}
_typo_candidates: dict[str, tuple[float, list[str]]] = {}  # a typed word → its candidates, as long


def _terms_under(cursor: object, first: str) -> dict[str, int]:
    cached = _terms.get(first)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    # Not past "zz": the facet terms (zzm…, zza…) are there, with lists as long as the catalogue.
    cursor.execute("SELECT term, doc FROM search_vocab WHERE term >= %s AND term < %s",  # type: ignore[attr-defined]
                   [first, "zz" if first == "z" else chr(ord(first) + 1)])
    terms = {str(found): int(doc) for found, doc in cursor.fetchall()}  # type: ignore[attr-defined]
    _terms[first] = (time.monotonic() + TERMS_SECONDS, terms)
    return terms


# A facet term is matched by the engine only while it narrows what the database would otherwise check
# itself. FTS5 intersects lists by seeking in each, and a term that most works have (every work for sale,
# every emerging artist's) has a list as long as the catalogue, slow to seek in (about 15 µs a row found);
# the database checks the same filter from the work's row (the scope's conditions) for about 2 µs a row.
# So the narrow groups of terms (at most BROAD_TERM_SHARE of the kind's documents) are always matched, and
# the broad ones too unless the words and the narrow groups match at most RELATIONAL_ROWS documents: then
# checking the broad filters on all of them costs less than matching the broad terms.
BROAD_TERM_SHARE = 0.2
RELATIONAL_ROWS = 2000
# ``matching_within`` looks for the works the words match with the narrowest group of terms unless they
# are estimated at more than this many times the cap (an estimate: words and filters are not independent).
WITHIN_SLACK = 2
# How many documents each facet term has, and how many of each kind there are, kept for TERMS_SECONDS: a
# count only decides which terms are matched (never which rows are found), so an old one costs speed at most.
_term_documents: dict[str, tuple[float, int]] = {}


def _documents_of_word(cursor: object, term: str) -> int:
    return _terms_under(cursor, term[0]).get(term, 0) if term else 0


def _documents_with(cursor: object, term: str, low: int, high: int) -> int:
    key = f"{term}:{low}"
    cached = _term_documents.get(key)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    if term:
        cursor.execute("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s "  # type: ignore[attr-defined]
                       "AND rowid BETWEEN %s AND %s", [f"facets : {_quote(term)}", low, high])
    else:  # every document of the kind
        cursor.execute("SELECT COUNT(*) FROM search_searchdocument "  # type: ignore[attr-defined]
                       "WHERE id BETWEEN %s AND %s", [low, high])
    count = int(cursor.fetchone()[0])  # type: ignore[attr-defined]
    _term_documents[key] = (time.monotonic() + TERMS_SECONDS, count)
    return count


def _shares(cursor: object, terms: tuple[tuple[str, ...], ...], low: int, high: int
            ) -> list[tuple[float, tuple[str, ...]]]:
    """Each group of ``terms`` with the share of the documents from ``low`` to ``high`` that have one of
    its terms, narrowest first."""
    total = max(_documents_with(cursor, "", low, high), 1)
    return sorted((sum(_documents_with(cursor, term, low, high) for term in group) / total, group)
                  for group in terms)


def _newest(cursor: object, match: str, kind: str, cap: int) -> list[int] | None:
    """The ids of every object of ``kind`` whose document ``match`` finds, newest first; None when more
    than ``cap`` do."""
    low, high = document_ids(kind)
    cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s "  # type: ignore[attr-defined]
                   "AND rowid BETWEEN %s AND %s ORDER BY rowid DESC LIMIT %s", [match, low, high, cap + 1])
    rows = cursor.fetchall()  # type: ignore[attr-defined]
    return None if len(rows) > cap else [rowid - low for (rowid,) in rows]


_phrase_documents: dict[tuple[tuple[int, ...], str], tuple[float, int]] = {}


def _idf(cursor: object, columns: tuple[int, ...], term: str, documents: int) -> float:
    """The weight bm25 gives a phrase: from how many of the index's ``documents`` (of every kind) have it
    in ``columns``."""
    key = (columns, term)
    cached = _phrase_documents.get(key)
    if cached is None or cached[0] <= time.monotonic():
        cursor.execute("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s",  # type: ignore[attr-defined]
                       [f"{_COLUMN_SETS[columns]} : {_quote(term)}"])
        cached = (time.monotonic() + TERMS_SECONDS, int(cursor.fetchone()[0]))  # type: ignore[attr-defined]
        _phrase_documents[key] = cached
    idf = math.log((documents - cached[1] + 0.5) / (cached[1] + 0.5))
    return idf if idf > 0 else 1e-6


def _totals(cursor: object) -> tuple[int, int]:
    """How many documents the index has, and how many terms in all: FTS5 keeps them in the first
    record of its data table (SQLite varints: the documents, then each column's terms)."""
    cursor.execute("SELECT block FROM search_fts_data WHERE id = 1")  # type: ignore[attr-defined]
    row = cursor.fetchone()  # type: ignore[attr-defined]
    values = _varints(bytes(row[0])) if row else []
    return (values[0], sum(values[1:])) if values else (0, 0)


def _varints(data: bytes) -> list[int]:
    values = []
    position = 0
    while position < len(data):
        value = 0
        for index in range(9):
            byte = data[position]
            position += 1
            if index == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values


def forget_terms() -> None:
    _terms.clear()
    _typo_candidates.clear()
    _term_documents.clear()
    _phrase_documents.clear()


class SqliteBackend:
    newest = "search_fts.rowid DESC"

    def __init__(self) -> None:
        self._expressions: dict[tuple[tuple[QueryWord, ...], bool], str] = {}
        self._phrases: dict[tuple[QueryWord, bool], list[tuple[tuple[int, ...], str]]] = {}
        self._narrowed: dict[tuple[Any, ...], tuple[tuple[str, ...], ...]] = {}
        # Whether a match (the words with narrow terms) finds at most RELATIONAL_ROWS documents: a facet
        # counted without its filter often has the same narrow terms as the search itself.
        self._few: dict[tuple[str, str], bool] = {}

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
            near += [(doc, found) for found, doc in _terms_under(cursor, first).items()
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
            self._expressions[memo] = " AND ".join(
                "(" + " OR ".join(f"{_COLUMN_SETS[columns]} : {_quote(term)}{'*' if word.prefix else ''}"
                                  for columns, term in self.phrases(word, names_only=names_only)) + ")"
                for word in words)
        return self._expressions[memo]

    def phrases(self, word: QueryWord, *, names_only: bool = False) -> list[tuple[tuple[int, ...], str]]:
        """What a word matches, as (columns, term): its stem in the titles and text (the titles alone
        for names), its key in the keys, and, for a long word the index does not have, the indexed terms
        one edit from it anywhere."""
        memo = (word, names_only)
        if memo not in self._phrases:
            text: tuple[int, ...] = (TITLE,) if names_only else (TITLE, BODY)
            found: list[tuple[tuple[int, ...], str]] = [(text, word.stem)]
            if word.key:
                found.append(((KEYS,), word.key))
            if word.fuzzy and not word.prefix:
                with connection.cursor() as cursor:
                    if not self._known(cursor, word.stem) and not (word.key and self._known(cursor, word.key)):
                        found += [((*text, KEYS), term) for term in self._candidates(cursor, word)]
            self._phrases[memo] = found
        return self._phrases[memo]

    def _estimate(self, cursor: object, words: list[QueryWord]) -> int:
        """At most how many documents the words match (any kind): for each word, its stem's, key's or
        near spellings' documents; the fewest of the words'."""
        fewest = None
        for word in words:
            if word.prefix:
                continue
            count = _documents_of_word(cursor, word.stem) + _documents_of_word(cursor, word.key)
            if not count and word.fuzzy:
                count = sum(_documents_of_word(cursor, term) for term in self._candidates(cursor, word))
            fewest = count if fewest is None else min(fewest, count)
        return sys.maxsize if fewest is None else fewest

    def narrowing(self, words: list[QueryWord], kind: str, terms: tuple[tuple[str, ...], ...]
                  ) -> tuple[tuple[str, ...], ...]:
        """The groups of ``terms`` worth matching with the words (see BROAD_TERM_SHARE)."""
        if not terms:
            return ()
        memo = (tuple(words), kind, terms)
        if memo not in self._narrowed:
            low, high = document_ids(kind)
            with connection.cursor() as cursor:
                narrow: list[tuple[str, ...]] = []
                broad: list[tuple[str, ...]] = []
                share_of_narrow = 1.0
                # Narrowest first, in the match as in this loop.
                for share, group in _shares(cursor, terms, low, high):
                    if share <= BROAD_TERM_SHARE:
                        narrow.append(group)
                        share_of_narrow *= share
                    else:
                        broad.append(group)
                # The estimate takes the filters as independent of the words; they are not (an artist's
                # works are mostly oils, or dear): the rows are counted before the broad groups are left out.
                if broad and self._estimate(cursor, words) * share_of_narrow <= RELATIONAL_ROWS:
                    match = self._with_terms(self.expression(words), tuple(narrow))
                    if (match, kind) not in self._few:
                        cursor.execute("SELECT COUNT(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s "
                                       "AND rowid BETWEEN %s AND %s LIMIT %s)", [match, low, high, RELATIONAL_ROWS + 1])
                        self._few[match, kind] = cursor.fetchone()[0] <= RELATIONAL_ROWS
                    if self._few[match, kind]:
                        broad = []
            kept = narrow + broad
            self._narrowed[memo] = tuple(kept)
        return self._narrowed[memo]

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
                [self._with_terms(self.expression(words), self.narrowing(words, scope.kind, scope.terms)), low, high,
                 *scope.params])

    def compact(self) -> None:
        # A rebuild leaves the index in many segments, and a query reads every term's list in each; merged
        # into one, a query with filters reads about a fifth less.
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        # And fresh planner statistics, as on PostgreSQL: without them SQLite picks worse plans for search.
        refresh_statistics(force=True)

    def matching(self, words: list[QueryWord], kind: str, *, cap: int) -> list[int] | None:
        if not words:
            return []
        with connection.cursor() as cursor:
            return _newest(cursor, self.expression(words), kind, cap)

    def matching_within(self, words: list[QueryWord], kind: str, terms: tuple[tuple[str, ...], ...], *, cap: int
                        ) -> tuple[tuple[str, ...], list[int]] | None:
        if not words or not terms:
            return None
        low, high = document_ids(kind)
        with connection.cursor() as cursor:
            share, group = _shares(cursor, terms, low, high)[0]
            # Taking the words and the group as independent: clearly more than ``cap`` are not looked for.
            if self._estimate(cursor, words) * share > cap * WITHIN_SLACK:
                return None
            ids = _newest(cursor, self._with_terms(self.expression(words), (group,)), kind, cap)
        return None if ids is None else (group, ids)

    def scores(self, words: list[QueryWord], kind: str, ids: list[int], *,
               terms: tuple[tuple[str, ...], ...] = ()) -> dict[int, float]:
        # FTS5's bm25(), computed here from the documents' text (stored normalised, one space between
        # terms): in SQL, bm25 reads the whole list of every phrase in the match to weigh it, once a
        # statement, 10–20 ms for a common word at a million works, and it can only score the rows a
        # match finds, not a page's ids. Here each phrase's weight comes from its count of documents,
        # kept for TERMS_SECONDS (an old count changes a weight a little, never which rows are found).
        if not ids:
            return {}
        base = document_ids(kind)[0]
        with connection.cursor() as cursor:
            documents, tokens = _totals(cursor)
            weighed = [(columns, term, _idf(cursor, columns, term, documents))
                       for word in words if not word.prefix for columns, term in self.phrases(word)]
            cursor.execute(f"SELECT id, title, body, keys, facets FROM search_searchdocument "
                           f"WHERE id IN ({ids_sql(base + pk for pk in ids)})")
            rows = cursor.fetchall()
        average = tokens / max(documents, 1)
        found = {}
        for rowid, *texts in rows:
            columns = [text.split() for text in texts]
            length = K1 * (1 - B + B * sum(len(each) for each in columns) / average)
            score = 0.0
            for within, term, idf in weighed:
                frequency = sum(COLUMN_WEIGHTS[column] * columns[column].count(term) for column in within)
                score += idf * frequency * (K1 + 1) / (frequency + length)
            found[rowid - base] = score
        return found

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
