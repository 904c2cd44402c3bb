"""Orders: made by an accepted offer, a buy-now or a won lot; they hold the work until paid or lapsed."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.catalog.collaboration import shares_for_order
from dala.catalog.models import Artwork, Availability, EditionCopy, EditionSet, EditionType
from dala.catalog.services import set_artwork_availability, set_copy_availability
from dala.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from dala.core.money import check_currency

from .. import audit, errors
from ..commission import split_among, split_price
from ..locks import lock_artwork, lock_available_copy, lock_order
from ..models import Lot, LotStatus, Offer, OfferStatus, Order, OrderShare, OrderSource, OrderStatus
from ..permissions import can_manage_order, gallery_for_sale, require_login, seller_side, seller_user_ids


def order_url(order: Order) -> str:
    return reverse("market:order", kwargs={"number": order.number})


def check_for_sale(artwork: Artwork, *, buyer: Any) -> None:
    """Refuse a sale of a work that is deleted, a draft, not for sale, held, sold, or the buyer's own."""
    if artwork.deleted_at is not None or not artwork.is_listed:
        raise NotFound(errors.NOT_FOUND, _("This work is not on the market."))
    # The whole seller's side, not only the artist: a gallery holding the work would otherwise buy from
    # itself and take its commission on its own purchase (bids are refused alike, as own_lot).
    if seller_side(buyer, artwork)[0]:
        raise DomainError(errors.OWN_WORK, _("You cannot buy or make an offer on your own work."))
    if artwork.availability == Availability.ON_HOLD:
        raise Conflict(errors.ALREADY_HELD, _("This work is on hold for another buyer."))
    if artwork.availability == Availability.SOLD:
        raise Conflict(errors.NOT_FOR_SALE, _("This work has been sold."))
    if artwork.availability != Availability.FOR_SALE:
        raise DomainError(errors.NOT_FOR_SALE, _("This work is not for sale."))
    if Lot.objects.filter(artwork=artwork, status=LotStatus.OPEN).exists():
        raise Conflict(errors.NOT_FOR_SALE, _("This work is in an auction: bid on its lot instead."))


def edition_of(artwork: Artwork, edition_set_id: int | None) -> EditionSet | None:
    """The edition an offer or purchase of ``artwork`` is for: required for editions, refused for unique works."""
    if artwork.edition_type == EditionType.UNIQUE:
        if edition_set_id is not None:
            raise DomainError(errors.EDITION_REQUIRED, _("A unique work has no editions."), field="edition_set")
        return None
    if edition_set_id is None:
        sets = list(artwork.edition_sets.all()[:2])
        if len(sets) == 1:
            return sets[0]
        raise DomainError(errors.EDITION_REQUIRED, _("Choose which edition of this work."), field="edition_set")
    try:
        return artwork.edition_sets.get(pk=edition_set_id)
    except EditionSet.DoesNotExist:
        raise DomainError(errors.EDITION_REQUIRED, _("This work has no such edition."), field="edition_set") \
            from None


def _take_copy(edition: EditionSet) -> EditionCopy:
    copy = lock_available_copy(edition.pk)
    if copy is not None:
        return copy
    if edition.size is None:
        # An open edition: the next copy is made when it is bought.
        last = EditionCopy.objects.filter(edition_set=edition, is_artist_proof=False).order_by("-number").first()
        return EditionCopy.objects.create(edition_set=edition, number=(last.number + 1) if last else 1)
    raise Conflict(errors.SOLD_OUT, _("Every copy of this edition is sold or on hold."))


