"""What jurors and organisers read of a jury's work.

A juror sees the entries of the round being judged, minus those they declared a conflict on; in a blind
call without the artists' names or slugs (works by their title and image only); and of the scores only
their own of this round — never an earlier round's, never another juror's.

The ranking of a round is computed in the database, one aggregate query for a page of it (plus its count
and the page's entries), whatever the number of entries:

- **average**: the mean of the entry's scores in that round. When the call scores works, it is the mean of
  the per-work averages (each work weighs the same, even if a juror left one unscored).
- **spread**: the population standard deviation of every single score the entry got in the round (by
  work: every juror's score of every work), with the lowest and highest; **scores**: how many there are.
- ordered by average, highest first; entries nobody scored yet come last; ties by entry number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from dala.catalog.models import ArtworkImage

from ..models import (
    Conflict,
    Entry,
    EntryResult,
    EntryStatus,
    EntryWork,
    Juror,
    JurorStatus,
    OpenCall,
    Score,
    ScoringUnit,
)

PER_PAGE = 50


# The juror's side --------------------------------------------------------------------------------

@dataclass(slots=True)
class WorkToJudge:
    artwork_id: int
    title: str
    image_url: str | None
    image_alt: str
    my_value: int | None = None


@dataclass(slots=True)
class EntryToJudge:
    entry_id: int
    statement: str
    # None in a blind call.
    artist_name: str | None
    artist_slug: str | None
    works: list[WorkToJudge]
    my_value: int | None = None  # scored by entry
    my_note: str = ""
    my_feedback: str = ""

    @property
    def scored(self) -> bool:
        if self.works and any(work.my_value is not None for work in self.works):
            return all(work.my_value is not None for work in self.works)
        return self.my_value is not None


@dataclass(slots=True)
class Progress:
    expected: int  # scores this juror owes this round (entries, or works when scoring works)
    given: int

    @property
    def missing(self) -> int:
        return max(0, self.expected - self.given)


@dataclass(slots=True)
class Queue:
    items: list[EntryToJudge]
    count: int
    page: int
    next: int | None
    previous: int | None
    progress: Progress


def seats_of(user: Any) -> QuerySet[Juror]:
    """``user``'s jury invitations and seats, newest call deadline first."""
    return (Juror.objects.filter(user=user).select_related("call")
            .order_by("-call__deadline", "-id"))


def seat_of(user: Any, call: OpenCall) -> Juror | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Juror.objects.filter(call=call, user=user).first()


def _image_url(images: Iterable[ArtworkImage]) -> tuple[str | None, str]:
    """The small public image of a work (thumbnail, else the narrowest rendition): never the original,
    and no URL that carries the artist's or the work's slug."""
    for image in images:
        if image.thumbnail:
            return image.thumbnail.url, str(image.alt_text)
        ready = image.rendition_urls("JPEG")
        if ready:
            return ready[0][2], str(image.alt_text)
    return None, ""


def _queue_entries(seat: Juror, call: OpenCall) -> QuerySet[Entry]:
    return (Entry.objects.filter(call=call, status=EntryStatus.SUBMITTED, round_reached=call.current_round)
            .exclude(Exists(Conflict.objects.filter(juror=seat, entry=OuterRef("pk")))))


def _scored_by(seat: Juror, call: OpenCall) -> Exists:
    # Filtered by call and round first, so the database looks the score up by the ranking index
    # (call, round, entry) rather than walking every score of the juror for each entry.
    return Exists(Score.objects.filter(call=call, round=call.current_round, entry=OuterRef("pk"), juror=seat))


def _shape(seat: Juror, call: OpenCall, entries: list[Entry]) -> list[EntryToJudge]:
    mine: dict[tuple[int, int | None], Score] = {
        (row.entry_id, row.artwork_id): row
        for row in Score.objects.filter(call=call, round=call.current_round, entry__in=entries, juror=seat)}
    blind = call.blind
    items = []
    for entry in entries:
        works = []
        for entry_work in entry.works.all():
            artwork = entry_work.artwork
            url, alt = _image_url(artwork.images.all())
            given = mine.get((entry.pk, artwork.pk))
            works.append(WorkToJudge(artwork_id=artwork.pk, title=str(artwork.title), image_url=url,
                                     # An artist's own alt text may name them: a blind jury reads the title.
                                     image_alt=str(artwork.title) if blind or not alt else alt,
                                     my_value=given.value if given else None))
        by_entry = mine.get((entry.pk, None))
        any_mine = by_entry or next((mine[(entry.pk, w.artwork_id)] for w in works
                                     if (entry.pk, w.artwork_id) in mine), None)
        items.append(EntryToJudge(
            entry_id=entry.pk, statement=entry.statement,
            artist_name=None if blind else str(entry.artist.name),
            artist_slug=None if blind else entry.artist.slug,
            works=works if call.scored_by == ScoringUnit.WORK else [
                WorkToJudge(w.artwork_id, w.title, w.image_url, w.image_alt) for w in works],
            my_value=by_entry.value if by_entry else None,
            my_note=any_mine.note if any_mine else "", my_feedback=any_mine.feedback if any_mine else ""))
    return items


