"""`dala demo_discovery`: views, saves, a saved search and follows for the demo, then trending and similar."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from dala.accounts.models import ArtistProfile, User
from dala.catalog.demo.people import COLLECTOR, CURATOR, NAOKO
from dala.catalog.selectors import BrowseFilters
from dala.discovery.models import (
    DailyViews,
    SavedSearch,
    SavedWork,
    SimilarArtist,
    SimilarArtwork,
    TrendingKind,
    TrendingScore,
)
from dala.discovery.selectors.dashboard import studio_dashboard
from dala.social.models import Follow

pytestmark = pytest.mark.django_db


def _run(command: str, **options: object) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def demo() -> None:
    _run("demo", artworks=60, no_images=True)
    _run("demo_market")


def _snapshot() -> tuple[object, ...]:
    return (list(DailyViews.objects.order_by("pk").values_list("pk", "artwork_id", "day", "views")),
            list(SavedWork.objects.order_by("pk").values_list("pk", "artwork_id", "created_at")),
            list(SavedSearch.objects.order_by("pk").values_list("pk", "name", "params", "created_at")),
            list(Follow.objects.order_by("pk").values_list("pk", "artist_id", "created_at")))


def test_the_discovery_demo_fills_the_dashboard_trending_and_saves_once(demo: None) -> None:
    output = _run("demo_discovery", if_empty=True)

    assert "Discovery demo:" in output
    naoko = ArtistProfile.objects.get(user__email=NAOKO.email)
    dashboard = studio_dashboard(naoko)
    assert dashboard["views"].total > 0
    assert dashboard["saves"].total >= 2 and dashboard["follows"].total >= 2
    assert dashboard["views"].total > dashboard["views"].previous_total  # a rising trend

    # Naoko's works are the most viewed, and trend first.
    top = TrendingScore.objects.get(kind=TrendingKind.ARTWORK, rank=1)
    assert top.artwork is not None and top.artwork.artist_id == naoko.pk
    assert TrendingScore.objects.get(kind=TrendingKind.ARTIST, rank=1).artist_id == naoko.pk
    assert SimilarArtwork.objects.exists() and SimilarArtist.objects.exists()

    collector = User.objects.get(email=COLLECTOR.email)
    saved = SavedWork.objects.filter(user=collector)
    assert 4 <= saved.count() <= 6
    assert saved.filter(artwork__artist=naoko).count() == 2
    assert len({work.created_at.date() for work in saved}) == saved.count()  # spread over the weeks
    search = SavedSearch.objects.get(user=collector)
    assert search.alerts and not BrowseFilters.from_params(search.params).problems
    assert search.params["medium"] == "oil"
    assert set(Follow.objects.filter(artist=naoko).values_list("follower__email", flat=True)) >= {
        COLLECTOR.email, CURATOR.email}

    before = _snapshot()
    trending_before = list(TrendingScore.objects.values_list("pk", "computed_at"))
    assert "nothing to do" in _run("demo_discovery", if_empty=True)
    assert _snapshot() == before
    assert list(TrendingScore.objects.values_list("pk", "computed_at")) == trending_before

    assert "nothing to recompute" in _run("demo_discovery")  # without --if-empty: nothing new either
    assert _snapshot() == before
