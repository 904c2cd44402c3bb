"""The social API: follow / unfollow, my follows, others' follows (private by default), the feed and my
notification settings."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dala.social import services
from dala.social.models import FeedEvent, Follow
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader() -> Any:
    return UserFactory()


@pytest.fixture
def api(reader: Any) -> Client:
    return bearer_client(token_for(reader))


def test_follow_is_idempotent_and_unfollow_too(api: Client, reader: Any) -> None:
    artist = ArtistFactory()
    body = {"kind": "artist", "id": artist.pk}
    first = api.post(f"{API}/follows", body, content_type="application/json")
    assert first.status_code == 201 and first.json()["name"] in artist.name.values()
    again = api.post(f"{API}/follows", body, content_type="application/json")
    assert again.status_code == 200
    assert Follow.objects.filter(follower=reader).count() == 1
    listed = api.get(f"{API}/follows").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == artist.pk and listed["items"][0]["kind"] == "artist"
    assert api.delete(f"{API}/follows?kind=artist&id={artist.pk}").status_code == 204
    assert api.delete(f"{API}/follows?kind=artist&id={artist.pk}").status_code == 204
    assert not Follow.objects.exists()


def test_following_nothing_is_refused(api: Client) -> None:
    response = api.post(f"{API}/follows", {"kind": "artist", "id": 999_999}, content_type="application/json")
    assert response.status_code == 404 and error_of(response)["code"] == "follow_target_not_found"
    assert api.post(f"{API}/follows", {"kind": "planet", "id": 1},
                    content_type="application/json").status_code in (400, 422)
    assert Client().post(f"{API}/follows", {"kind": "artist", "id": 1},
                         content_type="application/json").status_code == 401


def test_someone_elses_follows_are_private_unless_made_public(api: Client) -> None:
    collector = UserFactory()
    services.follow(user=collector, kind="artist", target_id=ArtistFactory().pk)
    response = api.get(f"{API}/users/{collector.pk}/follows")
    assert response.status_code == 403 and error_of(response)["code"] == "follows_private"
    services.update_settings(user=collector, follows_public=True)
    assert api.get(f"{API}/users/{collector.pk}/follows").json()["count"] == 1


def test_the_feed_lists_what_i_follow(api: Client, reader: Any) -> None:
    followed, other = ArtistFactory(), ArtistFactory()
    services.follow(user=reader, kind="artist", target_id=followed.pk)
    for artist in (followed, other):
        work = ArtworkFactory(artist=artist)
        FeedEvent.objects.create(actor_kind="artist", actor_id=artist.pk, verb="artwork.published", artwork=work,
                                 artist=artist)
    body = api.get(f"{API}/feed?lang=en").json()
    assert [item["actor_id"] for item in body["items"]] == [followed.pk]
    assert body["items"][0]["text"].startswith(followed.name["en"]) and body["next_cursor"] is None
    assert api.get(f"{API}/feed?cursor=nonsense").status_code == 400


def test_my_notification_settings_read_and_change(api: Client) -> None:
    assert api.get(f"{API}/notification-settings").json() == {
        "email_delivery": "instant", "email_market": True, "email_reviews": True, "email_follows": True,
        "email_searches": True, "email_programmes": True, "follows_public": False, "saves_public": False}
    changed = api.put(f"{API}/notification-settings", json.dumps({"email_delivery": "digest", "email_market": False}),
                      content_type="application/json")
    assert changed.status_code == 200
    assert changed.json()["email_delivery"] == "digest" and changed.json()["email_market"] is False
    assert changed.json()["email_reviews"] is True
    assert api.put(f"{API}/notification-settings", json.dumps({"email_delivery": "hourly"}),
                   content_type="application/json").status_code in (400, 422)
