"""Writing open calls and entries.

Decisions (the issue leaves them open):

- Works entered: any work of the entrant's inventory that is not deleted, drafts included (a call may
  ask for work not shown yet).
- Age: only the birth year is known, so the age is the one reached in the deadline's year.
- Fee: an entry to a call with a fee is submitted only when paid, waived, or with a waiver *requested*:
  such an entry is in provisionally. If the organiser refuses the waiver, the entry goes back to draft
  (fee ``waiver_refused``); the artist must pay (the organiser records it) and submit again before the
  deadline. There is no payment provider: the organiser records a payment with its reference.
- Withdrawing keeps the row (status ``withdrawn``); entering again before the deadline reopens it as a
  draft with its works.
- A call's jury settings (scale, what is scored, blind) and ``max_works`` are fixed once it has entries.

Every refusal is a DomainError with a code from ``programmes/errors.py``; each service is one
transaction; an entry is locked (``select_for_update``) while it changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile, CareerStage
from dala.accounts.places import COUNTRY_CODES
from dala.catalog.models import Artwork, Medium
from dala.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from dala.core.money import CURRENCIES
from dala.core.slugs import unique_slug
from dala.core.translation import Translated, to_translated

from .. import errors
from ..models import (
    CallStatus,
    Entry,
    EntryStatus,
    EntryWork,
    FeeStatus,
    Mentorship,
    OpenCall,
    PrizeKind,
    ScoringScale,
    ScoringUnit,
)
from ..permissions import require_artist, require_manager, require_organiser_role
from ..selectors.calls import deadline_text, eligibility_of

MAX_WORKS_LIMIT = 20
MAX_AGE_LIMIT = 120
# Settings jurors work by; fixed once the call has entries.
FIXED_ONCE_ENTERED = ("scale", "scored_by", "blind", "max_works")
# Every field create_call / update_call take, besides the user.
CALL_FIELDS = ("title", "brief", "deadline", "deadline_timezone", "eligible_countries", "eligible_stages",
               "min_age", "max_age", "eligible_media", "max_works", "fee_amount", "fee_currency", "fee_waivers",
               "prize_kind", "prize", "mentorship", "scale", "scored_by", "blind")


# --- calls ---------------------------------------------------------------------------------------

def known_timezone(name: str) -> ZoneInfo:
    name = (name or "").strip()
    if not name or name not in _zones():
        raise DomainError(errors.UNKNOWN_TIMEZONE, _("“%(zone)s” is not a time zone we know; use a name such as "
                                                     "Asia/Almaty.") % {"zone": name}, field="deadline_timezone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(errors.UNKNOWN_TIMEZONE, _("“%(zone)s” is not a time zone we know; use a name such "
                                                     "as Asia/Almaty.") % {"zone": name},
                          field="deadline_timezone") from None


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def _aware_deadline(value: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    """A naive deadline is a wall-clock time in ``zone``; an aware one is kept as the moment it names."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, zone)
    return value


