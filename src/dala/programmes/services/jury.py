"""Juries of open calls: invitations, seats, conflicts of interest, scores, rounds, results.

Judging starts once the call's deadline has passed. The entries "in" round *n* are the submitted entries
with ``round_reached == n`` while the call's ``current_round`` is *n*; advancing moves the chosen ones to
*n + 1*. Each service is one transaction; a juror's scoring locks their seat, so two of their requests
cannot write the same score twice; publishing the results locks the call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dala.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed

from .. import errors
from ..models import (
    SCALE_RANGES,
    ApplicationStatus,
    CallStatus,
    Entry,
    EntryResult,
    EntryStatus,
    EntryWork,
    Exhibition,
    ExhibitionWork,
    Juror,
    JurorStatus,
    MentorshipApplication,
    OpenCall,
    PrizeKind,
    Score,
    ScoringUnit,
)
from ..models import Conflict as ConflictOfInterest
from ..permissions import require_login, require_manager
from ..signals import programmes_event


def _notify(*, action: str, actor: Any, recipients: Iterable[int], subject: Any, url: str) -> None:
    actor_id = getattr(actor, "pk", None)
    recipient_ids = sorted({int(pk) for pk in recipients if pk is not None and pk != actor_id})
    if recipient_ids:
        transaction.on_commit(lambda: programmes_event.send(
            sender=OpenCall, action=action, actor_id=actor_id, recipient_ids=recipient_ids, subject=subject,
            url=url))


def _refuse_after_results(call: OpenCall) -> None:
    if call.status == CallStatus.RESULTS:
        raise Conflict(errors.RESULTS_PUBLISHED, _("The results of this call are published; the jury's work is over."))


def require_judging(call: OpenCall) -> None:
    """Judging is open: the call is published and its deadline has passed, its results not yet out."""
    _refuse_after_results(call)
    if call.status != CallStatus.PUBLISHED or timezone.now() < call.deadline:
        raise Conflict(errors.JUDGING_NOT_STARTED,
                       _("Judging starts once the call's deadline has passed."))


def entries_in_round(call: OpenCall) -> Any:
    """The entries being judged now: submitted and still in the call's current round."""
    return Entry.objects.filter(call=call, status=EntryStatus.SUBMITTED, round_reached=call.current_round)


# Seats -------------------------------------------------------------------------------------------

def invite_juror(*, organiser: Any, call: OpenCall, email: str) -> Juror:
    """Invite the user with ``email`` to the jury of ``call``; they hear of it once this commits."""
    require_manager(organiser, call)
    _refuse_after_results(call)
    address = (email or "").strip()
    user = get_user_model().objects.filter(email__iexact=address).first() if address else None
    if user is None:
        raise NotFound(errors.NO_SUCH_USER, _("No one on Dala has this e-mail address; they must sign up first."),
                       field="email")
    with transaction.atomic():
        seat = Juror.objects.select_for_update().filter(call=call, user=user).first()
        if seat is not None and seat.status != JurorStatus.DECLINED:
            raise Conflict(errors.ALREADY_JUROR, _("This person is already invited to the jury."), field="email")
        if seat is None:
            seat = Juror.objects.create(call=call, user=user)
        else:  # they declined before: ask again
            seat.status, seat.invited_at, seat.responded_at = JurorStatus.INVITED, timezone.now(), None
            seat.save(update_fields=["status", "invited_at", "responded_at"])
        _notify(action="jury.invited", actor=organiser, recipients=[user.pk], subject=call,
                url=reverse("programmes:jury", kwargs={"slug": call.slug}))
    return seat


def _seat_of(user: Any, call: OpenCall, *, lock: bool = False) -> Juror:
    require_login(user)
    seats = Juror.objects.select_for_update() if lock else Juror.objects.all()
    seat = seats.filter(call=call, user=user).first()
    if seat is None:
        raise PermissionDenied(errors.NOT_A_JUROR, _("You are not on the jury of this call."))
    return seat


def _answer(user: Any, call: OpenCall, status: str) -> Juror:
    with transaction.atomic():
        seat = _seat_of(user, call, lock=True)
        if seat.status == status:
            return seat
        if seat.status != JurorStatus.INVITED:
            raise Conflict(errors.ALREADY_ANSWERED, _("You have already answered this invitation."))
        _refuse_after_results(call)
        seat.status, seat.responded_at = status, timezone.now()
        seat.save(update_fields=["status", "responded_at"])
    return seat


