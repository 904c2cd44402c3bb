"""Reads of open calls and entries: the public list (open, closed, with results), a call's page, who may
enter (and why not), my entries, and an organiser's entries with counts by status."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile, CareerStage
from dala.accounts.places import COUNTRIES
from dala.catalog.models import Artwork, ArtworkImage
from dala.core.errors import NotFound

from .. import errors
from ..models import CallStatus, Entry, EntryResult, EntryStatus, EntryWork, FeeStatus, OpenCall, Score
from ..permissions import manages

ALMATY = ZoneInfo("Asia/Almaty")
SECTION_LIMIT = 24
COUNTRY_NAMES = dict(COUNTRIES)
STAGE_NAMES = dict(CareerStage.choices)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an artist may not enter (``code`` from errors.py, a sentence, the rule's field)."""

    code: str
    message: str
    field: str


def _primary_images() -> Prefetch[Any]:
    return Prefetch("images", queryset=ArtworkImage.objects.filter(is_primary=True), to_attr="primary_images")


def _call_rows() -> QuerySet[OpenCall]:
    return (OpenCall.objects.select_related("organiser", "gallery", "mentorship")
            .prefetch_related("eligible_media"))


# --- time ----------------------------------------------------------------------------------------

def deadline_local(call: OpenCall) -> datetime.datetime:
    """The deadline in the call's own zone (where it was set)."""
    return timezone.localtime(call.deadline, ZoneInfo(call.deadline_timezone))


def deadline_almaty(call: OpenCall) -> datetime.datetime | None:
    """The deadline in Almaty, or None when the call's zone shows the same wall-clock time."""
    local = deadline_local(call)
    almaty = timezone.localtime(call.deadline, ALMATY)
    if local.utcoffset() == almaty.utcoffset():
        return None
    return almaty


