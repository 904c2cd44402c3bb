"""The dashboard's series: what each one counts, on which Almaty day, zero-filled, in constant queries."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from dala.core.errors import DomainError, NotFound
from dala.critique.models import ReviewStatus
from dala.discovery.errors import INVALID_PERIOD
from dala.discovery.selectors import dashboard as selectors
from dala.market.models import Side
from tests.critique.factories import ReviewFactory
from tests.factories import ArtistFactory, ArtworkFactory

from .factories_dashboard import days_ago, follow, noon, offer, save, today, views

pytestmark = pytest.mark.django_db


def values(series: selectors.Series) -> dict[Any, int]:
    return {point.day: point.value for point in series.points}


def test_views_add_the_artist_page_and_every_work_but_never_another_artists() -> None:
    work = ArtworkFactory()
    artist = work.artist
    other = ArtworkFactory()
    day = today() - timedelta(days=2)
    views(None, artist=artist, day=day, count=3)
    views(work, day=day, count=4)
    views(other, day=day, count=100)
    views(None, artist=other.artist, day=day, count=100)

    dashboard = selectors.studio_dashboard(artist, days=7)

    assert values(dashboard["views"])[day] == 7
    assert dashboard["views"].total == 7


def test_saves_follows_and_offers_count_only_this_artists_in_the_period() -> None:
    work = ArtworkFactory()
    artist = work.artist
    other = ArtworkFactory()
    save(work, days_ago(1))
    save(work, days_ago(1))
    save(work, days_ago(40))  # before the period
    save(other, days_ago(1))
    follow(artist, days_ago(0))
    follow(other.artist, days_ago(0))
    first = offer(work, days_ago(3))
    offer(work, days_ago(3), side=Side.SELLER, made_by=artist.user, buyer=first.buyer, responds_to=first,
          chain_root=first)  # the artist's counter-offer is not a new offer
    offer(other, days_ago(3))

    dashboard = selectors.studio_dashboard(artist, days=30)

    assert values(dashboard["saves"])[today() - timedelta(days=1)] == 2
    assert dashboard["saves"].total == 2
    assert dashboard["follows"].total == 1
    assert values(dashboard["follows"])[today()] == 1
    assert dashboard["offers"].total == 1
    assert values(dashboard["offers"])[today() - timedelta(days=3)] == 1


def test_only_reviews_the_public_can_read_are_counted() -> None:
    work = ArtworkFactory()
    artist = work.artist
    at = days_ago(2)
    ReviewFactory(artworks=[work], published_at=at)
    ReviewFactory(artist=artist, published_at=at)  # about the artist, no work
    ReviewFactory(artworks=[work], published_at=at, hidden_at=timezone.now(), hidden_reason="Abuse")
    ReviewFactory(artworks=[work], status=ReviewStatus.DRAFT, published_at=None)
    ReviewFactory(artworks=[work], published_at=at, publish_at=timezone.now() + timedelta(days=2))  # embargoed
    ReviewFactory(artworks=[ArtworkFactory()], published_at=at)  # another artist's work

    dashboard = selectors.studio_dashboard(artist, days=7)

    assert dashboard["reviews"].total == 2
    assert values(dashboard["reviews"])[today() - timedelta(days=2)] == 2
    assert selectors.work_dashboard(work, days=7)["reviews"].total == 1


def test_a_review_whose_embargo_lifted_counts_on_the_day_it_became_readable() -> None:
    work = ArtworkFactory()
    ReviewFactory(artworks=[work], published_at=days_ago(10), publish_at=days_ago(4))

    series = selectors.work_dashboard(work, days=30)["reviews"]

    assert values(series)[today() - timedelta(days=4)] == 1
    assert series.total == 1


def test_a_review_about_the_artist_and_two_of_their_works_counts_once() -> None:
    work = ArtworkFactory()
    second = ArtworkFactory(artist=work.artist)
    ReviewFactory(artist=work.artist, artworks=[work, second], published_at=days_ago(1))

    assert selectors.studio_dashboard(work.artist, days=7)["reviews"].total == 1


def test_days_are_almaty_days_so_a_save_at_23_30_utc_lands_on_the_next_day() -> None:
    work = ArtworkFactory()
    utc_day = today() - timedelta(days=3)
    save(work, datetime.combine(utc_day, time(23, 30), tzinfo=UTC))

    by_day = values(selectors.work_dashboard(work, days=7)["saves"])

    assert by_day[utc_day] == 0
    assert by_day[utc_day + timedelta(days=1)] == 1


def test_every_day_of_the_period_is_there_with_zeros_oldest_first() -> None:
    artist = ArtistFactory()

    dashboard = selectors.studio_dashboard(artist, days=7)

    for series in dashboard.series:
        assert [p.day for p in series.points] == [today() - timedelta(days=n) for n in range(6, -1, -1)]
        assert {p.value for p in series.points} == {0}
        assert series.total == 0 and series.change_percent is None


def test_a_year_is_shown_by_week_and_the_weeks_add_up() -> None:
    work = ArtworkFactory()
    for n in (0, 1, 100, 364):
        save(work, days_ago(n))

    series = selectors.work_dashboard(work, days=365)["saves"]

    assert 52 <= len(series.points) <= 54
    assert all(p.day.weekday() == 0 for p in series.points[1:])
    assert series.total == 4 == sum(p.value for p in series.points)


def test_the_change_compares_with_the_same_length_of_time_before() -> None:
    work = ArtworkFactory()
    save(work, days_ago(2))
    save(work, days_ago(3))
    save(work, days_ago(3))
    save(work, days_ago(8))  # the 7 days before

    series = selectors.work_dashboard(work, days=7)["saves"]

    assert (series.total, series.previous_total, series.change, series.change_percent) == (3, 1, 2, 200)


@pytest.mark.parametrize("value", ["0", "14", "abc", "-7", "1e3", "30.5"])
def test_a_period_other_than_7_30_90_or_365_days_is_refused(value: str) -> None:
    with pytest.raises(DomainError) as caught:
        selectors.parse_days(value)
    assert caught.value.code == INVALID_PERIOD and caught.value.field == "days"


def test_the_period_defaults_to_30_days() -> None:
    assert selectors.parse_days(None) == selectors.parse_days("") == 30
    assert selectors.parse_days("365") == 365


def test_another_artists_work_is_not_found() -> None:
    work = ArtworkFactory()
    with pytest.raises(NotFound):
        selectors.dashboard_artwork(ArtistFactory(), work.pk)


def test_top_works_rank_by_views_saves_or_offers_in_the_period() -> None:
    artist = ArtistFactory()
    seen, saved, offered = (ArtworkFactory(artist=artist) for _ in range(3))
    views(seen, day=today(), count=9)
    views(saved, day=today() - timedelta(days=200), count=50)  # outside 30 days
    save(saved, days_ago(1))
    save(saved, days_ago(1))
    offer(offered, days_ago(1))
    ArtworkFactory()  # someone else's

    by_views = selectors.studio_dashboard(artist, days=30).top_works
    by_saves = selectors.studio_dashboard(artist, days=30, order="saves").top_works
    by_offers = selectors.studio_dashboard(artist, days=30, order="offers").top_works

    assert [w.pk for w in by_views][:1] == [seen.pk] and len(by_views) == 3
    assert (by_views[0].period_views, by_views[0].period_saves) == (9, 0)
    assert by_saves[0].pk == saved.pk and by_saves[0].period_saves == 2 and by_saves[0].period_views == 0
    assert by_offers[0].pk == offered.pk and by_offers[0].period_offers == 1


def test_the_query_count_does_not_grow_with_the_period_or_the_works(django_assert_num_queries: Any) -> None:
    artist = ArtistFactory()
    work = ArtworkFactory(artist=artist)
    with django_assert_num_queries(6):
        selectors.studio_dashboard(artist, days=7)
    for n in range(8):
        extra = ArtworkFactory(artist=artist)
        save(extra, days_ago(n * 40))
        offer(extra, days_ago(n * 40))
        views(extra, day=today() - timedelta(days=n * 40), count=n + 1)
        follow(artist, days_ago(n * 40))
    with django_assert_num_queries(6):
        selectors.studio_dashboard(artist, days=365)
    with django_assert_num_queries(4):
        selectors.work_dashboard(work, days=365)


def test_noon_helper_is_inside_the_almaty_day() -> None:
    assert timezone.localtime(noon(today()), timezone=selectors.almaty()).date() == today()
