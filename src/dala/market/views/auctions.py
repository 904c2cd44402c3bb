"""Auction pages: the list of auctions, the auction room, one lot with its bid history, and bidding.

Times are shown in Almaty time, whatever the server's zone: the auctions are held there.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dala.core import ratelimit
from dala.core.errors import DomainError
from dala.core.forms import add_domain_errors
from dala.core.money import Money

from ..forms.auctions import BidForm
from ..models import Auction, Lot, LotStatus
from ..permissions import require_login
from ..selectors import auctions as selectors
from ..services import auctions as services

AUCTION_TIME_ZONE = ZoneInfo("Asia/Almaty")


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    with timezone.override(AUCTION_TIME_ZONE):
        return render(request, template, context, status=status)


def _auction(request: HttpRequest, slug: str) -> Auction:
    try:
        return selectors.auction_for_viewer(slug, request.user)
    except Auction.DoesNotExist:
        raise Http404 from None


def _lot(auction: Auction, number: int) -> Lot:
    try:
        return selectors.lot_in(auction, number)
    except Lot.DoesNotExist:
        raise Http404 from None


def index(request: HttpRequest) -> HttpResponse:
    return _render(request, "market/auctions/index.html", {"index": selectors.auctions_for_index()})


def _lot_row(lot: Lot, user: Any, *, has_bid: bool) -> dict[str, Any]:
    """What a page shows of a lot: never the reserve amount or the leader's maximum."""
    currency = lot.auction.currency
    return {
        "lot": lot,
        "image": selectors.primary_image(lot),
        "current": Money(lot.current_amount, currency) if lot.current_amount is not None else None,
        "starting": Money(lot.starting_amount, currency),
        "estimate_low": Money(lot.estimate_low, currency) if lot.estimate_low else None,
        "estimate_high": Money(lot.estimate_high, currency) if lot.estimate_high else None,
        "has_reserve": lot.reserve_amount is not None,
        "reserve_met": lot.reserve_met,
        "extended": selectors.is_extended(lot),
        "is_open": selectors.is_open_for_bids(lot),
        "is_closed": lot.status != LotStatus.OPEN or timezone.now() >= lot.ends_at,
        "status": selectors.bidder_status(lot, user, has_bid=has_bid),
        "next_minimum": Money(selectors.next_minimum(lot), currency),
    }


def room(request: HttpRequest, slug: str) -> HttpResponse:
    auction = _auction(request, slug)
    lots = selectors.lots_of(auction)
    bid_on = selectors.lots_bid_on(request.user, lots)
    rows = [_lot_row(lot, request.user, has_bid=lot.pk in bid_on) for lot in lots]
    return _render(request, "market/auctions/room.html", {"auction": auction, "rows": rows})


def _lot_page(request: HttpRequest, auction: Auction, lot: Lot, form: BidForm | None = None,
              status: int = 200) -> HttpResponse:
    user = request.user
    row = _lot_row(lot, user, has_bid=False)
    history = selectors.bid_history(lot, user)
    if row["status"] is None and any(line.is_mine for line in history):
        row["status"] = selectors.OUTBID
    my_maximum = lot.leader_max if user.is_authenticated and lot.leader_id == user.pk else None
    return _render(request, "market/auctions/lot.html", {
        "auction": auction, "row": row, "lot": lot, "artwork": lot.artwork, "history": history,
        "form": form or BidForm(currency=auction.currency), "status_code": status,
        "my_maximum": Money(my_maximum, auction.currency) if my_maximum is not None else None,
    }, status=status)


def lot(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    auction = _auction(request, slug)
    return _lot_page(request, auction, _lot(auction, number))


@require_POST
def bid(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    auction = _auction(request, slug)
    lot = _lot(auction, number)
    form = BidForm(request.POST, currency=auction.currency)
    try:
        require_login(request.user)  # first, so a visitor is told to log in whatever they typed
        if not form.is_valid():
            return _lot_page(request, auction, lot, form, status=400)
        ratelimit.hit_for("bid", request)
        placed = services.place_bid(lot_id=lot.pk, bidder=request.user, max_amount=form.cleaned_data["max_amount"])
    except DomainError as error:
        add_domain_errors(form, error)
        # The lot may have moved on since the page was drawn: show it as it is now.
        return _lot_page(request, auction, _lot(auction, number), form, status=error.status)
    maximum = Money(placed.max_amount, auction.currency).format()
    if placed.resulting_leader_id == request.user.pk and not placed.lot.reserve_met:
        messages.info(request, _("Your maximum bid of %(amount)s is in. You lead, but the reserve is not met yet.")
                      % {"amount": maximum})
    elif placed.resulting_leader_id == request.user.pk:
        messages.success(request, _("Your maximum bid of %(amount)s is in. You are the highest bidder.")
                         % {"amount": maximum})
    else:
        messages.warning(request, _("Your maximum bid of %(amount)s is in, but another bidder's maximum is "
                                    "higher: you have been outbid.") % {"amount": maximum})
    return redirect(reverse("market:lot", kwargs={"slug": auction.slug, "number": lot.number}))
