"""The inquiries API: a buyer asks about a work, the seller's side answers, nobody else sees it."""

from __future__ import annotations

from typing import Any

import pytest

from dala.market.models import InquiryMessage
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtworkFactory, UserFactory
from tests.market.factories_offers import represent

pytestmark = pytest.mark.django_db

INQUIRIES = f"{API}/market/inquiries"


def api(user: Any) -> Any:
    return bearer_client(token_for(user))


def test_a_buyer_asks_and_the_artist_replies_in_one_thread() -> None:
    artwork, buyer = ArtworkFactory(), UserFactory()
    asked = api(buyer).post(INQUIRIES, {"artwork_id": artwork.pk, "body": "Is it framed?"},
                            content_type="application/json")
    assert asked.status_code == 201, asked.content
    thread = asked.json()
    assert thread["your_side"] == "buyer" and [m["body"] for m in thread["messages"]] == ["Is it framed?"]

    artist = api(artwork.artist.user)
    assert [i["id"] for i in artist.get(INQUIRIES).json()["items"]] == [thread["id"]]
    replied = artist.post(f"{INQUIRIES}/{thread['id']}/messages", {"body": "Yes, in oak."},
                          content_type="application/json")
    assert replied.status_code == 201
    assert [(m["from_side"], m["body"]) for m in replied.json()["messages"]] == [
        ("buyer", "Is it framed?"), ("seller", "Yes, in oak.")]

    # Asking again continues the same thread.
    again = api(buyer).post(INQUIRIES, {"artwork_id": artwork.pk, "body": "And the price with shipping?"},
                            content_type="application/json")
    assert again.json()["id"] == thread["id"] and len(again.json()["messages"]) == 3


def test_a_stranger_gets_404_on_a_thread_and_cannot_post_in_it() -> None:
    artwork, buyer = ArtworkFactory(), UserFactory()
    thread = api(buyer).post(INQUIRIES, {"artwork_id": artwork.pk, "body": "Hello"},
                             content_type="application/json").json()
    stranger = api(UserFactory())
    assert stranger.get(f"{INQUIRIES}/{thread['id']}").status_code == 404
    response = stranger.post(f"{INQUIRIES}/{thread['id']}/messages", {"body": "Me too"},
                             content_type="application/json")
    assert response.status_code == 404
    assert InquiryMessage.objects.count() == 1


def test_a_gallery_holding_the_work_sees_and_answers_the_thread() -> None:
    artwork, buyer = ArtworkFactory(), UserFactory()
    gallery = represent(artwork).gallery
    thread = api(buyer).post(INQUIRIES, {"artwork_id": artwork.pk, "body": "Hello"},
                             content_type="application/json").json()
    gallery_api = api(gallery.user)
    assert gallery_api.get(f"{INQUIRIES}/{thread['id']}").json()["your_side"] == "seller"
    assert gallery_api.post(f"{INQUIRIES}/{thread['id']}/messages", {"body": "Welcome"},
                            content_type="application/json").status_code == 201


def test_an_empty_question_and_a_question_about_ones_own_work_are_refused() -> None:
    artwork = ArtworkFactory()
    empty = api(UserFactory()).post(INQUIRIES, {"artwork_id": artwork.pk, "body": "   "},
                                    content_type="application/json")
    assert empty.status_code == 400 and error_of(empty)["code"] == "message_empty"
    own = api(artwork.artist.user).post(INQUIRIES, {"artwork_id": artwork.pk, "body": "Hi"},
                                        content_type="application/json")
    assert own.status_code == 400 and error_of(own)["code"] == "own_work"


def test_asking_about_a_draft_is_not_found() -> None:
    artwork = ArtworkFactory(availability="draft")
    response = api(UserFactory()).post(INQUIRIES, {"artwork_id": artwork.pk, "body": "Hi"},
                                       content_type="application/json")
    assert response.status_code == 404


def test_the_inquiry_operations_are_in_the_openapi_schema_under_market() -> None:
    from django.test import Client

    paths = Client().get(f"{API}/openapi.json").json()["paths"]
    for path in ("/api/v1/market/inquiries", "/api/v1/market/inquiries/{inquiry_id}",
                 "/api/v1/market/inquiries/{inquiry_id}/messages"):
        assert path in paths
        assert all(operation["tags"] == ["market"] for operation in paths[path].values())
