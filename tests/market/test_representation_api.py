"""The representation API: the artist grants, changes the held works and ends; the gallery lists and ends."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from dala.market.models import Representation
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtistFactory, ArtworkFactory, GalleryFactory, UserFactory

pytestmark = pytest.mark.django_db

REPRESENTATIONS = f"{API}/market/representations"


def api(user: Any) -> Any:
    return bearer_client(token_for(user))


@pytest.fixture
def artist() -> Any:
    return ArtistFactory()


@pytest.fixture
def gallery() -> Any:
    return GalleryFactory()


def _grant(artist: Any, gallery: Any, **body: Any) -> Any:
    return api(artist.user).post(REPRESENTATIONS, {"gallery_id": gallery.pk, "commission_bp": 2500, **body},
                                 content_type="application/json")


def test_the_artist_grants_and_both_sides_list_it(artist: Any, gallery: Any) -> None:
    work = ArtworkFactory(artist=artist)

    granted = _grant(artist, gallery, artwork_ids=[work.pk])

    assert granted.status_code == 201, granted.content
    body = granted.json()
    assert body["your_side"] == "artist" and body["artwork_ids"] == [work.pk] and body["active"] is True
    [listed] = api(gallery.user).get(REPRESENTATIONS).json()
    assert (listed["id"], listed["your_side"], listed["commission_bp"]) == (body["id"], "gallery", 2500)
    assert api(UserFactory()).get(REPRESENTATIONS).json() == []


def test_a_retried_grant_with_the_same_key_answers_as_the_first(artist: Any, gallery: Any) -> None:
    client = api(artist.user)
    body = {"gallery_id": gallery.pk, "commission_bp": 2500}

    first = client.post(REPRESENTATIONS, body, content_type="application/json", headers={"Idempotency-Key": "r-1"})
    retry = client.post(REPRESENTATIONS, body, content_type="application/json", headers={"Idempotency-Key": "r-1"})

    assert (first.status_code, retry.status_code) == (201, 201)
    assert first.json() == retry.json()
    assert Representation.objects.count() == 1


def test_a_gallery_cannot_grant_itself(gallery: Any) -> None:
    response = api(gallery.user).post(REPRESENTATIONS, {"gallery_id": gallery.pk, "commission_bp": 2500},
                                      content_type="application/json")

    assert response.status_code == 403
    assert error_of(response)["code"] == "not_an_artist"


def test_refusals_name_their_field(artist: Any, gallery: Any, settings: Settings) -> None:
    settings.DALA_PLATFORM_COMMISSION_BP = 1000

    too_much = _grant(artist, gallery, commission_bp=9500)
    not_mine = _grant(artist, gallery, artwork_ids=[ArtworkFactory().pk])
    _grant(artist, gallery)
    twice = _grant(artist, gallery)

    assert (too_much.status_code, error_of(too_much)["field"]) == (400, "commission_bp")
    assert (not_mine.status_code, error_of(not_mine)["code"]) == (400, "not_own_work")
    assert (twice.status_code, error_of(twice)["code"]) == (409, "representation_exists")


def test_the_artist_sets_the_held_works_and_the_gallery_may_not(artist: Any, gallery: Any) -> None:
    first, second = ArtworkFactory(artist=artist), ArtworkFactory(artist=artist)
    pk = _grant(artist, gallery, artwork_ids=[first.pk]).json()["id"]
    url = f"{REPRESENTATIONS}/{pk}/works"

    changed = api(artist.user).put(url, {"artwork_ids": [second.pk, first.pk]}, content_type="application/json")
    refused = api(gallery.user).put(url, {"artwork_ids": []}, content_type="application/json")
    hidden = api(UserFactory()).put(url, {"artwork_ids": []}, content_type="application/json")

    assert changed.status_code == 200 and changed.json()["artwork_ids"] == sorted([first.pk, second.pk])
    assert refused.status_code == 403
    assert hidden.status_code == 404


def test_the_gallery_ends_it_and_it_cannot_be_ended_again(artist: Any, gallery: Any) -> None:
    pk = _grant(artist, gallery).json()["id"]
    url = f"{REPRESENTATIONS}/{pk}/end"

    ended = api(gallery.user).post(url)
    again = api(artist.user).post(url)
    stranger = api(UserFactory()).post(url)

    assert ended.status_code == 200 and ended.json()["active"] is False and ended.json()["ended_at"]
    assert (again.status_code, error_of(again)["code"]) == (409, "representation_ended")
    assert stranger.status_code == 404


def test_the_api_needs_a_token() -> None:
    assert Client().get(REPRESENTATIONS).status_code == 401


def test_the_representation_operations_are_in_the_openapi_schema_under_market() -> None:
    paths = Client().get(f"{API}/openapi.json").json()["paths"]

    assert set(paths[REPRESENTATIONS]) == {"get", "post"}
    assert set(paths[f"{REPRESENTATIONS}/{{representation_id}}/works"]) == {"put"}
    assert paths[f"{REPRESENTATIONS}/{{representation_id}}/end"]["post"]["tags"] == ["market"]
