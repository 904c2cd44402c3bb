"""The open calls API: the public list and a call (drafts only for their organiser), whether I may enter,
my entry (start, edit, submit, withdraw, ask for a waiver), and the organiser's studio (create, change,
publish, entries, fee decisions). Errors carry the codes of ``programmes/errors.py``."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from dala.accounts.api import TokenAuth, current_user
from dala.accounts.services import user_for_token
from dala.core.errors import DomainError, NotFound

from .. import errors
from ..models import Entry, EntryStatus, OpenCall
from ..permissions import require_artist
from ..selectors import calls as selectors
from ..services import calls as services

router = Router(tags=["open calls"])

def _viewer(request: HttpRequest) -> Any:
    """The bearer token's user on a public operation (None without one): a draft call is theirs to see."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(header[7:].strip())
    return None


class CallOut(Schema):
    slug: str
    title: str = Field(..., description="In the request's language.")
    titles: dict[str, str]
    brief: str
    briefs: dict[str, str]
    status: str = Field(..., description="draft | published | results")
    organiser: str
    gallery: str | None
    deadline: datetime.datetime = Field(..., description="The deadline in the call's own zone.")
    deadline_timezone: str
    deadline_almaty: datetime.datetime
    is_open: bool
    eligible_countries: list[str]
    eligible_stages: list[str]
    min_age: int | None
    max_age: int | None
    eligible_media: list[str] = Field(..., description="Medium slugs; empty: any.")
    max_works: int
    fee_amount: int = Field(..., description="Minor units; 0: free.")
    fee_currency: str
    fee_waivers: bool
    prize_kind: str
    prize: str
    mentorship: str | None = Field(..., description="The slug of the mentorship offered.")
    scale: str
    scored_by: str
    blind: bool
    web_url: str

    @classmethod
    def build(cls, call: OpenCall, request: HttpRequest) -> CallOut:
        return cls(slug=call.slug, title=str(call.title), titles=call.title.as_dict(), brief=str(call.brief),
                   briefs=call.brief.as_dict(), status=call.status, organiser=str(call.organiser),
                   gallery=str(call.gallery.name) if call.gallery else None,
                   deadline=selectors.deadline_local(call), deadline_timezone=call.deadline_timezone,
                   deadline_almaty=timezone.localtime(call.deadline, selectors.ALMATY),
                   is_open=call.is_open, eligible_countries=list(call.eligible_countries),
                   eligible_stages=list(call.eligible_stages), min_age=call.min_age, max_age=call.max_age,
                   eligible_media=[medium.slug for medium in call.eligible_media.all()], max_works=call.max_works,
                   fee_amount=call.fee_amount, fee_currency=call.fee_currency, fee_waivers=call.fee_waivers,
                   prize_kind=call.prize_kind, prize=str(call.prize),
                   mentorship=call.mentorship.slug if call.mentorship else None, scale=call.scale,
                   scored_by=call.scored_by, blind=call.blind,
                   web_url=request.build_absolute_uri(call.get_absolute_url()))


class CallSectionsOut(Schema):
    open: list[CallOut] = Field(..., description="Published, deadline ahead; soonest first.")
    closed: list[CallOut] = Field(..., description="Deadline passed, results not yet out; latest first.")
    results: list[CallOut] = Field(..., description="Results published; newest first.")


class CallListQuery(Schema):
    country: str = Field("", description="Only calls open to artists of this country (ISO code).")
    prize_kind: str = Field("", description="exhibition | mentorship | residency | money | other")


class ReasonOut(Schema):
    code: str
    message: str
    field: str


class EligibilityOut(Schema):
    eligible: bool
    reasons: list[ReasonOut]


class EntryWorkOut(Schema):
    artwork_id: int
    title: str
    position: int


