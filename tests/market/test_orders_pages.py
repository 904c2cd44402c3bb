"""The order pages: buy now, my orders and sales, an order with its payment and cancel forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dala.catalog.models import Artwork, Availability
from dala.market.models import Order, OrderStatus
from tests.factories import ArtworkFactory, UserFactory
from tests.market.factories_orders import bought, represent

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_buy_now_at_the_seen_price_redirects_to_the_held_order() -> None:
    artwork = ArtworkFactory(buy_now=True)
    buyer = logged_in(UserFactory())
    url = reverse("market:buy_now", kwargs={"artwork_id": artwork.pk})
    assert buyer.get(url).status_code == 200
    response = buyer.post(url, {"expected_amount": artwork.price_amount, "expected_currency": "KZT"})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("market:order", args=[order.number])
    page = buyer.get(response["Location"])
    assert page.status_code == 200 and order.number in page.content.decode()


def test_a_changed_price_is_shown_and_one_more_click_buys_at_it() -> None:
    artwork = ArtworkFactory(buy_now=True, price_amount=2_000_000_00)
    buyer = logged_in(UserFactory())
    url = reverse("market:buy_now", kwargs={"artwork_id": artwork.pk})
    response = buyer.post(url, {"expected_amount": 1_500_000_00, "expected_currency": "KZT"})
    assert response.status_code == 409
    assert "2\u00a0000\u00a0000" in response.content.decode()
    assert not Order.objects.exists()
    confirmed = buyer.post(url, {"expected_amount": 2_000_000_00, "expected_currency": "KZT"})
    assert confirmed.status_code == 302 and Order.objects.get().amount == 2_000_000_00


def test_a_refused_purchase_shows_the_reason_instead_of_failing() -> None:
    artwork = ArtworkFactory(buy_now=False)
    response = logged_in(UserFactory()).post(reverse("market:buy_now", kwargs={"artwork_id": artwork.pk}),
                                             {"expected_amount": artwork.price_amount, "expected_currency": "KZT"})
    assert response.status_code == 400 and b"by offer only" in response.content


def test_anonymous_buyers_are_sent_to_log_in() -> None:
    artwork = ArtworkFactory(buy_now=True)
    response = Client().post(reverse("market:buy_now", kwargs={"artwork_id": artwork.pk}), {})
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_seller_records_a_payment_and_the_buyer_then_sees_the_certificate_link() -> None:
    order = bought(ArtworkFactory(buy_now=True))
    seller = logged_in(order.artwork.artist.user)
    page = seller.get(reverse("market:order", args=[order.number])).content.decode()
    assert reverse("market:order_payment", args=[order.number]) in page
    response = seller.post(reverse("market:order_payment", args=[order.number]),
                           {"method": "bank_transfer", "reference": "KZ 7"})
    assert response.status_code == 302
    assert Order.objects.get().status == OrderStatus.PAID
    buyer_page = logged_in(order.buyer).get(reverse("market:order", args=[order.number])).content.decode()
    assert reverse("market:certificate_pdf", args=[order.number]) in buyer_page


def test_the_buyer_may_not_record_a_payment_or_cancel() -> None:
    order = bought(ArtworkFactory(buy_now=True))
    buyer = logged_in(order.buyer)
    page = buyer.get(reverse("market:order", args=[order.number])).content.decode()
    assert reverse("market:order_payment", args=[order.number]) not in page
    assert buyer.post(reverse("market:order_payment", args=[order.number]), {"method": "cash"}).status_code == 403
    assert buyer.post(reverse("market:order_cancel", args=[order.number]), {}).status_code == 403
    assert Order.objects.get().status == OrderStatus.PENDING


def test_cancelling_releases_the_work() -> None:
    order = bought(ArtworkFactory(buy_now=True))
    response = logged_in(UserFactory(is_staff=True)).post(reverse("market:order_cancel", args=[order.number]),
                                                          {"reason": "test"})
    assert response.status_code == 302
    assert Artwork.objects.get(pk=order.artwork_id).availability == Availability.FOR_SALE


def test_the_order_page_shows_the_commission_breakdown_with_the_gallery() -> None:
    artwork = ArtworkFactory(buy_now=True, price_amount=1_000_000_00)
    represent(artwork, commission_bp=2500)
    order = bought(artwork)
    page = logged_in(order.buyer).get(reverse("market:order", args=[order.number])).content.decode()
    assert "100\u00a0000" in page and "250\u00a0000" in page and "650\u00a0000" in page


def test_the_orders_page_lists_purchases_and_sales_in_bounded_queries(django_assert_max_num_queries: Any) -> None:
    artist_work = ArtworkFactory(buy_now=True)
    buyer = UserFactory()
    for _i in range(6):
        bought(ArtworkFactory(buy_now=True, artist=artist_work.artist), buyer=buyer)
    client = logged_in(buyer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("market:orders"))
    assert page.status_code == 200 and page.content.decode().count(reverse("market:orders")) >= 1
    assert all(order.number in page.content.decode() for order in Order.objects.all())
    seller = logged_in(artist_work.artist.user)
    with django_assert_max_num_queries(12):
        sales = seller.get(reverse("market:orders"))
    assert all(order.number in sales.content.decode() for order in Order.objects.all())


def test_a_tampered_buy_form_asks_to_confirm_again() -> None:
    artwork = ArtworkFactory(buy_now=True)
    response = logged_in(UserFactory()).post(reverse("market:buy_now", kwargs={"artwork_id": artwork.pk}),
                                             {"expected_amount": "lots"})
    assert response.status_code == 400 and b"confirm again" in response.content
    assert not Order.objects.exists()
