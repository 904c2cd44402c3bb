"""The feed: new works of followed artists (and reviews of followed critics), newest first, keyset pages,
and a notification to each follower of a new work."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.accounts.models import CriticProfile
from dala.catalog.models import Availability
from dala.core.translation import Translated
from dala.social import services
from dala.social.models import FeedEvent, Notification
from dala.social.receivers import _on_critique_event
from dala.social.texts import notification_text
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def test_a_new_public_work_enters_its_followers_feed_and_notifies_them(
        client: Client, django_capture_on_commit_callbacks: Capture) -> None:
    followed, other = ArtistFactory(), ArtistFactory()
    reader = UserFactory()
    services.follow(user=reader, kind="artist", target_id=followed.pk)
    with django_capture_on_commit_callbacks(execute=True):
        mine = ArtworkFactory(artist=followed)
        ArtworkFactory(artist=other)
    client.force_login(reader)
    html = client.get("/en/feed/").content.decode()
    assert mine.title["en"] in html
    assert f"{followed.name['en']} published a new work" in html
    assert other.name["en"] not in html
    notification = Notification.objects.get(recipient=reader)
    assert notification.action == "artwork.published"
    assert notification_text(notification, "en") == (
        f"{followed.name['en']} has published a new work: “{mine.title['en']}”")


def test_a_draft_is_not_news_and_a_work_is_announced_only_once(
        django_capture_on_commit_callbacks: Capture) -> None:
    artist, reader = ArtistFactory(), UserFactory()
    services.follow(user=reader, kind="artist", target_id=artist.pk)
    with django_capture_on_commit_callbacks(execute=True):
        draft = ArtworkFactory(artist=artist, availability=Availability.DRAFT)
    assert not FeedEvent.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        draft.availability, draft.is_listed = Availability.FOR_SALE, True
        draft.save()
    assert FeedEvent.objects.filter(artwork=draft).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        draft.is_listed = False
        draft.save()
        draft.is_listed = True
        draft.save()
    assert FeedEvent.objects.filter(artwork=draft).count() == 1
    assert Notification.objects.filter(recipient=reader).count() == 1


def test_a_followed_critics_review_enters_the_feed() -> None:
    critic_user, reader = UserFactory(), UserFactory()
    critic = CriticProfile.objects.create(user=critic_user, name=Translated(en="Aida"), slug="aida")
    services.follow(user=reader, kind="critic", target_id=critic.pk)

    class Review:
        pk = 41
        title = "Steppe light"

    _on_critique_event(action="review.published", actor_id=critic_user.pk, recipient_ids=[UserFactory().pk],
                       subject=Review(), url="/en/reviews/41/")
    from dala.social.selectors import feed_of
    from dala.social.texts import feed_text

    event = feed_of(reader).get()
    assert feed_text(event, "en") == "Aida published a review: “Steppe light”"


def test_the_feed_is_keyset_paginated_newest_first_with_few_queries(
        client: Client, django_assert_max_num_queries: Any) -> None:
    artists = [ArtistFactory() for _ in range(3)]
    reader = UserFactory()
    for artist in artists:
        services.follow(user=reader, kind="artist", target_id=artist.pk)
    start = timezone.now() - datetime.timedelta(days=1)
    for index in range(45):
        artist = artists[index % 3]
        work = ArtworkFactory(artist=artist)
        FeedEvent.objects.create(actor_kind="artist", actor_id=artist.pk, verb="artwork.published", artwork=work,
                                 artist=artist, created_at=start + datetime.timedelta(minutes=index))
    client.force_login(reader)
    # session, user, the page of events (with works and artists joined), the unread count
    with django_assert_max_num_queries(8):
        first = client.get("/en/feed/")
    assert first.status_code == 200
    page = first.context["page"]
    assert len(page.items) == 20
    assert page.items[0].created_at > page.items[-1].created_at
    with django_assert_max_num_queries(8):
        second = client.get("/en/feed/", {"cursor": page.next_cursor})
    seen = [e.pk for e in page.items] + [e.pk for e in second.context["page"].items]
    assert len(set(seen)) == 40
    assert client.get("/en/feed/", {"cursor": "garbage"}).status_code == 400


def test_the_feed_needs_login(client: Client) -> None:
    response = client.get("/en/feed/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_review_and_a_reply_notify_in_words(django_capture_on_commit_callbacks: Capture) -> None:
    artist_user, critic_user = UserFactory(), UserFactory()

    class Review:
        pk = 7
        title = "Steppe light"

    class Reply:
        pk = 3
        review = Review()

    _on_critique_event(action="review.published", actor_id=critic_user.pk, recipient_ids=[artist_user.pk],
                       subject=Review(), url="/en/")
    _on_critique_event(action="review.replied", actor_id=artist_user.pk, recipient_ids=[critic_user.pk],
                       subject=Reply(), url="/en/")
    published = Notification.objects.get(recipient=artist_user)
    replied = Notification.objects.get(recipient=critic_user)
    assert notification_text(published, "en") == "A review of your work has been published: “Steppe light”"
    assert notification_text(replied, "en") == "The artist has replied to your review “Steppe light”"
