"""The jury's rules: seats, scores on the call's scale, conflicts, rounds, results, the exhibition."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dala.core.errors import DomainError
from dala.programmes import errors
from dala.programmes.models import (
    ApplicationStatus,
    CallStatus,
    Conflict,
    EntryResult,
    Exhibition,
    JurorStatus,
    MentorshipApplication,
    OpenCall,
    PrizeKind,
    Score,
    ScoringScale,
    ScoringUnit,
)
from dala.programmes.services import jury as services
from dala.programmes.signals import programmes_event
from tests.factories import JurorFactory, MentorshipFactory, OpenCallFactory, UserFactory
from tests.programmes.factories_jury import entry_with_works, judged_call, juror_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def events() -> Iterator[list[dict[str, Any]]]:
    heard: list[dict[str, Any]] = []

    def listen(**kwargs: Any) -> None:
        heard.append(kwargs)

    programmes_event.connect(listen, weak=False)
    yield heard
    programmes_event.disconnect(listen)


def refused(code: str, act: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        act()
    assert caught.value.code == code, caught.value.as_dict()
    return caught.value


# Seats ---------------------------------------------------------------------------------------------

def test_organiser_invites_an_existing_user_once_and_they_hear_of_it(events: list[dict[str, Any]],
                                                                    django_capture_on_commit_callbacks: Any) -> None:
    call = OpenCallFactory()
    person = UserFactory(email="juror@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        seat = services.invite_juror(organiser=call.organiser, call=call, email="JUROR@example.com")
    assert seat.user == person and seat.status == JurorStatus.INVITED
    assert [(e["action"], e["recipient_ids"]) for e in events] == [("jury.invited", [person.pk])]
    refused(errors.ALREADY_JUROR, lambda: services.invite_juror(organiser=call.organiser, call=call,
                                                                email="juror@example.com"))
    refused(errors.NO_SUCH_USER, lambda: services.invite_juror(organiser=call.organiser, call=call,
                                                               email="nobody@example.com"))


def test_only_the_organiser_invites() -> None:
    call = OpenCallFactory()
    UserFactory(email="juror@example.com")
    refused(errors.NOT_ORGANISER, lambda: services.invite_juror(organiser=UserFactory(), call=call,
                                                                email="juror@example.com"))


def test_invited_juror_accepts_or_declines_once() -> None:
    call = OpenCallFactory()
    seat = JurorFactory(call=call, status=JurorStatus.INVITED)
    assert services.accept_seat(user=seat.user, call=call).status == JurorStatus.ACCEPTED
    refused(errors.ALREADY_ANSWERED, lambda: services.decline_seat(user=seat.user, call=call))
    refused(errors.NOT_A_JUROR, lambda: services.accept_seat(user=UserFactory(), call=call))


# Scores --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("scale", "good", "bad"), [
    (ScoringScale.YES_MAYBE_NO, [0, 1, 2], [-1, 3]),
    (ScoringScale.ONE_TO_SEVEN, [1, 7], [0, 8]),
    (ScoringScale.ONE_TO_TEN, [1, 10], [0, 11]),
])
def test_scores_must_be_on_the_calls_scale(scale: str, good: list[int], bad: list[int]) -> None:
    call = judged_call(scale=scale)
    entry = entry_with_works(call)
    seat = juror_of(call)
    for value in good:
        [row] = services.score(user=seat.user, call=call, entry_id=entry.pk, value=value)
        assert row.value == value
    for value in bad:
        error = refused(errors.SCORE_OUT_OF_RANGE,
                        lambda value=value: services.score(user=seat.user, call=call, entry_id=entry.pk, value=value))
        assert error.field == "value"
    assert Score.objects.get().value == good[-1]  # one score, changed in place; the bad ones left it alone


def test_judging_starts_after_the_deadline() -> None:
    call = OpenCallFactory()  # deadline in two weeks
    entry = entry_with_works(call)
    seat = juror_of(call)
    refused(errors.JUDGING_NOT_STARTED, lambda: services.score(user=seat.user, call=call, entry_id=entry.pk, value=5))
    assert not Score.objects.exists()


def test_only_accepted_jurors_score() -> None:
    call = judged_call()
    entry = entry_with_works(call)
    invited = juror_of(call, status=JurorStatus.INVITED)
    refused(errors.NOT_A_JUROR, lambda: services.score(user=invited.user, call=call, entry_id=entry.pk, value=5))
    refused(errors.NOT_A_JUROR, lambda: services.score(user=UserFactory(), call=call, entry_id=entry.pk, value=5))


def test_a_declared_conflict_removes_the_jurors_scores_and_refuses_new_ones() -> None:
    call = judged_call()
    entry = entry_with_works(call)
    seat, other = juror_of(call), juror_of(call)
    services.score(user=seat.user, call=call, entry_id=entry.pk, value=8)
    services.score(user=other.user, call=call, entry_id=entry.pk, value=3)
    services.declare_conflict(user=seat.user, call=call, entry_id=entry.pk, reason="My student")
    assert list(Score.objects.values_list("juror_id", flat=True)) == [other.pk]
    error = refused(errors.CONFLICT_OF_INTEREST,
                    lambda: services.score(user=seat.user, call=call, entry_id=entry.pk, value=9))
    assert "conflict" in str(error.message)
    assert Conflict.objects.get().reason == "My student"
    assert Score.objects.count() == 1


def test_scoring_by_work_needs_the_entrys_works_and_saves_nothing_when_one_value_is_wrong() -> None:
    call = judged_call(scored_by=ScoringUnit.WORK, scale=ScoringScale.ONE_TO_SEVEN)
    entry = entry_with_works(call, works=2)
    stranger = entry_with_works(call)
    first, second = entry.works.values_list("artwork_id", flat=True)
    seat = juror_of(call)
    refused(errors.SCORE_OUT_OF_RANGE, lambda: services.score(user=seat.user, call=call, entry_id=entry.pk,
                                                              work_values={first: 5, second: 9}))
    refused(errors.WORK_NOT_IN_ENTRY, lambda: services.score(
        user=seat.user, call=call, entry_id=entry.pk,
        work_values={first: 5, stranger.works.get().artwork_id: 5}))
    refused(errors.NO_SCORE, lambda: services.score(user=seat.user, call=call, entry_id=entry.pk, value=5))
    assert not Score.objects.exists()
    rows = services.score(user=seat.user, call=call, entry_id=entry.pk, work_values={first: 5, second: 7},
                          feedback="Strong colour.")
    assert sorted((row.artwork_id, row.value) for row in rows) == [(first, 5), (second, 7)]


def test_only_entries_in_the_current_round_are_scored() -> None:
    call = judged_call()
    goes_on, stops = entry_with_works(call), entry_with_works(call)
    seat = juror_of(call)
    services.advance_round(organiser=call.organiser, call=call, entry_ids=[goes_on.pk])
    call.refresh_from_db()
    refused(errors.NOT_IN_ROUND, lambda: services.score(user=seat.user, call=call, entry_id=stops.pk, value=5))
    [row] = services.score(user=seat.user, call=call, entry_id=goes_on.pk, value=5)
    assert row.round == 2


def test_no_scores_once_results_are_published() -> None:
    call = judged_call()
    entry = entry_with_works(call)
    seat = juror_of(call)
    services.publish_results(organiser=call.organiser, call=call)
    refused(errors.RESULTS_PUBLISHED, lambda: services.score(user=seat.user, call=call, entry_id=entry.pk, value=5))


# Rounds and results ----------------------------------------------------------------------------------

def test_the_top_of_the_ranking_goes_on_to_the_next_round() -> None:
    call = judged_call()
    entries = [entry_with_works(call) for _ in range(4)]
    seat = juror_of(call)
    for entry, value in zip(entries, [3, 9, 7, 1], strict=True):
        services.score(user=seat.user, call=call, entry_id=entry.pk, value=value)
    assert services.advance_round(organiser=call.organiser, call=call, top=2) == 2
    reached = {entry.pk: entry.round_reached for entry in call.entries.all()}
    assert reached == {entries[0].pk: 1, entries[1].pk: 2, entries[2].pk: 2, entries[3].pk: 1}
    refused(errors.NOT_IN_ROUND, lambda: services.advance_round(organiser=call.organiser, call=call,
                                                                entry_ids=[entries[0].pk]))
    refused(errors.NOTHING_SELECTED, lambda: services.advance_round(organiser=call.organiser, call=call,
                                                                    entry_ids=[]))


def test_publishing_gives_every_entrant_a_result_and_tells_them(events: list[dict[str, Any]],
                                                               django_capture_on_commit_callbacks: Any) -> None:
    call = judged_call()
    chosen, others = entry_with_works(call), [entry_with_works(call) for _ in range(2)]
    services.set_result(organiser=call.organiser, call=call, entry_id=chosen.pk, result=EntryResult.SELECTED,
                        feedback="Bold.")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_results(organiser=call.organiser, call=call) == 1
    call.refresh_from_db()
    assert call.status == CallStatus.RESULTS and call.results_published_at is not None
    results = dict(call.entries.values_list("pk", "result"))
    assert results == {chosen.pk: EntryResult.SELECTED, others[0].pk: EntryResult.NOT_SELECTED,
                       others[1].pk: EntryResult.NOT_SELECTED}
    [event] = events
    assert event["action"] == "call.results"
    assert sorted(event["recipient_ids"]) == sorted(e.artist.user_id for e in [chosen, *others])
    refused(errors.RESULTS_PUBLISHED, lambda: services.publish_results(organiser=call.organiser, call=call))


def test_a_mentorship_prize_gives_places_within_the_free_ones() -> None:
    mentorship = MentorshipFactory(places=1)
    call = judged_call(prize_kind=PrizeKind.MENTORSHIP, mentorship=mentorship)
    first, second = entry_with_works(call), entry_with_works(call)
    services.set_results(organiser=call.organiser, call=call, entry_ids=[first.pk, second.pk],
                         result=EntryResult.SELECTED)
    error = refused(errors.MENTORSHIP_FULL, lambda: services.publish_results(organiser=call.organiser, call=call))
    assert "1" in str(error.message)
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED  # nothing half-saved
    assert set(call.entries.values_list("result", flat=True)) == {EntryResult.SELECTED}
    assert not MentorshipApplication.objects.exists()

    services.set_result(organiser=call.organiser, call=call, entry_id=second.pk, result=EntryResult.NOT_SELECTED)
    services.publish_results(organiser=call.organiser, call=call)
    place = MentorshipApplication.objects.get()
    assert (place.applicant, place.status, place.source_call) == (first.artist, ApplicationStatus.ACCEPTED, call)


def test_the_exhibition_of_the_selection_hangs_the_works_in_rank_order() -> None:
    call = judged_call()
    low, high, middle, left_out = (entry_with_works(call, works=2) for _ in range(4))
    seat = juror_of(call)
    for entry, value in [(low, 2), (high, 9), (middle, 5), (left_out, 10)]:
        services.score(user=seat.user, call=call, entry_id=entry.pk, value=value)
    refused(errors.NOTHING_SELECTED, lambda: services.exhibition_from_selection(organiser=call.organiser, call=call))
    services.set_results(organiser=call.organiser, call=call, entry_ids=[low.pk, high.pk, middle.pk],
                         result=EntryResult.SELECTED)
    exhibition = services.exhibition_from_selection(organiser=call.organiser, call=call)
    assert (exhibition.status, exhibition.source_call, exhibition.organiser, exhibition.title) == (
        "draft", call, call.organiser, call.title)
    expected = [work.artwork_id for entry in (high, middle, low) for work in entry.works.order_by("position")]
    assert list(exhibition.works.order_by("position").values_list("artwork_id", flat=True)) == expected
    # One exhibition a call: a second click names the first instead of making a copy.
    refused(errors.EXHIBITION_ALREADY_MADE,
            lambda: services.exhibition_from_selection(organiser=call.organiser, call=call))
    assert Exhibition.objects.count() == 1


def test_results_are_set_only_by_the_organiser_after_the_deadline() -> None:
    call: OpenCall = OpenCallFactory(deadline=timezone.now() + timedelta(days=1))
    entry = entry_with_works(call)
    refused(errors.JUDGING_NOT_STARTED, lambda: services.set_result(
        organiser=call.organiser, call=call, entry_id=entry.pk, result=EntryResult.SELECTED))
    refused(errors.NOT_ORGANISER, lambda: services.set_result(
        organiser=UserFactory(), call=call, entry_id=entry.pk, result=EntryResult.SELECTED))


def test_by_work_the_jurors_note_and_feedback_are_one_for_the_entry() -> None:
    call = judged_call(scored_by=ScoringUnit.WORK)
    entry = entry_with_works(call, works=2)
    first, second = entry.works.values_list("artwork_id", flat=True)
    seat = juror_of(call)
    services.score(user=seat.user, call=call, entry_id=entry.pk, work_values={first: 4, second: 6}, feedback="A")
    services.score(user=seat.user, call=call, entry_id=entry.pk, work_values={first: 5}, feedback="B", note="n")
    assert sorted(Score.objects.values_list("artwork_id", "value", "feedback", "note")) == sorted(
        [(first, 5, "B", "n"), (second, 6, "B", "n")])
