"""Auction pages: the list, the auction room, a lot with its history, and bidding from the lot page."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from dala.market.models import Bid, Lot
from dala.market.selectors.auctions import OUTBID, RESERVE_NOT_MET, WINNING, bidder_status, next_minimum
from dala.market.services.auctions import place_bid
from tests.factories import ArtworkImageFactory, UserFactory, image_bytes
from tests.market.factories_auctions import make_auction, make_lot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ALMATY = ZoneInfo("Asia/Almaty")



def _lot_url(lot: Lot) -> str:
    return reverse("market:lot", kwargs={"slug": lot.auction.slug, "number": lot.number})


def _bid_url(lot: Lot) -> str:
    return reverse("market:bid", kwargs={"slug": lot.auction.slug, "number": lot.number})


def _text(response: Any) -> str:
    return response.content.decode()


def test_the_auctions_page_lists_open_upcoming_and_past_auctions_but_not_unpublished_ones(client: Client) -> None:
    make_auction(title="Open evening")
    make_auction(title="Next spring", opens_in=datetime.timedelta(days=3), closes_in=datetime.timedelta(days=4))
    make_auction(title="Last winter", opens_in=-datetime.timedelta(days=4), closes_in=-datetime.timedelta(days=3))
    make_auction(title="Secret sale", published=False)
    text = _text(client.get(reverse("market:auctions")))
    assert text.index("Open now") < text.index("Open evening") < text.index("Upcoming") < text.index("Next spring")
    assert text.index("Past") < text.index("Last winter")
    assert "Secret sale" not in text


def test_an_unpublished_auction_is_not_found_by_the_public_but_seen_by_its_organiser_and_staff(
        client: Client) -> None:
    auction = make_auction(published=False)
    lot = make_lot(auction)
    url = reverse("market:auction", kwargs={"slug": auction.slug})
    assert client.get(url).status_code == 404
    assert client.get(_lot_url(lot)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(auction.organiser)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(is_staff=True))
    assert client.get(_lot_url(lot)).status_code == 200


def test_the_auction_room_shows_each_lot_without_revealing_the_reserve(client: Client) -> None:
    auction = make_auction()
    lot = make_lot(auction, starting_amount=100_000, reserve_amount=777_700, estimate_low=500_000,
                   estimate_high=900_000)
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=300_000)
    text = _text(client.get(reverse("market:auction", kwargs={"slug": auction.slug})))
    assert "1\u00a0000\u00a0₸" in text  # the current bid
    assert "5\u00a0000\u00a0₸ – 9\u00a0000\u00a0₸" in text
    assert "Reserve not met" in text
    assert "7\u00a0777" not in text and "777700" not in text
    assert ">1</dd>" in text  # one bid


def test_the_auction_room_tells_each_bidder_where_they_stand(client: Client) -> None:
    auction = make_auction()
    first, second, third = make_lot(auction), make_lot(auction), make_lot(auction, reserve_amount=900_000)
    me, rival = UserFactory(), UserFactory()
    place_bid(lot_id=first.pk, bidder=me, max_amount=500_000)
    place_bid(lot_id=second.pk, bidder=me, max_amount=200_000)
    place_bid(lot_id=second.pk, bidder=rival, max_amount=400_000)
    place_bid(lot_id=third.pk, bidder=me, max_amount=300_000)
    client.force_login(me)
    text = _text(client.get(reverse("market:auction", kwargs={"slug": auction.slug})))
    assert "You are winning" in text and "You have been outbid" in text
    assert "You lead, but the reserve is not met" in text


def test_the_auction_room_reads_a_fixed_number_of_queries_however_many_lots(
        client: Client, django_assert_max_num_queries: Any) -> None:
    auction = make_auction()
    for _i in range(6):
        lot = make_lot(auction)
        ArtworkImageFactory(artwork=lot.artwork)
        place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=200_000)
    client.force_login(UserFactory())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("market:auction", kwargs={"slug": auction.slug}))
    assert response.status_code == 200 and _text(response).count('class="lot-card"') == 6


def test_times_are_shown_in_almaty_time(client: Client, settings: Any) -> None:
    settings.TIME_ZONE = "UTC"
    auction = make_auction()
    lot = make_lot(auction)
    text = _text(client.get(_lot_url(lot)))
    assert lot.ends_at.astimezone(ALMATY).strftime("%H:%M:%S") in text


def test_the_lot_page_shows_the_work_its_image_and_the_next_minimum_bid(client: Client) -> None:
    lot = make_lot(make_auction(), starting_amount=100_000)
    ArtworkImageFactory(artwork=lot.artwork, thumbnail=ContentFile(image_bytes(), name="thumb.jpg"))
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=300_000)
    text = _text(client.get(_lot_url(lot)))
    assert lot.artwork.title.get_text() in text and "<img src=" in text
    assert "The next bid is at least 1\u00a0500\u00a0₸." in text  # 1 000 + one increment of 500
    assert "we bid for you one increment at a time" in text
    assert "Log in to bid" in text


def test_the_bid_history_names_bidders_by_number_and_the_viewer_as_you(client: Client) -> None:
    lot = make_lot(make_auction())
    first, me, third = UserFactory(), UserFactory(), UserFactory()
    place_bid(lot_id=lot.pk, bidder=first, max_amount=200_000)
    place_bid(lot_id=lot.pk, bidder=me, max_amount=400_000)
    place_bid(lot_id=lot.pk, bidder=third, max_amount=900_000)
    place_bid(lot_id=lot.pk, bidder=first, max_amount=1_500_000)
    client.force_login(me)
    text = _text(client.get(_lot_url(lot)))
    assert "Bidder 1" in text and "Bidder 3" in text and ">you" in text
    assert first.display_name not in text and third.email not in text
    assert "your maximum 4\u00a0000\u00a0₸" in text
    assert "15\u00a0000" not in text  # the leader's maximum stays secret
    assert "You have been outbid" in text


def test_a_bid_from_the_lot_page_is_placed_and_the_bidder_told_they_lead(client: Client) -> None:
    lot = make_lot(make_auction())
    bidder = UserFactory()
    client.force_login(bidder)
    response = client.post(_bid_url(lot), {"max_amount": "2 500"}, follow=True)
    assert response.redirect_chain[-1][0] == _lot_url(lot)
    assert "You are the highest bidder" in _text(response)
    bid = Bid.objects.get()
    assert (bid.bidder, bid.max_amount) == (bidder, 250_000)


def test_a_bid_below_the_next_increment_shows_the_least_bid_next_to_the_field(client: Client) -> None:
    lot = make_lot(make_auction())
    place_bid(lot_id=lot.pk, bidder=UserFactory(), max_amount=500_000)
    client.force_login(UserFactory())
    response = client.post(_bid_url(lot), {"max_amount": "1200"})
    assert response.status_code == 400
    assert "The least you can bid now is 1\u00a0500\u00a0₸." in _text(response)
    assert 'aria-invalid="true"' in _text(response)


def test_a_bid_after_the_close_is_refused_with_a_message_not_an_error_page(client: Client) -> None:
    lot = make_lot(make_auction())
    Lot.objects.filter(pk=lot.pk).update(ends_at=lot.auction.starts_at + datetime.timedelta(minutes=1))
    client.force_login(UserFactory())
    response = client.post(_bid_url(lot), {"max_amount": "5000"})
    assert response.status_code == 409
    assert "Bidding on this lot has closed." in _text(response)
    assert not Bid.objects.exists()


def test_the_seller_cannot_bid_on_their_own_lot_from_the_page(client: Client) -> None:
    lot = make_lot(make_auction())
    client.force_login(lot.artwork.artist.user)
    response = client.post(_bid_url(lot), {"max_amount": "5000"})
    assert response.status_code == 400 and "You cannot bid on a lot you sell." in _text(response)


@pytest.mark.parametrize("amount", ["5000", ""])
def test_an_anonymous_bid_is_refused_with_a_message_to_log_in(client: Client, amount: str) -> None:
    lot = make_lot(make_auction())
    response = client.post(_bid_url(lot), {"max_amount": amount})
    assert response.status_code == 403
    assert "Log in to buy, offer or bid." in _text(response) and "Log in to bid" in _text(response)
    assert not Bid.objects.exists()


@pytest.mark.parametrize("amount", ["", "abc", "-5", "0", "1.234"])
def test_a_bid_that_is_not_an_amount_is_refused_on_the_form(client: Client, amount: str) -> None:
    lot = make_lot(make_auction())
    client.force_login(UserFactory())
    response = client.post(_bid_url(lot), {"max_amount": amount})
    assert response.status_code == 400 and 'aria-invalid="true"' in _text(response)
    assert not Bid.objects.exists()


def test_bidder_status_and_next_minimum_follow_the_lot() -> None:
    lot = make_lot(make_auction(), starting_amount=100_000, reserve_amount=400_000)
    me, rival = UserFactory(), UserFactory()
    assert next_minimum(lot) == 100_000
    assert bidder_status(lot, me) is None
    place_bid(lot_id=lot.pk, bidder=me, max_amount=300_000)
    lot.refresh_from_db()
    assert bidder_status(lot, me) == RESERVE_NOT_MET and next_minimum(lot) == 150_000
    place_bid(lot_id=lot.pk, bidder=rival, max_amount=600_000)
    lot.refresh_from_db()
    assert bidder_status(lot, me) == OUTBID and bidder_status(lot, rival) == WINNING
    assert lot.current_amount == 400_000 and next_minimum(lot) == 450_000


def test_a_lot_of_another_auction_number_is_not_found(client: Client) -> None:
    lot = make_lot(make_auction())
    other = make_auction(title="Other")
    assert client.get(reverse("market:lot", kwargs={"slug": other.slug, "number": lot.number})).status_code == 404
    assert client.get(reverse("market:bid", kwargs={"slug": lot.auction.slug, "number": 1})).status_code == 405