def accept_seat(*, user: Any, call: OpenCall) -> Juror:
    return _answer(user, call, JurorStatus.ACCEPTED)


def decline_seat(*, user: Any, call: OpenCall) -> Juror:
    return _answer(user, call, JurorStatus.DECLINED)


def _accepted_seat(user: Any, call: OpenCall, *, lock: bool = False) -> Juror:
    seat = _seat_of(user, call, lock=lock)
    if seat.status != JurorStatus.ACCEPTED:
        raise PermissionDenied(errors.NOT_A_JUROR, _("Accept your seat on the jury first."))
    return seat


# Conflicts and scores ------------------------------------------------------------------------------

def _entry_of(call: OpenCall, entry_id: int) -> Entry:
    entry = Entry.objects.filter(call=call, pk=entry_id, status=EntryStatus.SUBMITTED).first()
    if entry is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such entry in this call."))
    return entry


def declare_conflict(*, user: Any, call: OpenCall, entry_id: int, reason: str = "") -> ConflictOfInterest:
    """Keep ``user`` off an entry: they no longer see it, and any score they gave it (any round) is removed."""
    with transaction.atomic():
        seat = _accepted_seat(user, call, lock=True)
        _refuse_after_results(call)
        entry = _entry_of(call, entry_id)
        conflict, _created = ConflictOfInterest.objects.get_or_create(
            juror=seat, entry=entry, defaults={"reason": (reason or "").strip()[:500]})
        Score.objects.filter(juror=seat, entry=entry).delete()
    return conflict


def _check_value(call: OpenCall, value: Any, field: str) -> int:
    low, high = SCALE_RANGES[call.scale]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DomainError(errors.SCORE_OUT_OF_RANGE,
                          _("Give a score from %(low)s to %(high)s.") % {"low": low, "high": high}, field=field)
    return value


def score(*, user: Any, call: OpenCall, entry_id: int, value: int | None = None,
          work_values: Mapping[int, int] | None = None, note: str = "", feedback: str = "") -> list[Score]:
    """Record (or change) ``user``'s score of an entry in the current round.

    A call scored by entry takes ``value``; a call scored by work takes ``work_values`` (artwork id →
    value; the works must be the entry's, some may be left for later). Values are on the call's scale
    (yes / maybe / no is stored as 2 / 1 / 0). Every value is checked before anything is written."""
    with transaction.atomic():
        seat = _accepted_seat(user, call, lock=True)
        call = OpenCall.objects.get(pk=call.pk)  # the round and status as they are now, under the seat's lock
        require_judging(call)
        entry = _entry_of(call, entry_id)
        if entry.round_reached != call.current_round:
            raise Conflict(errors.NOT_IN_ROUND, _("This entry is not in the round being judged."))
        if ConflictOfInterest.objects.filter(juror=seat, entry=entry).exists():
            raise PermissionDenied(errors.CONFLICT_OF_INTEREST,
                                   _("You declared a conflict of interest with this entry; you cannot score it."))
        note, feedback = (note or "").strip()[:2000], (feedback or "").strip()[:2000]
        keys: list[tuple[int | None, int]]
        if call.scored_by == ScoringUnit.WORK:
            if not work_values:
                raise DomainError(errors.NO_SCORE, _("Score at least one work."), field="value")
            entered = set(EntryWork.objects.filter(entry=entry).values_list("artwork_id", flat=True))
            problems: list[DomainError] = []
            keys = []
            for artwork_id, raw in work_values.items():
                field = f"work_{artwork_id}"
                if artwork_id not in entered:
                    problems.append(DomainError(errors.WORK_NOT_IN_ENTRY, _("This work is not in the entry."),
                                                field=field))
                    continue
                try:
                    keys.append((artwork_id, _check_value(call, raw, field)))
                except DomainError as problem:
                    problems.append(problem)
            if problems:
                raise ValidationFailed(problems)
        else:
            if value is None:
                raise DomainError(errors.NO_SCORE, _("Choose a score."), field="value")
            keys = [(None, _check_value(call, value, "value"))]
        saved = []
        for work_id, number in keys:
            row, _created = Score.objects.update_or_create(
                round=call.current_round, juror=seat, entry=entry, artwork_id=work_id,
                defaults={"call": call, "value": number, "note": note, "feedback": feedback})
            saved.append(row)
        if call.scored_by == ScoringUnit.WORK:
            # The note and the feedback are about the entry: the same on each of this juror's work scores.
            Score.objects.filter(call=call, round=call.current_round, entry=entry, juror=seat).exclude(
                pk__in=[row.pk for row in saved]).update(note=note, feedback=feedback)
    return saved


