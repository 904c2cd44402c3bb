"""The market's main path end to end through the services: offer, counter, accept, pay, certificate."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dala.catalog.models import Artwork, Availability
from dala.market.models import Certificate, LotStatus, OfferStatus, OrderStatus, ProvenanceKind
from dala.market.services import auctions, offers, orders
from tests.factories import ArtworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_offer_countered_and_accepted_becomes_a_paid_sale_with_a_certificate() -> None:
    artwork = ArtworkFactory(price_amount=1_000_000_00)
    buyer = UserFactory()
    first = offers.make_offer(buyer=buyer, artwork_id=artwork.pk, amount=800_000_00, currency="KZT")
    counter = offers.counter_offer(offer_id=first.pk, user=artwork.artist.user, amount=900_000_00)
    order = offers.accept_offer(offer_id=counter.pk, user=buyer)
    artwork.refresh_from_db()
    assert artwork.availability == Availability.ON_HOLD
    assert order.amount == 900_000_00 and order.platform_fee + order.gallery_fee + order.artist_proceeds == order.amount
    paid = orders.record_payment(order_id=order.pk, user=artwork.artist.user, reference="bank 42")
    assert paid.status == OrderStatus.PAID
    assert Artwork.objects.get(pk=artwork.pk).availability == Availability.SOLD
    assert Certificate.objects.filter(order=paid).exists()
    assert artwork.provenance.get().kind == ProvenanceKind.SALE
    first.refresh_from_db()
    assert first.status == OfferStatus.COUNTERED


def test_a_lot_closes_with_the_highest_bidder_at_one_increment_over_the_second() -> None:
    staff = UserFactory(is_staff=True)
    artwork = ArtworkFactory()
    now = timezone.now()
    auction = auctions.create_auction(organiser=staff, title={"en": "Steppe"},
                                      starts_at=now - datetime.timedelta(hours=1),
                                      ends_at=now + datetime.timedelta(hours=1), is_published=True)
    lot = auctions.add_lot(auction=auction, user=staff, artwork_id=artwork.pk, starting_amount=1_000_000)
    a, b = UserFactory(), UserFactory()
    auctions.place_bid(lot_id=lot.pk, bidder=a, max_amount=5_000_000)
    auctions.place_bid(lot_id=lot.pk, bidder=b, max_amount=3_000_000)
    assert auctions.close_due_lots(now=now + datetime.timedelta(hours=2)) == 1
    lot.refresh_from_db()
    assert lot.status == LotStatus.SOLD and lot.leader == a and lot.current_amount == 3_500_000
    assert lot.order.amount == 3_500_000
