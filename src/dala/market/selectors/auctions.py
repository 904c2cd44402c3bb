"""Reads for auctions: the list of auctions, the auction room, one lot with its bid history, and what
a bidder needs to know (their status, the least they may bid next).

A lot's reserve amount and its leader's maximum are secrets: nothing here hands them to a page except
whether the reserve is met.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import DateTimeField, Max, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.catalog.models import ArtworkImage
from dala.core.money import Money

from ..bidding import LotState, minimum_bid
from ..models import Auction, Bid, Lot, LotStatus
from ..permissions import is_logged_in, may_see_unpublished

WINNING = "winning"
OUTBID = "outbid"
RESERVE_NOT_MET = "reserve_not_met"

PAST_AUCTIONS_SHOWN = 20


@dataclass(frozen=True, slots=True)
class AuctionIndex:
    open_now: list[Auction]
    upcoming: list[Auction]
    past: list[Auction]


def _with_closing(queryset: QuerySet[Auction]) -> QuerySet[Auction]:
    # An auction is over when its last lot has closed (soft close may push that past ``ends_at``);
    # one without lots is over at ``ends_at``.
    return queryset.annotate(closes_at=Coalesce(Max("lots__ends_at"), "ends_at", output_field=DateTimeField()))


def auctions_for_index(*, now: datetime.datetime | None = None) -> AuctionIndex:
    """Published auctions: open now (soonest to close first), upcoming (soonest first) and the latest past ones."""
    now = now or timezone.now()
    published = (Auction.objects.filter(is_published=True).select_related("organiser")
                 .annotate(closes_at=Coalesce(Max("lots__ends_at"), "ends_at", output_field=DateTimeField())))
    open_now = published.filter(starts_at__lte=now, closes_at__gt=now).order_by("closes_at", "pk")
    upcoming = published.filter(starts_at__gt=now).order_by("starts_at", "pk")
    past = published.filter(closes_at__lte=now).order_by("-closes_at", "-pk")[:PAST_AUCTIONS_SHOWN]
    return AuctionIndex(open_now=list(open_now), upcoming=list(upcoming), past=list(past))


def auction_for_viewer(slug: str, user: Any) -> Auction:
    """The auction with ``slug`` if ``user`` may see it; raises Auction.DoesNotExist otherwise, so an
    unpublished auction looks the same as a missing one to the public."""
    auction = _with_closing(Auction.objects.filter(slug=slug)).select_related("organiser").get()
    if not auction.is_published and not may_see_unpublished(user, auction):
        raise Auction.DoesNotExist
    return auction


def _lots() -> QuerySet[Lot]:
    primary = ArtworkImage.objects.filter(is_primary=True)
    return (Lot.objects.select_related("auction", "artwork__artist", "edition_copy")
            .prefetch_related(Prefetch("artwork__images", queryset=primary, to_attr="primary_images")))


def lots_of(auction: Auction) -> list[Lot]:
    """The auction's lots in number order, each with its work, artist and primary image."""
    return list(_lots().filter(auction=auction).order_by("number"))


def lot_in(auction: Auction, number: int) -> Lot:
    """Lot ``number`` of ``auction`` (raises Lot.DoesNotExist)."""
    return _lots().select_related("artwork__medium").get(auction=auction, number=number)


def lot_for_viewer(lot_id: int, user: Any) -> Lot:
    """A lot by id, if its auction is visible to ``user`` (raises Lot.DoesNotExist otherwise)."""
    lot = _lots().get(pk=lot_id)
    if not lot.auction.is_published and not may_see_unpublished(user, lot.auction):
        raise Lot.DoesNotExist
    return lot


def primary_image(lot: Lot) -> ArtworkImage | None:
    """The primary image of the lot's work, from the prefetch of :func:`lots_of` / :func:`lot_in`."""
    images: list[ArtworkImage] = getattr(lot.artwork, "primary_images", None) or []
    return images[0] if images else None


def scheduled_close(lot: Lot) -> datetime.datetime:
    """When the lot was set to close before any soft-close extension."""
    auction = lot.auction
    return auction.ends_at + datetime.timedelta(seconds=auction.lot_interval_seconds * (lot.number - 1))


def is_extended(lot: Lot) -> bool:
    return lot.ends_at > scheduled_close(lot)


def is_open_for_bids(lot: Lot, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (lot.status == LotStatus.OPEN and lot.auction.is_published and lot.auction.starts_at <= now < lot.ends_at)


def next_minimum(lot: Lot) -> int:
    """The least a new bidder may bid now (minor units): the opening bid, or the price plus one increment."""
    state = LotState(price=lot.current_amount, leader=lot.leader_id, leader_max=lot.leader_max)
    return minimum_bid(state, starting=lot.starting_amount, table=lot.auction.increments)


def lots_bid_on(user: Any, lots: Iterable[Lot]) -> set[int]:
    """Which of ``lots`` ``user`` has bid on (one query)."""
    if not is_logged_in(user):
        return set()
    ids = [lot.pk for lot in lots]
    return set(Bid.objects.filter(lot_id__in=ids, bidder=user).values_list("lot_id", flat=True).distinct())


def bidder_status(lot: Lot, user: Any, *, has_bid: bool | None = None) -> str | None:
    """``user``'s standing on ``lot``: WINNING (leading, reserve met), RESERVE_NOT_MET (leading below the
    reserve), OUTBID (bid, not leading) or None (no bid, or not logged in).

    Pass ``has_bid`` (from :func:`lots_bid_on`) to spare a query per lot on a list."""
    if not is_logged_in(user):
        return None
    if lot.leader_id == user.pk:
        return WINNING if lot.reserve_met else RESERVE_NOT_MET
    if has_bid is None:
        has_bid = lot.bids.filter(bidder=user).exists()
    return OUTBID if has_bid else None


@dataclass(frozen=True, slots=True)
class BidLine:
    """One bid as the public sees it: when, by whom (anonymised), the price and the leader after it."""

    created_at: datetime.datetime
    bidder: str
    is_mine: bool
    amount: Money
    leader: str
    leader_is_me: bool
    my_maximum: Money | None


def bid_history(lot: Lot, viewer: Any) -> list[BidLine]:
    """The lot's bids, newest first. Bidders are "Bidder 1", "Bidder 2"… in the order of their first
    bid, and "you" for the viewer; maximums stay secret except the viewer's own."""
    viewer_id = viewer.pk if is_logged_in(viewer) else None
    rows = (Bid.objects.filter(lot=lot).order_by("pk")
            .values_list("bidder_id", "resulting_leader_id", "resulting_amount", "max_amount", "created_at"))
    numbers: dict[int, int] = {}

    def label(user_id: int) -> str:
        if user_id == viewer_id:
            return _("you")
        return _("Bidder %(number)d") % {"number": numbers.setdefault(user_id, len(numbers) + 1)}

    currency = lot.auction.currency
    lines = []
    for bidder_id, leader_id, amount, maximum, created_at in rows:
        numbers.setdefault(bidder_id, len(numbers) + 1)
        mine = bidder_id == viewer_id
        lines.append(BidLine(created_at=created_at, bidder=label(bidder_id), is_mine=mine,
                             amount=Money(amount, currency), leader=label(leader_id),
                             leader_is_me=leader_id == viewer_id,
                             my_maximum=Money(maximum, currency) if mine else None))
    lines.reverse()
    return lines