# Rounds and results ------------------------------------------------------------------------------

def advance_round(*, organiser: Any, call: OpenCall, entry_ids: Iterable[int] | None = None,
                  top: int | None = None) -> int:
    """Move the chosen entries of the current round (``entry_ids``, or the ``top`` N of its ranking) to
    the next round, and open it. Returns the new round's number."""
    from ..selectors.jury import ranked_entry_ids

    require_manager(organiser, call)
    with transaction.atomic():
        call = OpenCall.objects.select_for_update().get(pk=call.pk)
        require_judging(call)
        in_round = entries_in_round(call)
        if entry_ids is not None:
            chosen = set(entry_ids)
            found = set(in_round.filter(pk__in=chosen).values_list("pk", flat=True))
            if chosen - found:
                raise DomainError(errors.NOT_IN_ROUND, _("Only entries of the current round can go on."),
                                  field="entries")
        elif top is not None and top > 0:
            found = set(ranked_entry_ids(call, round_number=call.current_round, limit=top))
        else:
            found = set()
        if not found:
            raise DomainError(errors.NOTHING_SELECTED, _("Choose the entries that go on to the next round."),
                              field="entries")
        Entry.objects.filter(pk__in=found).update(round_reached=F("round_reached") + 1, updated_at=timezone.now())
        call.current_round += 1
        call.save(update_fields=["current_round", "updated_at"])
    return call.current_round


def set_result(*, organiser: Any, call: OpenCall, entry_id: int, result: str | None = None,
               feedback: str | None = None) -> Entry:
    """Select (or not) an entry and/or write the organiser's feedback; the entrant sees neither before the
    results are published."""
    require_manager(organiser, call)
    if result is not None and result not in EntryResult.values:
        raise DomainError(errors.BAD_RESULT, _("Choose selected, not selected or pending."), field="result")
    with transaction.atomic():
        call = OpenCall.objects.select_for_update().get(pk=call.pk)
        _refuse_after_results(call)
        if call.status != CallStatus.PUBLISHED or timezone.now() < call.deadline:
            raise Conflict(errors.JUDGING_NOT_STARTED, _("Entries are selected once the deadline has passed."))
        entry = Entry.objects.select_for_update().filter(call=call, pk=entry_id,
                                                         status=EntryStatus.SUBMITTED).first()
        if entry is None:
            raise NotFound(errors.NOT_FOUND, _("There is no such entry in this call."))
        fields = ["updated_at"]
        if result is not None:
            entry.result = result
            fields.append("result")
        if feedback is not None:
            entry.feedback = feedback.strip()[:5000]
            fields.append("feedback")
        entry.save(update_fields=fields)
    return entry


def set_results(*, organiser: Any, call: OpenCall, entry_ids: Iterable[int], result: str) -> int:
    """Give several entries the same result at once (all or none). Returns how many."""
    chosen = list(dict.fromkeys(entry_ids))
    with transaction.atomic():
        for entry_id in chosen:
            set_result(organiser=organiser, call=call, entry_id=entry_id, result=result)
    return len(chosen)


def write_feedback(*, organiser: Any, call: OpenCall, feedback: Mapping[int, str]) -> int:
    """Save the organiser's feedback of several entries at once (all or none). Returns how many."""
    with transaction.atomic():
        for entry_id, text in feedback.items():
            set_result(organiser=organiser, call=call, entry_id=entry_id, feedback=text)
    return len(feedback)


