"""Shapes of the offers and inquiries API. Amounts are integers in minor units with an ISO 4217 currency."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from ..models import Inquiry, InquiryMessage, Offer, Order
from ..selectors.offers import Negotiation


class OfferIn(Schema):
    artwork_id: int
    amount: int = Field(..., description="Minor units (tiyn for KZT): 150000000 is 1 500 000.00 ₸.")
    currency: str = Field(..., max_length=3, description="ISO 4217 code, e.g. KZT.")
    edition_set_id: int | None = Field(None, description="Required for a work with several editions.")
    note: str = Field("", max_length=2000)
    expires_in_hours: int | None = Field(None, description="1 to 336; 72 when left out.")


class CounterIn(Schema):
    amount: int = Field(..., description="Minor units.")
    currency: str | None = Field(None, max_length=3, description="Defaults to the answered offer's currency.")
    note: str = Field("", max_length=2000)
    expires_in_hours: int | None = Field(None, description="1 to 336; 72 when left out.")


class DeclineIn(Schema):
    reason: Literal["too_low", "not_available", "other"]
    note: str = Field("", max_length=2000, description="Required when the reason is “other”.")


class OfferListQuery(Schema):
    role: Literal["buyer", "seller"] = Field("buyer", description="buyer: offers I made; seller: offers on "
                                                                   "works I sell (as artist or gallery).")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=100)


class OfferOut(Schema):
    id: int
    chain_id: int = Field(..., description="The first offer of the negotiation; GET /market/offers/{chain_id}.")
    responds_to: int | None
    artwork_id: int
    edition_set_id: int | None
    buyer_id: int
    side: str = Field(..., description="The side that made this offer: buyer or seller.")
    made_by_id: int
    on_behalf_of_gallery: str | None = Field(..., description="The gallery that made it for the artist, if any.")
    amount: int
    currency: str
    note: str
    status: str
    turn: str | None = Field(..., description="Whose turn to answer (buyer or seller); null once closed.")
    expires_at: datetime.datetime
    answered_at: datetime.datetime | None
    decline_reason: str
    decline_note: str
    created_at: datetime.datetime

    @classmethod
    def build(cls, offer: Offer) -> OfferOut:
        gallery = offer.on_behalf_of.gallery.name if offer.on_behalf_of_id and offer.on_behalf_of else None
        return cls(id=offer.pk, chain_id=offer.chain_root_id or offer.pk, responds_to=offer.responds_to_id,
                   artwork_id=offer.artwork_id, edition_set_id=offer.edition_set_id, buyer_id=offer.buyer_id,
                   side=offer.side, made_by_id=offer.made_by_id,
                   on_behalf_of_gallery=str(gallery) if gallery is not None else None, amount=offer.amount,
                   currency=offer.currency, note=offer.note, status=offer.status, turn=offer.turn,
                   expires_at=offer.expires_at, answered_at=offer.answered_at, decline_reason=offer.decline_reason,
                   decline_note=offer.decline_note, created_at=offer.created_at)

    @classmethod
    def body(cls, offer: Offer) -> dict[str, Any]:
        """As JSON data, for the answer remembered with an Idempotency-Key."""
        return cls.build(offer).model_dump(mode="json")


class OfferPageOut(Schema):
    items: list[OfferOut] = Field(..., description="One row per negotiation: its latest offer.")
    page: int
    page_size: int
    count: int
    next: int | None
    previous: int | None


class NegotiationOut(Schema):
    id: int = Field(..., description="The chain's first offer.")
    artwork_id: int
    your_side: str = Field(..., description="buyer or seller.")
    status: str = Field(..., description="The latest offer's status.")
    turn: str | None = Field(..., description="Whose turn it is (buyer or seller); null once closed.")
    offers: list[OfferOut] = Field(..., description="Oldest first.")

    @classmethod
    def build(cls, negotiation: Negotiation) -> NegotiationOut:
        latest = negotiation.latest
        return cls(id=negotiation.root.pk, artwork_id=negotiation.root.artwork_id, your_side=negotiation.side,
                   status=latest.status, turn=latest.turn, offers=[OfferOut.build(o) for o in negotiation.offers])


class OrderSummaryOut(Schema):
    number: str
    artwork_id: int
    amount: int
    currency: str
    status: str
    hold_until: datetime.datetime = Field(..., description="The work is held for the buyer until then.")
    platform_fee: int
    gallery_fee: int
    artist_proceeds: int

    @classmethod
    def body(cls, order: Order) -> dict[str, Any]:
        return cls(number=order.number, artwork_id=order.artwork_id, amount=order.amount, currency=order.currency,
                   status=order.status, hold_until=order.hold_until, platform_fee=order.platform_fee,
                   gallery_fee=order.gallery_fee, artist_proceeds=order.artist_proceeds).model_dump(mode="json")


# Inquiries ----------------------------------------------------------------------------------------

class InquiryIn(Schema):
    artwork_id: int
    body: str = Field(..., max_length=5000)


class MessageIn(Schema):
    body: str = Field(..., max_length=5000)


class MessageOut(Schema):
    id: int
    author_id: int
    from_side: Literal["buyer", "seller"]
    body: str
    created_at: datetime.datetime

    @classmethod
    def build(cls, message: InquiryMessage, inquiry: Inquiry) -> MessageOut:
        side: Literal["buyer", "seller"] = "buyer" if message.author_id == inquiry.buyer_id else "seller"
        return cls(id=message.pk, author_id=message.author_id, from_side=side, body=message.body,
                   created_at=message.created_at)


class InquiryOut(Schema):
    id: int
    artwork_id: int
    artwork_title: str
    buyer_id: int
    last_message_at: datetime.datetime

    @classmethod
    def build(cls, inquiry: Inquiry) -> InquiryOut:
        return cls(id=inquiry.pk, artwork_id=inquiry.artwork_id, artwork_title=str(inquiry.artwork.title),
                   buyer_id=inquiry.buyer_id, last_message_at=inquiry.last_message_at)


class InquiryPageOut(Schema):
    items: list[InquiryOut]
    page: int
    page_size: int
    count: int
    next: int | None
    previous: int | None


class InquiryPageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=100)


class InquiryDetailOut(InquiryOut):
    your_side: str = Field(..., description="buyer or seller.")
    messages: list[MessageOut]
