"""What jurors and organisers read: the queue (blind, own scores of this round only), the ranking
(averages, spread, constant queries), progress, and an entrant's result only once published."""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dala.programmes.models import EntryResult, Score, ScoringScale, ScoringUnit
from dala.programmes.selectors import jury as selectors
from dala.programmes.services import jury as services
from tests.programmes.factories_jury import entry_with_works, judged_call, juror_of

pytestmark = pytest.mark.django_db


def test_a_blind_queue_has_no_artist_names_or_slugs() -> None:
    call = judged_call(blind=True)
    entry = entry_with_works(call, works=2)
    seat = juror_of(call)
    [item] = selectors.juror_queue(seat, call).items
    assert item.entry_id == entry.pk
    assert item.artist_name is None and item.artist_slug is None
    assert [work.title for work in item.works] == [str(w.artwork.title) for w in entry.works.order_by("position")]
    assert entry.artist.slug not in repr(item)

    call.blind = False
    call.save()
    [item] = selectors.juror_queue(seat, call).items
    assert (item.artist_name, item.artist_slug) == (str(entry.artist.name), entry.artist.slug)


def test_the_queue_shows_only_my_scores_of_this_round_and_leaves_out_my_conflicts() -> None:
    call = judged_call()
    entry, conflicted = entry_with_works(call), entry_with_works(call)
    me, other = juror_of(call), juror_of(call)
    services.score(user=me.user, call=call, entry_id=entry.pk, value=9, note="n1", feedback="f1")
    services.score(user=other.user, call=call, entry_id=entry.pk, value=2)
    services.declare_conflict(user=me.user, call=call, entry_id=conflicted.pk)

    queue = selectors.juror_queue(me, call)
    assert [(i.entry_id, i.my_value, i.my_note, i.my_feedback) for i in queue.items] == [(entry.pk, 9, "n1", "f1")]
    assert (queue.progress.expected, queue.progress.given, queue.progress.missing) == (1, 1, 0)
    assert selectors.entry_for_juror(me, call, conflicted.pk) is None
    others = {item.entry_id: item.my_value for item in selectors.juror_queue(other, call).items}
    assert others == {entry.pk: 2, conflicted.pk: None}  # never the other juror's 9

    services.advance_round(organiser=call.organiser, call=call, entry_ids=[entry.pk])
    call.refresh_from_db()
    [item] = selectors.juror_queue(me, call).items
    assert (item.my_value, item.my_note, item.my_feedback, item.scored) == (None, "", "", False)


def test_ranking_averages_and_spread_on_a_small_example() -> None:
    call = judged_call()
    first, second, unscored = entry_with_works(call), entry_with_works(call), entry_with_works(call)
    seats = [juror_of(call) for _ in range(3)]
    for seat, value in zip(seats, [4, 6, 8], strict=True):
        services.score(user=seat.user, call=call, entry_id=first.pk, value=value)
    for seat, value in zip(seats, [9, 9, 9], strict=True):
        services.score(user=seat.user, call=call, entry_id=second.pk, value=value)
    services.declare_conflict(user=seats[0].user, call=call, entry_id=unscored.pk)

    rows = selectors.ranking(call).rows
    assert [row.entry.pk for row in rows] == [second.pk, first.pk, unscored.pk]
    top, middle, last = rows
    assert (top.rank, top.average, top.spread, top.low, top.high, top.scores) == (1, 9.0, 0.0, 9, 9, 3)
    assert middle.average == pytest.approx(6.0)
    assert middle.spread == pytest.approx(math.sqrt(8 / 3))  # population deviation of 4, 6, 8
    assert (middle.low, middle.high, middle.scores) == (4, 8, 3)
    assert (last.average, last.spread, last.scores, last.conflicts) == (None, None, 0, 1)


def test_by_work_the_average_is_the_mean_of_the_works_averages() -> None:
    call = judged_call(scored_by=ScoringUnit.WORK, scale=ScoringScale.ONE_TO_SEVEN)
    entry = entry_with_works(call, works=2)
    one, two = entry.works.values_list("artwork_id", flat=True)
    first, second = juror_of(call), juror_of(call)
    services.score(user=first.user, call=call, entry_id=entry.pk, work_values={one: 7, two: 1})
    services.score(user=second.user, call=call, entry_id=entry.pk, work_values={one: 5})
    [row] = selectors.ranking(call).rows
    # Work one: (7 + 5) / 2 = 6; work two: 1; the entry: (6 + 1) / 2 = 3.5 (not (7 + 1 + 5) / 3).
    assert row.average == pytest.approx(3.5)
    assert (row.scores, row.low, row.high) == (3, 1, 7)
    assert row.spread == pytest.approx(math.sqrt((7**2 + 1 + 5**2) / 3 - (13 / 3) ** 2))
    progress = selectors.juror_progress(call, [first, second])
    assert (progress[first.pk].missing, progress[second.pk].missing) == (0, 1)


def _count_queries(act: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        act()
    return len(captured.captured_queries)


def test_the_ranking_costs_the_same_queries_for_few_and_many_entries() -> None:
    call = judged_call()
    seat = juror_of(call)
    entry = entry_with_works(call)
    services.score(user=seat.user, call=call, entry_id=entry.pk, value=5)
    few = _count_queries(lambda: selectors.ranking(call, per_page=5))
    for value in range(1, 11):
        more = entry_with_works(call)
        services.score(user=seat.user, call=call, entry_id=more.pk, value=value)
    many = _count_queries(lambda: selectors.ranking(call, per_page=5))
    assert few == many == 3
    page_two = selectors.ranking(call, page=2, per_page=5)
    assert [row.rank for row in page_two.rows] == [6, 7, 8, 9, 10] and page_two.next == 3


def test_the_queue_costs_the_same_queries_for_few_and_many_entries() -> None:
    call = judged_call(blind=False)
    seat = juror_of(call)
    entry_with_works(call)
    few = _count_queries(lambda: selectors.juror_queue(seat, call))
    for _ in range(4):
        entry_with_works(call, works=3)
    assert _count_queries(lambda: selectors.juror_queue(seat, call)) == few


def test_an_entrant_sees_no_result_before_the_results_are_published() -> None:
    call = judged_call()
    entry = entry_with_works(call)
    services.set_result(organiser=call.organiser, call=call, entry_id=entry.pk, result=EntryResult.SELECTED,
                        feedback="Bold.")
    entry.refresh_from_db()
    assert selectors.result_for_entrant(entry) is None
    services.publish_results(organiser=call.organiser, call=call)
    entry.refresh_from_db()
    shown = selectors.result_for_entrant(entry)
    assert shown is not None and (shown.result, shown.feedback) == (EntryResult.SELECTED, "Bold.")
    assert Score.objects.count() == 0