def _with_works(entries: QuerySet[Entry], blind: bool) -> QuerySet[Entry]:
    works = EntryWork.objects.select_related("artwork").prefetch_related(
        Prefetch("artwork__images", queryset=ArtworkImage.objects.order_by("-is_primary", "position", "id")))
    entries = entries.prefetch_related(Prefetch("works", queryset=works))
    return entries if blind else entries.select_related("artist")


def juror_queue(seat: Juror, call: OpenCall, *, page: int = 1, unscored_only: bool = False,
                per_page: int = PER_PAGE) -> Queue:
    """A page of the entries ``seat`` judges in the current round, with their own scores of this round."""
    entries = _queue_entries(seat, call)
    if unscored_only:
        entries = entries.exclude(_scored_by(seat, call))
    count = entries.count()
    page = max(1, page)
    start = (page - 1) * per_page
    rows = list(_with_works(entries.order_by("id"), call.blind)[start:start + per_page])
    return Queue(items=_shape(seat, call, rows), count=count, page=page,
                 next=page + 1 if start + per_page < count else None, previous=page - 1 if page > 1 else None,
                 progress=juror_progress(call, [seat])[seat.pk])


def entry_for_juror(seat: Juror, call: OpenCall, entry_id: int) -> EntryToJudge | None:
    """One entry of the round as ``seat`` sees it; None when it is not theirs to judge (not in the round,
    or they declared a conflict)."""
    entry = _with_works(_queue_entries(seat, call).filter(pk=entry_id), call.blind).first()
    return _shape(seat, call, [entry])[0] if entry else None


def next_entry_for_juror(seat: Juror, call: OpenCall, *, after: int) -> int | None:
    """The next entry of the round ``seat`` has not scored yet, after entry ``after`` (then from the start)."""
    todo = _queue_entries(seat, call).exclude(_scored_by(seat, call)).order_by("id").values_list("pk", flat=True)
    return todo.filter(pk__gt=after).first() or todo.exclude(pk=after).first()


def juror_progress(call: OpenCall, seats: Sequence[Juror]) -> dict[int, Progress]:
    """For each seat: the scores it owes in the current round and the ones given (three queries)."""
    in_round = Entry.objects.filter(call=call, status=EntryStatus.SUBMITTED, round_reached=call.current_round)
    by_work = call.scored_by == ScoringUnit.WORK
    if by_work:
        total = EntryWork.objects.filter(entry__in=in_round).count()
        conflicted_rows = (Conflict.objects.filter(juror__in=seats, entry__in=in_round).values("juror_id")
                           .annotate(n=Count("entry__works")))
    else:
        total = in_round.count()
        conflicted_rows = (Conflict.objects.filter(juror__in=seats, entry__in=in_round).values("juror_id")
                           .annotate(n=Count("id")))
    conflicted = {row["juror_id"]: row["n"] for row in conflicted_rows}
    given = {row["juror_id"]: row["n"] for row in
             Score.objects.filter(call=call, round=call.current_round, juror__in=seats).values("juror_id")
             .annotate(n=Count("id"))}
    return {seat.pk: Progress(expected=total - conflicted.get(seat.pk, 0), given=given.get(seat.pk, 0))
            for seat in seats}


@dataclass(slots=True)
class JurorRow:
    juror: Juror
    progress: Progress


def jurors_of(call: OpenCall) -> list[JurorRow]:
    """The call's jurors with their answers and, for the accepted, their progress this round."""
    seats = list(call.jurors.select_related("user").order_by("invited_at", "id"))
    progress = juror_progress(call, [seat for seat in seats if seat.status == JurorStatus.ACCEPTED])
    return [JurorRow(juror=seat, progress=progress.get(seat.pk, Progress(0, 0))) for seat in seats]


# The organiser's side: the ranking ---------------------------------------------------------------

@dataclass(slots=True)
class RankedEntry:
    rank: int
    entry: Entry
    average: float | None
    spread: float | None
    low: int | None
    high: int | None
    scores: int
    conflicts: int


@dataclass(slots=True)
class Ranking:
    round: int
    rows: list[RankedEntry]
    count: int
    page: int
    per_page: int
    next: int | None
    previous: int | None
    pages: int = field(default=1)


