"""Offers and counter-offers: an open chain from the buyer's first offer to its last answer."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.catalog.models import Availability
from dala.core.errors import Conflict, DomainError, PermissionDenied
from dala.core.money import check_currency

from .. import audit, errors
from ..locks import lock_artwork, lock_offers
from ..models import DeclineReason, Offer, OfferStatus, Order, OrderSource, Side
from ..permissions import require_login, require_party, seller_user_ids
from .orders import check_for_sale, create_order, edition_of

MAX_EXPIRY_HOURS = 24 * 14
MAX_AMOUNT = 10**15  # minor units; far above any price, far below a 64-bit overflow


def offer_url(offer: Offer) -> str:
    return reverse("market:offer", kwargs={"pk": offer.chain_root_id or offer.pk})


def _check_terms(amount: Any, currency: str, expires_in_hours: Any) -> tuple[int, str, int]:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0 or amount > MAX_AMOUNT:
        raise DomainError(errors.INVALID_AMOUNT, _("Enter an amount above zero."), field="amount")
    try:
        currency = check_currency(currency)
    except DomainError as exc:
        raise DomainError(errors.UNKNOWN_CURRENCY, exc.message, field="currency") from None
    hours = int(settings.DALA_OFFER_HOURS) if expires_in_hours in (None, "") else expires_in_hours
    if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= MAX_EXPIRY_HOURS:
        raise DomainError(errors.INVALID_EXPIRY, _("An offer stays open between 1 hour and 14 days."),
                          field="expires_in_hours")
    return amount, currency, hours


def _notify_other_side(offer: Offer) -> list[int]:
    return seller_user_ids(offer.artwork) if offer.side == Side.BUYER else [offer.buyer_id]


def _notify_offer_side(offer: Offer) -> list[int]:
    # An answer (accept, decline) goes to the side that made the offer, not to the side answering it.
    return [offer.buyer_id] if offer.side == Side.BUYER else seller_user_ids(offer.artwork)


@transaction.atomic
def make_offer(*, buyer: Any, artwork_id: int, amount: int, currency: str, note: str = "",
               edition_set_id: int | None = None, expires_in_hours: int | None = None,
               now: datetime.datetime | None = None) -> Offer:
    """A buyer's first offer on a work (or one edition of it): the root of a new chain."""
    require_login(buyer)
    now = now or timezone.now()
    amount, currency, hours = _check_terms(amount, currency, expires_in_hours)
    artwork = lock_artwork(artwork_id)
    edition = edition_of(artwork, edition_set_id)
    check_for_sale(artwork, buyer=buyer)
    if Offer.objects.filter(artwork=artwork, buyer=buyer, status=OfferStatus.OPEN, expires_at__gt=now).exists():
        raise Conflict(errors.OFFER_CLOSED, _("You already have an open offer on this work: wait for the answer, "
                                              "or withdraw it first."))
    offer = Offer.objects.create(artwork=artwork, edition_set=edition, buyer=buyer, made_by=buyer, side=Side.BUYER,
                                 amount=amount, currency=currency, note=note.strip()[:2000],
                                 expires_at=now + datetime.timedelta(hours=hours))
    offer.chain_root = offer
    offer.save(update_fields=["chain_root"])
    audit.record(actor=buyer, action="offer.made", subject=offer, artwork_id=artwork.pk, to_amount=amount,
                 currency=currency, notify=seller_user_ids(artwork), url=offer_url(offer))
    return offer


def _open_offer_for_answer(offer_id: int, user: Any, now: datetime.datetime) -> tuple[Offer, Any]:
    """Lock the work and the offer, and check that ``user`` may answer it now."""
    require_login(user)
    offer = Offer.objects.select_related("artwork__artist").get(pk=offer_id)
    lock_artwork(offer.artwork_id)
    [offer] = lock_offers([offer_id])
    side, representation = require_party(user, offer)
    if offer.status == OfferStatus.COUNTERED:
        raise Conflict(errors.OFFER_SUPERSEDED, _("This offer has been answered with a counter-offer; "
                                                  "answer the newest one."))
    if offer.status != OfferStatus.OPEN:
        raise Conflict(errors.OFFER_CLOSED, _("This offer is %(status)s.")
                       % {"status": offer.get_status_display().lower()})
    if offer.expires_at <= now:
        # Not marked expired here: the refusal rolls this transaction back; the periodic task marks it.
        raise Conflict(errors.OFFER_EXPIRED, _("This offer expired on %(when)s.")
                       % {"when": timezone.localtime(offer.expires_at).strftime("%Y-%m-%d %H:%M")})
    if side == offer.side:
        raise PermissionDenied(errors.NOT_YOUR_TURN, _("It is the other side's turn to answer this offer."))
    return offer, representation


def _answer(offer: Offer, user: Any, status: str, now: datetime.datetime) -> None:
    offer.status = status
    offer.answered_at = now
    offer.answered_by = user
    offer.save(update_fields=["status", "answered_at", "answered_by", "decline_reason", "decline_note",
                              "updated_at"])


