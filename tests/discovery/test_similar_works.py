"""Similar works: which works are suggested for a work, in what order, and how the lists stay fresh."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from io import StringIO
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from dala.catalog.services import delete_artwork, set_artist_visibility, set_artwork_availability
from dala.discovery.models import SimilarArtist, SimilarArtwork
from dala.discovery.selectors.similar import similar_works
from dala.discovery.services.similar import (
    rank_similar_works,
    recompute_similar_pass,
    recompute_similar_works,
)
from tests.factories import ArtistFactory, CityFactory

from .factories_similar import medium, subject, work

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def stored(artwork: Any) -> list[int]:
    return list(SimilarArtwork.objects.filter(artwork=artwork).order_by("rank").values_list("similar_id", flat=True))


def test_a_work_sharing_subjects_ranks_above_one_sharing_only_the_medium() -> None:
    base = work(subjects=("steppe", "horses"))
    same_subjects = work(subjects=("steppe", "horses"), medium_slug="watercolour")
    same_medium_only = work(subjects=("portrait",))
    unrelated = work(subjects=("portrait",), medium_slug="ceramics")

    assert recompute_similar_works(artwork_id=base.pk) == 2

    assert stored(base) == [same_subjects.pk, same_medium_only.pk]
    assert unrelated.pk not in stored(base)


def test_more_shared_subjects_rank_higher() -> None:
    base = work(subjects=("steppe", "horses", "sky"))
    one = work(subjects=("steppe",))
    three = work(subjects=("steppe", "horses", "sky"))
    two = work(subjects=("steppe", "horses"))

    recompute_similar_works(artwork_id=base.pk)

    assert stored(base) == [three.pk, two.pk, one.pk]


def test_only_other_artists_works_are_suggested() -> None:
    base = work(subjects=("steppe",))
    work(subjects=("steppe",), artist=base.artist)
    other = work(subjects=("steppe",))

    recompute_similar_works(artwork_id=base.pk)

    assert stored(base) == [other.pk]


def test_drafts_deleted_works_and_hidden_artists_works_are_not_suggested() -> None:
    base = work(subjects=("steppe",))
    work(subjects=("steppe",), availability="draft")
    work(subjects=("steppe",), deleted_at=timezone.now())
    work(subjects=("steppe",), artist=ArtistFactory(is_public=False))
    public = work(subjects=("steppe",))

    recompute_similar_works(artwork_id=base.pk)

    assert stored(base) == [public.pk]


def test_shared_colours_raise_a_work() -> None:
    base = work(subjects=("steppe",), colours=("blue", "ochre"))
    other_colours = work(subjects=("steppe",), colours=("red", "black"))
    same_colours = work(subjects=("steppe",), colours=("blue", "ochre"))
    newer_grey = work(subjects=("steppe",), colours=("grey",))

    recompute_similar_works(artwork_id=base.pk)

    # Without the palette the newest would come first (ties go to the newer work).
    assert stored(base) == [same_colours.pk, newer_grey.pk, other_colours.pk]


def test_the_same_city_breaks_a_near_tie() -> None:
    base = work(subjects=("steppe",))
    same_city = work(subjects=("steppe",))
    # Newer, so it would come first if the city did not count.
    elsewhere = work(subjects=("steppe",), artist=ArtistFactory(city=CityFactory(slug="astana")))

    recompute_similar_works(artwork_id=base.pk)

    assert stored(base) == [same_city.pk, elsewhere.pk]


def test_at_most_eight_are_kept_best_first_ties_to_the_newer(settings: Settings) -> None:
    base = work(subjects=("steppe",))
    works = [work(subjects=("steppe",)) for _ in range(10)]

    assert recompute_similar_works(artwork_id=base.pk) == 8

    assert stored(base) == [w.pk for w in reversed(works)][:8]
    settings.DALA_SIMILAR_WORKS = 3
    recompute_similar_works(artwork_id=base.pk)
    assert len(stored(base)) == 3


def test_candidates_are_bounded_per_subject_and_medium(settings: Settings) -> None:
    settings.DALA_SIMILAR_CANDIDATES = 2
    base = work(subjects=("steppe",), medium_slug="ceramics")
    old = [work(subjects=("steppe",), medium_slug="ink") for _ in range(3)]
    newest = [work(subjects=("steppe",), medium_slug="ink") for _ in range(2)]

    assert [pk for pk, _score in rank_similar_works(base.pk)] == [w.pk for w in reversed(newest)]
    assert not {w.pk for w in old} & set(stored(base))


def test_recompute_replaces_the_old_list_and_a_hidden_work_keeps_none() -> None:
    base = work(subjects=("steppe",))
    first = work(subjects=("steppe",))
    recompute_similar_works(artwork_id=base.pk)
    first.subjects.clear()
    first.medium = medium("glass")
    first.save()
    second = work(subjects=("steppe",))

    recompute_similar_works(artwork_id=base.pk)
    assert stored(base) == [second.pk]

    set_artwork_availability(artwork=base, availability="draft")
    assert recompute_similar_works(artwork_id=base.pk) == 0
    assert stored(base) == []


def test_a_work_that_stops_being_public_leaves_the_lists_at_once() -> None:
    base = work(subjects=("steppe",))
    sold_out = work(subjects=("steppe",))
    kept = work(subjects=("steppe",))
    recompute_similar_works(artwork_id=base.pk)
    assert [w.pk for w in similar_works(base.pk)] == [kept.pk, sold_out.pk]

    delete_artwork(artwork=sold_out)
    set_artist_visibility(artist=kept.artist, is_public=False)

    # Not recomputed yet: the stored rows remain, the read leaves them out.
    assert SimilarArtwork.objects.filter(artwork=base).count() == 2
    assert similar_works(base.pk) == []


# Keeping fresh ------------------------------------------------------------------------------------


def test_saving_a_work_recomputes_its_list_and_its_artists(django_capture_on_commit_callbacks: Capture) -> None:
    base = work(subjects=("steppe",))
    other = work(subjects=("steppe",))
    assert stored(base) == []

    with django_capture_on_commit_callbacks(execute=True):
        base.year = 2020
        base.save()

    assert stored(base) == [other.pk]
    assert list(SimilarArtist.objects.filter(artist=base.artist).values_list("similar_id", flat=True)) == \
        [other.artist_id]


def test_changing_a_works_subjects_recomputes_its_list(django_capture_on_commit_callbacks: Capture) -> None:
    base = work(subjects=("steppe",), medium_slug="ink")
    horses = work(subjects=("horses",), medium_slug="glass")
    with django_capture_on_commit_callbacks(execute=True):
        base.year = 2021
        base.save()
    assert stored(base) == []

    with django_capture_on_commit_callbacks(execute=True):
        base.subjects.add(subject("horses"))

    assert stored(base) == [horses.pk]


def test_a_newly_listed_work_joins_its_neighbours_lists(django_capture_on_commit_callbacks: Capture) -> None:
    neighbour = work(subjects=("steppe",))
    recompute_similar_works(artwork_id=neighbour.pk)
    assert stored(neighbour) == []
    draft = work(subjects=("steppe",), availability="draft")

    with django_capture_on_commit_callbacks(execute=True):
        set_artwork_availability(artwork=draft, availability="for_sale")

    assert stored(draft) == [neighbour.pk]
    assert stored(neighbour) == [draft.pk]


def test_a_work_that_leaves_the_public_is_dropped_from_stored_lists(
        django_capture_on_commit_callbacks: Capture) -> None:
    neighbour = work(subjects=("steppe",))
    leaving = work(subjects=("steppe",))
    recompute_similar_works(artwork_id=neighbour.pk)
    assert stored(neighbour) == [leaving.pk]

    with django_capture_on_commit_callbacks(execute=True):
        set_artwork_availability(artwork=leaving, availability="draft")

    assert stored(neighbour) == []


def test_a_pending_refresh_is_not_enqueued_twice(django_capture_on_commit_callbacks: Capture,
                                                 settings: Settings) -> None:
    from dala.discovery.tasks.similar import PENDING_KEY

    base = work(subjects=("steppe",))
    cache.add(PENDING_KEY.format(artwork_id=base.pk), 1, 60)  # as if a refresh were waiting in the queue
    work(subjects=("steppe",))

    with django_capture_on_commit_callbacks(execute=True):
        base.year = 2019
        base.save()

    assert stored(base) == []


# The periodic pass --------------------------------------------------------------------------------


def test_the_periodic_pass_walks_everything_in_batches_then_rests(
        django_assert_max_num_queries: type[DjangoAssertNumQueries], settings: Settings) -> None:
    settings.DALA_SIMILAR_FULL_EVERY = 3600
    works = [work(subjects=("steppe",)) for _ in range(3)]

    assert recompute_similar_pass(now=1000.0, batch=2) == 2
    assert recompute_similar_pass(now=1060.0, batch=2) == 2  # the last work, then the first artist
    assert recompute_similar_pass(now=1120.0, batch=5) == 2  # the other two artists
    assert all(stored(w) for w in works)
    assert SimilarArtist.objects.filter(artist=works[0].artist).count() == 2

    # Done: until an hour after the pass began, a run is a cache read.
    with django_assert_max_num_queries(0):
        assert recompute_similar_pass(now=1200.0) == 0
        assert recompute_similar_pass(now=4500.0) == 0
    assert recompute_similar_pass(now=4700.0, batch=1) == 1


def test_the_command_recomputes_one_work_or_everything() -> None:
    base = work(subjects=("steppe",))
    other = work(subjects=("steppe",))
    out = StringIO()

    call_command("recompute_similar", "--artwork", str(base.pk), stdout=out)
    assert stored(base) == [other.pk] and stored(other) == []

    call_command("recompute_similar", "--all", stdout=out)
    assert stored(other) == [base.pk]
    assert SimilarArtist.objects.filter(artist=base.artist).exists()
    assert "Recomputed" in out.getvalue()
