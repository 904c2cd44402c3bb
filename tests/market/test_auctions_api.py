"""The auctions API: reading auctions and lots, bidding (with Idempotency-Key), creating auctions and lots."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.market.models import Auction, Bid, Lot
from dala.market.services.auctions import place_bid
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtworkFactory, GalleryFactory, UserFactory
from tests.market.factories_auctions import make_auction, make_lot

pytestmark = pytest.mark.django_db

MARKET = f"{API}/market"


def _client(user: Any) -> Client:
    return bearer_client(token_for(user))


def _bid(client: Client, lot: Lot, amount: int, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(f"{MARKET}/lots/{lot.pk}/bids?lang=en", {"max_amount": amount},
                       content_type="application/json", headers=headers)


def test_the_auction_list_has_open_upcoming_and_past_published_auctions(client: Client) -> None:
    open_now = make_auction(title="Open")
    upcoming = make_auction(title="Soon", opens_in=datetime.timedelta(days=1), closes_in=datetime.timedelta(days=2))
    make_auction(title="Hidden", published=False)
    body = client.get(f"{MARKET}/auctions").json()
    assert [a["slug"] for a in body["open_now"]] == [open_now.slug]
    assert [a["slug"] for a in body["upcoming"]] == [upcoming.slug]
    assert body["past"] == []


def test_an_auction_comes_with_its_lots_and_never_the_reserve_or_the_leaders_maximum(client: Client) -> None:
    auction = make_auction()
    lot = make_lot(auction, reserve_amount=777_700, estimate_low=200_000, estimate_high=400_000)
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=654_300)
    body = client.get(f"{MARKET}/auctions/{auction.slug}").json()
    [item] = body["lots"]
    assert item["id"] == lot.pk and item["current_amount"] == 100_000 and item["bid_count"] == 1
    assert item["has_reserve"] is True and item["reserve_met"] is False and item["my_status"] is None
    assert item["next_minimum"] == 150_000 and item["is_open"] is True
    assert "777700" not in str(body) and "654300" not in str(body)


def test_an_unpublished_auction_is_not_found_except_by_its_organiser(client: Client) -> None:
    auction = make_auction(published=False)
    lot = make_lot(auction)
    assert client.get(f"{MARKET}/auctions/{auction.slug}").status_code == 404
    assert client.get(f"{MARKET}/lots/{lot.pk}").status_code == 404
    assert _client(UserFactory()).get(f"{MARKET}/lots/{lot.pk}").status_code == 404
    assert _bid(_client(UserFactory()), lot, 500_000).status_code == 404
    assert _client(auction.organiser).get(f"{MARKET}/auctions/{auction.slug}").status_code == 200


def test_a_lot_says_how_the_caller_stands_on_it() -> None:
    lot = make_lot(make_auction())
    me, rival = UserFactory(), UserFactory()
    place_bid(lot_id=lot.pk, bidder=me, max_amount=200_000)
    place_bid(lot_id=lot.pk, bidder=rival, max_amount=500_000)
    assert _client(me).get(f"{MARKET}/lots/{lot.pk}").json()["my_status"] == "outbid"
    assert _client(rival).get(f"{MARKET}/lots/{lot.pk}").json()["my_status"] == "winning"


def test_a_bad_token_on_a_public_read_is_refused(client: Client) -> None:
    lot = make_lot(make_auction())
    response = bearer_client("dala_nonsense").get(f"{MARKET}/lots/{lot.pk}")
    assert response.status_code == 401


def test_a_bid_answers_201_with_the_lot_after_it_and_my_status() -> None:
    lot = make_lot(make_auction(), reserve_amount=300_000)
    response = _bid(_client(UserFactory()), lot, 250_000)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["max_amount"] == 250_000 and body["bid_id"] == Bid.objects.get().pk
    assert body["lot"]["current_amount"] == 100_000 and body["lot"]["bid_count"] == 1
    assert body["lot"]["my_status"] == "reserve_not_met"


def test_a_retried_bid_with_the_same_key_is_placed_once() -> None:
    lot = make_lot(make_auction())
    client = _client(UserFactory())
    first = _bid(client, lot, 250_000, key="bid-1")
    again = _bid(client, lot, 250_000, key="bid-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert Bid.objects.count() == 1
    other = _bid(client, lot, 300_000, key="bid-1")
    assert other.status_code == 422 and error_of(other)["code"] == "idempotency_key_reused"


def test_a_bid_below_the_next_increment_is_refused_with_the_least_bid() -> None:
    lot = make_lot(make_auction())
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=500_000)
    response = _bid(_client(UserFactory()), lot, 120_000)
    error = error_of(response)
    assert response.status_code == 400 and error["code"] == "bid_too_low" and error["field"] == "max_amount"
    assert "1\u00a0500\u00a0₸" in error["message"]


def test_a_bid_after_the_close_is_a_409_lot_closed() -> None:
    lot = make_lot(make_auction())
    Lot.objects.filter(pk=lot.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    response = _bid(_client(UserFactory()), lot, 500_000)
    assert response.status_code == 409 and error_of(response)["code"] == "lot_closed"


def test_the_seller_cannot_bid_through_the_api() -> None:
    lot = make_lot(make_auction())
    response = _bid(_client(lot.artwork.artist.user), lot, 500_000)
    assert response.status_code == 400 and error_of(response)["code"] == "own_lot"


def test_bidding_needs_a_token(client: Client) -> None:
    lot = make_lot(make_auction())
    response = client.post(f"{MARKET}/lots/{lot.pk}/bids", {"max_amount": 500_000}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize("amount", [0, -5, "500", 10**20])
def test_a_bid_that_is_not_a_positive_whole_amount_is_refused(amount: Any) -> None:
    lot = make_lot(make_auction())
    response = _bid(_client(UserFactory()), lot, amount)
    assert response.status_code in (400, 422) and not Bid.objects.exists()


def _auction_payload(**overrides: Any) -> dict[str, Any]:
    now = timezone.now()
    payload = {"title": {"en": "Night sale"}, "starts_at": now.isoformat(),
               "ends_at": (now + datetime.timedelta(days=2)).isoformat(), "increments": [[0, 5_000], [100_000, 10_000]],
               "soft_close_seconds": 120, "extension_seconds": 120, "is_published": True}
    return {**payload, **overrides}


def test_a_gallery_creates_an_auction_and_adds_a_lot() -> None:
    gallery = GalleryFactory()
    client = _client(gallery.user)
    response = client.post(f"{MARKET}/auctions", _auction_payload(), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    auction = Auction.objects.get(slug=body["slug"])
    assert (auction.organiser, auction.increments, auction.soft_close_seconds) == (
        gallery.user, [[0, 5_000], [100_000, 10_000]], 120)
    staff = UserFactory(is_staff=True)
    Auction.objects.filter(pk=auction.pk).update(organiser=staff)
    artwork = ArtworkFactory()
    response = _client(staff).post(f"{MARKET}/auctions/{auction.slug}/lots",
                                   {"artwork_id": artwork.pk, "starting_amount": 50_000, "reserve_amount": 80_000},
                                   content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1 and response.json()["has_reserve"] is True
    assert "80000" not in response.content.decode()


def test_a_collector_cannot_create_an_auction() -> None:
    response = _client(UserFactory()).post(f"{MARKET}/auctions", _auction_payload(), content_type="application/json")
    assert response.status_code == 403


def test_an_auction_with_a_bad_increment_table_or_schedule_is_refused() -> None:
    client = _client(UserFactory(is_staff=True))
    bad_table = client.post(f"{MARKET}/auctions", _auction_payload(increments=[[5, 1]]),
                            content_type="application/json")
    assert bad_table.status_code == 400 and error_of(bad_table)["code"] == "invalid_increments"
    now = timezone.now()
    yesterday = (now - datetime.timedelta(days=1)).isoformat()
    backwards = client.post(f"{MARKET}/auctions", _auction_payload(ends_at=yesterday, starts_at=now.isoformat()),
                            content_type="application/json")
    assert backwards.status_code == 400 and error_of(backwards)["code"] == "invalid_schedule"


def test_someone_else_cannot_add_a_lot_to_an_auction() -> None:
    auction = make_auction()
    artwork = ArtworkFactory()
    response = _client(UserFactory()).post(f"{MARKET}/auctions/{auction.slug}/lots",
                                           {"artwork_id": artwork.pk, "starting_amount": 50_000},
                                           content_type="application/json")
    assert response.status_code == 403 and not Lot.objects.exists()
