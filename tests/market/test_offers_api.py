"""The offers API: making, answering and following a negotiation with a bearer token."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.catalog.models import Availability, EditionSet, EditionType
from dala.market.models import Offer, OfferStatus, Order
from dala.market.tasks import market_tick
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtworkFactory, GalleryFactory, UserFactory
from tests.market.factories_offers import represent

pytestmark = pytest.mark.django_db

OFFERS = f"{API}/market/offers"


def client_for(user: Any) -> Client:
    return bearer_client(token_for(user))


def offer_body(artwork: Any, **overrides: Any) -> dict[str, Any]:
    return {"artwork_id": artwork.pk, "amount": 1_200_000_00, "currency": "KZT", "note": "For my collection",
            **overrides}


def make(client: Client, artwork: Any, key: str | None = None, **overrides: Any) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(OFFERS, offer_body(artwork, **overrides), content_type="application/json", headers=headers)


@pytest.fixture
def artwork() -> Any:
    return ArtworkFactory()


@pytest.fixture
def buyer() -> Any:
    return UserFactory()


def test_a_buyer_makes_an_offer_and_the_seller_sees_it_waiting_for_them(artwork: Any, buyer: Any) -> None:
    response = make(client_for(buyer), artwork)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount"] == 1_200_000_00 and body["currency"] == "KZT"
    assert body["status"] == "open" and body["turn"] == "seller" and body["side"] == "buyer"
    expires = datetime.datetime.fromisoformat(body["expires_at"])
    assert datetime.timedelta(hours=71) < expires - timezone.now() <= datetime.timedelta(hours=72)

    incoming = client_for(artwork.artist.user).get(OFFERS, {"role": "seller"}).json()
    assert [o["id"] for o in incoming["items"]] == [body["id"]] and incoming["count"] == 1
    assert client_for(artwork.artist.user).get(OFFERS).json()["count"] == 0  # made none as a buyer
    assert client_for(buyer).get(OFFERS, {"role": "buyer"}).json()["items"][0]["id"] == body["id"]


@pytest.mark.parametrize(("availability", "status", "code"), [
    (Availability.SOLD, 409, "not_for_sale"),
    (Availability.NOT_FOR_SALE, 400, "not_for_sale"),
    (Availability.DRAFT, 404, "market_not_found"),
    (Availability.ON_HOLD, 409, "already_held"),
])
def test_offers_on_works_not_for_sale_are_refused(buyer: Any, availability: str, status: int, code: str) -> None:
    artwork = ArtworkFactory(availability=availability)
    response = make(client_for(buyer), artwork)
    assert response.status_code == status
    assert error_of(response)["code"] == code
    assert not Offer.objects.exists()


def test_an_artist_cannot_make_an_offer_on_their_own_work(artwork: Any) -> None:
    response = make(client_for(artwork.artist.user), artwork)
    assert response.status_code == 400 and error_of(response)["code"] == "own_work"


@pytest.mark.parametrize("amount", [0, -5])
def test_an_amount_of_zero_or_less_is_refused(artwork: Any, buyer: Any, amount: int) -> None:
    response = make(client_for(buyer), artwork, amount=amount)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_amount" and error["field"] == "amount"


def test_an_unknown_currency_is_refused(artwork: Any, buyer: Any) -> None:
    response = make(client_for(buyer), artwork, currency="XYZ")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "unknown_currency" and error["field"] == "currency"


def test_making_an_offer_needs_a_token(artwork: Any) -> None:
    response = Client().post(OFFERS, offer_body(artwork), content_type="application/json")
    assert response.status_code == 401


def test_a_counter_chain_shows_whose_turn_it_is_and_every_offer(artwork: Any, buyer: Any) -> None:
    buyer_api, seller_api = client_for(buyer), client_for(artwork.artist.user)
    first = make(buyer_api, artwork).json()
    counter = seller_api.post(f"{OFFERS}/{first['id']}/counter", {"amount": 1_400_000_00, "note": "Framed"},
                              content_type="application/json")
    assert counter.status_code == 201, counter.content
    assert counter.json()["turn"] == "buyer" and counter.json()["currency"] == "KZT"

    chain = buyer_api.get(f"{OFFERS}/{first['id']}").json()
    assert chain["your_side"] == "buyer" and chain["turn"] == "buyer" and chain["status"] == "open"
    assert [(o["amount"], o["status"], o["turn"]) for o in chain["offers"]] == [
        (1_200_000_00, "countered", None), (1_400_000_00, "open", "buyer")]
    assert chain["offers"][1]["responds_to"] == first["id"]
    # The seller side sees the same chain, and that it waits for the buyer.
    assert seller_api.get(f"{OFFERS}/{counter.json()['id']}").json()["your_side"] == "seller"

    # It is not the seller's turn any more: they cannot accept their own counter-offer.
    own = seller_api.post(f"{OFFERS}/{counter.json()['id']}/accept")
    assert own.status_code == 403 and error_of(own)["code"] == "not_your_turn"


def test_a_stranger_cannot_see_or_answer_a_negotiation(artwork: Any, buyer: Any) -> None:
    first = make(client_for(buyer), artwork).json()
    stranger = client_for(UserFactory())
    assert stranger.get(f"{OFFERS}/{first['id']}").status_code == 404
    assert stranger.get(f"{OFFERS}/999999").status_code == 404
    refused = stranger.post(f"{OFFERS}/{first['id']}/accept")
    assert refused.status_code == 403 and error_of(refused)["code"] == "not_a_party"


def test_accepting_an_offer_makes_an_order_holding_the_work(artwork: Any, buyer: Any) -> None:
    first = make(client_for(buyer), artwork).json()
    response = client_for(artwork.artist.user).post(f"{OFFERS}/{first['id']}/accept")
    assert response.status_code == 201, response.content
    order = response.json()
    assert order["amount"] == 1_200_000_00 and order["currency"] == "KZT" and order["status"] == "pending"
    assert order["platform_fee"] + order["gallery_fee"] + order["artist_proceeds"] == order["amount"]
    assert Order.objects.get(number=order["number"]).buyer == buyer
    artwork.refresh_from_db()
    assert artwork.availability == Availability.ON_HOLD


def test_accepting_a_superseded_offer_is_refused(artwork: Any, buyer: Any) -> None:
    first = make(client_for(buyer), artwork).json()
    client_for(artwork.artist.user).post(f"{OFFERS}/{first['id']}/counter", {"amount": 1_300_000_00},
                                         content_type="application/json")
    # The seller answered with a counter; the first offer can no longer be accepted by anyone.
    response = client_for(artwork.artist.user).post(f"{OFFERS}/{first['id']}/accept")
    assert response.status_code == 409 and error_of(response)["code"] == "offer_superseded"
    assert not Order.objects.exists()


def test_accepting_an_expired_offer_is_refused(artwork: Any, buyer: Any) -> None:
    first = make(client_for(buyer), artwork, expires_in_hours=1).json()
    Offer.objects.filter(pk=first["id"]).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client_for(artwork.artist.user).post(f"{OFFERS}/{first['id']}/accept")
    assert response.status_code == 409 and error_of(response)["code"] == "offer_expired"
    assert not Order.objects.exists()


def test_the_periodic_task_marks_offers_past_their_expiry_as_expired(artwork: Any, buyer: Any) -> None:
    first = make(client_for(buyer), artwork).json()
    fresh = make(client_for(UserFactory()), artwork).json()
    Offer.objects.filter(pk=first["id"]).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    result = market_tick.enqueue()
    assert result.return_value["offers_expired"] == 1
    chain = client_for(buyer).get(f"{OFFERS}/{first['id']}").json()
    assert chain["status"] == "expired" and chain["turn"] is None
    assert Offer.objects.get(pk=fresh["id"]).status == OfferStatus.OPEN


def test_a_gallery_without_a_representation_cannot_answer(artwork: Any, buyer: Any) -> None:
    first = make(client_for(buyer), artwork).json()
    other_gallery = GalleryFactory()
    represent(ArtworkFactory(artist=artwork.artist))  # represents the artist, but holds another work
    stranger_gallery = client_for(other_gallery.user)
    refused = stranger_gallery.post(f"{OFFERS}/{first['id']}/accept")
    assert refused.status_code == 403 and error_of(refused)["code"] == "not_a_party"
    assert stranger_gallery.get(f"{OFFERS}/{first['id']}").status_code == 404


def test_a_gallery_holding_the_work_answers_for_the_artist(artwork: Any, buyer: Any) -> None:
    representation = represent(artwork)
    first = make(client_for(buyer), artwork).json()
    gallery_api = client_for(representation.gallery.user)
    assert gallery_api.get(OFFERS, {"role": "seller"}).json()["count"] == 1
    counter = gallery_api.post(f"{OFFERS}/{first['id']}/counter", {"amount": 1_350_000_00},
                               content_type="application/json")
    assert counter.status_code == 201, counter.content
    assert counter.json()["on_behalf_of_gallery"] == str(representation.gallery.name)
    order = client_for(buyer).post(f"{OFFERS}/{counter.json()['id']}/accept").json()
    assert order["gallery_fee"] > 0


def test_a_gallery_whose_representation_ended_cannot_answer(artwork: Any, buyer: Any) -> None:
    representation = represent(artwork, ended_at=timezone.now())
    first = make(client_for(buyer), artwork).json()
    response = client_for(representation.gallery.user).post(f"{OFFERS}/{first['id']}/decline",
                                                            {"reason": "too_low"}, content_type="application/json")
    assert response.status_code == 403


def test_declining_needs_a_reason_and_a_note_for_other(artwork: Any, buyer: Any) -> None:
    first = make(client_for(buyer), artwork).json()
    seller = client_for(artwork.artist.user)
    bare = seller.post(f"{OFFERS}/{first['id']}/decline", {"reason": "other"}, content_type="application/json")
    assert bare.status_code == 400 and error_of(bare)["code"] == "decline_reason_required"
    ok = seller.post(f"{OFFERS}/{first['id']}/decline", {"reason": "too_low"}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["status"] == "declined" and ok.json()["decline_reason"] == "too_low"


def test_a_buyer_withdraws_their_open_offer_but_not_the_sellers(artwork: Any, buyer: Any) -> None:
    first = make(client_for(buyer), artwork).json()
    assert client_for(artwork.artist.user).post(f"{OFFERS}/{first['id']}/withdraw").status_code == 403
    response = client_for(buyer).post(f"{OFFERS}/{first['id']}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_the_same_idempotency_key_returns_the_first_offer_and_makes_only_one(artwork: Any, buyer: Any) -> None:
    api = client_for(buyer)
    first = make(api, artwork, key="offer-1")
    again = make(api, artwork, key="offer-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Offer.objects.count() == 1


def test_the_same_idempotency_key_with_another_offer_is_refused(artwork: Any, buyer: Any) -> None:
    api = client_for(buyer)
    assert make(api, artwork, key="offer-1").status_code == 201
    response = make(api, artwork, key="offer-1", amount=1_250_000_00)
    assert 400 <= response.status_code < 500 and error_of(response)["code"] == "idempotency_key_reused"
    assert Offer.objects.count() == 1


def test_a_retried_accept_returns_the_same_order(artwork: Any, buyer: Any) -> None:
    first = make(client_for(buyer), artwork).json()
    seller = client_for(artwork.artist.user)
    one = seller.post(f"{OFFERS}/{first['id']}/accept", headers={"Idempotency-Key": "accept-1"})
    two = seller.post(f"{OFFERS}/{first['id']}/accept", headers={"Idempotency-Key": "accept-1"})
    assert one.status_code == two.status_code == 201 and one.json() == two.json()
    assert Order.objects.count() == 1


def test_a_retried_counter_makes_one_counter_offer(artwork: Any, buyer: Any) -> None:
    first = make(client_for(buyer), artwork).json()
    seller = client_for(artwork.artist.user)
    for _ in range(2):
        response = seller.post(f"{OFFERS}/{first['id']}/counter", {"amount": 1_300_000_00},
                               content_type="application/json", headers={"Idempotency-Key": "counter-1"})
        assert response.status_code == 201
    assert Offer.objects.count() == 2


def test_an_offer_on_an_edition_names_the_edition(buyer: Any) -> None:
    artwork = ArtworkFactory(edition_type=EditionType.LIMITED)
    edition = EditionSet.objects.create(artwork=artwork, label="Giclée", size=10, price_amount=50_000_00)
    response = make(client_for(buyer), artwork, edition_set_id=edition.pk, amount=40_000_00)
    assert response.status_code == 201, response.content
    assert response.json()["edition_set_id"] == edition.pk


def test_the_offer_operations_are_in_the_openapi_schema_under_market() -> None:
    schema = Client().get(f"{API}/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/v1/market/offers", "/api/v1/market/offers/{offer_id}",
                 "/api/v1/market/offers/{offer_id}/accept", "/api/v1/market/offers/{offer_id}/counter",
                 "/api/v1/market/offers/{offer_id}/decline", "/api/v1/market/offers/{offer_id}/withdraw"):
        assert path in paths, path
        for operation in paths[path].values():
            assert operation["tags"] == ["market"]
    parameters = paths["/api/v1/market/offers"]["post"]["parameters"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in parameters)
