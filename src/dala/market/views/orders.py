"""Order pages: buy now, my orders and sales, one order with its payment and cancel forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dala.catalog.models import Artwork
from dala.catalog.selectors import artwork_by_id
from dala.core.errors import DomainError, NotFound
from dala.core.forms import add_domain_errors
from dala.core.money import Money

from .. import errors
from ..certificates import copy_label
from ..forms.orders import BuyNowForm, CancelForm, PaymentForm
from ..models import Order, OrderStatus
from ..permissions import can_manage_order
from ..selectors.orders import certificate_of, order_for, orders_as_buyer, orders_as_seller
from ..services import orders as order_services

ORDERS_PER_PAGE = 25


def _listed_price(artwork: Artwork, edition_set_id: int | None) -> tuple[int | None, Money | None]:
    """(the edition bought, or None for a unique work; the price buy-now would charge now)."""
    edition = order_services.edition_of(artwork, edition_set_id)
    if edition is not None and edition.price_amount:
        return edition.pk, Money(edition.price_amount, edition.price_currency)
    return (edition.pk if edition else None), artwork.price


def _buy_page(request: HttpRequest, artwork: Artwork, form: BuyNowForm, *, price: Money | None,
              price_changed: bool = False, status: int = 200) -> HttpResponse:
    return render(request, "market/orders/buy.html", {
        "artwork": artwork, "form": form, "price": price, "price_changed": price_changed,
        "hold_hours": int(settings.DALA_ORDER_HOLD_HOURS),
    }, status=status)


def _fresh_form(edition_set_id: int | None, price: Money | None) -> BuyNowForm:
    return BuyNowForm(initial={"edition_set": edition_set_id, "expected_amount": price.amount if price else None,
                               "expected_currency": price.currency if price else None})


def _refused_form(edition_set_id: int | None, price: Money | None, error: DomainError) -> BuyNowForm:
    """A bound form carrying the current price, with ``error`` shown on it (errors need a bound form)."""
    form = BuyNowForm(data={"edition_set": edition_set_id or "", "expected_amount": price.amount if price else "",
                            "expected_currency": price.currency if price else ""})
    form.is_valid()
    add_domain_errors(form, error)
    return form


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def buy(request: HttpRequest, artwork_id: int) -> HttpResponse:
    """GET: confirm buying at the listed price. POST: buy at the price the buyer saw, or, if it has
    changed since, show the new price and ask again (a price is never changed silently)."""
    try:
        artwork = artwork_by_id(artwork_id)
    except NotFound:
        raise Http404 from None
    raw_edition = request.POST.get("edition_set") or request.GET.get("edition_set") or None
    try:
        edition_id, price = _listed_price(artwork, int(raw_edition) if raw_edition and raw_edition.isdigit() else None)
    except DomainError as error:
        return _buy_page(request, artwork, _refused_form(None, None, error), price=None, status=error.status)
    if request.method != "POST":
        return _buy_page(request, artwork, _fresh_form(edition_id, price), price=price)
    form = BuyNowForm(request.POST)
    if not form.is_valid():
        problem = DomainError(errors.PRICE_CHANGED, _("Check the price below and confirm again."))
        return _buy_page(request, artwork, _refused_form(edition_id, price, problem), price=price, status=400)
    try:
        order = order_services.buy_now(buyer=request.user, artwork_id=artwork.pk,
                                       edition_set_id=form.cleaned_data["edition_set"],
                                       expected_amount=form.cleaned_data["expected_amount"],
                                       expected_currency=form.cleaned_data["expected_currency"])
    except DomainError as error:
        if error.code == errors.PRICE_CHANGED:
            # Show the new price with a form carrying it: one more click buys at that price.
            return _buy_page(request, artwork, _fresh_form(edition_id, price), price=price, price_changed=True,
                             status=409)
        return _buy_page(request, artwork, _refused_form(edition_id, price, error), price=price,
                         status=error.status)
    messages.success(request, _("The work is held for you. Pay before the hold ends to complete the purchase."))
    return redirect("market:order", number=order.number)


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """My orders (as buyer) and my sales (as the artist or a representing gallery; staff see all)."""
    bought = Paginator(orders_as_buyer(request.user), ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    sold = Paginator(orders_as_seller(request.user), ORDERS_PER_PAGE).get_page(request.GET.get("sales_page"))
    return render(request, "market/orders/index.html", {"bought": bought, "sold": sold})


def _detail_page(request: HttpRequest, order: Order, *, payment_form: PaymentForm | None = None,
                 cancel_form: CancelForm | None = None, problem: DomainError | None = None,
                 status: int = 200) -> HttpResponse:
    may_manage = can_manage_order(request.user, order)
    pending = order.status == OrderStatus.PENDING
    return render(request, "market/orders/detail.html", {
        "order": order,
        "artwork": order.artwork,
        "copy_label": copy_label(order.edition_copy),
        "platform_percent": _percent(order.platform_rate_bp),
        "gallery_percent": _percent(order.gallery_rate_bp),
        "certificate": certificate_of(order) if order.status == OrderStatus.PAID else None,
        "is_buyer": order.buyer_id == request.user.pk,
        "may_manage": may_manage,
        "payment_form": (payment_form or PaymentForm()) if may_manage and pending else None,
        "cancel_form": (cancel_form or CancelForm()) if may_manage and pending else None,
        # A refusal once the forms are gone (the order was paid or closed meanwhile).
        "problem": problem if problem is not None and not pending else None,
    }, status=status)


def _percent(basis_points: int) -> str:
    return formats.number_format(Decimal(basis_points) / 100, decimal_pos=2 if basis_points % 100 else 0)


def _order_or_404(number: str, user: Any) -> Order:
    try:
        return order_for(number, user)
    except NotFound:
        raise Http404 from None


def _managed_order(number: str, user: Any) -> Order:
    """The order, if ``user`` may record its payment or cancel it (staff, the seller); 403 for the buyer."""
    order = _order_or_404(number, user)
    if not can_manage_order(user, order):
        raise Forbidden
    return order


@login_required
@require_safe
def detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail_page(request, _order_or_404(number, request.user))


@login_required
@require_POST
def record_payment(request: HttpRequest, number: str) -> HttpResponse:
    """Staff or the seller record that the buyer paid: the work is sold and a certificate issued."""
    order = _managed_order(number, request.user)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, order, payment_form=form, status=400)
    try:
        order_services.record_payment(order_id=order.pk, user=request.user, method=form.cleaned_data["method"],
                                      reference=form.cleaned_data["reference"])
    except DomainError as error:
        add_domain_errors(form, error)
        order.refresh_from_db()
        return _detail_page(request, order, payment_form=form, problem=error, status=error.status)
    messages.success(request, _("The payment is recorded. The work is sold and its certificate issued."))
    return redirect("market:order", number=order.number)


@login_required
@require_POST
def cancel(request: HttpRequest, number: str) -> HttpResponse:
    """Staff or the seller cancel an unpaid order: the work is released."""
    order = _managed_order(number, request.user)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, order, cancel_form=form, status=400)
    try:
        order_services.cancel_order(order_id=order.pk, user=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        add_domain_errors(form, error)
        order.refresh_from_db()
        return _detail_page(request, order, cancel_form=form, problem=error, status=error.status)
    messages.success(request, _("The order is cancelled and the work released."))
    return redirect("market:order", number=order.number)
