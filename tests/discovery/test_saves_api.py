"""The saves API: saved works (mine and a collector's, private by default) and saved searches."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dala.catalog.models import Availability
from dala.discovery.models import SavedSearch, SavedWork
from dala.discovery.services import saves as services
from dala.social.services import update_settings
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader() -> Any:
    return UserFactory()


@pytest.fixture
def api(reader: Any) -> Client:
    return bearer_client(token_for(reader))


def test_save_list_and_remove_a_work(api: Client, reader: Any) -> None:
    work = ArtworkFactory()
    first = api.post(f"{API}/saved-works", {"artwork_id": work.pk}, content_type="application/json")
    assert first.status_code == 201 and first.json()["artwork"]["id"] == work.pk
    again = api.post(f"{API}/saved-works", {"artwork_id": work.pk}, content_type="application/json")
    assert again.status_code == 200
    listed = api.get(f"{API}/saved-works").json()
    assert listed["count"] == 1 and listed["items"][0]["available"] is True
    assert api.delete(f"{API}/saved-works/{work.pk}").status_code == 204
    assert api.delete(f"{API}/saved-works/{work.pk}").status_code == 204
    assert not SavedWork.objects.exists()


def test_a_work_that_is_not_public_cannot_be_saved(api: Client) -> None:
    draft = ArtworkFactory(availability=Availability.DRAFT)
    response = api.post(f"{API}/saved-works", {"artwork_id": draft.pk}, content_type="application/json")
    assert response.status_code == 404 and error_of(response)["code"] == "saved_work_not_public"
    assert Client().get(f"{API}/saved-works").status_code == 401


def test_someone_elses_saves_are_private_unless_made_public(api: Client) -> None:
    collector = UserFactory()
    shown, gone = ArtworkFactory(), ArtworkFactory()
    services.save_work(user=collector, artwork_id=shown.pk)
    services.save_work(user=collector, artwork_id=gone.pk)
    response = api.get(f"{API}/users/{collector.pk}/saved-works")
    assert response.status_code == 404 and error_of(response)["code"] == "saves_private"
    update_settings(user=collector, saves_public=True)
    gone.is_listed = False
    gone.save()
    body = api.get(f"{API}/users/{collector.pk}/saved-works").json()
    assert [item["artwork_id"] for item in body["items"]] == [shown.pk]
    mine = bearer_client(token_for(collector)).get(f"{API}/saved-works").json()
    assert {item["artwork_id"]: item["available"] for item in mine["items"]} == {shown.pk: True, gone.pk: False}


def test_saved_searches_crud(api: Client, reader: Any) -> None:
    created = api.post(f"{API}/saved-searches", {"params": {"medium": "oil", "emerging": True, "price_max": 500},
                                                  "name": "Cheap oils"}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["params"] == {"medium": "oil", "price_max": "500", "emerging": "1", "currency": "KZT"}
    assert "/artworks/?medium=oil" in body["web_url"]
    search_id = body["id"]
    patched = api.patch(f"{API}/saved-searches/{search_id}", {"alerts": False}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["alerts"] is False and patched.json()["name"] == "Cheap oils"
    assert api.get(f"{API}/saved-searches").json()["items"][0]["id"] == search_id
    other = bearer_client(token_for(UserFactory()))
    assert other.patch(f"{API}/saved-searches/{search_id}", {"name": "mine"},
                       content_type="application/json").status_code == 404
    assert other.delete(f"{API}/saved-searches/{search_id}").status_code == 404
    assert api.delete(f"{API}/saved-searches/{search_id}").status_code == 204
    assert not SavedSearch.objects.exists()


def test_bad_filters_and_taken_names_are_refused(api: Client) -> None:
    bad = api.post(f"{API}/saved-searches", {"params": {"country": "ZZ", "sort": "random"}},
                   content_type="application/json")
    assert bad.status_code == 422 and error_of(bad)["code"] == "invalid_filter"
    assert {d["field"] for d in error_of(bad)["details"]} == {"country", "sort"}
    api.post(f"{API}/saved-searches", {"params": {"medium": "oil"}, "name": "A"}, content_type="application/json")
    taken = api.post(f"{API}/saved-searches", {"params": {"medium": "ink"}, "name": "A"},
                     content_type="application/json")
    assert taken.status_code == 409 and error_of(taken)["code"] == "saved_search_name_taken"


def test_the_operations_are_in_the_openapi_schema() -> None:
    paths = Client().get(f"{API}/openapi.json").json()["paths"]
    for path in ("/api/v1/saved-works", "/api/v1/saved-works/{artwork_id}", "/api/v1/users/{user_id}/saved-works",
                 "/api/v1/saved-searches", "/api/v1/saved-searches/{search_id}"):
        assert path in paths
        for operation in paths[path].values():
            assert operation["summary"]
