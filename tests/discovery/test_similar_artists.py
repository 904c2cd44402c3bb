"""Similar artists: from what their works are about and look like, and from the followers they share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from dala.catalog.services import set_artist_visibility
from dala.discovery.models import SimilarArtist
from dala.discovery.selectors.similar import similar_artists
from dala.discovery.services.similar import recompute_similar_artists
from tests.factories import ArtistFactory, UserFactory

from .factories_similar import follow_artist, work

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def stored(artist: object) -> list[int]:
    return list(SimilarArtist.objects.filter(artist=artist).order_by("rank").values_list("similar_id", flat=True))


def test_artists_painting_the_same_subjects_rank_above_those_sharing_only_a_medium() -> None:
    base = work(subjects=("steppe", "horses")).artist
    work(artist=base, subjects=("sky",), medium_slug="ink")
    alike = work(subjects=("steppe", "horses", "sky"), medium_slug="watercolour").artist
    medium_only = work(subjects=("portrait",), medium_slug="ink").artist
    work(subjects=("portrait",), medium_slug="ceramics")  # nothing in common

    assert recompute_similar_artists(artist_id=base.pk) == 2

    assert stored(base) == [alike.pk, medium_only.pk]


def test_shared_colours_raise_an_artist() -> None:
    base = work(subjects=("steppe",), colours=("blue", "ochre")).artist
    same_colours = work(subjects=("steppe",), colours=("ochre", "blue")).artist
    newer_other_colours = work(subjects=("steppe",), colours=("red",)).artist

    recompute_similar_artists(artist_id=base.pk)

    assert stored(base) == [same_colours.pk, newer_other_colours.pk]


def test_shared_followers_bring_an_artist_forward_even_without_shared_subjects() -> None:
    base = work(subjects=("steppe", "horses", "sky"), medium_slug="ink").artist
    followed_together = work(subjects=("portrait",), medium_slug="ceramics").artist
    newer_alike = work(subjects=("steppe",), medium_slug="glass").artist  # a third of the subjects
    for _ in range(3):
        fan = UserFactory()
        follow_artist(fan, base)
        follow_artist(fan, followed_together)
    # Followed by many others too: the overlap is a share of all followers, not a raw count.
    crowd_favourite = work(subjects=("portrait",), medium_slug="ceramics").artist
    fan = UserFactory()
    follow_artist(fan, base)
    follow_artist(fan, crowd_favourite)
    for _ in range(20):
        follow_artist(UserFactory(), crowd_favourite)

    recompute_similar_artists(artist_id=base.pk)

    assert stored(base) == [followed_together.pk, newer_alike.pk, crowd_favourite.pk]


def test_artists_without_public_works_are_neither_suggested_nor_given_a_list() -> None:
    base = work(subjects=("steppe",)).artist
    work(subjects=("steppe",), availability="draft")
    hidden = work(subjects=("steppe",), artist=ArtistFactory(is_public=False)).artist
    fan = UserFactory()
    follow_artist(fan, base)
    follow_artist(fan, hidden)
    no_works = ArtistFactory()
    follow_artist(fan, no_works)
    visible = work(subjects=("steppe",)).artist

    recompute_similar_artists(artist_id=base.pk)
    assert stored(base) == [visible.pk]

    assert recompute_similar_artists(artist_id=no_works.pk) == 0
    assert recompute_similar_artists(artist_id=hidden.pk) == 0


def test_at_most_six_are_kept() -> None:
    base = work(subjects=("steppe",)).artist
    for _ in range(8):
        work(subjects=("steppe",))

    assert recompute_similar_artists(artist_id=base.pk) == 6


def test_an_artist_who_is_hidden_leaves_the_lists_at_once() -> None:
    base = work(subjects=("steppe",)).artist
    going = work(subjects=("steppe",)).artist
    staying = work(subjects=("steppe",)).artist
    recompute_similar_artists(artist_id=base.pk)
    assert [a.pk for a in similar_artists(base.pk)] == [staying.pk, going.pk]

    set_artist_visibility(artist=going, is_public=False)

    assert [a.pk for a in similar_artists(base.pk)] == [staying.pk]
