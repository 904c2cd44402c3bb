"""The orders API: buy now, list, get, record a payment, cancel."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.catalog.models import Artwork, Availability, EditionCopy
from dala.market.models import Certificate, Offer, OfferStatus, Order, OrderStatus, ProvenanceKind
from dala.market.services import offers, orders
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtworkFactory, UserFactory
from tests.market.factories_orders import bought, edition_work, represent

pytestmark = pytest.mark.django_db
BUY = f"{API}/market/orders/buy-now"


def client_of(user: Any) -> Client:
    return bearer_client(token_for(user))


def buy(client: Client, artwork: Artwork, *, amount: int | None = None, currency: str | None = None,
        edition_set_id: int | None = None, key: str | None = None) -> Any:
    body = {"artwork_id": artwork.pk, "edition_set_id": edition_set_id,
            "expected_amount": amount if amount is not None else artwork.price_amount,
            "expected_currency": currency or artwork.price_currency}
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(BUY, body, content_type="application/json", headers=headers)


def test_buying_at_the_listed_price_holds_the_work_for_the_buyer() -> None:
    artwork = ArtworkFactory(buy_now=True)
    buyer = UserFactory()
    response = buy(client_of(buyer), artwork)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["amount"] == artwork.price_amount and body["buyer_id"] == buyer.pk
    assert body["platform_fee"] + body["gallery_fee"] + body["artist_proceeds"] == body["amount"]
    assert Artwork.objects.get(pk=artwork.pk).availability == Availability.ON_HOLD


def test_a_changed_price_is_refused_with_409_and_nothing_is_held() -> None:
    artwork = ArtworkFactory(buy_now=True)
    response = buy(client_of(UserFactory()), artwork, amount=artwork.price_amount - 100)
    assert response.status_code == 409
    assert error_of(response)["code"] == "price_changed"
    assert not Order.objects.exists()
    assert Artwork.objects.get(pk=artwork.pk).availability == Availability.FOR_SALE


def test_a_work_sold_by_offer_only_cannot_be_bought_now() -> None:
    artwork = ArtworkFactory(buy_now=False)
    response = buy(client_of(UserFactory()), artwork)
    assert response.status_code == 400
    assert error_of(response)["code"] == "buy_now_disabled"


def test_a_second_buyer_of_a_held_or_sold_unique_work_gets_409() -> None:
    artwork = ArtworkFactory(buy_now=True)
    assert buy(client_of(UserFactory()), artwork).status_code == 201
    held = buy(client_of(UserFactory()), artwork)
    assert held.status_code == 409 and error_of(held)["code"] == "already_held"
    orders.record_payment(order_id=Order.objects.get().pk, user=artwork.artist.user)
    sold = buy(client_of(UserFactory()), artwork)
    assert sold.status_code == 409 and error_of(sold)["code"] == "not_for_sale"


def test_each_buyer_of_an_edition_gets_the_next_copy_until_it_is_sold_out() -> None:
    artwork, edition = edition_work(size=2, buy_now=True)
    first = buy(client_of(UserFactory()), artwork, amount=edition.price_amount, edition_set_id=edition.pk)
    second = buy(client_of(UserFactory()), artwork, amount=edition.price_amount, edition_set_id=edition.pk)
    assert [first.json()["edition_copy"], second.json()["edition_copy"]] == ["1/2", "2/2"]
    third = buy(client_of(UserFactory()), artwork, amount=edition.price_amount, edition_set_id=edition.pk)
    assert third.status_code == 409 and error_of(third)["code"] == "sold_out"
    assert set(EditionCopy.objects.filter(edition_set=edition).values_list("availability", flat=True)) == {"on_hold"}


def test_the_same_idempotency_key_returns_the_same_order_on_retry() -> None:
    artwork = ArtworkFactory(buy_now=True)
    client = client_of(UserFactory())
    first = buy(client, artwork, key="buy-1")
    again = buy(client, artwork, key="buy-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert Order.objects.count() == 1


def test_a_paid_order_sells_the_work_with_a_provenance_sale_and_a_verifiable_certificate() -> None:
    artwork = ArtworkFactory(buy_now=True)
    number = buy(client_of(UserFactory()), artwork).json()["number"]
    response = client_of(artwork.artist.user).post(f"{API}/market/orders/{number}/payment",
                                                   {"method": "bank_transfer", "reference": "KZ-42"},
                                                   content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "paid" and body["certificate_code"]
    assert Artwork.objects.get(pk=artwork.pk).availability == Availability.SOLD
    assert artwork.provenance.get().kind == ProvenanceKind.SALE
    check = Client().get(f"{API}/market/certificates/{body['certificate_code']}")
    assert check.status_code == 200
    assert check.json()["valid"] is True and check.json()["artwork_id"] == artwork.pk
    assert "amount" not in check.json()


def test_only_staff_or_the_seller_may_record_a_payment() -> None:
    artwork = ArtworkFactory(buy_now=True)
    buyer = UserFactory()
    number = buy(client_of(buyer), artwork).json()["number"]
    url = f"{API}/market/orders/{number}/payment"
    refused = client_of(buyer).post(url, {"reference": "I paid"}, content_type="application/json")
    assert refused.status_code == 403
    assert Order.objects.get().status == OrderStatus.PENDING
    stranger = client_of(UserFactory()).post(url, {}, content_type="application/json")
    assert stranger.status_code == 404
    staff = client_of(UserFactory(is_staff=True)).post(url, {}, content_type="application/json")
    assert staff.status_code == 200 and staff.json()["status"] == "paid"


def test_the_seller_cancels_an_unpaid_order_and_the_work_is_released() -> None:
    artwork = ArtworkFactory(buy_now=True)
    number = buy(client_of(UserFactory()), artwork).json()["number"]
    response = client_of(artwork.artist.user).post(f"{API}/market/orders/{number}/cancel", {"reason": "no reply"},
                                                   content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Artwork.objects.get(pk=artwork.pk).availability == Availability.FOR_SALE


def test_an_unpaid_order_lapses_after_its_hold_and_its_accepted_offer_lapses_too() -> None:
    artwork = ArtworkFactory(buy_now=True)
    buyer = UserFactory()
    offer = offers.make_offer(buyer=buyer, artwork_id=artwork.pk, amount=1_000_000_00, currency="KZT")
    order = offers.accept_offer(offer_id=offer.pk, user=artwork.artist.user)
    assert orders.lapse_orders(now=order.hold_until - datetime.timedelta(minutes=1)) == 0
    assert orders.lapse_orders(now=order.hold_until + datetime.timedelta(minutes=1)) == 1
    assert Order.objects.get(pk=order.pk).status == OrderStatus.LAPSED
    assert Artwork.objects.get(pk=artwork.pk).availability == Availability.FOR_SALE
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.LAPSED
    again = buy(client_of(UserFactory()), Artwork.objects.get(pk=artwork.pk))
    assert again.status_code == 201  # released: another buyer may have it


def test_a_representing_gallerys_share_and_the_fees_sum_to_the_price() -> None:
    artwork = ArtworkFactory(buy_now=True, price_amount=1_000_001)
    representation = represent(artwork, commission_bp=3000)
    body = buy(client_of(UserFactory()), artwork).json()
    assert body["gallery_id"] == representation.gallery.pk and body["gallery_rate_bp"] == 3000
    assert body["platform_fee"] == 100_000 and body["gallery_fee"] == 300_000
    assert body["platform_fee"] + body["gallery_fee"] + body["artist_proceeds"] == 1_000_001
    # The gallery is on the seller's side: it sees the sale and may record its payment.
    gallery = client_of(representation.gallery.user)
    sales = gallery.get(f"{API}/market/orders?role=seller").json()
    assert [item["number"] for item in sales["items"]] == [body["number"]]
    paid = gallery.post(f"{API}/market/orders/{body['number']}/payment", {}, content_type="application/json")
    assert paid.status_code == 200


def test_orders_list_my_purchases_and_my_sales_in_bounded_queries(django_assert_max_num_queries: Any) -> None:
    buyer = UserFactory()
    artist_work = ArtworkFactory(buy_now=True)
    for _i in range(4):
        bought(ArtworkFactory(buy_now=True, artist=artist_work.artist), buyer=buyer)
    paid_order = Order.objects.first()
    assert paid_order is not None
    orders.record_payment(order_id=paid_order.pk, user=artist_work.artist.user)
    client, seller = client_of(buyer), client_of(artist_work.artist.user)
    with django_assert_max_num_queries(6):
        mine = client.get(f"{API}/market/orders?role=buyer")
    assert mine.status_code == 200 and mine.json()["count"] == 4
    with django_assert_max_num_queries(6):
        sales = seller.get(f"{API}/market/orders?role=seller&page_size=2")
    assert sales.json()["count"] == 4 and len(sales.json()["items"]) == 2
    assert client_of(UserFactory()).get(f"{API}/market/orders?role=seller").json()["count"] == 0


def test_an_order_is_hidden_from_everyone_but_its_parties_and_staff() -> None:
    order = bought(ArtworkFactory(buy_now=True))
    url = f"{API}/market/orders/{order.number}"
    assert client_of(order.buyer).get(url).status_code == 200
    assert client_of(order.artwork.artist.user).get(url).status_code == 200
    assert client_of(UserFactory(is_staff=True)).get(url).status_code == 200
    assert client_of(UserFactory()).get(url).status_code == 404
    assert Client().get(url).status_code == 401
    assert not Certificate.objects.exists() and timezone.now() < order.hold_until
