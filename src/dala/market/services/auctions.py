"""Auctions: timed lots with reserve, estimate, increment table, proxy bids and soft close."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.catalog.models import Availability, EditionCopy
from dala.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from dala.core.money import Money, check_currency
from dala.core.slugs import unique_slug
from dala.core.translation import to_translated

from .. import audit, errors
from ..bidding import BidTooLow, LotState, check_increments
from ..bidding import place_bid as proxy_bid
from ..locks import lock_artwork, lock_lot
from ..models import Auction, Bid, Lot, LotStatus, Order, OrderSource, default_increments
from ..permissions import is_artist_of, representation_for, require_login, seller_side, seller_user_ids
from .orders import create_order


def lot_url(lot: Lot) -> str:
    return reverse("market:lot", kwargs={"slug": lot.auction.slug, "number": lot.number})


def _may_organise(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False) or hasattr(user, "gallery_profile"))


@transaction.atomic
def create_auction(*, organiser: Any, title: Mapping[str, str], starts_at: datetime.datetime,
                   ends_at: datetime.datetime, currency: str = "KZT", description: Mapping[str, str] | None = None,
                   increments: Sequence[Sequence[int]] | None = None, lot_interval_seconds: int = 60,
                   soft_close_seconds: int = 300, extension_seconds: int = 300, is_published: bool = False) -> Auction:
    """A gallery or staff opens an auction. Lots close one after another from ``ends_at``."""
    require_login(organiser)
    if not _may_organise(organiser):
        raise PermissionDenied(errors.NOT_ALLOWED, _("Only galleries and staff organise auctions."))
    text = to_translated(title)
    if not text:
        raise DomainError(errors.NOT_ALLOWED, _("Give the auction a title."), field="title")
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at) or ends_at <= starts_at:
        raise DomainError(errors.INVALID_SCHEDULE, _("An auction closes after it opens."), field="ends_at")
    try:
        table = check_increments(increments if increments is not None else default_increments())
    except (TypeError, ValueError) as exc:
        raise DomainError(errors.INVALID_INCREMENTS, _("The increment table is not valid: %(why)s.")
                          % {"why": exc}, field="increments") from None
    for name, value, low, high in (("lot_interval_seconds", lot_interval_seconds, 0, 3600),
                                   ("soft_close_seconds", soft_close_seconds, 0, 3600),
                                   ("extension_seconds", extension_seconds, 0, 3600)):
        if not low <= value <= high:
            raise DomainError(errors.INVALID_SCHEDULE, _("Between 0 seconds and one hour."), field=name)
    auction = Auction(title=text, description=to_translated(description or {}), organiser=organiser,
                      currency=check_currency(currency), starts_at=starts_at, ends_at=ends_at,
                      increments=[list(row) for row in table], lot_interval_seconds=lot_interval_seconds,
                      soft_close_seconds=soft_close_seconds, extension_seconds=extension_seconds,
                      is_published=is_published)
    auction.slug = unique_slug(Auction.objects.all(), text.get("kk") or text.get("en") or text.get_text(),
                               fallback="auction")
    auction.save()
    audit.record(actor=organiser, action="auction.created", subject=auction)
    return auction


@transaction.atomic
def add_lot(*, auction: Auction, user: Any, artwork_id: int, starting_amount: int, reserve_amount: int | None = None,
            estimate_low: int | None = None, estimate_high: int | None = None,
            edition_copy_id: int | None = None) -> Lot:
    """Put a work in an auction: by its artist, a gallery that holds it, or staff, before the auction opens."""
    require_login(user)
    artwork = lock_artwork(artwork_id)
    if not (user.is_staff or is_artist_of(user, artwork) or representation_for(user, artwork) is not None):
        raise PermissionDenied(errors.NOT_REPRESENTED, _("Only the artist, a gallery that represents the artist "
                                                         "and holds the work, or staff may offer it at auction."))
    # The organiser chooses the lots of its sale: an artist adds a work only to the auction of a gallery
    # that holds it for them, never to a stranger's.
    if not (user.is_staff or auction.organiser_id == user.pk
            or (is_artist_of(user, artwork) and representation_for(auction.organiser, artwork) is not None)):
        raise PermissionDenied(errors.NOT_ALLOWED, _("Only the organiser adds lots to this auction."))
    if timezone.now() >= auction.ends_at:
        raise Conflict(errors.AUCTION_NOT_OPEN, _("This auction has closed."))
    if artwork.deleted_at is not None or artwork.availability != Availability.FOR_SALE:
        raise DomainError(errors.NOT_FOR_SALE, _("Only a work for sale can be offered at auction."))
    copy = None
    if artwork.is_edition:
        try:
            copy = EditionCopy.objects.get(pk=edition_copy_id or 0, edition_set__artwork=artwork,
                                           availability=Availability.FOR_SALE)
        except EditionCopy.DoesNotExist:
            raise DomainError(errors.EDITION_REQUIRED, _("Choose a copy of the edition that is for sale."),
                              field="edition_copy") from None
    amounts = {"starting_amount": starting_amount, "reserve_amount": reserve_amount,
               "estimate_low": estimate_low, "estimate_high": estimate_high}
    for name, value in amounts.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
            raise DomainError(errors.INVALID_AMOUNT, _("Enter an amount above zero."), field=name)
    if estimate_low and estimate_high and estimate_low > estimate_high:
        raise DomainError(errors.INVALID_AMOUNT, _("The low estimate cannot be above the high one."),
                          field="estimate_low")
    if Lot.objects.filter(artwork=artwork, status=LotStatus.OPEN, edition_copy=copy).exists():
        raise Conflict(errors.ALREADY_HELD, _("This work is already in an open auction."))
    number = (auction.lots.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    lot = Lot.objects.create(
        auction=auction, number=number, artwork=artwork, edition_copy=copy, starting_amount=starting_amount,
        reserve_amount=reserve_amount, estimate_low=estimate_low, estimate_high=estimate_high,
        ends_at=auction.ends_at + datetime.timedelta(seconds=auction.lot_interval_seconds * (number - 1)),
    )
    audit.record(actor=user, action="lot.added", subject=lot, artwork_id=artwork.pk, to_amount=starting_amount,
                 currency=auction.currency)
    return lot


@transaction.atomic
def place_bid(*, lot_id: int, bidder: Any, max_amount: int, now: datetime.datetime | None = None) -> Bid:
    """Bid up to ``max_amount`` on a lot; the platform bids for the bidder only as far as needed.
    A bid inside the soft-close window pushes the lot's close back."""
    require_login(bidder)
    now = now or timezone.now()
    if isinstance(max_amount, bool) or not isinstance(max_amount, int) or max_amount <= 0:
        raise DomainError(errors.INVALID_AMOUNT, _("Enter an amount above zero."), field="max_amount")
    try:
        lot = lock_lot(lot_id)
    except Lot.DoesNotExist:
        raise NotFound(errors.NOT_FOUND, _("No such lot.")) from None
    auction = lot.auction
    if not auction.is_published or now < auction.starts_at:
        raise Conflict(errors.AUCTION_NOT_OPEN, _("Bidding has not opened yet."))
    if lot.status != LotStatus.OPEN or now >= lot.ends_at:
        raise Conflict(errors.LOT_CLOSED, _("Bidding on this lot has closed."))
    if seller_side(bidder, lot.artwork)[0] or auction.organiser_id == bidder.pk:
        raise DomainError(errors.OWN_LOT, _("You cannot bid on a lot you sell."))
    previous_leader = lot.leader_id
    before = LotState(price=lot.current_amount, leader=lot.leader_id, leader_max=lot.leader_max)
    try:
        after = proxy_bid(before, bidder=bidder.pk, max_amount=max_amount, starting=lot.starting_amount,
                          reserve=lot.reserve_amount, table=auction.increments)
    except BidTooLow as exc:
        raise DomainError(errors.BID_TOO_LOW, _("The least you can bid now is %(amount)s.")
                          % {"amount": Money(exc.minimum, auction.currency)}, field="max_amount") from None
    lot.current_amount = after.price
    lot.leader_id = after.leader  # type: ignore[assignment]
    lot.leader_max = after.leader_max
    lot.bid_count += 1
    if lot.ends_at - now <= datetime.timedelta(seconds=auction.soft_close_seconds):
        lot.ends_at = max(lot.ends_at, now + datetime.timedelta(seconds=auction.extension_seconds))
    lot.save()
    bid = Bid.objects.create(lot=lot, bidder=bidder, max_amount=max_amount, resulting_amount=after.price or 0,
                             resulting_leader_id=cast(int, after.leader), created_at=now)
    outbid = [previous_leader] if previous_leader and previous_leader != after.leader else []
    audit.record(actor=bidder, action="bid.placed", subject=bid, artwork_id=lot.artwork_id,
                 from_amount=before.price, to_amount=after.price, currency=auction.currency, lot=lot.pk,
                 notify=outbid, url=lot_url(lot))
    return bid