def _clean_call(data: dict[str, Any], *, user: Any, call: OpenCall | None,
                now: datetime.datetime) -> tuple[dict[str, Any], list[Medium] | None]:
    """Check the given fields (all on create, the changed ones on update); every problem at once."""
    problems: list[DomainError] = []
    clean: dict[str, Any] = {}
    media: list[Medium] | None = None

    def refuse(code: str, message: str, field: str) -> None:
        problems.append(DomainError(code, message, field=field))

    if "title" in data:
        title = to_translated(data["title"])
        if not title:
            refuse(errors.CALL_INVALID, _("Give the call a title in at least one language."), "title")
        clean["title"] = title
    if "brief" in data:
        brief = to_translated(data["brief"])
        if not brief:
            refuse(errors.CALL_INVALID, _("Write the brief in at least one language."), "brief")
        clean["brief"] = brief
    if "prize" in data:
        clean["prize"] = to_translated(data["prize"] or {})
    zone_name = data.get("deadline_timezone", call.deadline_timezone if call else "Asia/Almaty")
    zone: ZoneInfo | None = None
    try:
        zone = known_timezone(zone_name)
        clean["deadline_timezone"] = str(zone_name).strip()
    except DomainError as error:
        if "deadline_timezone" in data:
            problems.append(error)
    if "deadline" in data and zone is not None:
        value = data["deadline"]
        if not isinstance(value, datetime.datetime):
            refuse(errors.CALL_INVALID, _("Enter the deadline as a date and time."), "deadline")
        else:
            deadline = _aware_deadline(value, zone)
            if deadline <= now:
                refuse(errors.DEADLINE_IN_PAST, _("The deadline must be in the future."), "deadline")
            clean["deadline"] = deadline
    if "eligible_countries" in data:
        countries = sorted({str(code).strip().upper() for code in data["eligible_countries"] or []})
        unknown = [code for code in countries if code not in COUNTRY_CODES]
        if unknown:
            refuse(errors.CALL_INVALID, _("Unknown countries: %(codes)s.") % {"codes": ", ".join(unknown)},
                   "eligible_countries")
        clean["eligible_countries"] = countries
    if "eligible_stages" in data:
        stages = sorted({str(stage).strip() for stage in data["eligible_stages"] or []})
        unknown = [stage for stage in stages if stage not in CareerStage.values]
        if unknown:
            refuse(errors.CALL_INVALID, _("Unknown career stages: %(stages)s.") % {"stages": ", ".join(unknown)},
                   "eligible_stages")
        clean["eligible_stages"] = stages
    for name in ("min_age", "max_age"):
        if name in data:
            age = data[name]
            if age is not None and (not isinstance(age, int) or isinstance(age, bool) or not 0 < age <= MAX_AGE_LIMIT):
                refuse(errors.CALL_INVALID, _("Enter an age between 1 and %(limit)d.") % {"limit": MAX_AGE_LIMIT},
                       name)
            else:
                clean[name] = age
    low = clean.get("min_age", call.min_age if call and "min_age" not in data else None)
    high = clean.get("max_age", call.max_age if call and "max_age" not in data else None)
    if low is not None and high is not None and high < low:
        refuse(errors.CALL_INVALID, _("The maximum age is below the minimum."), "max_age")
    if "eligible_media" in data:
        ids = {int(pk) for pk in data["eligible_media"] or []}
        media = list(Medium.objects.filter(pk__in=ids))
        if len(media) != len(ids):
            refuse(errors.CALL_INVALID, _("Choose media from the list."), "eligible_media")
    if "max_works" in data:
        count = data["max_works"]
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_WORKS_LIMIT:
            refuse(errors.CALL_INVALID, _("An entry may hold from 1 to %(limit)d works.") % {"limit": MAX_WORKS_LIMIT},
                   "max_works")
        else:
            clean["max_works"] = count
    if "fee_amount" in data:
        amount = data["fee_amount"]
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            refuse(errors.CALL_INVALID, _("The fee cannot be negative."), "fee_amount")
        else:
            clean["fee_amount"] = amount
    if "fee_currency" in data:
        currency = str(data["fee_currency"] or "").strip().upper()
        if currency not in CURRENCIES:
            refuse(errors.CALL_INVALID, _("Unknown currency “%(code)s”.") % {"code": currency}, "fee_currency")
        clean["fee_currency"] = currency
    if "fee_waivers" in data:
        clean["fee_waivers"] = bool(data["fee_waivers"])
    for name, choices in (("prize_kind", PrizeKind.values), ("scale", ScoringScale.values),
                          ("scored_by", ScoringUnit.values)):
        if name in data:
            if data[name] not in choices:
                refuse(errors.CALL_INVALID, _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}, name)
            clean[name] = data[name]
    if "blind" in data:
        clean["blind"] = bool(data["blind"])
    if "mentorship" in data:
        mentorship_id = data["mentorship"]
        if mentorship_id in (None, "", 0):
            clean["mentorship"] = None
        else:
            mentorship = Mentorship.objects.select_related("mentor").filter(pk=mentorship_id).first()
            if mentorship is None or not (user.is_staff or mentorship.mentor.user_id == user.pk):
                refuse(errors.NOT_YOUR_MENTORSHIP, _("Link only a mentorship you offer."), "mentorship")
            else:
                clean["mentorship"] = mentorship
    prize_kind = clean.get("prize_kind", call.prize_kind if call else PrizeKind.EXHIBITION)
    if clean.get("mentorship") is not None and prize_kind != PrizeKind.MENTORSHIP:
        refuse(errors.CALL_INVALID, _("Link a mentorship only when the prize is a mentorship."), "mentorship")

    if call is not None and call.entries.exists():
        for name in FIXED_ONCE_ENTERED:
            if name in clean and clean[name] != getattr(call, name):
                refuse(errors.JURY_SETTINGS_FIXED, _("The call has entries: its scoring and the number of works "
                                                     "per entry can no longer change."), name)
    if problems:
        raise ValidationFailed(problems)
    return clean, media


