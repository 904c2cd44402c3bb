"""Every refusal of the API has the same body, names the field at fault, saves nothing, and is never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork
from tests.factories import ArtworkFactory, MediumFactory, SubjectFactory

from .conftest import API, error_of, fields_of

pytestmark = pytest.mark.django_db

VALID = {"title": {"en": "Steppe"}, "medium": "oil", "price_amount": 100_000, "price_currency": "KZT"}


@pytest.fixture(autouse=True)
def _vocabulary(db: None) -> None:
    MediumFactory()
    SubjectFactory()


@pytest.mark.parametrize("changes, field", [
    ({"title": None}, "title"),
    ({"medium": None}, "medium"),
    ({"title": {}}, "title"),
    ({"title": {"en": "  "}}, "title"),
    ({"title": "Steppe"}, "title"),
    ({"title": {"de": "Steppe"}}, "title.de"),
    ({"title": {"en": "x" * 301}}, "title"),
    ({"medium": "marble-dust"}, "medium"),
    ({"medium": 7}, "medium"),
    ({"subjects": ["no-such-subject"]}, "subjects"),
    ({"subjects": "steppe"}, "subjects"),
    ({"year": "nineteen"}, "year"),
    ({"year": 3000}, "year"),
    ({"year": 2020.5}, "year"),
    ({"height_mm": -5}, "height_mm"),
    ({"width_mm": 0}, "width_mm"),
    ({"depth_mm": 10**9}, "depth_mm"),
    ({"price_amount": -1}, "price_amount"),
    ({"price_amount": "100"}, "price_amount"),
    ({"price_amount": 12.5}, "price_amount"),
    ({"price_amount": True}, "price_amount"),
    ({"price_currency": "XYZ"}, "price_currency"),
    ({"price_visible": "yes"}, "price_visible"),
    ({"availability": "gone"}, "availability"),
    ({"edition_type": "numbered"}, "edition_type"),
    ({"series": 999}, "series"),
    ({"materials": "m" * 301}, "materials"),
    ({"private_notes": 42}, "private_notes"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_new_artwork_is_refused_naming_the_field_and_nothing_is_saved(
        studio: Client, changes: dict[str, Any], field: str) -> None:
    payload = {name: value for name, value in {**VALID, **changes}.items() if value is not None}
    response = studio.post(f"{API}/studio/artworks", payload, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    assert field in fields_of(response), response.json()
    assert not Artwork.objects.exists()


def test_every_bad_field_is_reported_at_once(studio: Client) -> None:
    payload = {**VALID, "height_mm": -1, "price_currency": "XYZ", "year": 3000}
    response = studio.post(f"{API}/studio/artworks", payload, content_type="application/json")
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] in {"invalid_dimension", "unknown_currency", "invalid_year"}
    assert {d["field"] for d in error["details"]} == {"height_mm", "price_currency", "year"}
    assert all(d["code"] and d["message"] for d in error["details"])


def test_a_duplicate_inventory_number_is_refused(studio: Client, artist: ArtistProfile) -> None:
    ArtworkFactory(artist=artist, inventory_number="INV-1")
    response = studio.post(f"{API}/studio/artworks", {**VALID, "inventory_number": "INV-1"},
                           content_type="application/json")
    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], error["field"]) == ("duplicate_inventory_number", "inventory_number")
    assert Artwork.objects.count() == 1


def test_another_artists_inventory_number_may_be_reused(studio: Client) -> None:
    ArtworkFactory(inventory_number="INV-1")
    response = studio.post(f"{API}/studio/artworks", {**VALID, "inventory_number": "INV-1"},
                           content_type="application/json")
    assert response.status_code == 201


@pytest.mark.parametrize("changes, field", [
    ({"height_mm": -5}, "height_mm"),
    ({"price_currency": "ABC"}, "price_currency"),
    ({"medium": None}, "medium"),
    ({"title": {"en": None, "kk": None, "ru": None}}, "title"),
    ({"year": "1990"}, "year"),
    ({"inventory_number": "TAKEN"}, "inventory_number"),
])
def test_a_bad_change_leaves_the_work_as_it_was(studio: Client, artist: ArtistProfile, changes: dict[str, Any],
                                                field: str) -> None:
    ArtworkFactory(artist=artist, inventory_number="TAKEN")
    work = ArtworkFactory(artist=artist, height_mm=600, year=2020)
    before = Artwork.objects.filter(pk=work.pk).values().get()
    response = studio.patch(f"{API}/studio/artworks/{work.pk}", changes, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    assert field in fields_of(response)
    assert Artwork.objects.filter(pk=work.pk).values().get() == before


@pytest.mark.parametrize("body", ["{not json", '{"title": ', "\udcff".encode("utf-8", "surrogatepass")])
def test_broken_json_is_a_400_naming_the_body(studio: Client, body: Any) -> None:
    response = studio.post(f"{API}/studio/artworks", body, content_type="application/json")
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["field"]) == ("invalid_json", "body")


@pytest.mark.parametrize("body", ["[]", '"a string"', "42", ""])
def test_a_body_that_is_not_an_object_is_refused(studio: Client, body: str) -> None:
    response = studio.post(f"{API}/studio/artworks", body, content_type="application/json")
    assert response.status_code == 422
    assert error_of(response)["field"] == "body"


def test_a_non_numeric_id_in_the_path_is_refused_naming_it(studio: Client, client: Client) -> None:
    response = client.get(f"{API}/artworks/abc")
    assert response.status_code == 422
    assert error_of(response)["field"] == "artwork_id"
    assert studio.get(f"{API}/studio/artworks/abc").status_code == 422


def test_an_unknown_artwork_is_a_404_with_the_error_body(client: Client) -> None:
    response = client.get(f"{API}/artworks/987654")
    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "artwork_not_found"
    assert error["details"] == []


def test_error_messages_follow_the_requested_language(client: Client) -> None:
    english = error_of(client.get(f"{API}/artworks/987654", {"lang": "en"}))["message"]
    assert "artwork" in english.lower()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.dictionaries(
    st.sampled_from(["title", "medium", "subjects", "year", "height_mm", "price_amount", "price_currency",
                     "availability", "edition_type", "inventory_number", "price_visible", "series"]),
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20), st.floats(),
              st.text(max_size=20), st.lists(st.text(max_size=5), max_size=3),
              st.dictionaries(st.sampled_from(["kk", "ru", "en", "xx"]), st.one_of(st.none(), st.text(max_size=5)),
                              max_size=3)),
    max_size=6,
))
def test_no_json_body_makes_the_studio_fail_with_a_500(studio: Client, payload: dict[str, Any]) -> None:
    response = studio.post(f"{API}/studio/artworks", json.dumps(payload), content_type="application/json")
    assert response.status_code < 500, (payload, response.content)
    if response.status_code >= 400:
        error_of(response)


def test_the_openapi_schema_is_valid_json_with_every_path_summarised_and_tagged(client: Client) -> None:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    paths = schema["paths"]
    for path in ("/api/v1/auth/token", "/api/v1/me", "/api/v1/artists", "/api/v1/artists/{slug}",
                 "/api/v1/artists/{slug}/artworks", "/api/v1/artworks", "/api/v1/artworks/{artwork_id}",
                 "/api/v1/studio/artworks", "/api/v1/studio/artworks/{artwork_id}",
                 "/api/v1/studio/artworks/{artwork_id}/images", "/api/v1/studio/images/{image_id}/primary",
                 "/api/v1/studio/images/{image_id}"):
        assert path in paths, path
    for path, methods in paths.items():
        for method, operation in methods.items():
            assert operation.get("summary"), (method, path)
            assert operation.get("tags"), (method, path)
            assert "4XX" in operation["responses"], (method, path)
    assert "Error" in schema["components"]["schemas"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    studio_post = paths["/api/v1/studio/artworks"]["post"]
    assert studio_post["security"] == [{"TokenAuth": []}]


def test_the_interactive_docs_are_served(client: Client) -> None:
    assert client.get(f"{API}/docs").status_code == 200


def test_an_unknown_api_address_is_a_json_404(client: Client) -> None:
    for method in ("get", "post", "delete"):
        response = getattr(client, method)(f"{API}/no/such/thing")
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


def test_a_wrong_method_is_a_json_405_listing_the_allowed_ones(client: Client) -> None:
    response = client.put(f"{API}/artworks")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_a_too_large_json_body_is_a_413(studio: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = studio.post(f"{API}/studio/artworks", {**VALID, "private_notes": "n" * 500},
                           content_type="application/json")
    assert response.status_code == 413
    assert error_of(response)["field"] == "body"
    assert not Artwork.objects.exists()


def test_an_unexpected_failure_still_answers_with_the_error_body(client: Client, monkeypatch: Any,
                                                                  caplog: Any) -> None:
    def broken(artwork_id: int) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr("dala.catalog.api.artwork_by_id", broken)
    response = client.get(f"{API}/artworks/1")
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "server_error"
    assert "fire" not in error["message"]
    assert "database on fire" in caplog.text
