"""The market API: orders (buy now, mine as buyer or seller, payment, cancel) and certificate checks."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Header, Query, Router, Schema

from dala.accounts.api import TokenAuth, current_user
from dala.catalog.schemas import PageQuery
from dala.core.pagination import numbered_page

from .. import idempotency
from ..certificates import copy_label, verification_url
from ..models import Order
from ..selectors.orders import (
    ROLE_BUYER,
    Verification,
    certificate_of,
    order_for,
    orders_as_buyer,
    orders_as_seller,
    verification_for_code,
)
from ..services import orders as order_services

router = Router(tags=["market"])
auth = TokenAuth()


class BuyNowIn(Schema):
    artwork_id: int
    edition_set_id: int | None = Field(None, description="Required for a work with several editions.")
    expected_amount: int = Field(..., gt=0, description="The price the buyer saw, in minor units.")
    expected_currency: str = Field(..., min_length=3, max_length=3)


class PaymentIn(Schema):
    # The same choices as payments.MANUAL_METHODS (a test keeps them equal).
    method: Literal["bank_transfer", "card", "cash", "other"] = "bank_transfer"
    reference: str = Field("", max_length=200)


class CancelIn(Schema):
    reason: str = Field("", max_length=500)


class OrderOut(Schema):
    number: str
    artwork_id: int
    artwork_title: dict[str, str]
    edition_set_id: int | None
    edition_copy: str | None = Field(None, description="The numbered copy, e.g. 3/25; null for a unique work.")
    buyer_id: int
    source: str
    status: str
    amount: int
    currency: str
    platform_rate_bp: int
    platform_fee: int
    gallery_id: int | None
    gallery_rate_bp: int
    gallery_fee: int
    artist_proceeds: int
    created_at: datetime.datetime
    hold_until: datetime.datetime
    paid_at: datetime.datetime | None
    payment_method: str
    certificate_code: str | None

    @staticmethod
    def build(order: Order) -> dict[str, Any]:
        """The JSON body of ``order`` (plain JSON, so an idempotent retry can replay it as stored)."""
        copy = order.edition_copy
        certificate = certificate_of(order)
        return OrderOut(
            number=order.number, artwork_id=order.artwork_id, artwork_title=order.artwork.title.as_dict(),
            edition_set_id=copy.edition_set_id if copy else None, edition_copy=copy_label(copy) or None,
            buyer_id=order.buyer_id, source=order.source, status=order.status, amount=order.amount,
            currency=order.currency, platform_rate_bp=order.platform_rate_bp, platform_fee=order.platform_fee,
            gallery_id=order.gallery_id, gallery_rate_bp=order.gallery_rate_bp, gallery_fee=order.gallery_fee,
            artist_proceeds=order.artist_proceeds, created_at=order.created_at, hold_until=order.hold_until,
            paid_at=order.paid_at, payment_method=order.payment_method,
            certificate_code=certificate.display_code if certificate else None,
        ).model_dump(mode="json")


class OrderPageOut(Schema):
    items: list[OrderOut]
    page: int
    page_size: int
    count: int


class OrderListQuery(PageQuery):
    role: Literal["buyer", "seller"] = "buyer"


class CertificateOut(Schema):
    code: str
    valid: bool
    status: Literal["valid", "revoked"]
    issued_at: datetime.datetime
    revoked_at: datetime.datetime | None
    artwork_id: int
    artwork_title: dict[str, str]
    artist_name: dict[str, str]
    year: int | None
    edition_copy: str | None
    sold_on: datetime.date | None
    owner: str | None = Field(None, description="As the public provenance names them; never a private collector.")
    verification_url: str

    @staticmethod
    def build(found: Verification) -> CertificateOut:
        from ..certificates import MARKET_TIME_ZONE

        certificate, order, artwork = found.certificate, found.order, found.artwork
        return CertificateOut(
            code=certificate.display_code, valid=found.is_valid, status="valid" if found.is_valid else "revoked",
            issued_at=certificate.issued_at, revoked_at=certificate.revoked_at, artwork_id=artwork.pk,
            artwork_title=artwork.title.as_dict(), artist_name=artwork.artist.name.as_dict(), year=artwork.year,
            edition_copy=copy_label(order.edition_copy) or None,
            sold_on=order.paid_at.astimezone(MARKET_TIME_ZONE).date() if order.paid_at else None,
            owner=found.owner or None, verification_url=verification_url(certificate),
        )


def _visible_order(request: HttpRequest, number: str) -> Order:
    return order_for(number, current_user(request))


@router.post("/orders/buy-now", response={201: OrderOut}, auth=auth, summary="Buy a work at its listed price")
def buy_now(request: HttpRequest, payload: BuyNowIn,
            idempotency_key: str | None = Header(None, alias="Idempotency-Key")) -> tuple[int, Any]:
    """Hold the work (or the edition's next free copy) for the buyer at the listed price. If the price
    is no longer ``expected_amount``/``expected_currency``, nothing is held: 409 ``price_changed``.
    Send an ``Idempotency-Key`` to retry safely: a retry returns the first answer."""
    user = current_user(request)

    def act() -> tuple[int, Any]:
        order = order_services.buy_now(buyer=user, artwork_id=payload.artwork_id,
                                       edition_set_id=payload.edition_set_id,
                                       expected_amount=payload.expected_amount,
                                       expected_currency=payload.expected_currency.upper())
        return 201, OrderOut.build(order_for(order.number, user))

    return idempotency.run_once(user=user, key=idempotency_key, operation="orders.buy_now",
                                payload=payload.dict(), act=act)


@router.get("/orders", response=OrderPageOut, auth=auth, summary="List my orders or my sales")
def list_orders(request: HttpRequest, query: Query[OrderListQuery]) -> OrderPageOut:
    """``role=buyer``: the orders I placed; ``role=seller``: sales of my works or of works my gallery
    holds (staff: every order). Newest first."""
    user = current_user(request)
    orders = orders_as_buyer(user) if query.role == ROLE_BUYER else orders_as_seller(user)
    page = numbered_page(orders, page=query.page, page_size=query.page_size)
    return OrderPageOut(items=[OrderOut(**OrderOut.build(order)) for order in page.rows], page=query.page,
                        page_size=query.page_size, count=page.count)


@router.get("/orders/{number}", response=OrderOut, auth=auth, summary="Get an order")
def get_order(request: HttpRequest, number: str) -> dict[str, Any]:
    """An order its buyer, the seller's side or staff may see; 404 for anyone else."""
    return OrderOut.build(_visible_order(request, number))


@router.post("/orders/{number}/payment", response=OrderOut, auth=auth, summary="Record an order's payment")
def record_payment(request: HttpRequest, number: str, payload: PaymentIn) -> dict[str, Any]:
    """Staff or the seller record that the buyer paid: the work is sold, the sale joins its
    provenance and a certificate is issued. The buyer gets 403."""
    user = current_user(request)
    order = _visible_order(request, number)
    order_services.record_payment(order_id=order.pk, user=user, method=payload.method, reference=payload.reference)
    return OrderOut.build(order_for(number, user))


@router.post("/orders/{number}/cancel", response=OrderOut, auth=auth, summary="Cancel an unpaid order")
def cancel_order(request: HttpRequest, number: str, payload: CancelIn) -> dict[str, Any]:
    """Staff or the seller cancel an order awaiting payment; the work is released."""
    user = current_user(request)
    order = _visible_order(request, number)
    order_services.cancel_order(order_id=order.pk, user=user, reason=payload.reason)
    return OrderOut.build(order_for(number, user))


@router.get("/certificates/{code}", response=CertificateOut, auth=None, summary="Check a certificate")
def verify_certificate(request: HttpRequest, code: str) -> CertificateOut:
    """Public: what a certificate certifies and whether it is valid. Never the price; the owner only
    as the public provenance names them."""
    return CertificateOut.build(verification_for_code(code))