def _apply(call: OpenCall, clean: dict[str, Any]) -> None:
    for name, value in clean.items():
        setattr(call, name, value)


@transaction.atomic
def create_call(*, user: Any, now: datetime.datetime | None = None, **data: Any) -> OpenCall:
    """A draft call by ``user`` (a gallery, curator, artist or staff). ``deadline`` is a naive local
    date-time in ``deadline_timezone`` (an IANA name) or an aware one. Unknown keys are refused."""
    require_organiser_role(user)
    now = now or timezone.now()
    unknown = set(data) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"unknown call fields: {sorted(unknown)}")
    for required in ("title", "brief", "deadline"):
        data.setdefault(required, None if required == "deadline" else {})
    clean, media = _clean_call(data, user=user, call=None, now=now)
    call = OpenCall(organiser=user, gallery=getattr(user, "gallery_profile", None))
    _apply(call, clean)
    call.slug = unique_slug(OpenCall.objects, Translated(clean["title"]).get_text("en") or str(clean["title"]),
                            fallback="call", max_length=120)
    call.save()
    if media is not None:
        call.eligible_media.set(media)
    return call


def _locked_call(call_id: int) -> OpenCall:
    return OpenCall.objects.select_for_update().get(pk=call_id)


@transaction.atomic
def update_call(*, user: Any, call_id: int, now: datetime.datetime | None = None, **changes: Any) -> OpenCall:
    """Change the given fields of a call its organiser (or staff) manages, until results are out."""
    now = now or timezone.now()
    call = _locked_call(call_id)
    require_manager(user, call)
    if call.status == CallStatus.RESULTS:
        raise Conflict(errors.RESULTS_PUBLISHED, _("The results are published; the call can no longer change."))
    unknown = set(changes) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"unknown call fields: {sorted(unknown)}")
    if "deadline" in changes and changes["deadline"] is not None and "deadline_timezone" not in changes:
        changes["deadline_timezone"] = call.deadline_timezone
    clean, media = _clean_call(changes, user=user, call=call, now=now)
    if "deadline" not in changes:
        clean.pop("deadline", None)
    _apply(call, clean)
    call.save()
    if media is not None:
        call.eligible_media.set(media)
    return call


@transaction.atomic
def publish_call(*, user: Any, call_id: int, now: datetime.datetime | None = None) -> OpenCall:
    """Draft → published (open for entries until the deadline)."""
    now = now or timezone.now()
    call = _locked_call(call_id)
    require_manager(user, call)
    if call.status != CallStatus.DRAFT:
        raise Conflict(errors.CALL_NOT_OPEN, _("The call is already published."))
    if call.deadline <= now:
        raise DomainError(errors.DEADLINE_IN_PAST, _("The deadline has passed; set a new one before publishing."),
                          field="deadline")
    if not call.brief:
        raise DomainError(errors.CALL_INVALID, _("Write the brief in at least one language."), field="brief")
    call.status = CallStatus.PUBLISHED
    call.published_at = now
    call.save(update_fields=["status", "published_at", "updated_at"])
    return call


