"""The market API: offers and counter-offers (bearer token). Amounts are integer minor units.

Making an offer, countering and accepting (which makes an order) read the ``Idempotency-Key`` header:
a retry with the same key returns the first answer; the same key with another request is refused."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Header, Query, Router

from dala.accounts.api import TokenAuth, current_user
from dala.core import ratelimit
from dala.core.pagination import numbered_page

from ..idempotency import run_once
from ..models import Offer
from ..selectors.offers import negotiation_for, offers_made_by, offers_to_answer_for
from ..services.offers import accept_offer, counter_offer, decline_offer, make_offer, withdraw_offer
from .schemas_offers import (
    CounterIn,
    DeclineIn,
    NegotiationOut,
    OfferIn,
    OfferListQuery,
    OfferOut,
    OfferPageOut,
    OrderSummaryOut,
)

router = Router(tags=["market"], auth=TokenAuth())

IDEMPOTENCY_HELP = "Any unique string (≤ 100 ASCII characters); a retry with the same key returns the first answer."


def page_of(queryset: QuerySet[Any], page: int, page_size: int) -> tuple[list[Any], int, int | None, int | None]:
    """One numbered page: its rows, the total count, and the next and previous page numbers."""
    numbered = numbered_page(queryset, page=page, page_size=page_size)
    return numbered.rows, numbered.count, numbered.next, numbered.previous


@router.post("/offers", response={201: OfferOut}, summary="Make an offer on a work")
def make(request: HttpRequest, payload: OfferIn,
         idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=IDEMPOTENCY_HELP),
         ) -> tuple[int, Any]:
    """Start a negotiation: the seller (the artist, or a gallery holding the work) may accept, decline or
    counter until the offer expires."""
    user = current_user(request)

    def act() -> tuple[int, Any]:
        ratelimit.hit_for("offer", request)
        offer = make_offer(buyer=user, artwork_id=payload.artwork_id, amount=payload.amount,
                           currency=payload.currency, note=payload.note, edition_set_id=payload.edition_set_id,
                           expires_in_hours=payload.expires_in_hours)
        return 201, OfferOut.body(offer)

    return run_once(user=user, key=idempotency_key, operation="offers.make", payload=payload.model_dump(), act=act)


@router.get("/offers", response=OfferPageOut, summary="List my negotiations")
def list_offers(request: HttpRequest, query: Query[OfferListQuery]) -> OfferPageOut:
    """One row per negotiation (its latest offer), newest first: as buyer, or on the seller's side."""
    user = current_user(request)
    offers = offers_to_answer_for(user) if query.role == "seller" else offers_made_by(user)
    rows, count, next_page, previous = page_of(offers, query.page, query.page_size)
    return OfferPageOut(items=[OfferOut.build(o) for o in rows], page=query.page, page_size=query.page_size,
                        count=count, next=next_page, previous=previous)


@router.get("/offers/{offer_id}", response=NegotiationOut, summary="Get a negotiation")
def get_negotiation(request: HttpRequest, offer_id: int) -> NegotiationOut:
    """The whole chain containing this offer, with each offer's status and whose turn it is.
    404 for anyone but the buyer and the seller's side."""
    return NegotiationOut.build(negotiation_for(current_user(request), offer_id))


@router.post("/offers/{offer_id}/accept", response={201: OrderSummaryOut}, summary="Accept an offer")
def accept(request: HttpRequest, offer_id: int,
           idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=IDEMPOTENCY_HELP),
           ) -> tuple[int, Any]:
    """Accept the other side's open offer: an order at its amount holds the work for the buyer."""
    user = current_user(request)

    def act() -> tuple[int, Any]:
        return 201, OrderSummaryOut.body(accept_offer(offer_id=offer_id, user=user))

    return run_once(user=user, key=idempotency_key, operation="offers.accept", payload={"offer": offer_id}, act=act)


@router.post("/offers/{offer_id}/decline", response=OfferOut, summary="Decline an offer")
def decline(request: HttpRequest, offer_id: int, payload: DeclineIn) -> OfferOut:
    """Decline the other side's open offer with a reason; ``other`` needs a note."""
    offer = decline_offer(offer_id=offer_id, user=current_user(request), reason=payload.reason, note=payload.note)
    return OfferOut.build(offer)


@router.post("/offers/{offer_id}/counter", response={201: OfferOut}, summary="Counter an offer")
def counter(request: HttpRequest, offer_id: int, payload: CounterIn,
            idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=IDEMPOTENCY_HELP),
            ) -> tuple[int, Any]:
    """Answer the other side's open offer with another amount; the new offer is the chain's open one."""
    user = current_user(request)

    def act() -> tuple[int, Any]:
        ratelimit.hit_for("offer", request)
        offer = counter_offer(offer_id=offer_id, user=user, amount=payload.amount, currency=payload.currency,
                              note=payload.note, expires_in_hours=payload.expires_in_hours)
        return 201, OfferOut.body(offer)

    return run_once(user=user, key=idempotency_key, operation="offers.counter",
                    payload={"offer": offer_id, **payload.model_dump()}, act=act)


@router.post("/offers/{offer_id}/withdraw", response=OfferOut, summary="Withdraw my offer")
def withdraw(request: HttpRequest, offer_id: int) -> OfferOut:
    """Take back one's own open offer before the other side answers it."""
    offer: Offer = withdraw_offer(offer_id=offer_id, user=current_user(request))
    return OfferOut.build(offer)
