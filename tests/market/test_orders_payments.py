"""The payment seam: the manual provider and a provider's confirmation."""

from __future__ import annotations

import pytest

from dala.catalog.models import Artwork, Availability
from dala.market.api.orders import PaymentIn
from dala.market.models import Certificate, Order, OrderStatus
from dala.market.payments import MANUAL_METHODS, ManualPayment, PaymentProvider, payment_received, provider_for
from tests.factories import ArtworkFactory
from tests.market.factories_orders import bought

pytestmark = pytest.mark.django_db


def test_the_manual_provider_sends_the_buyer_nowhere() -> None:
    provider: PaymentProvider = provider_for("manual")
    assert isinstance(provider, ManualPayment)
    assert provider.start(bought(ArtworkFactory(buy_now=True))) is None


def test_a_providers_confirmation_records_the_payment_without_a_user() -> None:
    order = bought(ArtworkFactory(buy_now=True))
    paid = payment_received(order_number=order.number, provider="manual", reference="txn-9")
    assert paid.status == OrderStatus.PAID and paid.recorded_by is None and paid.payment_reference == "txn-9"
    assert Artwork.objects.get(pk=order.artwork_id).availability == Availability.SOLD
    assert Certificate.objects.filter(order=order).exists()


def test_an_unknown_provider_never_marks_an_order_paid() -> None:
    order = bought(ArtworkFactory(buy_now=True))
    with pytest.raises(KeyError):
        payment_received(order_number=order.number, provider="forged", reference="x")
    assert Order.objects.get().status == OrderStatus.PENDING


def test_the_api_accepts_the_same_payment_methods_as_the_form() -> None:
    api_methods = set(PaymentIn.model_json_schema()["properties"]["method"]["enum"])
    assert api_methods == {code for code, _label in MANUAL_METHODS}
