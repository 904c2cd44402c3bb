"""The exhibitions API: listing and detail (private rooms by key), and the studio calls with their errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dala.market.models import ProvenanceEvent
from dala.programmes.models import Exhibition
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtworkFactory, CityFactory, UserFactory

from .factories_exhibitions import organiser, photo_upload, show_with_works

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator() -> Any:
    return organiser()


@pytest.fixture
def studio(curator: Any) -> Client:
    return bearer_client(token_for(curator))


def test_list_by_bucket_city_and_kind(client: Client) -> None:
    show = show_with_works(1, status="published")
    body = client.get(f"{API}/exhibitions", {"when": "current", "city": "almaty"}).json()
    assert [item["slug"] for item in body["items"]] == [show.slug]
    assert body["items"][0]["bucket"] == "current"
    assert client.get(f"{API}/exhibitions", {"kind": "viewing_room"}).json()["count"] == 0
    assert client.get(f"{API}/exhibitions", {"when": "someday"}).status_code in (400, 422)


def test_detail_has_works_in_order_and_artists(client: Client) -> None:
    show = show_with_works(2, status="published")
    body = client.get(f"{API}/exhibitions/{show.slug}").json()
    assert [work["position"] for work in body["works"]] == [0, 1]
    assert len(body["artists"]) == 2


def test_a_private_room_needs_its_key_and_a_draft_is_404(client: Client) -> None:
    room = show_with_works(1, status="published", kind="viewing_room", is_private=True, is_online=True)
    assert error_of(client.get(f"{API}/exhibitions/{room.slug}"))["code"] == "exhibition_not_found"
    assert client.get(f"{API}/exhibitions/{room.slug}", {"key": "nope"}).status_code == 404
    assert client.get(f"{API}/exhibitions/{room.slug}", {"key": room.access_token}).status_code == 200
    draft = show_with_works(1)
    assert client.get(f"{API}/exhibitions/{draft.slug}").status_code == 404


def test_create_refuses_a_physical_show_without_venue_with_the_fields(studio: Client) -> None:
    response = studio.post(f"{API}/studio/exhibitions", {"kind": "exhibition", "title": {"en": "Void"}},
                           content_type="application/json")
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "exhibition_invalid"
    assert {detail["field"] for detail in error["details"]} >= {"venue", "city_id", "opens_on"}


def test_a_collector_cannot_create(client: Client) -> None:
    response = bearer_client(token_for(UserFactory())).post(
        f"{API}/studio/exhibitions", {"kind": "viewing_room", "title": {"en": "Room"}},
        content_type="application/json")
    assert response.status_code == 403


def test_the_studio_flow(studio: Client, curator: Any) -> None:
    CityFactory()
    response = studio.post(f"{API}/studio/exhibitions", {
        "kind": "exhibition", "title": {"en": "Salt"}, "venue": "Hall", "city": "almaty",
        "opens_on": "2026-09-01", "closes_on": "2026-10-01"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    slug = response.json()["slug"]
    base = f"{API}/studio/exhibitions/{slug}"
    response = studio.patch(base, {"closes_on": "2026-08-01"}, content_type="application/json")
    assert response.status_code == 400 and error_of(response)["field"] == "closes_on"
    assert studio.post(f"{base}/publish").status_code == 400
    draft_work = ArtworkFactory(availability="draft")
    response = studio.put(f"{base}/works", {"works": [{"artwork_id": draft_work.pk}]},
                          content_type="application/json")
    assert error_of(response)["code"] == "work_not_public"
    first, second = ArtworkFactory(), ArtworkFactory()
    response = studio.put(f"{base}/works", {"works": [
        {"artwork_id": second.pk, "wall_text": {"en": "First on the wall"}}, {"artwork_id": first.pk}]},
        content_type="application/json")
    assert [work["artwork"]["id"] for work in response.json()["works"]] == [second.pk, first.pk]
    response = studio.post(f"{base}/photos", {"image": photo_upload(), "caption_en": "View"})
    assert response.status_code == 201
    photo_id = response.json()["id"]
    response = studio.post(f"{base}/photos", {"image": SimpleUploadedFile("x.jpg", b"text")})
    assert error_of(response)["code"] == "bad_image"
    assert studio.delete(f"{base}/photos/{photo_id}").status_code == 204
    response = studio.post(f"{base}/publish")
    assert response.status_code == 200 and response.json()["status"] == "published"
    assert ProvenanceEvent.objects.filter(kind="exhibition").count() == 2
    response = studio.put(f"{base}/works", {"works": [{"artwork_id": first.pk}]}, content_type="application/json")
    assert ProvenanceEvent.objects.filter(kind="exhibition").count() == 1
    assert studio.post(f"{base}/unpublish").json()["status"] == "draft"
    assert [item["slug"] for item in studio.get(f"{API}/studio/exhibitions").json()] == [slug]


def test_someone_elses_exhibition_is_404_in_the_studio(studio: Client) -> None:
    show = show_with_works(1)
    assert studio.patch(f"{API}/studio/exhibitions/{show.slug}", {"venue": "x"},
                        content_type="application/json").status_code == 404
    assert Exhibition.objects.get(pk=show.pk).venue != "x"


def test_the_schema_documents_the_operations(client: Client) -> None:
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert "/api/v1/exhibitions/{slug}" in paths
    operation = paths["/api/v1/studio/exhibitions"]["post"]
    assert {"201", "4XX"} <= set(operation["responses"])
    assert "/api/v1/studio/exhibitions/{slug}/photos" in paths