# --- entries ---------------------------------------------------------------------------------------

def _require_open(call: OpenCall, now: datetime.datetime) -> None:
    if call.status != CallStatus.PUBLISHED:
        raise Conflict(errors.CALL_NOT_OPEN, _("This call is not taking entries."))
    if call.deadline <= now:
        raise Conflict(errors.DEADLINE_PASSED, _("The deadline (%(deadline)s) has passed.")
                       % {"deadline": deadline_text(call)})


def _published_call(call_id: int) -> OpenCall:
    call = OpenCall.objects.filter(pk=call_id).exclude(status=CallStatus.DRAFT).first()
    if call is None:
        raise NotFound(errors.CALL_NOT_FOUND, _("There is no such open call."))
    return call


def _locked_entry(call: OpenCall, artist: ArtistProfile) -> Entry:
    entry = Entry.objects.select_for_update().filter(call=call, artist=artist).first()
    if entry is None:
        raise NotFound(errors.ENTRY_NOT_FOUND, _("You have not entered this call yet."))
    return entry


def _refuse_eligibility(call: OpenCall, artist: ArtistProfile, media_ids: Iterable[int] | None = None) -> None:
    reasons = eligibility_of(call, artist, media_ids=media_ids)
    if reasons:
        raise ValidationFailed([PermissionDenied(reason.code, reason.message, field=reason.field)
                                for reason in reasons])


@transaction.atomic
def start_entry(*, user: Any, call_id: int, now: datetime.datetime | None = None) -> Entry:
    """Start (or reopen, after a withdrawal) ``user``'s entry to an open call they are eligible for.
    Starting again returns the entry as it is."""
    now = now or timezone.now()
    artist = require_artist(user)
    call = _published_call(call_id)
    _require_open(call, now)
    # Lock the artist's row: two "Enter" clicks at once make one entry.
    ArtistProfile.objects.select_for_update().filter(pk=artist.pk).first()
    entry = Entry.objects.select_for_update().filter(call=call, artist=artist).first()
    if entry is not None and entry.status != EntryStatus.WITHDRAWN:
        return entry
    _refuse_eligibility(call, artist)
    if entry is None:
        return Entry.objects.create(call=call, artist=artist,
                                    fee_status=FeeStatus.UNPAID if call.fee_amount else FeeStatus.NONE)
    entry.status = EntryStatus.DRAFT
    entry.withdrawn_at = None
    entry.submitted_at = None
    entry.save(update_fields=["status", "withdrawn_at", "submitted_at", "updated_at"])
    return entry


def _check_works(call: OpenCall, artist: ArtistProfile, artwork_ids: Sequence[int]) -> list[Artwork]:
    problems: list[DomainError] = []
    seen: set[int] = set()
    duplicates = {pk for pk in artwork_ids if pk in seen or seen.add(pk)}  # type: ignore[func-returns-value]
    if duplicates:
        problems.append(DomainError(errors.DUPLICATE_WORK, _("Each work may be entered once."), field="works"))
    if len(seen) > call.max_works:
        problems.append(DomainError(errors.TOO_MANY_WORKS, _("This call takes at most %(count)d works per entry; "
                                                             "you chose %(chosen)d.")
                                    % {"count": call.max_works, "chosen": len(seen)}, field="works"))
    works = {work.pk: work for work in Artwork.objects.alive().filter(pk__in=seen, artist=artist)
             .select_related("medium")}
    if set(works) != seen:
        problems.append(PermissionDenied(errors.NOT_YOUR_WORK, _("Enter only works from your own inventory."),
                                         field="works"))
    allowed = {medium.pk for medium in call.eligible_media.all()}
    if allowed:
        wrong = [work for work in works.values() if work.medium_id not in allowed]
        if wrong:
            names = ", ".join(str(medium.label) for medium in call.eligible_media.all())
            titles = ", ".join(f"“{work.title}”" for work in wrong)
            problems.append(DomainError(errors.MEDIUM_NOT_ELIGIBLE,
                                        _("This call takes works in %(media)s only, not %(works)s.")
                                        % {"media": names, "works": titles}, field="works"))
    if problems:
        raise ValidationFailed(problems)
    return [works[pk] for pk in dict.fromkeys(artwork_ids)]