class EntryOut(Schema):
    id: int
    call: str
    status: str = Field(..., description="draft | submitted | withdrawn")
    statement: str
    works: list[EntryWorkOut]
    fee_status: str
    waiver_reason: str
    submitted_at: datetime.datetime | None
    result: str | None = Field(..., description="Only once the call's results are published; else null.")
    feedback: list[str] = Field(..., description="The organiser's and the jurors' feedback (no names), once "
                                                 "results are published.")

    @classmethod
    def build(cls, entry: Entry) -> EntryOut:
        public = entry.call.results_are_public and entry.status == EntryStatus.SUBMITTED
        feedback = ([entry.feedback] if entry.feedback else []) + selectors.jury_feedback(entry) if public else []
        return cls(id=entry.pk, call=entry.call.slug, status=entry.status, statement=entry.statement,
                   works=[EntryWorkOut(artwork_id=work.artwork_id, title=str(work.artwork.title),
                                       position=work.position) for work in entry.works.all()],
                   fee_status=entry.fee_status, waiver_reason=entry.waiver_reason, submitted_at=entry.submitted_at,
                   result=entry.result if public else None, feedback=feedback)


class EntryIn(Schema):
    statement: str = Field("", max_length=5000)
    artwork_ids: list[int] = Field(..., description="Works of my inventory, in order; at most the call's max_works.")


class WaiverIn(Schema):
    reason: str = Field(..., max_length=2000)


class CallIn(Schema):
    title: dict[str, str] = Field(..., description="{kk, ru, en}: at least one.")
    brief: dict[str, str] = Field(..., description="{kk, ru, en}: at least one.")
    deadline: datetime.datetime = Field(..., description="A local date-time (no offset) in deadline_timezone, "
                                                         "or one with an offset.")
    deadline_timezone: str = Field("Asia/Almaty", description="An IANA zone name.")
    eligible_countries: list[str] = []
    eligible_stages: list[str] = []
    min_age: int | None = None
    max_age: int | None = None
    eligible_media: list[int] = Field([], description="Medium ids.")
    max_works: int = 3
    fee_amount: int = Field(0, description="Minor units.")
    fee_currency: str = "KZT"
    fee_waivers: bool = True
    prize_kind: str = "exhibition"
    prize: dict[str, str] = {}
    mentorship: int | None = Field(None, description="The id of a mentorship I offer.")
    scale: str = "1_10"
    scored_by: str = "entry"
    blind: bool = True


class CallPatch(Schema):
    title: dict[str, str] | None = None
    brief: dict[str, str] | None = None
    deadline: datetime.datetime | None = None
    deadline_timezone: str | None = None
    eligible_countries: list[str] | None = None
    eligible_stages: list[str] | None = None
    min_age: int | None = None
    max_age: int | None = None
    eligible_media: list[int] | None = None
    max_works: int | None = None
    fee_amount: int | None = None
    fee_currency: str | None = None
    fee_waivers: bool | None = None
    prize_kind: str | None = None
    prize: dict[str, str] | None = None
    mentorship: int | None = None
    scale: str | None = None
    scored_by: str | None = None
    blind: bool | None = None


class OrganiserEntryOut(Schema):
    id: int
    artist: str
    artist_slug: str
    works_count: int
    status: str
    fee_status: str
    fee_reference: str
    waiver_reason: str


class OrganiserEntriesOut(Schema):
    counts: dict[str, int] = Field(..., description="draft, submitted, withdrawn, waivers (to decide).")
    items: list[OrganiserEntryOut]


class FeeDecisionIn(Schema):
    decision: Literal["paid", "waive", "refuse-waiver"]
    reference: str = Field("", max_length=200, description="The payment's reference (for paid).")


def _call(slug: str, user: Any) -> OpenCall:
    return selectors.visible_call(slug, user)


def _my_entry(call: OpenCall, user: Any) -> Entry:
    entry = selectors.entry_of(call, require_artist(user))
    if entry is None:
        raise NotFound(errors.ENTRY_NOT_FOUND, _("You have not entered this call yet."))
    return entry


# --- public ---------------------------------------------------------------------------------------

@router.get("/calls", response=CallSectionsOut, summary="List open calls")
def list_calls(request: HttpRequest, query: Query[CallListQuery]) -> CallSectionsOut:
    """Open calls (soonest deadline first), then closed ones and those with results."""
    sections = selectors.call_sections(country=query.country, prize_kind=query.prize_kind)
    return CallSectionsOut(open=[CallOut.build(c, request) for c in sections.open],
                           closed=[CallOut.build(c, request) for c in sections.closed],
                           results=[CallOut.build(c, request) for c in sections.results])


