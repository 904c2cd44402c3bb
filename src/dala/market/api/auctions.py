"""The market API: auctions, their lots, and bids.

Reading is public (with a bearer token, a lot also says how the caller stands on it); bidding needs a
token and accepts an ``Idempotency-Key``. Amounts are whole minor units (tiyn, cents). A lot's reserve
amount and its leader's maximum are never sent: only whether the reserve is met.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.errors import AuthenticationError
from pydantic import AwareDatetime, BaseModel, ConfigDict, StrictInt

from dala.accounts.api import TokenAuth, current_user
from dala.accounts.services import user_for_token
from dala.catalog.schemas import TranslatedIn
from dala.core import ratelimit

from .. import idempotency
from ..models import Auction, Lot
from ..selectors import auctions as selectors
from ..services import auctions as services

router = Router(tags=["market"])

MAX_AMOUNT = 10**17  # minor units; far above any real price, inside a 64-bit column


def _viewer(request: HttpRequest) -> Any:
    """The caller of a public operation: the token's user, or None without a token. A token that is
    sent but not valid is refused rather than silently ignored."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _space, key = header.partition(" ")
    user = user_for_token(key.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise AuthenticationError
    return user


# Shapes -------------------------------------------------------------------------------------------

class AuctionIn(BaseModel):
    """A new auction. Lots close one after another from ``ends_at``, ``lot_interval_seconds`` apart; a bid
    in a lot's last ``soft_close_seconds`` moves its close to ``extension_seconds`` after that bid."""

    model_config = ConfigDict(extra="forbid")

    title: TranslatedIn
    description: TranslatedIn | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime = Field(..., description="When the first lot closes.")
    currency: str = "KZT"
    increments: list[list[StrictInt]] | None = Field(
        None, description="[[from amount, increment], …] in minor units, from 0, ascending; default: the house table.")
    lot_interval_seconds: StrictInt = 60
    soft_close_seconds: StrictInt = 300
    extension_seconds: StrictInt = 300
    is_published: bool = False


class LotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    artwork_id: StrictInt
    edition_copy_id: StrictInt | None = Field(None, description="For an edition: the copy offered.")
    starting_amount: StrictInt = Field(..., gt=0, le=MAX_AMOUNT)
    reserve_amount: StrictInt | None = Field(None, gt=0, le=MAX_AMOUNT,
                                             description="Kept secret; bidders see only whether it is met.")
    estimate_low: StrictInt | None = Field(None, gt=0, le=MAX_AMOUNT)
    estimate_high: StrictInt | None = Field(None, gt=0, le=MAX_AMOUNT)


class BidIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_amount: StrictInt = Field(..., gt=0, le=MAX_AMOUNT,
                                  description="The most you will pay, in minor units; we bid for you up to it.")


class LotArtworkOut(Schema):
    id: int
    title: str
    artist: str
    web_url: str
    image_url: str | None = Field(..., description="The primary image's largest rendition, if any.")
    thumbnail_url: str | None


class LotOut(Schema):
    id: int
    auction: str = Field(..., description="The auction's slug.")
    number: int
    artwork: LotArtworkOut
    edition_copy: int | None = Field(..., description="The copy's number, for an edition.")
    status: str = Field(..., description="open, sold, passed or withdrawn.")
    is_open: bool = Field(..., description="Whether bids are taken now.")
    currency: str
    starting_amount: int
    current_amount: int | None
    estimate_low: int | None
    estimate_high: int | None
    has_reserve: bool
    reserve_met: bool
    next_minimum: int = Field(..., description="The least a new bid may be now.")
    bid_count: int
    ends_at: datetime.datetime = Field(..., description="When the lot closes, late-bid extensions included.")
    scheduled_ends_at: datetime.datetime
    my_status: str | None = Field(..., description="winning, outbid, reserve_not_met, or null (no bid, no token).")
    web_url: str

    @classmethod
    def build(cls, lot: Lot, request: HttpRequest, user: Any, *, has_bid: bool | None = None) -> LotOut:
        image = selectors.primary_image(lot)
        large, small = (image.large_url, image.small_url) if image else ("", "")
        artwork = lot.artwork
        return cls(
            id=lot.pk, auction=lot.auction.slug, number=lot.number,
            artwork=LotArtworkOut(id=artwork.pk, title=artwork.title.get_text(), artist=artwork.artist.name.get_text(),
                                  web_url=request.build_absolute_uri(artwork.get_absolute_url()),
                                  image_url=request.build_absolute_uri(large) if large else None,
                                  thumbnail_url=request.build_absolute_uri(small) if small else None),
            edition_copy=lot.edition_copy.number if lot.edition_copy else None,
            status=lot.status, is_open=selectors.is_open_for_bids(lot), currency=lot.auction.currency,
            starting_amount=lot.starting_amount, current_amount=lot.current_amount, estimate_low=lot.estimate_low,
            estimate_high=lot.estimate_high, has_reserve=lot.reserve_amount is not None, reserve_met=lot.reserve_met,
            next_minimum=selectors.next_minimum(lot), bid_count=lot.bid_count, ends_at=lot.ends_at,
            scheduled_ends_at=selectors.scheduled_close(lot),
            my_status=selectors.bidder_status(lot, user, has_bid=has_bid),
            web_url=request.build_absolute_uri(reverse("market:lot", kwargs={"slug": lot.auction.slug,
                                                                             "number": lot.number})),
        )


class AuctionOut(Schema):
    slug: str
    title: str
    description: str
    currency: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime = Field(..., description="When the first lot is set to close.")
    closes_at: datetime.datetime = Field(..., description="When the last lot closes, late-bid extensions included.")
    lot_interval_seconds: int
    soft_close_seconds: int
    extension_seconds: int
    increments: list[list[int]]
    is_published: bool
    web_url: str

    @classmethod
    def build(cls, auction: Auction, request: HttpRequest) -> AuctionOut:
        closes_at = getattr(auction, "closes_at", None) or auction.ends_at
        return cls(slug=auction.slug, title=auction.title.get_text(), description=auction.description.get_text(),
                   currency=auction.currency, starts_at=auction.starts_at, ends_at=auction.ends_at,
                   closes_at=closes_at, lot_interval_seconds=auction.lot_interval_seconds,
                   soft_close_seconds=auction.soft_close_seconds, extension_seconds=auction.extension_seconds,
                   increments=auction.increments, is_published=auction.is_published,
                   web_url=request.build_absolute_uri(reverse("market:auction", kwargs={"slug": auction.slug})))


class AuctionListOut(Schema):
    open_now: list[AuctionOut]
    upcoming: list[AuctionOut]
    past: list[AuctionOut] = Field(..., description="The latest closed auctions.")


class AuctionDetailOut(AuctionOut):
    lots: list[LotOut]


class BidPlacedOut(Schema):
    bid_id: int
    max_amount: int
    lot: LotOut = Field(..., description="The lot right after the bid, with your status on it.")


def _auction_detail(auction: Auction, request: HttpRequest, user: Any) -> AuctionDetailOut:
    lots = selectors.lots_of(auction)
    bid_on = selectors.lots_bid_on(user, lots)
    base = AuctionOut.build(auction, request)
    return AuctionDetailOut(**base.model_dump(),
                            lots=[LotOut.build(lot, request, user, has_bid=lot.pk in bid_on) for lot in lots])


# Operations ---------------------------------------------------------------------------------------

@router.get("/auctions", response=AuctionListOut, summary="List auctions")
def list_auctions(request: HttpRequest) -> AuctionListOut:
    """Published auctions: open now, upcoming, and the latest past ones."""
    index = selectors.auctions_for_index()
    return AuctionListOut(open_now=[AuctionOut.build(a, request) for a in index.open_now],
                          upcoming=[AuctionOut.build(a, request) for a in index.upcoming],
                          past=[AuctionOut.build(a, request) for a in index.past])


@router.get("/auctions/{slug}", response=AuctionDetailOut, summary="Get an auction with its lots")
def get_auction(request: HttpRequest, slug: str) -> AuctionDetailOut:
    """An auction and its lots. An unpublished one is found only by its organiser and staff."""
    user = _viewer(request)
    return _auction_detail(selectors.auction_for_viewer(slug, user), request, user)


@router.get("/lots/{lot_id}", response=LotOut, summary="Get a lot")
def get_lot(request: HttpRequest, lot_id: int) -> LotOut:
    """A lot's state, the least next bid and (with a token) your status on it."""
    user = _viewer(request)
    return LotOut.build(selectors.lot_for_viewer(lot_id, user), request, user)


@router.post("/lots/{lot_id}/bids", response={201: BidPlacedOut}, auth=TokenAuth(), summary="Bid on a lot")
def place_bid(request: HttpRequest, lot_id: int, payload: BidIn) -> tuple[int, Any]:
    """Bid up to ``max_amount``: the platform bids for you only as far as needed to lead. Refused with
    409 ``lot_closed`` after the lot closes, 400 ``bid_too_low`` below the next increment (the message
    names the least bid) and 400 ``own_lot`` on a lot you sell. A retry with the same ``Idempotency-Key``
    returns the first answer."""
    user = current_user(request)
    selectors.lot_for_viewer(lot_id, user)  # an unpublished auction's lot is not found

    def act() -> tuple[int, Any]:
        ratelimit.hit_for("bid", request)
        bid = services.place_bid(lot_id=lot_id, bidder=user, max_amount=payload.max_amount)
        lot = LotOut.build(selectors.lot_for_viewer(lot_id, user), request, user, has_bid=True)
        return 201, BidPlacedOut(bid_id=bid.pk, max_amount=bid.max_amount, lot=lot).model_dump(mode="json")

    return idempotency.run_once(user=user, key=request.headers.get("Idempotency-Key"), operation="auction.bid",
                                payload={"lot": lot_id, **payload.model_dump()}, act=act)


@router.post("/auctions", response={201: AuctionDetailOut}, auth=TokenAuth(), summary="Create an auction")
def create_auction(request: HttpRequest, payload: AuctionIn) -> tuple[int, AuctionDetailOut]:
    """Galleries and staff organise auctions. Unpublished until ``is_published`` is true."""
    user = current_user(request)
    fields = payload.model_dump(exclude_none=True)
    fields["title"] = payload.title.model_dump(exclude_none=True)
    if payload.description is not None:
        fields["description"] = payload.description.model_dump(exclude_none=True)
    auction = services.create_auction(organiser=user, **fields)
    return 201, _auction_detail(selectors.auction_for_viewer(auction.slug, user), request, user)


@router.post("/auctions/{slug}/lots", response={201: LotOut}, auth=TokenAuth(), summary="Add a lot to an auction")
def add_lot(request: HttpRequest, slug: str, payload: LotIn) -> tuple[int, LotOut]:
    """Put a work in an auction before it closes: its organiser (for a work they may sell) or the artist."""
    user = current_user(request)
    auction = selectors.auction_for_viewer(slug, user)
    lot = services.add_lot(auction=auction, user=user, **payload.model_dump())
    return 201, LotOut.build(selectors.lot_for_viewer(lot.pk, user), request, user, has_bid=False)