@transaction.atomic
def save_entry(*, user: Any, call_id: int, statement: str, artwork_ids: Sequence[int],
               now: datetime.datetime | None = None) -> Entry:
    """Replace the entry's statement and works (in the order given) until the deadline. All or nothing:
    a refused save leaves the entry as it was."""
    now = now or timezone.now()
    artist = require_artist(user)
    call = _published_call(call_id)
    _require_open(call, now)
    entry = _locked_entry(call, artist)
    if entry.status == EntryStatus.WITHDRAWN:
        raise Conflict(errors.ENTRY_WITHDRAWN, _("You withdrew this entry; enter again to change it."))
    ids = [int(pk) for pk in artwork_ids]
    works = _check_works(call, artist, ids)
    if not works and entry.status == EntryStatus.SUBMITTED:
        raise DomainError(errors.NO_WORKS, _("A submitted entry needs at least one work; withdraw it instead."),
                          field="works")
    statement = (statement or "").strip()
    if len(statement) > 5000:
        raise DomainError(errors.CALL_INVALID, _("The statement is longer than 5000 characters."), field="statement")
    entry.statement = statement
    entry.save(update_fields=["statement", "updated_at"])
    EntryWork.objects.filter(entry=entry).delete()
    EntryWork.objects.bulk_create([EntryWork(entry=entry, artwork=work, position=index)
                                   for index, work in enumerate(works)])
    return entry


@transaction.atomic
def submit_entry(*, user: Any, call_id: int, now: datetime.datetime | None = None) -> Entry:
    """Submit a draft entry: at least one work, still eligible, the fee paid, waived or a waiver asked for
    (then it is in provisionally, until the organiser decides)."""
    now = now or timezone.now()
    artist = require_artist(user)
    call = _published_call(call_id)
    _require_open(call, now)
    entry = _locked_entry(call, artist)
    if entry.status == EntryStatus.WITHDRAWN:
        raise Conflict(errors.ENTRY_WITHDRAWN, _("You withdrew this entry; enter again first."))
    if entry.status == EntryStatus.SUBMITTED:
        return entry
    ids = list(EntryWork.objects.filter(entry=entry).values_list("artwork_id", flat=True))
    if not ids:
        raise DomainError(errors.NO_WORKS, _("Choose at least one work before submitting."), field="works")
    works = _check_works(call, artist, ids)
    _refuse_eligibility(call, artist, media_ids={work.medium_id for work in works})
    if call.fee_amount and entry.fee_status not in (FeeStatus.PAID, FeeStatus.WAIVED, FeeStatus.WAIVER_REQUESTED):
        fee = call.fee
        assert fee is not None
        message = (_("Pay the entry fee of %(fee)s first, or ask for a waiver.") if call.fee_waivers
                   and entry.fee_status != FeeStatus.WAIVER_REFUSED else _("Pay the entry fee of %(fee)s first."))
        raise PermissionDenied(errors.FEE_UNPAID, message % {"fee": fee.format()}, field="fee")
    entry.status = EntryStatus.SUBMITTED
    entry.submitted_at = now
    entry.save(update_fields=["status", "submitted_at", "updated_at"])
    return entry


@transaction.atomic
def withdraw_entry(*, user: Any, call_id: int, now: datetime.datetime | None = None) -> Entry:
    """Withdraw before the deadline. The row stays (withdrawn); entering again reopens it as a draft."""
    now = now or timezone.now()
    artist = require_artist(user)
    call = _published_call(call_id)
    _require_open(call, now)
    entry = _locked_entry(call, artist)
    if entry.status == EntryStatus.WITHDRAWN:
        return entry
    entry.status = EntryStatus.WITHDRAWN
    entry.withdrawn_at = now
    entry.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return entry


