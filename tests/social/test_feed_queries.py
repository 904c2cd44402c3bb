"""The feed's pages: the same rows as reading every followed event in order, at any page size or depth, in
either direction, with a query count that does not grow with the page's length (bench/feed.py measures the
speed at 10 million events)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.accounts.models import CriticProfile
from dala.core.pagination import keyset_paginate
from dala.core.translation import Translated
from dala.social import services, views
from dala.social.models import FeedEvent, Notification
from dala.social.selectors import FEED_KEYS, feed_of, feed_page
from tests.factories import ArtistFactory, SubjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def _events(reader: Any) -> None:
    """A busy artist, a quiet one, a critic, a subject, and an artist the reader does not follow; several
    events share a timestamp, so the id decides their order."""
    busy, quiet, stranger = ArtistFactory(), ArtistFactory(), ArtistFactory()
    critic = CriticProfile.objects.create(user=UserFactory(), name=Translated(en="Aida"), slug="aida")
    subject = SubjectFactory()
    for kind, target in (("artist", busy.pk), ("artist", quiet.pk), ("critic", critic.pk), ("subject", subject.pk)):
        services.follow(user=reader, kind=kind, target_id=target)
    start = timezone.now() - datetime.timedelta(days=30)
    cycle = [("artist", busy.pk)] * 5 + [("critic", critic.pk), ("subject", subject.pk), ("artist", stranger.pk)]
    rows = []
    for index in range(90):
        kind, actor = cycle[index % 8]
        rows.append(FeedEvent(actor_kind=kind, actor_id=actor, verb="review.published" if kind == "critic"
                              else "artwork.published", context={"title": {"en": f"Event {index}"}},
                              created_at=start + datetime.timedelta(hours=index // 3)))
    rows += [FeedEvent(actor_kind="artist", actor_id=quiet.pk, verb="artwork.published",
                       created_at=start + datetime.timedelta(hours=hour)) for hour in (2, 29)]
    FeedEvent.objects.bulk_create(rows)


@pytest.mark.parametrize("page_size", [1, 7, 20, 50])
def test_feed_pages_hold_the_same_events_as_the_plain_ordered_read(page_size: int) -> None:
    reader = UserFactory()
    _events(reader)
    mine = feed_page(reader, cursor=None, page_size=page_size)
    plain = keyset_paginate(feed_of(reader), keys=FEED_KEYS, cursor=None, page_size=page_size)
    pages = 0
    while True:
        assert [e.pk for e in mine.items] == [e.pk for e in plain.items]
        assert (mine.next_cursor, mine.previous_cursor) == (plain.next_cursor, plain.previous_cursor)
        pages += 1
        if mine.next_cursor is None:
            break
        mine = feed_page(reader, cursor=mine.next_cursor, page_size=page_size)
        plain = keyset_paginate(feed_of(reader), keys=FEED_KEYS, cursor=plain.next_cursor, page_size=page_size)
    # 2 + 79 followed events (11 of the 90 are by an artist the reader does not follow)
    assert pages == -(-(90 - 11 + 2) // page_size)
    while mine.previous_cursor is not None:  # and back to the first page
        mine = feed_page(reader, cursor=mine.previous_cursor, page_size=page_size)
        plain = keyset_paginate(feed_of(reader), keys=FEED_KEYS, cursor=plain.previous_cursor, page_size=page_size)
        assert [e.pk for e in mine.items] == [e.pk for e in plain.items]


def test_a_reader_who_follows_nothing_or_only_quiet_actors_sees_their_few_events() -> None:
    reader = UserFactory()
    assert feed_page(reader, cursor=None, page_size=20).items == []
    quiet = ArtistFactory()
    services.follow(user=reader, kind="artist", target_id=quiet.pk)
    FeedEvent.objects.create(actor_kind="artist", actor_id=quiet.pk, verb="artwork.published")
    assert len(feed_page(reader, cursor=None, page_size=20).items) == 1


@pytest.mark.parametrize("path", ["/en/feed/", "/en/notifications/"])
def test_a_longer_page_costs_no_more_queries(client: Client, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reader = UserFactory()
    _events(reader)
    Notification.objects.bulk_create(
        Notification(recipient=reader, action="offer.made", context={"artwork": {"en": f"Work {n}"}},
                     url="/en/artworks/", read_at=None if n % 2 else timezone.now()) for n in range(60))
    client.force_login(reader)
    counts = []
    for size in (20, 50):
        monkeypatch.setattr(views, "FEED_PER_PAGE", size)
        monkeypatch.setattr(views, "NOTIFICATIONS_PER_PAGE", size)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200
        assert response.content.decode().count('<li class="notification') == size
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
