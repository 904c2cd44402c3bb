"""Reads for orders, certificates and provenance, shaped so a page's query count does not grow with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dala.catalog.models import Artwork
from dala.core.errors import NotFound

from .. import errors
from ..models import Certificate, Order, ProvenanceEvent, ProvenanceKind
from ..permissions import can_view_order

ROLE_BUYER = "buyer"
ROLE_SELLER = "seller"


def _shaped(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related("artwork__artist", "edition_copy__edition_set", "gallery", "buyer",
                                 "certificate").order_by("-created_at", "-id")


def orders_as_buyer(user: Any) -> QuerySet[Order]:
    """The orders ``user`` placed, newest first."""
    return _shaped(Order.objects.filter(buyer_id=user.pk))


def orders_as_seller(user: Any) -> QuerySet[Order]:
    """The sales on ``user``'s side: works they made, works their gallery holds for an artist it
    represents; every order for staff. Newest first."""
    if user.is_staff:
        return _shaped(Order.objects.all())
    mine = Q(artwork__artist__user_id=user.pk)
    held = Q(artwork__representations__gallery__user_id=user.pk, artwork__representations__ended_at__isnull=True)
    # ``distinct`` because a work held through a representation joins one row per matching representation.
    return _shaped(Order.objects.filter(mine | held).distinct())


def order_for(number: str, user: Any) -> Order:
    """The order with this number if ``user`` may see it (buyer, seller side, staff); else NotFound,
    so that order numbers of others cannot be probed."""
    order = (Order.objects.select_related("artwork__artist", "artwork__medium", "edition_copy__edition_set",
                                          "gallery", "buyer", "recorded_by", "offer", "lot")
             .filter(number=number).first())
    if order is None or not can_view_order(user, order):
        raise NotFound(errors.NOT_FOUND, _("There is no such order."))
    return order


def certificate_of(order: Order) -> Certificate | None:
    try:
        return order.certificate
    except Certificate.DoesNotExist:
        return None


@dataclass(frozen=True)
class Verification:
    """What the public may learn from a certificate's code: never the price, and the owner only as
    the provenance names them (a private collector is not named)."""

    certificate: Certificate
    order: Order
    artwork: Artwork
    owner: str

    @property
    def is_valid(self) -> bool:
        return self.certificate.revoked_at is None


def verification_for_code(code: str) -> Verification:
    """The public facts behind a certificate code, or NotFound (see ``certificate_for_code``)."""
    from . import certificate_for_code

    certificate = certificate_for_code(code)
    order = certificate.order
    sale = ProvenanceEvent.objects.filter(order_id=order.pk, kind=ProvenanceKind.SALE).only("to_party").first()
    return Verification(certificate=certificate, order=order, artwork=order.artwork,
                        owner=sale.to_party if sale is not None else "")


def public_artwork(artwork_id: int) -> Artwork:
    """A work whose provenance may be shown: one the public may see (a sold work stays listed)."""
    artwork = Artwork.objects.listed().filter(pk=artwork_id).select_related("artist", "medium").first()
    if artwork is None:
        raise NotFound(errors.NOT_FOUND, _("There is no public artwork with this id."))
    return artwork


def public_provenance(artwork_id: int) -> list[ProvenanceEvent]:
    """The public events of a work's history, oldest first (newest last)."""
    from . import provenance_of

    return list(provenance_of(artwork_id).order_by("occurred_at", "id"))