@transaction.atomic
def accept_offer(*, offer_id: int, user: Any, now: datetime.datetime | None = None) -> Order:
    """Accept the other side's open offer: an order at its amount holds the work for the buyer."""
    now = now or timezone.now()
    offer, _representation = _open_offer_for_answer(offer_id, user, now)
    artwork = offer.artwork
    if offer.edition_set_id is None and artwork.availability != Availability.FOR_SALE:
        raise Conflict(errors.NOT_FOR_SALE, _("This work is no longer available."))
    try:
        with transaction.atomic():
            _answer(offer, user, OfferStatus.ACCEPTED, now)
    except IntegrityError:
        # The constraint is the last line: another offer on this unique work was accepted meanwhile.
        raise Conflict(errors.NOT_FOR_SALE, _("This work is no longer available.")) from None
    audit.record(actor=user, action="offer.accepted", subject=offer, artwork_id=artwork.pk, to_amount=offer.amount,
                 currency=offer.currency, notify=_notify_offer_side(offer), url=offer_url(offer))
    return create_order(artwork=artwork, buyer=offer.buyer, amount=offer.amount, currency=offer.currency,
                        source=OrderSource.OFFER, edition=offer.edition_set, offer=offer, actor=user, now=now)


@transaction.atomic
def decline_offer(*, offer_id: int, user: Any, reason: str, note: str = "",
                  now: datetime.datetime | None = None) -> Offer:
    """Decline the other side's open offer with a reason (too low, not available, other)."""
    now = now or timezone.now()
    if reason not in DeclineReason.values:
        raise DomainError(errors.DECLINE_REASON_REQUIRED, _("Choose why you decline: %(reasons)s.")
                          % {"reasons": ", ".join(str(label) for label in DeclineReason.labels)}, field="reason")
    if reason == DeclineReason.OTHER and not note.strip():
        raise DomainError(errors.DECLINE_REASON_REQUIRED, _("Say in a few words why you decline."), field="note")
    offer, _representation = _open_offer_for_answer(offer_id, user, now)
    offer.decline_reason = reason
    offer.decline_note = note.strip()[:2000]
    _answer(offer, user, OfferStatus.DECLINED, now)
    audit.record(actor=user, action="offer.declined", subject=offer, artwork_id=offer.artwork_id,
                 from_amount=offer.amount, currency=offer.currency, reason=reason,
                 notify=_notify_offer_side(offer), url=offer_url(offer))
    return offer


@transaction.atomic
def counter_offer(*, offer_id: int, user: Any, amount: int, currency: str | None = None, note: str = "",
                  expires_in_hours: int | None = None, now: datetime.datetime | None = None) -> Offer:
    """Answer the other side's open offer with another amount; the new offer points to the one it answers."""
    now = now or timezone.now()
    offer, representation = _open_offer_for_answer(offer_id, user, now)
    amount, currency, hours = _check_terms(amount, currency or offer.currency, expires_in_hours)
    if offer.edition_set_id is None and offer.artwork.availability != Availability.FOR_SALE:
        raise Conflict(errors.NOT_FOR_SALE, _("This work is no longer available."))
    _answer(offer, user, OfferStatus.COUNTERED, now)
    side = Side.SELLER if offer.side == Side.BUYER else Side.BUYER
    counter = Offer.objects.create(
        artwork_id=offer.artwork_id, edition_set_id=offer.edition_set_id, buyer_id=offer.buyer_id, made_by=user,
        side=side, on_behalf_of=representation, responds_to=offer, chain_root_id=offer.chain_root_id or offer.pk,
        amount=amount, currency=currency, note=note.strip()[:2000], expires_at=now + datetime.timedelta(hours=hours),
    )
    audit.record(actor=user, action="offer.countered", subject=counter, artwork_id=offer.artwork_id,
                 from_amount=offer.amount, to_amount=amount, currency=currency, answers=offer.pk,
                 notify=_notify_other_side(counter), url=offer_url(counter))
    return counter


@transaction.atomic
def withdraw_offer(*, offer_id: int, user: Any, now: datetime.datetime | None = None) -> Offer:
    """Take back one's own open offer before the other side answers it."""
    now = now or timezone.now()
    require_login(user)
    offer = Offer.objects.select_related("artwork__artist").get(pk=offer_id)
    lock_artwork(offer.artwork_id)
    [offer] = lock_offers([offer_id])
    side, _representation = require_party(user, offer)
    if side != offer.side:
        raise PermissionDenied(errors.NOT_ALLOWED, _("Only the side that made an offer may withdraw it."))
    if offer.status != OfferStatus.OPEN or offer.expires_at <= now:
        raise Conflict(errors.OFFER_CLOSED, _("This offer is no longer open."))
    _answer(offer, user, OfferStatus.WITHDRAWN, now)
    audit.record(actor=user, action="offer.withdrawn", subject=offer, artwork_id=offer.artwork_id,
                 from_amount=offer.amount, currency=offer.currency, notify=_notify_other_side(offer),
                 url=offer_url(offer))
    return offer


def _expire(offer: Offer, now: datetime.datetime) -> None:
    offer.status = OfferStatus.EXPIRED
    offer.answered_at = now
    offer.save(update_fields=["status", "answered_at", "updated_at"])
    audit.record(actor=None, action="offer.expired", subject=offer, artwork_id=offer.artwork_id,
                 from_amount=offer.amount, currency=offer.currency,
                 notify=[offer.buyer_id, *seller_user_ids(offer.artwork)], url=offer_url(offer))


def expire_offers(*, now: datetime.datetime | None = None) -> int:
    """Mark every open offer past its expiry as expired (the periodic task). Returns how many."""
    now = now or timezone.now()
    due = list(Offer.objects.filter(status=OfferStatus.OPEN, expires_at__lte=now).values_list("pk", flat=True))
    expired = 0
    for offer_id in due:
        with transaction.atomic():
            locked = lock_offers([offer_id])
            if not locked:
                continue
            offer = locked[0]
            if offer.status != OfferStatus.OPEN or offer.expires_at > now:
                continue
            _expire(offer, now)
            expired += 1
    return expired