def create_order(*, artwork: Artwork, buyer: Any, amount: int, currency: str, source: str,
                 edition: EditionSet | None = None, copy: EditionCopy | None = None, offer: Offer | None = None,
                 lot: Lot | None = None, actor: Any = None, now: datetime.datetime | None = None) -> Order:
    """Make an order and put the work (or the given copy, or the edition's next free one) on hold.
    The caller holds the artwork's lock."""
    now = now or timezone.now()
    # A collaboration is sold only once every credited artist has agreed (such a work is not listed
    # either; this is the last line); its proceeds are split by the agreed shares below.
    shares = shares_for_order(artwork)
    if copy is None and edition is not None:
        copy = _take_copy(edition)
    representation = gallery_for_sale(artwork)
    platform_rate = int(settings.DALA_PLATFORM_COMMISSION_BP)
    gallery_rate = representation.commission_bp if representation else 0
    split = split_price(amount, platform_rate_bp=platform_rate,
                        gallery_rate_bp=min(gallery_rate, 10_000 - platform_rate))
    order = Order(
        artwork=artwork, edition_copy=copy, buyer=buyer, source=source, offer=offer, lot=lot, amount=amount,
        currency=currency, platform_rate_bp=platform_rate, platform_fee=split.platform_fee,
        gallery=representation.gallery if representation else None, gallery_rate_bp=gallery_rate,
        gallery_fee=split.gallery_fee, artist_proceeds=split.artist_proceeds,
        hold_until=now + datetime.timedelta(hours=int(settings.DALA_ORDER_HOLD_HOURS)),
    )
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        # The constraint is the last line: a concurrent order holds this work or copy.
        raise Conflict(errors.ALREADY_HELD, _("This work is on hold for another buyer.")) from None
    if shares:
        parts = split_among(order.artist_proceeds, [share for _artist, share in shares])
        OrderShare.objects.bulk_create([OrderShare(order=order, artist_id=artist_id, share_bp=share, amount=part)
                                        for (artist_id, share), part in zip(shares, parts, strict=True)])
    if copy is not None:
        set_copy_availability(copy=copy, availability=Availability.ON_HOLD)
    else:
        set_artwork_availability(artwork=artwork, availability=Availability.ON_HOLD)
    audit.record(actor=actor or buyer, action="order.created", subject=order, artwork_id=artwork.pk,
                 to_amount=amount, currency=currency, source=source,
                 notify=[buyer.pk, *seller_user_ids(artwork)], url=order_url(order))
    return order


@transaction.atomic
def buy_now(*, buyer: Any, artwork_id: int, edition_set_id: int | None = None, expected_amount: int | None = None,
            expected_currency: str | None = None, now: datetime.datetime | None = None) -> Order:
    """Buy at the listed price. ``expected_amount``/``expected_currency`` are the price the buyer saw:
    if the price has changed since, nothing is bought (a price is never changed silently)."""
    require_login(buyer)
    artwork = lock_artwork(artwork_id)
    edition = edition_of(artwork, edition_set_id)
    check_for_sale(artwork, buyer=buyer)
    if not artwork.buy_now:
        raise DomainError(errors.BUY_NOW_DISABLED, _("The artist sells this work by offer only."))
    amount, currency = ((edition.price_amount, edition.price_currency) if edition and edition.price_amount
                        else (artwork.price_amount, artwork.price_currency))
    if not amount:
        raise DomainError(errors.BUY_NOW_DISABLED, _("This work has no listed price; make an offer instead."))
    if expected_amount is not None and (expected_amount != amount
                                        or (expected_currency and check_currency(expected_currency) != currency)):
        raise Conflict(errors.PRICE_CHANGED, _("The price has changed to %(price)s; check it and buy again.")
                       % {"price": f"{amount} {currency}"})
    return create_order(artwork=artwork, buyer=buyer, amount=amount, currency=currency, source=OrderSource.BUY_NOW,
                        edition=edition, now=now)


def _release(order: Order) -> None:
    if order.edition_copy_id is not None:
        copy = EditionCopy.objects.select_related("edition_set__artwork").get(pk=order.edition_copy_id)
        set_copy_availability(copy=copy, availability=Availability.FOR_SALE)
    else:
        set_artwork_availability(artwork=order.artwork, availability=Availability.FOR_SALE)
    if order.offer_id is not None:
        Offer.objects.filter(pk=order.offer_id, status=OfferStatus.ACCEPTED).update(status=OfferStatus.LAPSED)