@router.get("/calls/{slug}", response=CallOut, summary="Get an open call")
def get_call(request: HttpRequest, slug: str) -> CallOut:
    """A draft is 404 ``call_not_found`` except for its organiser and staff (send the bearer token)."""
    return CallOut.build(_call(slug, _viewer(request)), request)


@router.get("/calls/{slug}/eligibility", response=EligibilityOut,
            auth=TokenAuth(), summary="May I enter this call?")
def eligibility(request: HttpRequest, slug: str) -> EligibilityOut:
    """Every reason I may not enter (country, career stage, age at the deadline, birth year missing,
    no work in the call's media); empty when I may. 403 ``not_an_artist`` without an artist profile."""
    user = current_user(request)
    call = _call(slug, user)
    reasons = selectors.eligibility_of(call, require_artist(user))
    return EligibilityOut(eligible=not reasons,
                          reasons=[ReasonOut(code=r.code, message=r.message, field=r.field) for r in reasons])


# --- my entry -------------------------------------------------------------------------------------

@router.get("/calls/{slug}/entry", response=EntryOut, auth=TokenAuth(), summary="Get my entry")
def get_entry(request: HttpRequest, slug: str) -> EntryOut:
    """404 ``entry_not_found`` before I enter. Result and feedback stay null/empty until results are out."""
    user = current_user(request)
    return EntryOut.build(_my_entry(_call(slug, user), user))


@router.put("/calls/{slug}/entry", response=EntryOut, auth=TokenAuth(),
            summary="Enter a call, or change my entry")
def put_entry(request: HttpRequest, slug: str, payload: EntryIn) -> EntryOut:
    """Starts the entry if needed (refused 403/422 ``not_eligible``, ``birth_year_needed``,
    ``medium_not_eligible``), then sets its statement and works: 422 ``too_many_works``, ``not_your_work``,
    ``duplicate_work``, ``medium_not_eligible``; after the deadline 409 ``deadline_passed``. All or nothing."""
    user = current_user(request)
    call = _call(slug, user)
    with transaction.atomic():  # a refused save does not leave a new empty entry behind
        services.start_entry(user=user, call_id=call.pk)
        services.save_entry(user=user, call_id=call.pk, statement=payload.statement,
                            artwork_ids=payload.artwork_ids)
    return EntryOut.build(_my_entry(call, user))


@router.post("/calls/{slug}/entry/submit", response=EntryOut, auth=TokenAuth(),
             summary="Submit my entry")
def submit_entry(request: HttpRequest, slug: str) -> EntryOut:
    """400 ``no_works``; 403 ``fee_unpaid`` unless the fee is paid, waived or a waiver is requested (then
    the entry is in provisionally); 409 ``deadline_passed``."""
    user = current_user(request)
    call = _call(slug, user)
    services.submit_entry(user=user, call_id=call.pk)
    return EntryOut.build(_my_entry(call, user))


@router.post("/calls/{slug}/entry/withdraw", response=EntryOut, auth=TokenAuth(),
             summary="Withdraw my entry")
def withdraw_entry(request: HttpRequest, slug: str) -> EntryOut:
    """Before the deadline. PUT again to reopen it as a draft."""
    user = current_user(request)
    call = _call(slug, user)
    services.withdraw_entry(user=user, call_id=call.pk)
    return EntryOut.build(_my_entry(call, user))


@router.post("/calls/{slug}/entry/waiver", response=EntryOut, auth=TokenAuth(),
             summary="Ask for a fee waiver")
def request_waiver(request: HttpRequest, slug: str, payload: WaiverIn) -> EntryOut:
    """409 ``no_fee`` / ``no_waivers`` when the call has no fee or takes no waiver requests."""
    user = current_user(request)
    call = _call(slug, user)
    services.request_waiver(user=user, call_id=call.pk, reason=payload.reason)
    return EntryOut.build(_my_entry(call, user))


# --- the organiser's studio ---------------------------------------------------------------------------