def close_due_lots(*, now: datetime.datetime | None = None) -> int:
    """Close every open lot whose time is up: the leader wins at the hammer price if the reserve is met
    (an order holds the work for them), otherwise the lot passes. Returns how many closed."""
    now = now or timezone.now()
    due = list(Lot.objects.filter(status=LotStatus.OPEN, ends_at__lte=now).values_list("pk", "artwork_id"))
    closed = 0
    for lot_id, artwork_id in due:
        with transaction.atomic():
            lock_artwork(artwork_id)
            lot = lock_lot(lot_id)
            if lot.status != LotStatus.OPEN or lot.ends_at > now:
                continue
            _close(lot, now)
            closed += 1
    return closed


def _close(lot: Lot, now: datetime.datetime) -> Order | None:
    lot.closed_at = now
    order = None
    if lot.leader_id is not None and lot.reserve_met:
        lot.status = LotStatus.SOLD
        lot.save()
        order = create_order(artwork=lot.artwork, buyer=lot.leader, amount=lot.current_amount or 0,
                             currency=lot.auction.currency, source=OrderSource.AUCTION, copy=lot.edition_copy,
                             lot=lot, now=now)
    else:
        lot.status = LotStatus.PASSED
        lot.save()
    bidders = set(Bid.objects.filter(lot=lot).values_list("bidder_id", flat=True))
    audit.record(actor=None, action="lot.closed", subject=lot, artwork_id=lot.artwork_id,
                 to_amount=lot.current_amount, currency=lot.auction.currency, result=lot.status,
                 notify=[*bidders, *seller_user_ids(lot.artwork)], url=lot_url(lot))
    return order
