"""The seam for taking payments. Today a payment is recorded by hand (staff or the seller enter the
bank transfer's reference); a payment provider plugs in here later without touching orders.

A provider sends the buyer somewhere to pay (``start``) and, when its callback says the money
arrived, calls :func:`payment_received`, which records the payment like a person would, with no user.
"""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext_lazy as _

from .models import Order
from .services import orders as order_services

# How staff or the seller say a payment arrived when they record it by hand.
MANUAL_METHODS = [
    ("bank_transfer", _("Bank transfer")),
    ("card", _("Card payment")),
    ("cash", _("Cash")),
    ("other", _("Other")),
]


class PaymentProvider(Protocol):
    """A way to pay for an order."""

    name: str

    def start(self, order: Order) -> str | None:
        """Where to send the buyer to pay ``order`` (a URL), or None when there is nowhere to go."""
        ...


class ManualPayment:
    """The buyer pays outside dala (a bank transfer, say); staff or the seller record it."""

    name = "manual"

    def start(self, order: Order) -> str | None:
        return None


PROVIDERS: dict[str, PaymentProvider] = {ManualPayment.name: ManualPayment()}


def provider_for(name: str = ManualPayment.name) -> PaymentProvider:
    """The provider registered as ``name``; KeyError for an unknown one."""
    return PROVIDERS[name]


def payment_received(*, order_number: str, provider: str, reference: str) -> Order:
    """Called by a provider's callback once it confirms ``order_number`` was paid: records the payment
    (the work is sold, the sale joins the provenance, a certificate is issued)."""
    provider_for(provider)  # an unknown provider never marks an order paid
    order = Order.objects.only("pk").get(number=order_number)
    return order_services.record_payment(order_id=order.pk, user=None, method=provider, reference=reference)