@transaction.atomic
def request_waiver(*, user: Any, call_id: int, reason: str, now: datetime.datetime | None = None) -> Entry:
    """Ask the organiser to waive the fee, with a reason; the entry may then be submitted provisionally."""
    now = now or timezone.now()
    artist = require_artist(user)
    call = _published_call(call_id)
    _require_open(call, now)
    entry = _locked_entry(call, artist)
    if not call.fee_amount:
        raise Conflict(errors.NO_FEE, _("This call has no entry fee."))
    if not call.fee_waivers:
        raise Conflict(errors.NO_WAIVERS, _("This call does not waive its fee."))
    if entry.status == EntryStatus.WITHDRAWN:
        raise Conflict(errors.ENTRY_WITHDRAWN, _("You withdrew this entry; enter again first."))
    if entry.fee_status not in (FeeStatus.UNPAID, FeeStatus.WAIVER_REQUESTED):
        raise Conflict(errors.NO_WAIVERS, _("The fee is %(status)s; a waiver cannot be asked for now.")
                       % {"status": entry.get_fee_status_display().lower()})
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(errors.CALL_INVALID, _("Say why you ask for a waiver."), field="waiver_reason")
    entry.fee_status = FeeStatus.WAIVER_REQUESTED
    entry.waiver_reason = reason[:2000]
    entry.save(update_fields=["fee_status", "waiver_reason", "updated_at"])
    return entry


# --- the organiser's fee decisions -------------------------------------------------------------------

def _entry_to_decide(user: Any, entry_id: int) -> Entry:
    entry = Entry.objects.select_for_update().select_related("call").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(errors.ENTRY_NOT_FOUND, _("There is no such entry."))
    require_manager(user, entry.call)
    if entry.call.status == CallStatus.RESULTS:
        raise Conflict(errors.RESULTS_PUBLISHED, _("The results are published; fees can no longer change."))
    if not entry.call.fee_amount:
        raise Conflict(errors.NO_FEE, _("This call has no entry fee."))
    return entry


@transaction.atomic
def record_fee_paid(*, user: Any, entry_id: int, reference: str = "") -> Entry:
    """The organiser records that the entrant paid (outside dala), with the payment's reference."""
    entry = _entry_to_decide(user, entry_id)
    if entry.fee_status == FeeStatus.PAID:
        raise Conflict(errors.CALL_INVALID, _("The fee is already recorded as paid."))
    entry.fee_status = FeeStatus.PAID
    entry.fee_reference = (reference or "").strip()[:200]
    entry.save(update_fields=["fee_status", "fee_reference", "updated_at"])
    return entry


@transaction.atomic
def grant_waiver(*, user: Any, entry_id: int) -> Entry:
    entry = _entry_to_decide(user, entry_id)
    if entry.fee_status != FeeStatus.WAIVER_REQUESTED:
        raise Conflict(errors.WAIVER_NOT_REQUESTED, _("No waiver was asked for."))
    entry.fee_status = FeeStatus.WAIVED
    entry.save(update_fields=["fee_status", "updated_at"])
    return entry


@transaction.atomic
def refuse_waiver(*, user: Any, entry_id: int) -> Entry:
    """Refuse a waiver: a provisionally submitted entry goes back to draft until the fee is paid."""
    entry = _entry_to_decide(user, entry_id)
    if entry.fee_status != FeeStatus.WAIVER_REQUESTED:
        raise Conflict(errors.WAIVER_NOT_REQUESTED, _("No waiver was asked for."))
    entry.fee_status = FeeStatus.WAIVER_REFUSED
    if entry.status == EntryStatus.SUBMITTED:
        entry.status = EntryStatus.DRAFT
        entry.submitted_at = None
    entry.save(update_fields=["fee_status", "status", "submitted_at", "updated_at"])
    return entry