def days_left(call: OpenCall, now: datetime.datetime | None = None) -> int:
    """Whole days until the deadline (0 on its last day, negative after)."""
    now = now or timezone.now()
    seconds = (call.deadline - now).total_seconds()
    return int(seconds // 86400)


def deadline_text(call: OpenCall) -> str:
    """The deadline as people read it in the call's zone, e.g. ``2026-12-01 18:00 (Asia/Almaty)``."""
    return f"{deadline_local(call):%Y-%m-%d %H:%M} ({call.deadline_timezone})"


# --- the public list ----------------------------------------------------------------------------

def _eligible_for_country(rows: QuerySet[OpenCall], country: str) -> QuerySet[OpenCall]:
    # Codes are stored as a JSON list of quoted two-letter codes: a text match on '"KZ"' works on
    # SQLite and PostgreSQL alike (JSON ``contains`` does not exist on SQLite).
    code = country.strip().upper()[:2]
    return rows.filter(Q(eligible_countries=[]) | Q(eligible_countries__icontains=f'"{code}"'))


@dataclass
class CallSections:
    open: list[OpenCall] = field(default_factory=list)
    closed: list[OpenCall] = field(default_factory=list)
    results: list[OpenCall] = field(default_factory=list)


def call_sections(*, country: str = "", prize_kind: str = "", now: datetime.datetime | None = None) -> CallSections:
    """Published calls: open (soonest deadline first), closed awaiting results (latest first), and those
    with results (newest first). Three queries plus one for their media."""
    now = now or timezone.now()
    rows = _call_rows().exclude(status=CallStatus.DRAFT)
    if country:
        rows = _eligible_for_country(rows, country)
    if prize_kind:
        rows = rows.filter(prize_kind=prize_kind)
    return CallSections(
        open=list(rows.filter(status=CallStatus.PUBLISHED, deadline__gt=now).order_by("deadline", "id")),
        closed=list(rows.filter(status=CallStatus.PUBLISHED, deadline__lte=now)
                    .order_by("-deadline", "-id")[:SECTION_LIMIT]),
        results=list(rows.filter(status=CallStatus.RESULTS)
                     .order_by("-results_published_at", "-id")[:SECTION_LIMIT]),
    )


def open_calls(*, country: str = "", prize_kind: str = "", now: datetime.datetime | None = None) -> QuerySet[OpenCall]:
    now = now or timezone.now()
    rows = _call_rows().filter(status=CallStatus.PUBLISHED, deadline__gt=now)
    if country:
        rows = _eligible_for_country(rows, country)
    if prize_kind:
        rows = rows.filter(prize_kind=prize_kind)
    return rows.order_by("deadline", "id")


def visible_call(slug: str, user: Any) -> OpenCall:
    """The call with ``slug`` as ``user`` may see it: a draft only for its organiser and staff."""
    call = _call_rows().filter(slug=slug).first()
    if call is None or (call.status == CallStatus.DRAFT and not manages(user, call)):
        raise NotFound(errors.CALL_NOT_FOUND, _("There is no such open call."))
    return call


def managed_call(slug: str, user: Any) -> OpenCall:
    """The call with ``slug`` if ``user`` manages it; else NotFound (as if it did not exist)."""
    call = _call_rows().filter(slug=slug).first()
    if call is None or not manages(user, call):
        raise NotFound(errors.CALL_NOT_FOUND, _("There is no such open call."))
    return call


# --- eligibility ----------------------------------------------------------------------------------

def age_at_deadline(call: OpenCall, birth_year: int) -> int:
    """The age an artist reaches in the deadline's year: only the birth year is known, so the rule reads
    generously (someone born in 2000 counts as 26 all through 2026)."""
    return deadline_local(call).year - birth_year


def eligibility_of(call: OpenCall, artist: ArtistProfile, *,
                   media_ids: Iterable[int] | None = None) -> list[Reason]:
    """Every reason ``artist`` may not enter ``call`` (empty: eligible). ``media_ids`` are the media of
    the works to enter; by default, those of the artist's inventory (one query, only when the call
    limits media)."""
    reasons: list[Reason] = []
    if call.eligible_countries and artist.country not in call.eligible_countries:
        names = ", ".join(str(COUNTRY_NAMES.get(code, code)) for code in call.eligible_countries)
        reasons.append(Reason(errors.NOT_ELIGIBLE, _("This call is open to artists from %(countries)s; your "
                                                      "profile says otherwise.") % {"countries": names},
                              "country"))
    if call.eligible_stages and artist.career_stage not in call.eligible_stages:
        names = ", ".join(str(STAGE_NAMES.get(stage, stage)).lower() for stage in call.eligible_stages)
        reasons.append(Reason(errors.NOT_ELIGIBLE, _("This call is open to %(stages)s artists only.")
                              % {"stages": names}, "career_stage"))
    if call.min_age is not None or call.max_age is not None:
        if artist.birth_year is None:
            reasons.append(Reason(errors.BIRTH_YEAR_NEEDED, _("This call has an age rule: add your birth year "
                                                               "to your artist profile first."), "birth_year"))
        else:
            age = age_at_deadline(call, artist.birth_year)
            if call.min_age is not None and age < call.min_age:
                reasons.append(Reason(errors.NOT_ELIGIBLE, _("Entrants must be at least %(age)d at the deadline.")
                                      % {"age": call.min_age}, "age"))
            if call.max_age is not None and age > call.max_age:
                reasons.append(Reason(errors.NOT_ELIGIBLE, _("Entrants must be at most %(age)d at the deadline.")
                                      % {"age": call.max_age}, "age"))
    allowed = {medium.pk for medium in call.eligible_media.all()}
    if allowed:
        if media_ids is None:
            media_ids = (Artwork.objects.alive().filter(artist=artist, medium_id__in=allowed)
                         .values_list("medium_id", flat=True)[:1])
        if not allowed.intersection(media_ids):
            names = ", ".join(str(medium.label) for medium in call.eligible_media.all())
            reasons.append(Reason(errors.MEDIUM_NOT_ELIGIBLE, _("This call takes works in %(media)s; you have "
                                                                 "none in your inventory.") % {"media": names},
                                  "medium"))
    return reasons


# --- entries ---------------------------------------------------------------------------------------

def _entry_works() -> Prefetch[Any]:
    return Prefetch("works", queryset=EntryWork.objects.select_related("artwork", "artwork__medium")
                    .prefetch_related(Prefetch("artwork__images", queryset=ArtworkImage.objects.filter(is_primary=True),
                                               to_attr="primary_images")))


def entry_of(call: OpenCall, artist: ArtistProfile | None) -> Entry | None:
    """``artist``'s entry to ``call`` with its works, or None."""
    if artist is None:
        return None
    return (Entry.objects.filter(call=call, artist=artist).select_related("call")
            .prefetch_related(_entry_works()).first())


def inventory_for_entry(artist: ArtistProfile) -> list[Artwork]:
    """The works an artist may enter: every work of their inventory that is not deleted (drafts too: a
    call may ask for unseen work)."""
    return list(Artwork.objects.alive().filter(artist=artist).select_related("medium")
                .prefetch_related(_primary_images()).order_by("-created_at", "-id"))


def my_entries(artist: ArtistProfile) -> list[Entry]:
    return list(Entry.objects.filter(artist=artist).select_related("call")
                .annotate(works_count=Count("works")).order_by("-created_at", "-id"))


def organiser_calls(user: Any) -> list[OpenCall]:
    """The calls ``user`` organises, newest first, each with ``entries_count`` (submitted)."""
    return list(OpenCall.objects.filter(organiser=user)
                .annotate(entries_count=Count("entries", filter=Q(entries__status=EntryStatus.SUBMITTED)))
                .order_by("-created_at", "-id"))


def call_entries(call: OpenCall) -> list[Entry]:
    """Every entry of ``call`` with its artist and number of works (one query)."""
    return list(Entry.objects.filter(call=call).select_related("artist", "artist__user")
                .annotate(works_count=Count("works")).order_by("status", "id"))


def entry_counts(call: OpenCall) -> dict[str, int]:
    """Entries by status, plus fee waivers awaiting a decision (one query)."""
    row = Entry.objects.filter(call=call).aggregate(
        draft=Count("id", filter=Q(status=EntryStatus.DRAFT)),
        submitted=Count("id", filter=Q(status=EntryStatus.SUBMITTED)),
        withdrawn=Count("id", filter=Q(status=EntryStatus.WITHDRAWN)),
        waivers=Count("id", filter=Q(fee_status=FeeStatus.WAIVER_REQUESTED)),
    )
    return {name: int(value or 0) for name, value in row.items()}


def selected_entries(call: OpenCall) -> list[Entry]:
    """The selected entries with artists and works, once results are public; else nothing."""
    if not call.results_are_public:
        return []
    return list(Entry.objects.filter(call=call, status=EntryStatus.SUBMITTED, result=EntryResult.SELECTED)
                .select_related("artist").prefetch_related(_entry_works()).order_by("id"))


def jury_feedback(entry: Entry) -> list[str]:
    """The jurors' feedback for the entrant (texts only, never who wrote them), once results are public."""
    if not entry.call.results_are_public:
        return []
    # A juror scoring by work leaves the same feedback on each work's score: say it once.
    texts = Score.objects.filter(entry=entry).exclude(feedback="").order_by("round", "id").values_list(
        "feedback", flat=True)
    return list(dict.fromkeys(texts))
