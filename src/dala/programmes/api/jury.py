"""The jury API (bearer token): my seats, accept/decline, the entries to score this round, scores and
conflicts; the organiser's jurors, ranked results, rounds, results and the exhibition of the selection.
Errors carry the codes of ``programmes/errors.py``. In a blind call a juror never gets artists' names or
slugs: works come with their title and a small image URL only."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from dala.accounts.api import TokenAuth, current_user
from dala.core.errors import NotFound, PermissionDenied

from .. import errors
from ..models import CallStatus, Juror, JurorStatus, OpenCall
from ..permissions import manages
from ..selectors import jury as selectors
from ..services import jury as services

router = Router(auth=TokenAuth(), tags=["juries"])


def _call(slug: str) -> OpenCall:
    call = get_object_or_404(OpenCall, slug=slug)
    if call.status == CallStatus.DRAFT:
        raise NotFound(errors.NOT_FOUND, _("There is no such open call."))
    return call


def _managed(request: HttpRequest, slug: str) -> OpenCall:
    call = get_object_or_404(OpenCall, slug=slug)
    if not manages(current_user(request), call):
        raise NotFound(errors.NOT_FOUND, _("There is no such open call."))
    return call


def _seat(request: HttpRequest, call: OpenCall, *, accepted: bool = False) -> Juror:
    seat = selectors.seat_of(current_user(request), call)
    if seat is None or (accepted and seat.status != JurorStatus.ACCEPTED):
        raise PermissionDenied(errors.NOT_A_JUROR, _("You are not on the jury of this call."))
    return seat


class SeatOut(Schema):
    call: str = Field(..., description="The call's slug.")
    call_title: str
    status: str = Field(..., description="invited | accepted | declined")
    call_status: str
    current_round: int
    deadline: datetime.datetime
    invited_at: datetime.datetime
    responded_at: datetime.datetime | None

    @classmethod
    def build(cls, seat: Juror) -> SeatOut:
        call = seat.call
        return cls(call=call.slug, call_title=str(call.title), status=seat.status, call_status=call.status,
                   current_round=call.current_round, deadline=call.deadline, invited_at=seat.invited_at,
                   responded_at=seat.responded_at)


class WorkOut(Schema):
    artwork_id: int
    title: str
    image_url: str | None = Field(..., description="A small public image (never the original).")
    my_value: int | None = Field(..., description="My score of this work this round (calls scored by work).")


class EntryToJudgeOut(Schema):
    id: int
    statement: str
    artist_name: str | None = Field(..., description="Null in a blind call.")
    artist_slug: str | None = Field(..., description="Null in a blind call.")
    works: list[WorkOut]
    my_value: int | None = Field(..., description="My score of the entry this round (calls scored by entry).")
    my_note: str
    my_feedback: str
    scored: bool

    @classmethod
    def build(cls, item: selectors.EntryToJudge, request: HttpRequest) -> EntryToJudgeOut:
        return cls(id=item.entry_id, statement=item.statement, artist_name=item.artist_name,
                   artist_slug=item.artist_slug, works=[WorkOut(
                       artwork_id=w.artwork_id, title=w.title,
                       image_url=request.build_absolute_uri(w.image_url) if w.image_url else None,
                       my_value=w.my_value) for w in item.works],
                   my_value=item.my_value, my_note=item.my_note, my_feedback=item.my_feedback, scored=item.scored)


class ProgressOut(Schema):
    expected: int
    given: int
    missing: int


class QueueOut(Schema):
    round: int
    scale: str
    scale_range: tuple[int, int] = Field(..., description="Lowest and highest value; yes/maybe/no is 2/1/0.")
    scored_by: str
    blind: bool
    items: list[EntryToJudgeOut]
    count: int
    page: int
    next: int | None
    previous: int | None
    progress: ProgressOut


class QueueQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)  # the offset must fit the database
    unscored: bool = Field(False, description="Only the entries I have not scored this round.")


class ScoreIn(Schema):
    value: int | None = Field(None, description="Calls scored by entry: a value on the call's scale.")
    works: dict[int, int] | None = Field(None, description="Calls scored by work: artwork id → value.")
    note: str = Field("", max_length=2000, description="To the organiser.")
    feedback: str = Field("", max_length=2000, description="For the artist, shown without my name once the "
                                                           "results are published.")


class ScoreOut(Schema):
    entry_id: int
    round: int
    artwork_id: int | None
    value: int


class ConflictIn(Schema):
    reason: str = Field("", max_length=500)


class ConflictOut(Schema):
    entry_id: int
    reason: str


class InviteIn(Schema):
    email: str = Field(..., max_length=254, description="The e-mail address of an existing user.")


class JurorOut(Schema):
    id: int
    name: str
    email: str
    status: str
    invited_at: datetime.datetime
    responded_at: datetime.datetime | None
    progress: ProgressOut | None = Field(..., description="This round, for accepted jurors.")


class RankedOut(Schema):
    rank: int
    entry_id: int
    artist_name: str
    artist_slug: str
    average: float | None
    spread: float | None = Field(..., description="Population standard deviation of the scores.")
    low: int | None
    high: int | None
    scores: int
    conflicts: int
    round_reached: int
    result: str
    feedback: str


class RankingOut(Schema):
    round: int
    current_round: int
    items: list[RankedOut]
    count: int
    page: int
    pages: int
    next: int | None
    previous: int | None


class RankingQuery(Schema):
    round: int | None = Field(None, ge=1)
    page: int = Field(1, ge=1)


class AdvanceIn(Schema):
    entry_ids: list[int] | None = Field(None, description="The entries that go on; or give ``top``.")
    top: int | None = Field(None, ge=1, description="The best N of the current round's ranking go on.")


class AdvanceOut(Schema):
    current_round: int


class ResultIn(Schema):
    result: Literal["selected", "not_selected", "pending"] | None = None
    feedback: str | None = Field(None, max_length=5000)


class ResultOut(Schema):
    entry_id: int
    result: str
    feedback: str


class PublishOut(Schema):
    selected: int
    status: str


class ExhibitionOut(Schema):
    slug: str
    status: str
    works: int
    edit_url: str


def _progress(progress: selectors.Progress) -> ProgressOut:
    return ProgressOut(expected=progress.expected, given=progress.given, missing=progress.missing)


# The juror -----------------------------------------------------------------------------------------

@router.get("/jury", response=list[SeatOut], summary="My jury invitations and seats")
def my_seats(request: HttpRequest) -> list[SeatOut]:
    return [SeatOut.build(seat) for seat in selectors.seats_of(current_user(request))
            if seat.call.status != CallStatus.DRAFT]


@router.post("/calls/{slug}/jury/accept", response=SeatOut, summary="Accept a jury seat")
def accept(request: HttpRequest, slug: str) -> SeatOut:
    call = _call(slug)
    seat = services.accept_seat(user=current_user(request), call=call)
    seat.call = call
    return SeatOut.build(seat)


@router.post("/calls/{slug}/jury/decline", response=SeatOut, summary="Decline a jury invitation")
def decline(request: HttpRequest, slug: str) -> SeatOut:
    call = _call(slug)
    seat = services.decline_seat(user=current_user(request), call=call)
    seat.call = call
    return SeatOut.build(seat)


@router.get("/calls/{slug}/jury/entries", response=QueueOut, summary="The entries I score this round")
def queue(request: HttpRequest, slug: str, query: Query[QueueQuery]) -> QueueOut:
    """Entries of the current round, without those I declared a conflict on; my own scores of this round
    only. Empty until the deadline has passed (409 ``judging_not_started``)."""
    call = _call(slug)
    seat = _seat(request, call, accepted=True)
    services.require_judging(call)
    found = selectors.juror_queue(seat, call, page=query.page, unscored_only=query.unscored)
    return QueueOut(round=call.current_round, scale=call.scale, scale_range=call.scale_range,
                    scored_by=call.scored_by, blind=call.blind,
                    items=[EntryToJudgeOut.build(item, request) for item in found.items], count=found.count,
                    page=found.page, next=found.next, previous=found.previous, progress=_progress(found.progress))


@router.put("/calls/{slug}/jury/entries/{entry_id}/score", response=list[ScoreOut], summary="Score an entry")
def put_score(request: HttpRequest, slug: str, entry_id: int, payload: ScoreIn) -> list[ScoreOut]:
    """Create or change my score (by entry: ``value``; by work: ``works``). 422 ``score_out_of_range``,
    403 ``conflict_of_interest``, 409 ``not_in_round`` / ``judging_not_started`` / ``results_published``."""
    call = _call(slug)
    rows = services.score(user=current_user(request), call=call, entry_id=entry_id, value=payload.value,
                          work_values=payload.works, note=payload.note, feedback=payload.feedback)
    return [ScoreOut(entry_id=row.entry_id, round=row.round, artwork_id=row.artwork_id, value=row.value)
            for row in rows]


@router.post("/calls/{slug}/jury/entries/{entry_id}/conflict", response={201: ConflictOut},
             summary="Declare a conflict of interest")
def conflict(request: HttpRequest, slug: str, entry_id: int, payload: ConflictIn) -> tuple[int, ConflictOut]:
    """I will no longer see or score the entry; any score I gave it is removed."""
    call = _call(slug)
    made = services.declare_conflict(user=current_user(request), call=call, entry_id=entry_id, reason=payload.reason)
    return 201, ConflictOut(entry_id=made.entry_id, reason=made.reason)


# The organiser -------------------------------------------------------------------------------------

def _juror_rows(call: OpenCall) -> list[JurorOut]:
    return [JurorOut(id=row.juror.pk, name=str(row.juror.user), email=row.juror.user.email, status=row.juror.status,
                     invited_at=row.juror.invited_at, responded_at=row.juror.responded_at,
                     progress=_progress(row.progress) if row.juror.status == JurorStatus.ACCEPTED else None)
            for row in selectors.jurors_of(call)]


@router.get("/studio/calls/{slug}/jurors", response=list[JurorOut], summary="A call's jurors and their progress")
def jurors(request: HttpRequest, slug: str) -> list[JurorOut]:
    return _juror_rows(_managed(request, slug))


@router.post("/studio/calls/{slug}/jurors", response={201: JurorOut}, summary="Invite a juror")
def invite(request: HttpRequest, slug: str, payload: InviteIn) -> tuple[int, JurorOut]:
    """404 ``no_such_user`` for an unknown address, 409 ``already_juror`` the second time."""
    call = _managed(request, slug)
    seat = services.invite_juror(organiser=current_user(request), call=call, email=payload.email)
    return 201, next(row for row in _juror_rows(call) if row.id == seat.pk)


@router.get("/studio/calls/{slug}/results", response=RankingOut, summary="The ranking of a round")
def results(request: HttpRequest, slug: str, query: Query[RankingQuery]) -> RankingOut:
    """50 a page, best average first; entries not yet scored last."""
    call = _managed(request, slug)
    number = min(query.round or call.current_round, call.current_round)
    found = selectors.ranking(call, round_number=number, page=query.page)
    return RankingOut(round=found.round, current_round=call.current_round, count=found.count, page=found.page,
                      pages=found.pages, next=found.next, previous=found.previous, items=[RankedOut(
                          rank=row.rank, entry_id=row.entry.pk, artist_name=str(row.entry.artist.name),
                          artist_slug=row.entry.artist.slug, average=row.average, spread=row.spread, low=row.low,
                          high=row.high, scores=row.scores, conflicts=row.conflicts,
                          round_reached=row.entry.round_reached, result=row.entry.result,
                          feedback=row.entry.feedback) for row in found.rows])


@router.post("/studio/calls/{slug}/rounds", response=AdvanceOut, summary="Open the next round")
def advance(request: HttpRequest, slug: str, payload: AdvanceIn) -> AdvanceOut:
    call = _managed(request, slug)
    number = services.advance_round(organiser=current_user(request), call=call, entry_ids=payload.entry_ids,
                                    top=payload.top)
    return AdvanceOut(current_round=number)


@router.put("/studio/calls/{slug}/entries/{entry_id}/result", response=ResultOut,
            summary="Select an entry (or not) and write feedback")
def put_result(request: HttpRequest, slug: str, entry_id: int, payload: ResultIn) -> ResultOut:
    call = _managed(request, slug)
    entry = services.set_result(organiser=current_user(request), call=call, entry_id=entry_id,
                                result=payload.result, feedback=payload.feedback)
    return ResultOut(entry_id=entry.pk, result=entry.result, feedback=entry.feedback)


@router.post("/studio/calls/{slug}/results/publish", response=PublishOut, summary="Publish the results")
def publish(request: HttpRequest, slug: str) -> PublishOut:
    """Entries not selected become not selected; every entrant is told. 409 ``mentorship_full`` when the
    selected entrants outnumber the free places of the mentorship offered."""
    call = _managed(request, slug)
    selected = services.publish_results(organiser=current_user(request), call=call)
    return PublishOut(selected=selected, status=CallStatus.RESULTS)


@router.post("/studio/calls/{slug}/exhibition", response={201: ExhibitionOut},
             summary="Make a draft exhibition of the selection")
def exhibition(request: HttpRequest, slug: str) -> tuple[int, ExhibitionOut]:
    from django.urls import reverse

    call = _managed(request, slug)
    made = services.exhibition_from_selection(organiser=current_user(request), call=call)
    return 201, ExhibitionOut(slug=made.slug, status=made.status, works=made.works.count(),
                              edit_url=request.build_absolute_uri(
                                  reverse("programmes:exhibition_edit", kwargs={"slug": made.slug})))