def _ranking_sql(columns: str, *, extra: str = "") -> str:
    """The ranking of a round as SQL; parameters: call, round, call, entry status, round, [extra's], limit,
    offset. Per (entry, work) first, so that by work each work weighs the same; by entry ``artwork_id`` is
    NULL and there is one group per entry. The sums give the population deviation without a second pass."""
    entry, score = Entry._meta.db_table, Score._meta.db_table
    return f"""
        SELECT {columns}
        FROM {entry} e
        LEFT JOIN (
            SELECT w.entry_id, AVG(w.average) AS average, SUM(w.n) AS n, MIN(w.low) AS low, MAX(w.high) AS high,
                   SUM(w.total) AS total, SUM(w.squares) AS squares
            FROM (
                SELECT s.entry_id, s.artwork_id, AVG(s.value * 1.0) AS average, COUNT(*) AS n,
                       MIN(s.value) AS low, MAX(s.value) AS high, SUM(s.value) AS total,
                       SUM(s.value * s.value) AS squares
                FROM {score} s
                WHERE s.call_id = %s AND s.round = %s
                GROUP BY s.entry_id, s.artwork_id
            ) w
            GROUP BY w.entry_id
        ) r ON r.entry_id = e.id
        WHERE e.call_id = %s AND e.status = %s AND e.round_reached >= %s {extra}
        ORDER BY CASE WHEN r.average IS NULL THEN 1 ELSE 0 END, r.average DESC, e.id
        LIMIT %s OFFSET %s
    """


def _page_columns() -> str:
    return ("e.id, r.average, r.n, r.low, r.high, r.total, r.squares, "
            f"(SELECT COUNT(*) FROM {Conflict._meta.db_table} c WHERE c.entry_id = e.id) AS conflicts")


def _deviation(n: int, total: float, squares: float) -> float:
    mean = total / n
    return math.sqrt(max(0.0, squares / n - mean * mean))


def ranking(call: OpenCall, *, round_number: int | None = None, page: int = 1,
            per_page: int = PER_PAGE) -> Ranking:
    """A page of the ranking of ``round_number`` (default: the current round): the entries that were in
    that round, with average, spread, lowest–highest, number of scores and of conflicts declared."""
    number = round_number or call.current_round
    count = Entry.objects.filter(call=call, status=EntryStatus.SUBMITTED, round_reached__gte=number).count()
    pages = max(1, -(-count // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    sql = _ranking_sql(_page_columns())
    with connection.cursor() as cursor:
        cursor.execute(sql, [call.pk, number, call.pk, EntryStatus.SUBMITTED, number, per_page, start])
        found = cursor.fetchall()
    entries = Entry.objects.select_related("artist").in_bulk([row[0] for row in found])
    rows = []
    for index, (pk, average, n, low, high, total, squares, conflicts) in enumerate(found):
        scored = bool(n)
        rows.append(RankedEntry(
            rank=start + index + 1, entry=entries[pk], average=float(average) if scored else None,
            spread=_deviation(int(n), float(total), float(squares)) if scored else None,
            low=int(low) if scored else None, high=int(high) if scored else None, scores=int(n or 0),
            conflicts=int(conflicts or 0)))
    return Ranking(round=number, rows=rows, count=count, page=page, per_page=per_page,
                   next=page + 1 if page < pages else None, previous=page - 1 if page > 1 else None, pages=pages)


def ranked_entry_ids(call: OpenCall, *, round_number: int, limit: int, entry_ids: Sequence[int] | None = None,
                     ) -> list[int]:
    """The ids of the best ``limit`` entries of a round's ranking (among ``entry_ids`` if given)."""
    extra, params = "", []
    if entry_ids is not None:
        if not entry_ids:
            return []
        extra = "AND e.id IN (" + ", ".join(["%s"] * len(entry_ids)) + ")"
        params = list(entry_ids)
    sql = _ranking_sql("e.id", extra=extra)
    with connection.cursor() as cursor:
        cursor.execute(sql, [call.pk, round_number, call.pk, EntryStatus.SUBMITTED, round_number, *params,
                             limit, 0])
        return [row[0] for row in cursor.fetchall()]


def selection_in_rank_order(call: OpenCall) -> list[int]:
    """The selected entries, best first: those that reached a later round before the others, and within a
    round by their ranking in it."""
    selected = list(Entry.objects.filter(call=call, status=EntryStatus.SUBMITTED, result=EntryResult.SELECTED)
                    .values_list("pk", "round_reached"))
    by_round: dict[int, list[int]] = {}
    for pk, reached in selected:
        by_round.setdefault(reached, []).append(pk)
    ordered: list[int] = []
    for reached in sorted(by_round, reverse=True):
        ids = by_round[reached]
        ordered += ranked_entry_ids(call, round_number=reached, limit=len(ids), entry_ids=ids)
    return ordered


# The entrant's side ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EntrantResult:
    result: str
    result_label: str
    feedback: str


def result_for_entrant(entry: Entry) -> EntrantResult | None:
    """The result and feedback the entrant may read: nothing until the call's results are published."""
    if not entry.call.results_are_public or entry.status != EntryStatus.SUBMITTED:
        return None
    return EntrantResult(result=entry.result, result_label=str(entry.get_result_display()), feedback=entry.feedback)