@router.post("/studio/calls", response={201: CallOut}, auth=TokenAuth(), summary="Create an open call")
def create_call(request: HttpRequest, payload: CallIn) -> tuple[int, CallOut]:
    """A draft; 403 ``cannot_organise`` for users who are not galleries, curators, artists or staff;
    422 with every bad field (``unknown_timezone``, ``deadline_in_past``, ``call_invalid``…)."""
    call = services.create_call(user=current_user(request), **payload.dict())
    return 201, CallOut.build(selectors.managed_call(call.slug, current_user(request)), request)


@router.patch("/studio/calls/{slug}", response=CallOut, auth=TokenAuth(),
              summary="Change an open call")
def update_call(request: HttpRequest, slug: str, payload: CallPatch) -> CallOut:
    """Only the fields sent change (``mentorship: null`` is ignored; send 0 to unlink). 422
    ``jury_settings_fixed`` when changing scale, scored_by, blind or max_works once entries exist."""
    user = current_user(request)
    call = selectors.managed_call(slug, user)
    changes = payload.dict(exclude_unset=True)
    if changes.get("mentorship") is None:
        changes.pop("mentorship", None)
    for name in ("title", "brief", "deadline", "deadline_timezone", "max_works", "fee_amount", "fee_currency",
                 "prize_kind", "scale", "scored_by", "blind", "fee_waivers"):
        if name in changes and changes[name] is None:
            raise DomainError(errors.CALL_INVALID, _("This field cannot be empty."), field=name)
    services.update_call(user=user, call_id=call.pk, **changes)
    return CallOut.build(selectors.managed_call(slug, user), request)


@router.post("/studio/calls/{slug}/publish", response=CallOut, auth=TokenAuth(),
             summary="Publish an open call")
def publish_call(request: HttpRequest, slug: str) -> CallOut:
    user = current_user(request)
    services.publish_call(user=user, call_id=selectors.managed_call(slug, user).pk)
    return CallOut.build(selectors.managed_call(slug, user), request)


@router.get("/studio/calls/{slug}/entries", response=OrganiserEntriesOut, auth=TokenAuth(),
            summary="List a call's entries")
def list_entries(request: HttpRequest, slug: str) -> OrganiserEntriesOut:
    call = selectors.managed_call(slug, current_user(request))
    return OrganiserEntriesOut(counts=selectors.entry_counts(call), items=[
        OrganiserEntryOut(id=e.pk, artist=str(e.artist.name), artist_slug=e.artist.slug,
                          works_count=e.works_count, status=e.status,  # type: ignore[attr-defined]
                          fee_status=e.fee_status, fee_reference=e.fee_reference, waiver_reason=e.waiver_reason)
        for e in selectors.call_entries(call)])


@router.post("/studio/calls/{slug}/entries/{entry_id}/fee", response=OrganiserEntryOut,
             auth=TokenAuth(), summary="Record a fee payment, grant or refuse a waiver")
def fee_decision(request: HttpRequest, slug: str, entry_id: int, payload: FeeDecisionIn) -> OrganiserEntryOut:
    """``paid`` (with the payment's reference), ``waive`` or ``refuse-waiver`` (the entry goes back to
    draft until paid). 409 ``waiver_not_requested`` / ``no_fee``."""
    user = current_user(request)
    call = selectors.managed_call(slug, user)
    if not call.entries.filter(pk=entry_id).exists():
        raise NotFound(errors.ENTRY_NOT_FOUND, _("There is no such entry."))
    if payload.decision == "paid":
        services.record_fee_paid(user=user, entry_id=entry_id, reference=payload.reference)
    elif payload.decision == "waive":
        services.grant_waiver(user=user, entry_id=entry_id)
    else:
        services.refuse_waiver(user=user, entry_id=entry_id)
    entry = next(e for e in selectors.call_entries(call) if e.pk == entry_id)
    return OrganiserEntryOut(id=entry.pk, artist=str(entry.artist.name), artist_slug=entry.artist.slug,
                             works_count=entry.works_count, status=entry.status,  # type: ignore[attr-defined]
                             fee_status=entry.fee_status, fee_reference=entry.fee_reference,
                             waiver_reason=entry.waiver_reason)
