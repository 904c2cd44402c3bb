"""`dala demo_market`: the market demo on top of `dala demo`, written through the services."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dala.accounts.models import User
from dala.catalog.models import Artwork, Availability
from dala.market.models import (
    Auction,
    AuditEntry,
    Bid,
    Certificate,
    Inquiry,
    Offer,
    OfferStatus,
    Order,
    OrderStatus,
    ProvenanceEvent,
    ProvenanceKind,
    Representation,
    Side,
)
from dala.market.permissions import side_of

pytestmark = pytest.mark.django_db


def _run(command: str, **options: object) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def demo() -> None:
    _run("demo", artworks=60, no_images=True)


def test_the_market_demo_fills_every_corner_of_the_market(demo: None) -> None:
    output = _run("demo_market", if_empty=True)

    gallery = User.objects.get(email="gallery@dala.example")
    collector = User.objects.get(email="collector@dala.example")
    naoko = User.objects.get(email="naoko@dala.example")
    representations = Representation.objects.filter(gallery__user=gallery)
    assert representations.count() == 2 and {r.commission_bp for r in representations} == {3000}
    assert representations.filter(artist__user=naoko).exists()
    assert all(r.artworks.exists() for r in representations)

    [negotiation] = Offer.objects.filter(responds_to__isnull=False)
    assert negotiation.made_by == naoko and negotiation.side == Side.SELLER
    assert negotiation.responds_to.status == OfferStatus.COUNTERED and negotiation.responds_to.buyer == collector
    assert negotiation.turn == Side.BUYER and side_of(collector, negotiation)[0] == Side.BUYER

    assert Inquiry.objects.get(buyer=collector).messages.count() == 3

    order = Order.objects.get(status=OrderStatus.PAID)
    assert order.buyer == collector and order.gallery is not None and order.gallery_fee > 0
    assert order.artwork.availability == Availability.SOLD
    assert Certificate.objects.filter(order=order, revoked_at__isnull=True).exists()
    assert ProvenanceEvent.objects.filter(order=order, kind=ProvenanceKind.SALE).exists()
    assert ProvenanceEvent.objects.filter(artwork=order.artwork, kind=ProvenanceKind.EXHIBITION).exists()

    assert Artwork.objects.filter(buy_now=True, availability=Availability.FOR_SALE).count() >= 3

    auction = Auction.objects.get()
    assert auction.title.as_dict() == {"kk": "Көктемгі дала саудасы", "ru": "Весенние торги «Дала»",
                                       "en": "Steppe Spring Sale"}
    assert auction.is_published and auction.starts_at <= timezone.now() < auction.ends_at
    assert 6.9 < (auction.ends_at - auction.starts_at).total_seconds() / 86400 <= 7
    lots = list(auction.lots.order_by("number"))
    assert len(lots) == 4
    assert lots[0].reserve_amount and all(lot.estimate_low and lot.estimate_high for lot in lots)
    assert {bid.bidder.email for bid in Bid.objects.all()} == {"collector@dala.example", "critic@dala.example"}
    assert lots[0].leader is not None and lots[0].bid_count == 2

    # Every write went through the services: each act has its audit entry.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"offer.made", "offer.countered", "inquiry.message", "order.created", "order.paid", "auction.created",
            "lot.added", "bid.placed", "provenance.added"} <= actions
    assert "collector" in output and "turn" in output


def test_a_second_run_with_if_empty_does_nothing(demo: None) -> None:
    _run("demo_market", if_empty=True)
    counts = (Offer.objects.count(), Order.objects.count(), Bid.objects.count(), AuditEntry.objects.count())

    output = _run("demo_market", if_empty=True)

    assert (Offer.objects.count(), Order.objects.count(), Bid.objects.count(),
            AuditEntry.objects.count()) == counts
    assert "nothing to do" in output


def test_the_market_demo_asks_for_the_catalogue_demo_first() -> None:
    with pytest.raises(CommandError, match="dala demo"):
        _run("demo_market")