def publish_results(*, organiser: Any, call: OpenCall) -> int:
    """Publish the results: every submitted entry not selected becomes not selected, every entrant hears of
    it (and may then read the organiser's feedback and the jurors', without their names), and — when the
    prize is a mentorship — each selected entrant gets an accepted place in it. Returns how many were
    selected."""
    require_manager(organiser, call)
    with transaction.atomic():
        call = OpenCall.objects.select_for_update().get(pk=call.pk)
        require_judging(call)
        submitted = Entry.objects.filter(call=call, status=EntryStatus.SUBMITTED)
        selected = list(submitted.filter(result=EntryResult.SELECTED).select_related("artist"))
        if call.prize_kind == PrizeKind.MENTORSHIP and call.mentorship_id is not None:
            _give_mentorship_places(call, [entry.artist_id for entry in selected])
        submitted.exclude(result=EntryResult.SELECTED).update(result=EntryResult.NOT_SELECTED)
        now = timezone.now()
        call.status, call.results_published_at = CallStatus.RESULTS, now
        call.save(update_fields=["status", "results_published_at", "updated_at"])
        entrants = submitted.values_list("artist__user_id", flat=True)
        _notify(action="call.results", actor=organiser, recipients=list(entrants), subject=call,
                url=reverse("programmes:entry", kwargs={"slug": call.slug}))
    return len(selected)


def _give_mentorship_places(call: OpenCall, artist_ids: list[int]) -> None:
    from ..models import Mentorship

    mentorship = Mentorship.objects.select_for_update().get(pk=int(call.mentorship_id or 0))
    existing = {application.applicant_id: application
                for application in MentorshipApplication.objects.select_for_update().filter(mentorship=mentorship)}
    taken = sum(1 for application in existing.values() if application.status == ApplicationStatus.ACCEPTED)
    newcomers = [pk for pk in artist_ids
                 if pk not in existing or existing[pk].status != ApplicationStatus.ACCEPTED]
    free = mentorship.places - taken
    if len(newcomers) > free:
        raise Conflict(errors.MENTORSHIP_FULL, _(
            "The mentorship has %(free)s free places but %(selected)s selected entrants need one; select fewer "
            "or ask the mentor for more places.") % {"free": max(free, 0), "selected": len(newcomers)})
    now = timezone.now()
    statement = _("A place won in the open call “%(call)s”.") % {"call": call.title}
    for artist_id in newcomers:
        application = existing.get(artist_id)
        if application is None:
            MentorshipApplication.objects.create(mentorship=mentorship, applicant_id=artist_id, statement=statement,
                                                 status=ApplicationStatus.ACCEPTED, decided_at=now, source_call=call)
        else:
            application.status, application.decided_at, application.source_call = (
                ApplicationStatus.ACCEPTED, now, call)
            application.save(update_fields=["status", "decided_at", "source_call", "updated_at"])


def _free_slug(base: str) -> str:
    base = (slugify(base, allow_unicode=True) or "exhibition")[:100]
    taken = set(Exhibition.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def exhibition_from_selection(*, organiser: Any, call: OpenCall) -> Exhibition:
    """A draft exhibition of the selected entries' works, the best-ranked entry first (each entry ranked
    in the last round it reached), for the organiser to finish on the exhibition pages."""
    from ..selectors.jury import selection_in_rank_order

    require_manager(organiser, call)
    with transaction.atomic():
        call = OpenCall.objects.select_for_update().get(pk=call.pk)
        made = Exhibition.objects.filter(source_call=call).first()
        if made is not None:
            # One exhibition per call: the organiser changes its works on the exhibition's pages.
            raise Conflict(errors.EXHIBITION_ALREADY_MADE,
                           _("An exhibition was already made from this call: “%(title)s”. Change its works on its "
                             "page.") % {"title": made.title}, field="exhibition")
        entry_ids = selection_in_rank_order(call)
        if not entry_ids:
            raise DomainError(errors.NOTHING_SELECTED, _("Select entries first: the exhibition shows their works."))
        exhibition = Exhibition.objects.create(
            slug=_free_slug(f"{call.slug}-exhibition"), title=call.title, organiser_id=call.organiser_id,
            gallery_id=call.gallery_id, source_call=call)
        order = {entry_id: index for index, entry_id in enumerate(entry_ids)}
        works = sorted(EntryWork.objects.filter(entry_id__in=entry_ids).values_list("entry_id", "position", "id",
                                                                                    "artwork_id"),
                       key=lambda row: (order[row[0]], row[1], row[2]))
        seen: set[int] = set()
        rows: list[ExhibitionWork] = []
        for _entry_id, _position, _pk, artwork_id in works:
            if artwork_id not in seen:
                seen.add(artwork_id)
                rows.append(ExhibitionWork(exhibition=exhibition, artwork_id=artwork_id, position=len(rows)))
        ExhibitionWork.objects.bulk_create(rows)
    return exhibition
