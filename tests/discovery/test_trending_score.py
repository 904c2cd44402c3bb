"""The trending score: decay, weights, who may trend, the stored ranking and the periodic task's throttle."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork
from dala.discovery.models import TrendingKind, TrendingScore
from dala.discovery.services.trending import recompute_trending, refresh_trending
from dala.discovery.tasks.trending import refresh_trending as refresh_task
from tests.factories import ArtistFactory, ArtworkFactory

from .factories_trending import NOW, days_ago, followed, offered, reviewed, saved, viewed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def ranked_works() -> list[int]:
    return list(TrendingScore.objects.filter(kind=TrendingKind.ARTWORK).order_by("rank")
                .values_list("artwork_id", flat=True))


def ranked_artists() -> list[int]:
    return list(TrendingScore.objects.filter(kind=TrendingKind.ARTIST).order_by("rank")
                .values_list("artist_id", flat=True))


def score_of(work: Artwork) -> TrendingScore:
    return TrendingScore.objects.get(artwork=work)


def test_recent_views_beat_the_same_number_of_older_views() -> None:
    old, recent = ArtworkFactory(), ArtworkFactory()
    viewed(old, views=20, at=days_ago(5))
    viewed(recent, views=20, at=days_ago(0))

    recompute_trending(NOW)

    assert ranked_works() == [recent.pk, old.pk]
    # Five days at a 72-hour half-life: a little under a third of the weight.
    assert score_of(old).score == pytest.approx(20 * 0.5 ** (120 / 72), rel=1e-3)
    assert score_of(recent).score == pytest.approx(20)


def test_recent_saves_beat_the_same_number_of_older_saves() -> None:
    old, recent = ArtworkFactory(), ArtworkFactory()
    saved(old, times=2, at=days_ago(3))
    saved(recent, times=2, at=days_ago(1))

    recompute_trending(NOW)

    assert ranked_works() == [recent.pk, old.pk]


def test_activity_older_than_the_window_does_not_count() -> None:
    work = ArtworkFactory()
    viewed(work, views=500, at=days_ago(15))
    saved(work, at=days_ago(20))

    recompute_trending(NOW)

    assert ranked_works() == []


def test_a_shorter_half_life_makes_older_activity_count_less(settings: Any) -> None:
    work = ArtworkFactory()
    viewed(work, views=10, at=days_ago(2))
    recompute_trending(NOW)
    slow = score_of(work).score

    settings.DALA_TRENDING_HALF_LIFE_HOURS = 24
    recompute_trending(NOW)

    assert score_of(work).score == pytest.approx(2.5)
    assert slow == pytest.approx(10 * 0.5 ** (48 / 72))


def test_a_save_outweighs_two_views_by_default_and_weights_are_settings(settings: Any) -> None:
    saved_work, viewed_work = ArtworkFactory(), ArtworkFactory()
    saved(saved_work)
    viewed(viewed_work, views=2)

    recompute_trending(NOW)
    assert ranked_works() == [saved_work.pk, viewed_work.pk]
    assert score_of(saved_work).parts == {"saves": 3.0}

    settings.DALA_TRENDING_WEIGHTS = {"views": 5}
    recompute_trending(NOW)
    assert ranked_works() == [viewed_work.pk, saved_work.pk]
    assert score_of(viewed_work).parts == {"views": 10.0}


def test_reviews_and_offers_count_towards_a_work() -> None:
    plain, discussed = ArtworkFactory(), ArtworkFactory()
    viewed(plain, views=10)
    reviewed(works=[discussed])
    offered(discussed)

    recompute_trending(NOW)

    assert ranked_works() == [discussed.pk, plain.pk]
    assert score_of(discussed).parts == {"reviews": 8.0, "offers": 6.0}
    assert score_of(discussed).score == pytest.approx(14.0)


def test_a_counter_offer_does_not_count_again() -> None:
    work = ArtworkFactory()
    first = offered(work)
    counter = offered(work)
    counter.responds_to = first
    counter.save(update_fields=["responds_to"])

    recompute_trending(NOW)

    assert score_of(work).parts == {"offers": 6.0}


@pytest.mark.parametrize("hidden", [{"availability": "sold"}, {"availability": "draft"},
                                    {"deleted_at": NOW}, {"artist__is_public": False}])
def test_sold_unlisted_and_hidden_works_do_not_trend(hidden: dict[str, Any]) -> None:
    shown = ArtworkFactory()
    if "artist__is_public" in hidden:
        gone = ArtworkFactory(artist=ArtistFactory(is_public=False))
    else:
        gone = ArtworkFactory(**hidden)
    for work in (shown, gone):
        viewed(work, views=50)
        saved(work)

    recompute_trending(NOW)

    assert ranked_works() == [shown.pk]


def test_an_artist_scores_their_page_their_follows_and_their_works() -> None:
    busy, quiet = ArtistFactory(), ArtistFactory()
    busy_work, quiet_work = ArtworkFactory(artist=busy), ArtworkFactory(artist=quiet)
    viewed(artist=busy, views=4)  # the artist's own page
    viewed(busy_work, views=2)
    followed(busy, times=2)
    saved(busy_work)
    offered(busy_work)
    reviewed(artist=busy, works=[busy_work])  # about the artist and a work: counts once
    viewed(quiet_work, views=3)

    recompute_trending(NOW)

    assert ranked_artists() == [busy.pk, quiet.pk]
    busy_score = TrendingScore.objects.get(artist=busy)
    assert busy_score.parts == {"views": 6.0, "follows": 8.0, "saves": 3.0, "offers": 6.0, "reviews": 8.0}
    assert busy_score.score == pytest.approx(31.0)


def test_an_artist_without_public_works_does_not_trend() -> None:
    no_works, hidden = ArtistFactory(), ArtistFactory(is_public=False)
    ArtworkFactory(artist=no_works, availability="draft")
    followed(no_works, times=5)
    followed(hidden, times=5)
    viewed(artist=no_works, views=30)

    recompute_trending(NOW)

    assert ranked_artists() == []


def test_an_artist_with_only_sold_works_still_trends_but_the_works_do_not() -> None:
    work = ArtworkFactory(availability="sold")
    followed(work.artist)
    viewed(work, views=3)

    recompute_trending(NOW)

    assert ranked_works() == []
    assert ranked_artists() == [work.artist_id]


def test_only_the_top_n_are_kept_ranked_from_one(settings: Any) -> None:
    settings.DALA_TRENDING_SIZE = 2
    works = [ArtworkFactory() for _ in range(4)]
    for views, work in enumerate(works, start=1):
        viewed(work, views=views)

    recompute_trending(NOW)

    rows = list(TrendingScore.objects.filter(kind=TrendingKind.ARTWORK).order_by("rank"))
    assert [(row.rank, row.artwork_id) for row in rows] == [(1, works[3].pk), (2, works[2].pk)]
    assert {row.computed_at for row in rows} == {NOW}


def test_a_recomputation_replaces_the_previous_ranking() -> None:
    before, after = ArtworkFactory(), ArtworkFactory()
    viewed(before, views=5, at=days_ago(13))
    recompute_trending(NOW)
    assert ranked_works() == [before.pk]

    viewed(after, views=1, at=NOW + datetime.timedelta(days=3))
    recompute_trending(NOW + datetime.timedelta(days=3))

    assert ranked_works() == [after.pk]
    assert TrendingScore.objects.count() == 2  # the work and its artist


def test_the_periodic_task_recomputes_only_when_the_last_computation_is_old(settings: Any) -> None:
    settings.DALA_TRENDING_REFRESH_MINUTES = 60
    work = ArtworkFactory()
    viewed(work, views=3)

    assert refresh_trending(NOW) is not None  # none yet
    assert refresh_trending(NOW + datetime.timedelta(minutes=30)) is None
    viewed(ArtworkFactory(), views=9)
    assert refresh_trending(NOW + datetime.timedelta(minutes=59)) is None
    assert len(ranked_works()) == 1

    assert refresh_trending(NOW + datetime.timedelta(minutes=61)) is not None
    assert len(ranked_works()) == 2


def test_the_periodic_task_is_throttled_even_when_nothing_trends() -> None:
    assert refresh_trending(NOW) is not None
    assert not TrendingScore.objects.exists()

    assert refresh_trending(NOW + datetime.timedelta(minutes=5)) is None


def test_the_scheduled_task_runs_the_refresh() -> None:
    viewed(ArtworkFactory(), views=2, at=timezone.now())

    first = refresh_task.enqueue()
    second = refresh_task.enqueue()

    assert first.return_value is True and second.return_value is False
    assert len(ranked_works()) == 1


def test_a_work_and_artist_no_longer_public_drop_out_at_the_next_computation() -> None:
    work = ArtworkFactory()
    viewed(work, views=2)
    recompute_trending(NOW)
    ArtistProfile.objects.filter(pk=work.artist_id).update(is_public=False)
    Artwork.objects.filter(pk=work.pk).update(is_listed=False)

    recompute_trending(NOW)

    assert not TrendingScore.objects.exists()
