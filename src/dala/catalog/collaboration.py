"""Collaborations: a work credited to several artists, each with a role and an agreed share of the
artist's proceeds (basis points summing to 10 000).

The work's own artist (the lead) sets the list; every other credited artist is invited and must accept
before the work can be public (``Artwork.credits_pending``). A declined invitation keeps the work off the
public lists until the lead changes the credits. The market reads the accepted shares when it makes an
order (``dala.market.services.orders``) and splits the artist's proceeds by them.

Services (writes) and the reads the pages and the API share live here together: the area is small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile
from dala.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed

from . import errors
from .locks import lock_artwork
from .models import Artwork, ArtworkCredit, Availability, CreditRole, CreditStatus
from .services import refresh_derived_fields
from .signals import collaboration_event

BASIS_POINTS = 10_000

# Error codes of this area (catalog/errors.py holds the catalogue's others).
SHARES_SUM = "credit_shares_sum"
INVALID_SHARE = "credit_invalid_share"
DUPLICATE_ARTIST = "credit_duplicate_artist"
UNKNOWN_ARTIST = "credit_unknown_artist"
INVALID_ROLE = "credit_invalid_role"
NOT_LEAD = "credit_not_lead"
NOT_INVITED = "credit_not_invited"
CREDIT_NOT_FOUND = "credit_not_found"
WORK_ON_MARKET = "credit_work_on_market"
CREDITS_PENDING = "credits_pending"

#: The roles a collaborator may have; ``lead`` belongs to the work's own artist alone.
COLLABORATOR_ROLES = [role for role in CreditRole.values if role != CreditRole.LEAD]


def percent(share_bp: int) -> str:
    """Basis points as a percentage for people: 5000 → “50”, 3333 → “33.33” (in the active locale)."""
    return formats.number_format(Decimal(share_bp) / 100, decimal_pos=2 if share_bp % 100 else 0)


def percent_to_bp(value: str | Decimal | int) -> int:
    """A percentage with at most two decimals (“33.33”, “33,33”, 50) as exact basis points; ValueError
    for anything else (more precision would be silently rounded away, so it is refused)."""
    text = str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "").rstrip("%")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    bp = number * 100
    if bp != bp.to_integral_value():
        raise ValueError(text)
    return int(bp)


@dataclass(frozen=True, slots=True)
class _Row:
    artist: ArtistProfile
    role: str
    role_note: str
    share_bp: int


def _resolve_artist(value: Any) -> ArtistProfile | None:
    if isinstance(value, ArtistProfile):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return ArtistProfile.objects.filter(pk=value).first()
    text = str(value).strip()
    if not text:
        return None
    artist = ArtistProfile.objects.filter(slug=text).first()
    if artist is None and text.isdigit():
        artist = ArtistProfile.objects.filter(pk=int(text)).first()
    return artist


def _clean_rows(lead: ArtistProfile, credits: Sequence[Mapping[str, Any]]) -> list[_Row]:
    """Check every row; raise ValidationFailed naming each bad one (``credits.<i>.<field>``) and the sum."""
    problems: list[DomainError] = []
    rows: list[_Row] = []
    seen: set[int] = set()
    for index, raw in enumerate(credits):
        prefix = f"credits.{index}."
        artist = _resolve_artist(raw.get("artist"))
        if artist is None:
            problems.append(DomainError(UNKNOWN_ARTIST, _("There is no artist “%(artist)s”.")
                                        % {"artist": raw.get("artist") or ""}, field=prefix + "artist"))
            continue
        if artist.pk in seen:
            problems.append(DomainError(DUPLICATE_ARTIST, _("%(artist)s is credited twice; credit each artist once.")
                                        % {"artist": artist.name}, field=prefix + "artist"))
            continue
        seen.add(artist.pk)
        is_lead = artist.pk == lead.pk
        role = CreditRole.LEAD if is_lead else str(raw.get("role") or CreditRole.CO_AUTHOR)
        if not is_lead and role not in COLLABORATOR_ROLES:
            problems.append(DomainError(INVALID_ROLE, _("Choose co-author, contributor or fabricator; "
                                                        "only the work's own artist is the lead."),
                                        field=prefix + "role"))
            continue
        share = raw.get("share_bp")
        if isinstance(share, bool) or not isinstance(share, int) or not 0 < share <= BASIS_POINTS:
            problems.append(DomainError(INVALID_SHARE, _("Give a share above 0 % and at most 100 %."),
                                        field=prefix + "share_bp"))
            continue
        note = str(raw.get("role_note") or "").strip()
        if len(note) > 200:
            problems.append(DomainError(errors.TEXT_TOO_LONG, _("Keep it under %(limit)d characters.")
                                        % {"limit": 200}, field=prefix + "role_note"))
            continue
        rows.append(_Row(artist=artist, role=role, role_note=note, share_bp=share))
    if problems:
        raise ValidationFailed(problems)
    if not any(row.artist.pk != lead.pk for row in rows):
        return []  # no collaborator: no collaboration
    total = sum(row.share_bp for row in rows)
    if not any(row.artist.pk == lead.pk for row in rows):
        # The lead left out of the list keeps what the others do not take.
        rows.insert(0, _Row(artist=lead, role=CreditRole.LEAD, role_note="", share_bp=BASIS_POINTS - total))
        if BASIS_POINTS - total <= 0:
            raise ValidationFailed([DomainError(
                SHARES_SUM, _("The collaborators' shares add up to %(sum)s %%; leave a share for yourself.")
                % {"sum": percent(total)}, field="credits")])
        total = BASIS_POINTS
    if total != BASIS_POINTS:
        raise ValidationFailed([DomainError(
            SHARES_SUM, _("The shares add up to %(sum)s %%; they must add up to 100 %%.") % {"sum": percent(total)},
            field="credits")])
    # The lead first, then the collaborators in the order given.
    rows.sort(key=lambda row: row.artist.pk != lead.pk)
    return rows


def _require_lead(user: Any, artwork: Artwork) -> None:
    if not getattr(user, "is_authenticated", False) or artwork.artist.user_id != user.pk:
        raise PermissionDenied(NOT_LEAD, _("Only the work's own artist may change its credits."))


def _refresh_pending(artwork: Artwork) -> None:
    """Recompute ``credits_pending`` and save the work through the catalogue's usual path, so that
    ``is_listed`` follows and ``artwork_saved`` tells the apps above when the work goes public."""
    artwork.credits_pending = artwork.credits.exclude(status=CreditStatus.ACCEPTED).exists()
    refresh_derived_fields(artwork=artwork)


def invitations_url() -> str:
    return reverse("catalog:studio_collaborations")


def credits_url(artwork: Artwork) -> str:
    return reverse("catalog:studio_credits", kwargs={"pk": artwork.pk})


def _send_on_commit(action: str, *, actor_id: int | None, recipient_ids: list[int], credit: ArtworkCredit,
                    url: str) -> None:
    transaction.on_commit(lambda: collaboration_event.send(
        sender=ArtworkCredit, action=action, actor_id=actor_id, recipient_ids=recipient_ids, subject=credit,
        url=url))


@transaction.atomic
def set_credits(*, user: Any, artwork: Artwork, credits: Sequence[Mapping[str, Any]]) -> list[ArtworkCredit]:
    """Replace the work's credits with ``credits`` (rows of ``artist`` — slug, id or profile — ``role``,
    ``role_note`` and ``share_bp``), by the work's own artist only.

    The lead is always credited (role lead, accepted); when left out of the list the lead keeps the
    share the others do not take. Shares are basis points summing to exactly 10 000. A credit whose
    artist and share are unchanged keeps its answer; a new or changed one is invited again. An empty
    list, or the lead alone, ends the collaboration. Returns the credits, lead first."""
    _require_lead(user, artwork)
    lock_artwork(artwork.pk)
    work = Artwork.objects.select_related("artist").get(pk=artwork.pk)
    if work.deleted_at is not None:
        raise NotFound(errors.NOT_FOUND, _("This work has been deleted."))
    if work.availability in (Availability.ON_HOLD, Availability.SOLD):
        raise Conflict(WORK_ON_MARKET, _("The credits of a work that is on hold or sold cannot change."))
    rows = _clean_rows(work.artist, credits)
    now = timezone.now()
    existing = {credit.artist_id: credit for credit in work.credits.all()}
    keep = {row.artist.pk for row in rows}
    work.credits.exclude(artist_id__in=keep).delete()
    result: list[ArtworkCredit] = []
    invited: list[ArtworkCredit] = []
    for position, row in enumerate(rows):
        credit = existing.get(row.artist.pk) or ArtworkCredit(artwork=work, artist=row.artist, invited_by=user,
                                                              invited_at=now)
        changed = credit.pk is None or credit.share_bp != row.share_bp
        credit.artist = row.artist
        credit.role, credit.role_note, credit.share_bp, credit.position = (row.role, row.role_note, row.share_bp,
                                                                            position)
        if row.artist.pk == work.artist_id:
            if credit.status != CreditStatus.ACCEPTED:
                credit.status, credit.responded_at = CreditStatus.ACCEPTED, now
        elif changed:
            # A new share is a new agreement: the collaborator answers again.
            credit.status, credit.invited_by, credit.invited_at, credit.responded_at = (
                CreditStatus.INVITED, user, now, None)
            invited.append(credit)
        credit.save()
        result.append(credit)
    _refresh_pending(work)
    artwork.credits_pending, artwork.is_listed = work.credits_pending, work.is_listed
    url = invitations_url()
    for credit in invited:
        _send_on_commit("credit.invited", actor_id=user.pk, recipient_ids=[credit.artist.user_id], credit=credit,
                        url=url)
    return result


def _answer(*, user: Any, credit_id: int, status: str) -> ArtworkCredit:
    artist = getattr(user, "artist_profile", None) if getattr(user, "is_authenticated", False) else None
    found = (ArtworkCredit.objects.filter(pk=credit_id, artwork__deleted_at__isnull=True)
             .values_list("artwork_id", "artist_id").first())
    if artist is None or found is None or found[1] != artist.pk:
        raise NotFound(CREDIT_NOT_FOUND, _("There is no such invitation."))
    lock_artwork(found[0])
    credit = ArtworkCredit.objects.select_related("artwork", "artwork__artist", "artist").get(pk=credit_id)
    if credit.status != CreditStatus.INVITED:
        raise Conflict(NOT_INVITED, _("This invitation has already been answered."))
    credit.status, credit.responded_at = status, timezone.now()
    credit.save(update_fields=["status", "responded_at"])
    _refresh_pending(credit.artwork)
    action = "credit.accepted" if status == CreditStatus.ACCEPTED else "credit.declined"
    _send_on_commit(action, actor_id=user.pk, recipient_ids=[credit.artwork.artist.user_id], credit=credit,
                    url=credits_url(credit.artwork))
    return credit


@transaction.atomic
def accept_credit(*, user: Any, credit_id: int) -> ArtworkCredit:
    """The invited artist agrees to the credit and its share; once all have, the work may be public."""
    return _answer(user=user, credit_id=credit_id, status=CreditStatus.ACCEPTED)


@transaction.atomic
def decline_credit(*, user: Any, credit_id: int) -> ArtworkCredit:
    """The invited artist refuses; the work stays off the public lists until the lead changes the credits."""
    return _answer(user=user, credit_id=credit_id, status=CreditStatus.DECLINED)


# Reads ---------------------------------------------------------------------------------------------

def credits_of(artwork: Artwork) -> list[ArtworkCredit]:
    """All the work's credits, lead first, with their artists (the studio's view)."""
    return list(ArtworkCredit.objects.filter(artwork=artwork).select_related("artist").order_by("position", "id"))


def accepted_credits(artwork: Artwork) -> list[ArtworkCredit]:
    """The credits the public sees: accepted ones, lead first; empty when the work is no collaboration."""
    credits = list(ArtworkCredit.objects.filter(artwork=artwork, status=CreditStatus.ACCEPTED)
                   .select_related("artist", "artist__city").order_by("position", "id"))
    return credits if len(credits) > 1 else []


def invitations_for(artist: ArtistProfile) -> QuerySet[ArtworkCredit]:
    """``artist``'s credits on other artists' live works: open invitations first, then the answered."""
    return (ArtworkCredit.objects.filter(artist=artist, artwork__deleted_at__isnull=True)
            .exclude(role=CreditRole.LEAD)
            .select_related("artwork", "artwork__artist", "invited_by")
            .order_by("-status", "-invited_at", "-id"))


def collaborations_of(artist: ArtistProfile, *, limit: int = 12) -> list[Artwork]:
    """Public works of other artists on which ``artist`` is credited and has accepted."""
    return list(Artwork.objects.listed()
                .filter(credits__artist=artist, credits__status=CreditStatus.ACCEPTED)
                .exclude(artist=artist).select_related("artist").order_by("-created_at", "-id")[:limit])


def shares_for_order(artwork: Artwork) -> list[tuple[int, int]]:
    """``(artist_id, share_bp)`` of the work's credits for splitting a sale's proceeds, lead first; empty
    when the work is no collaboration. Raises Conflict while a credit is not accepted."""
    credits = list(ArtworkCredit.objects.filter(artwork=artwork).order_by("position", "id")
                   .values_list("artist_id", "share_bp", "status"))
    if artwork.credits_pending or any(status != CreditStatus.ACCEPTED for _a, _s, status in credits):
        raise Conflict(CREDITS_PENDING, _("This collaboration is not agreed yet: every credited artist must "
                                          "accept before the work can be sold."))
    return [(artist_id, share) for artist_id, share, _status in credits]
