"""Rate limits on offers, bids and messages, on the site and in the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from dala.market.models import Bid, InquiryMessage, Offer
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtworkFactory, UserFactory
from tests.market.factories_auctions import make_auction, make_lot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings: Settings) -> None:
    settings.DALA_RATE_LIMITS = {"offer": "2/h", "bid": "2/h", "message": "2/h"}


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_third_offer_in_an_hour_is_refused_on_the_form_with_the_typed_note_kept() -> None:
    buyer = UserFactory()
    client = logged_in(buyer)
    works = ArtworkFactory.create_batch(3, buy_now=True)
    responses = [client.post(reverse("market:make_offer", args=[work.pk]),
                             {"amount": "1 000 000", "currency": "KZT", "note": f"Note {n}"})
                 for n, work in enumerate(works)]
    assert [r.status_code for r in responses] == [302, 302, 429]
    page = responses[2].content.decode()
    assert "too often" in page and "Note 2" in page
    assert Offer.objects.filter(buyer=buyer).count() == 2


def test_offers_through_the_api_share_the_limit_and_a_refusal_is_not_replayed_after_the_wait(
        settings: Settings) -> None:
    buyer = UserFactory()
    client = bearer_client(token_for(buyer))
    works = ArtworkFactory.create_batch(3, buy_now=True)

    def offer(work: Any, key: str) -> Any:
        return client.post(f"{API}/market/offers?lang=en", {"artwork_id": work.pk, "amount": 100_000_000,
                                                             "currency": "KZT"},
                           content_type="application/json", headers={"Idempotency-Key": key})

    assert offer(works[0], "a").status_code == 201
    assert offer(works[0], "a").status_code == 201  # a retry of the same offer is not counted again
    assert offer(works[1], "b").status_code == 201
    refused = offer(works[2], "c")
    assert refused.status_code == 429 and error_of(refused)["code"] == "rate_limited"
    assert refused["Retry-After"]
    settings.DALA_RATE_LIMITS = {}  # the hour has passed
    assert offer(works[2], "c").status_code == 201
    assert Offer.objects.filter(buyer=buyer).count() == 3


def test_the_third_bid_in_an_hour_is_refused() -> None:
    lot = make_lot(make_auction())
    client = bearer_client(token_for(UserFactory()))
    codes = [client.post(f"{API}/market/lots/{lot.pk}/bids?lang=en", {"max_amount": amount},
                         content_type="application/json").status_code for amount in (200_000, 300_000, 400_000)]
    assert codes == [201, 201, 429]
    assert Bid.objects.count() == 2


def test_the_third_message_in_an_hour_is_refused_on_the_site_and_in_the_api() -> None:
    buyer, artwork = UserFactory(), ArtworkFactory()
    page = logged_in(buyer).post(reverse("market:ask", args=[artwork.pk]), {"body": "Is it framed?"})
    assert page.status_code == 302
    api = bearer_client(token_for(buyer))
    asked = api.post(f"{API}/market/inquiries", {"artwork_id": artwork.pk, "body": "And signed?"},
                     content_type="application/json")
    assert asked.status_code == 201
    refused = logged_in(buyer).post(reverse("market:ask", args=[artwork.pk]), {"body": "Third question"})
    assert refused.status_code == 429 and "Third question" in refused.content.decode()
    assert InquiryMessage.objects.count() == 2
