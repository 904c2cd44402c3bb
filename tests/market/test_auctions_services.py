"""Auction services: bidding rules, soft close, refusals, and closing lots into orders."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from dala.catalog.models import Artwork, Availability
from dala.core.errors import Conflict, DomainError, PermissionDenied
from dala.market import errors
from dala.market.bidding import replay
from dala.market.models import Bid, Lot, LotStatus, Order, OrderSource, OrderStatus
from dala.market.services.auctions import close_due_lots, create_auction, place_bid
from tests.factories import ArtworkFactory, GalleryFactory, UserFactory
from tests.market.factories_auctions import make_auction, make_lot

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)


def test_a_bid_in_the_soft_close_window_moves_the_close_to_the_extension_after_it() -> None:
    auction = make_auction(soft_close_seconds=300, extension_seconds=600)
    lot = make_lot(auction)
    late = lot.ends_at - 100 * SECOND
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=200_000, now=late)
    lot.refresh_from_db()
    assert lot.ends_at == late + 600 * SECOND


def test_a_bid_before_the_soft_close_window_leaves_the_close_alone() -> None:
    auction = make_auction(soft_close_seconds=300, extension_seconds=600)
    lot = make_lot(auction)
    scheduled = lot.ends_at
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=200_000, now=scheduled - 301 * SECOND)
    lot.refresh_from_db()
    assert lot.ends_at == scheduled


def test_each_late_bid_pushes_the_close_again() -> None:
    auction = make_auction(soft_close_seconds=60, extension_seconds=60)
    lot = make_lot(auction)
    first = lot.ends_at - 10 * SECOND
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=200_000, now=first)
    second = first + 55 * SECOND  # after the original close, inside the extension
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=500_000, now=second)
    lot.refresh_from_db()
    assert lot.ends_at == second + 60 * SECOND


def test_a_bid_after_the_lot_closes_is_refused_as_closed() -> None:
    lot = make_lot(make_auction())
    with pytest.raises(Conflict) as refusal:
        place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=200_000, now=lot.ends_at)
    assert refusal.value.code == errors.LOT_CLOSED and refusal.value.status == 409
    assert not Bid.objects.exists()


def test_a_bid_before_the_auction_opens_is_refused() -> None:
    lot = make_lot(make_auction(opens_in=datetime.timedelta(hours=1), closes_in=datetime.timedelta(hours=2)))
    with pytest.raises(Conflict) as refusal:
        place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=200_000)
    assert refusal.value.code == errors.AUCTION_NOT_OPEN


def test_a_bid_below_the_next_increment_is_refused_naming_the_least_bid() -> None:
    lot = make_lot(make_auction())  # opens at 1 000.00; from 1 000.00 the increment is 500.00
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=500_000)
    with pytest.raises(DomainError) as refusal:
        place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=149_999)
    assert refusal.value.code == errors.BID_TOO_LOW and refusal.value.field == "max_amount"
    assert "1\u00a0500\u00a0₸" in str(refusal.value.message)
    lot.refresh_from_db()
    assert lot.bid_count == 1 and lot.current_amount == 100_000


def test_the_artist_cannot_bid_on_their_own_work() -> None:
    lot = make_lot(make_auction())
    with pytest.raises(DomainError) as refusal:
        place_bid(lot_id=lot.pk, bidder=lot.artwork.artist.user, max_amount=200_000)
    assert refusal.value.code == errors.OWN_LOT


def test_the_organiser_cannot_bid_in_their_own_auction() -> None:
    lot = make_lot(make_auction())
    with pytest.raises(DomainError) as refusal:
        place_bid(lot_id=lot.pk, bidder=lot.auction.organiser, max_amount=200_000)
    assert refusal.value.code == errors.OWN_LOT


def test_an_anonymous_visitor_cannot_bid() -> None:
    from django.contrib.auth.models import AnonymousUser

    lot = make_lot(make_auction())
    with pytest.raises(PermissionDenied) as refusal:
        place_bid(lot_id=lot.pk, bidder=AnonymousUser(), max_amount=200_000)
    assert refusal.value.code == errors.NOT_LOGGED_IN


def test_the_lot_keeps_the_state_a_replay_of_its_bids_gives() -> None:
    lot = make_lot(make_auction(), reserve_amount=400_000)
    bidders = [UserFactory() for _i in range(3)]
    for bidder, amount in [(0, 150_000), (1, 300_000), (0, 250_000), (2, 900_000), (1, 900_000), (0, 1_000)]:
        try:
            place_bid(lot_id=lot.pk, bidder=bidders[bidder], max_amount=amount)
        except DomainError:
            pass
    lot.refresh_from_db()
    stored = list(Bid.objects.filter(lot=lot).order_by("pk").values_list("bidder_id", "max_amount"))
    expected = replay(stored, starting=lot.starting_amount, reserve=lot.reserve_amount, table=lot.auction.increments)
    assert (lot.current_amount, lot.leader_id, lot.leader_max) == (expected.price, expected.leader, expected.leader_max)
    assert lot.leader == bidders[2] and lot.current_amount == 900_000 and lot.bid_count == len(stored)


def test_the_winner_gets_an_order_at_the_hammer_price_when_the_lot_closes() -> None:
    lot = make_lot(make_auction(), reserve_amount=200_000)
    winner, underbidder = UserFactory(), UserFactory()
    place_bid(lot_id=lot.pk, bidder=winner, max_amount=500_000)
    place_bid(lot_id=lot.pk, bidder=underbidder, max_amount=300_000)
    assert close_due_lots(now=lot.ends_at) == 1
    lot.refresh_from_db()
    order = Order.objects.get(lot=lot)
    assert lot.status == LotStatus.SOLD and lot.closed_at is not None
    assert (order.buyer, order.amount, order.currency, order.source) == (winner, 350_000, "KZT", OrderSource.AUCTION)
    assert order.platform_fee + order.gallery_fee + order.artist_proceeds == order.amount
    assert Artwork.objects.get(pk=lot.artwork_id).availability == Availability.ON_HOLD


def test_a_lot_below_its_reserve_passes_without_an_order() -> None:
    lot = make_lot(make_auction(), reserve_amount=1_000_000)
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=500_000)
    assert close_due_lots(now=lot.ends_at) == 1
    lot.refresh_from_db()
    assert lot.status == LotStatus.PASSED and not Order.objects.exists()
    assert Artwork.objects.get(pk=lot.artwork_id).availability == Availability.FOR_SALE


def test_a_lot_without_bids_passes() -> None:
    lot = make_lot(make_auction())
    close_due_lots(now=lot.ends_at)
    lot.refresh_from_db()
    assert lot.status == LotStatus.PASSED and not Order.objects.exists()


def test_a_lot_still_running_is_not_closed_and_closing_twice_makes_one_order() -> None:
    lot = make_lot(make_auction())
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=500_000)
    assert close_due_lots(now=lot.ends_at - SECOND) == 0
    assert close_due_lots(now=lot.ends_at) == 1
    assert close_due_lots(now=lot.ends_at + datetime.timedelta(hours=1)) == 0
    assert Order.objects.filter(lot=lot).count() == 1


def test_the_database_holds_a_lot_to_one_order() -> None:
    lot = make_lot(make_auction())
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=500_000)
    close_due_lots(now=lot.ends_at)
    second = Order.objects.get(lot=lot)
    second.pk = None
    second.number = "DTESTSECOND"
    second.status = OrderStatus.CANCELLED  # not live, so only the lot's own constraint stands in the way
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save(force_insert=True)


def test_lots_close_one_after_another_from_the_auction_close() -> None:
    auction = make_auction(lot_interval_seconds=120)
    first, second = make_lot(auction), make_lot(auction)
    assert (first.number, second.number) == (1, 2)
    assert second.ends_at - first.ends_at == datetime.timedelta(seconds=120)


def test_a_gallery_may_organise_an_auction_but_a_collector_may_not() -> None:
    now = timezone.now()
    gallery = GalleryFactory()
    auction = create_auction(organiser=gallery.user, title={"kk": "Дала кеші"}, starts_at=now,
                             ends_at=now + datetime.timedelta(days=1))
    assert auction.slug and not auction.is_published
    with pytest.raises(PermissionDenied):
        create_auction(organiser=UserFactory(), title={"en": "Mine"}, starts_at=now,
                       ends_at=now + datetime.timedelta(days=1))


@pytest.mark.parametrize("increments", [[], [[10, 5]], [[0, 5], [0, 6]], [[0, 0]], [["x", 1]]])
def test_an_invalid_increment_table_is_refused(increments: list[list[object]]) -> None:
    now = timezone.now()
    with pytest.raises(DomainError) as refusal:
        create_auction(organiser=UserFactory(is_staff=True), title={"en": "Bad"}, starts_at=now,
                       ends_at=now + datetime.timedelta(days=1), increments=increments)  # type: ignore[arg-type]
    assert refusal.value.code == errors.INVALID_INCREMENTS


def test_a_work_cannot_be_in_two_open_lots() -> None:
    artwork = ArtworkFactory()
    make_lot(make_auction(), artwork=artwork)
    with pytest.raises(Conflict):
        make_lot(make_auction(), artwork=artwork)
    assert Lot.objects.count() == 1
