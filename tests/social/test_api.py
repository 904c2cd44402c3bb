"""The notifications API: mine only, paginated, the text in ?lang=, marking read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dala.social.models import Notification
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtworkFactory, UserFactory

from .test_pages import notification_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader() -> Any:
    return UserFactory()


@pytest.fixture
def api(reader: Any) -> Client:
    return bearer_client(token_for(reader))


def test_the_list_needs_a_token(client: Client) -> None:
    response = client.get(f"{API}/notifications")
    assert response.status_code == 401 and error_of(response)["code"]


def test_the_list_holds_only_mine_newest_first_with_the_text_in_the_asked_language(
        api: Client, reader: Any, settings: Any) -> None:
    settings.SITE_URL = "https://dala.example"
    artwork = ArtworkFactory()
    older = notification_for(reader, artwork, read=True)
    newer = notification_for(reader, artwork, action="order.paid")
    notification_for(UserFactory(), artwork)
    body = api.get(f"{API}/notifications?lang=ru").json()
    assert body["count"] == 2 and body["unread"] == 1 and body["next"] is None
    assert [item["id"] for item in body["items"]] == [newer.pk, older.pk]
    first = body["items"][0]
    assert first["action"] == "order.paid" and first["is_read"] is False and first["read_at"] is None
    assert artwork.title["ru"] in first["text"] and "900\u00a0000\u00a0₸" in first["text"]
    assert first["url"] == "https://dala.example/ru/market/offers/7/"


def test_the_list_is_paginated(api: Client, reader: Any) -> None:
    artwork = ArtworkFactory()
    for _ in range(3):
        notification_for(reader, artwork)
    body = api.get(f"{API}/notifications?page=2&page_size=2").json()
    assert body["count"] == 3 and len(body["items"]) == 1 and body["previous"] == 1 and body["next"] is None


def test_marking_one_read(api: Client, reader: Any) -> None:
    notification = notification_for(reader, ArtworkFactory())
    response = api.post(f"{API}/notifications/{notification.pk}/read")
    assert response.status_code == 200 and response.json()["is_read"] is True
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_not_found(api: Client) -> None:
    theirs = notification_for(UserFactory(), ArtworkFactory())
    response = api.post(f"{API}/notifications/{theirs.pk}/read")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_marking_all_read(api: Client, reader: Any) -> None:
    artwork = ArtworkFactory()
    notification_for(reader, artwork)
    notification_for(reader, artwork)
    theirs = notification_for(UserFactory(), artwork)
    response = api.post(f"{API}/notifications/read-all")
    assert response.status_code == 200 and response.json() == {"marked": 2}
    assert not Notification.objects.filter(recipient=reader, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