@transaction.atomic
def record_payment(*, order_id: int, user: Any, method: str = "manual", reference: str = "",
                   now: datetime.datetime | None = None) -> Order:
    """Record that an order was paid (by staff, the seller, or a payment provider's callback with
    ``user=None``): the work or copy is sold, a sale joins its provenance, a certificate is issued."""
    from .provenance import record_sale

    now = now or timezone.now()
    order = Order.objects.select_related("artwork").get(pk=order_id)
    if user is not None and not can_manage_order(user, order):
        raise PermissionDenied(errors.NOT_ALLOWED, _("Only staff or the seller may record a payment."))
    lock_artwork(order.artwork_id)
    order = lock_order(order_id)
    if order.status != OrderStatus.PENDING:
        raise Conflict(errors.ORDER_CLOSED, _("This order is %(status)s; it cannot be paid now.")
                       % {"status": order.get_status_display().lower()})
    order.status = OrderStatus.PAID
    order.paid_at = now
    order.closed_at = now
    order.payment_method = method[:32]
    order.payment_reference = reference.strip()[:200]
    order.recorded_by = user
    order.save()
    if order.edition_copy_id is not None:
        copy = EditionCopy.objects.select_related("edition_set__artwork").get(pk=order.edition_copy_id)
        set_copy_availability(copy=copy, availability=Availability.SOLD)
    else:
        set_artwork_availability(artwork=order.artwork, availability=Availability.SOLD)
    record_sale(order=order, now=now)
    audit.record(actor=user, action="order.paid", subject=order, artwork_id=order.artwork_id,
                 to_amount=order.amount, currency=order.currency, method=method, reference=order.payment_reference,
                 notify=[order.buyer_id, *seller_user_ids(order.artwork)], url=order_url(order))
    return order


@transaction.atomic
def cancel_order(*, order_id: int, user: Any, reason: str = "") -> Order:
    """Cancel an unpaid order (staff or the seller): the work is released."""
    order = Order.objects.select_related("artwork").get(pk=order_id)
    if not can_manage_order(user, order):
        raise PermissionDenied(errors.NOT_ALLOWED, _("Only staff or the seller may cancel an order."))
    lock_artwork(order.artwork_id)
    order = lock_order(order_id)
    if order.status != OrderStatus.PENDING:
        raise Conflict(errors.ORDER_CLOSED, _("Only an order awaiting payment can be cancelled."))
    order.status = OrderStatus.CANCELLED
    order.closed_at = timezone.now()
    order.save()
    _release(order)
    audit.record(actor=user, action="order.cancelled", subject=order, artwork_id=order.artwork_id,
                 from_amount=order.amount, currency=order.currency, reason=reason.strip()[:500],
                 notify=[order.buyer_id, *seller_user_ids(order.artwork)], url=order_url(order))
    return order


def lapse_orders(*, now: datetime.datetime | None = None) -> int:
    """Lapse every unpaid order whose hold has run out and release its work. Returns how many lapsed."""
    now = now or timezone.now()
    due = list(Order.objects.filter(status=OrderStatus.PENDING, hold_until__lte=now).values_list("pk", flat=True))
    lapsed = 0
    for order_id in due:
        with transaction.atomic():
            order = Order.objects.select_related("artwork").get(pk=order_id)
            lock_artwork(order.artwork_id)
            order = lock_order(order_id)
            if order.status != OrderStatus.PENDING or order.hold_until > now:
                continue
            order.status = OrderStatus.LAPSED
            order.closed_at = now
            order.save()
            _release(order)
            audit.record(actor=None, action="order.lapsed", subject=order, artwork_id=order.artwork_id,
                         from_amount=order.amount, currency=order.currency,
                         notify=[order.buyer_id, *seller_user_ids(order.artwork)], url=order_url(order))
            lapsed += 1
    return lapsed
