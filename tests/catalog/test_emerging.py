"""Emerging artists: who counts, the browse filter, and their fixed, rotating share of the home page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from dala.accounts.models import CareerStage
from dala.catalog.models import Availability
from dala.catalog.selectors import emerging_artist_ids, home_shelves, rotation
from tests.factories import ArtistFactory, ArtworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _established(sold: int) -> Any:
    artist = ArtistFactory(career_stage=CareerStage.ESTABLISHED)
    ArtworkFactory(artist=artist)
    for _n in range(sold):
        ArtworkFactory(artist=artist, availability=Availability.SOLD)
    return artist


def test_an_artist_is_emerging_by_career_stage_or_by_few_sales_and_only_with_public_works(settings: Any) -> None:
    settings.DALA_EMERGING_MAX_SALES = 3
    young = ArtistFactory(career_stage=CareerStage.EMERGING)
    ArtworkFactory(artist=young)
    few_sales, many_sales = _established(sold=3), _established(sold=4)
    ArtistFactory(career_stage=CareerStage.EMERGING)  # no public work: not shown anywhere
    hidden = ArtistFactory(career_stage=CareerStage.EMERGING, is_public=False)
    ArtworkFactory(artist=hidden)

    assert emerging_artist_ids() == sorted([young.pk, few_sales.pk])
    assert many_sales.pk not in emerging_artist_ids()


def test_a_sale_that_ends_the_few_sales_shows_at_once(settings: Any) -> None:
    settings.DALA_EMERGING_MAX_SALES = 1
    artist = _established(sold=1)
    assert artist.pk in emerging_artist_ids()
    ArtworkFactory(artist=artist, availability=Availability.SOLD)
    assert artist.pk not in emerging_artist_ids()


def test_the_browse_filter_shows_only_works_by_emerging_artists() -> None:
    young = ArtistFactory(career_stage=CareerStage.EMERGING)
    ArtworkFactory(artist=young, title={"en": "First steppe"})
    ArtworkFactory(artist=_established(sold=9), title={"en": "Late steppe"})
    html = Client().get("/en/artworks/", {"emerging": "1"}).content.decode()
    assert "First steppe" in html and "Late steppe" not in html
    api = Client().get("/api/v1/artworks", {"emerging": "true"}).json()
    assert [item["title"]["en"] for item in api["items"]] == ["First steppe"]


def test_over_one_day_every_emerging_artist_gets_a_turn_and_each_turn_has_the_same_size() -> None:
    ids = list(range(1, 20))  # 19 artists, 8 a turn: 3 windows a day
    day = datetime.datetime(2026, 11, 24, tzinfo=timezone.get_current_timezone())
    seen: set[int] = set()
    for minute in range(0, 24 * 60, 10):
        turn = rotation(ids, 8, day + datetime.timedelta(minutes=minute))
        assert len(turn) == 8 and len(set(turn)) == 8
        seen.update(turn)
    assert seen == set(ids)


def test_the_home_page_always_gives_emerging_artists_their_share_of_new_works(settings: Any) -> None:
    settings.DALA_HOME_EMERGING_SHARE = 4
    for _n in range(20):  # twenty newer works by an established, much-sold artist
        ArtworkFactory(artist=_established(sold=9))
    young = [ArtistFactory(career_stage=CareerStage.EMERGING) for _n in range(5)]
    for artist in young:
        ArtworkFactory(artist=artist, created_at=timezone.now() - datetime.timedelta(days=30))

    shelves = home_shelves(works=12)

    assert len(shelves.new_works) == 12
    by_young = [work for work in shelves.new_works if work.artist_id in {a.pk for a in young}]
    assert len(by_young) == 4
    assert {a.pk for a in shelves.emerging_artists} <= {a.pk for a in young}
