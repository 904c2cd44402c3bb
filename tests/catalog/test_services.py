"""Writes to the catalogue: artworks, editions and images."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from dala.catalog import errors
from dala.catalog.models import Artwork, ArtworkImage, EditionCopy, EditionSet, Series
from dala.catalog.services import (
    add_artwork_image,
    add_edition_set,
    create_artwork,
    delete_artwork,
    delete_artwork_image,
    set_primary_image,
    update_artwork,
)
from dala.core.errors import DomainError, NotFound, ValidationFailed
from tests.factories import ArtistFactory, ArtworkFactory, MediumFactory, SubjectFactory, image_bytes

pytestmark = pytest.mark.django_db


def _fields(error: ValidationFailed) -> set[str | None]:
    return {problem.field for problem in error.errors}


def _work(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"title": {"en": "Steppe at dawn", "kk": "Таң далада"}, "medium": MediumFactory()}
    base.update(fields)
    return base


# Create -----------------------------------------------------------------------------------------

def test_create_artwork_makes_a_draft_with_a_slug_from_the_kazakh_title() -> None:
    artist = ArtistFactory()

    artwork = create_artwork(artist=artist, **_work(subjects=[SubjectFactory()]))

    assert artwork.slug == "tan-dalada"
    assert artwork.availability == "draft"
    assert not artwork.is_listed
    assert [s.slug for s in artwork.subjects.all()] == ["steppe"]


def test_create_artwork_for_sale_is_listed_with_a_base_price() -> None:
    artwork = create_artwork(artist=ArtistFactory(), **_work(availability="for_sale", price_amount=10_000,
                                                             price_currency="USD"))

    assert artwork.is_listed
    assert artwork.price_base == 10_000 * 480  # at the default USD rate


def test_create_artwork_needs_a_title_and_a_medium() -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_artwork(artist=ArtistFactory(), title={}, medium=None)

    assert _fields(caught.value) == {"title", "medium"}
    assert not Artwork.objects.exists()


@pytest.mark.parametrize(("fields", "field"), [
    ({"height_mm": -5}, "height_mm"),
    ({"width_mm": 0}, "width_mm"),
    ({"depth_mm": 100_001}, "depth_mm"),
    ({"year": 999}, "year"),
    ({"price_amount": -1}, "price_amount"),
    ({"price_currency": "XYZ"}, "price_currency"),
    ({"availability": "stolen"}, "availability"),
    ({"edition_type": "infinite"}, "edition_type"),
    ({"medium": "no-such-medium"}, "medium"),
    ({"materials": "x" * 301}, "materials"),
    ({"private_notes_typo": "x"}, "private_notes_typo"),
])
def test_create_artwork_refuses_bad_input_and_saves_nothing(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_artwork(artist=ArtistFactory(), **_work(**fields))

    assert _fields(caught.value) == {field}
    assert not Artwork.objects.exists()


def test_inventory_numbers_are_unique_per_artist_among_live_works() -> None:
    artist = ArtistFactory()
    first = create_artwork(artist=artist, **_work(inventory_number="A-1"))

    with pytest.raises(ValidationFailed) as caught:
        create_artwork(artist=artist, **_work(inventory_number="A-1"))
    assert caught.value.code == errors.DUPLICATE_INVENTORY_NUMBER
    assert _fields(caught.value) == {"inventory_number"}

    create_artwork(artist=ArtistFactory(), **_work(inventory_number="A-1"))  # another artist may
    delete_artwork(artwork=first)
    create_artwork(artist=artist, **_work(inventory_number="A-1"))  # the number is free again


def test_a_series_must_be_the_artists_own() -> None:
    artist = ArtistFactory()
    theirs = Series.objects.create(artist=ArtistFactory(), title={"en": "Theirs"})

    with pytest.raises(ValidationFailed) as caught:
        create_artwork(artist=artist, **_work(series=theirs.pk))

    assert _fields(caught.value) == {"series"}


# Update and delete ------------------------------------------------------------------------------

def test_update_artwork_changes_only_the_given_fields() -> None:
    artwork = ArtworkFactory(inventory_number="B-7", location="studio")

    update_artwork(artwork=artwork, location="Kasteev museum", availability="on_loan")

    artwork.refresh_from_db()
    assert (artwork.location, artwork.availability, artwork.inventory_number) == ("Kasteev museum", "on_loan", "B-7")
    assert artwork.is_listed


def test_update_artwork_keeps_its_own_inventory_number_and_hides_a_hidden_price_from_filters() -> None:
    artwork = ArtworkFactory(inventory_number="B-7")

    update_artwork(artwork=artwork, inventory_number="B-7", price_visible=False)

    artwork.refresh_from_db()
    assert artwork.price_base is None


def test_update_artwork_that_fails_leaves_the_row_as_it_was() -> None:
    artwork = ArtworkFactory(height_mm=600)

    with pytest.raises(ValidationFailed):
        update_artwork(artwork=artwork, height_mm=-1, location="elsewhere")

    artwork.refresh_from_db()
    assert artwork.height_mm == 600 and artwork.location == ""


def test_a_deleted_work_cannot_be_updated() -> None:
    artwork = ArtworkFactory()
    delete_artwork(artwork=artwork)

    with pytest.raises(NotFound):
        update_artwork(artwork=artwork, location="x")


def test_delete_artwork_is_soft_and_unlists_the_work() -> None:
    artwork = ArtworkFactory()

    delete_artwork(artwork=artwork)
    delete_artwork(artwork=artwork)  # twice is harmless

    row = Artwork.objects.get(pk=artwork.pk)
    assert row.deleted_at is not None
    assert not row.is_listed
    assert not Artwork.objects.alive().filter(pk=artwork.pk).exists()
    assert not Artwork.objects.listed().filter(pk=artwork.pk).exists()


# Editions ---------------------------------------------------------------------------------------

def test_limited_edition_of_ten_with_two_proofs_makes_twelve_numbered_copies() -> None:
    artwork = ArtworkFactory(edition_type="limited")

    edition = add_edition_set(artwork=artwork, label="Giclée", size=10, artist_proofs=2, price_amount=5_000_000)

    copies = list(EditionCopy.objects.filter(edition_set=edition))
    assert len(copies) == 12
    assert sorted(c.number for c in copies if not c.is_artist_proof) == list(range(1, 11))
    assert sorted(c.number for c in copies if c.is_artist_proof) == [1, 2]
    assert [str(c) for c in copies][-2:] == ["AP 1/2", "AP 2/2"]


def test_open_edition_has_no_size_and_only_its_proofs_are_numbered() -> None:
    artwork = ArtworkFactory(edition_type="open")

    edition = add_edition_set(artwork=artwork, size=50, artist_proofs=3)

    assert edition.size is None
    assert edition.copies.count() == 3


@pytest.mark.parametrize(("edition_type", "kwargs", "field"), [
    ("unique", {"size": 10}, "edition_type"),
    ("limited", {"size": None}, "size"),
    ("limited", {"size": 10_001}, "size"),
    ("limited", {"size": 5, "artist_proofs": 101}, "artist_proofs"),
    ("limited", {"size": 5, "price_amount": -1}, "price_amount"),
    ("limited", {"size": 5, "price_currency": "XYZ"}, "price_currency"),
])
def test_add_edition_set_refuses_what_does_not_fit(edition_type: str, kwargs: dict[str, Any], field: str) -> None:
    artwork = ArtworkFactory(edition_type=edition_type)

    with pytest.raises(DomainError) as caught:
        add_edition_set(artwork=artwork, **kwargs)

    assert caught.value.field == field
    assert not EditionSet.objects.exists()


# Images -----------------------------------------------------------------------------------------

def test_first_image_becomes_primary_and_a_later_one_can_take_over(
        django_capture_on_commit_callbacks: Any) -> None:
    artwork = ArtworkFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = add_artwork_image(artwork=artwork, upload=io.BytesIO(image_bytes("PNG")), alt_text={"en": "Red"})
    second = add_artwork_image(artwork=artwork, upload=io.BytesIO(image_bytes("WEBP")))
    assert first.is_primary and not second.is_primary
    first.refresh_from_db()
    assert first.processing_state == "ready" and first.renditions  # made by the imaging task
    assert first.format == "PNG"

    set_primary_image(image=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.is_primary and not first.is_primary


def test_deleting_the_primary_image_promotes_the_next() -> None:
    artwork = ArtworkFactory()
    first = add_artwork_image(artwork=artwork, upload=io.BytesIO(image_bytes()))
    second = add_artwork_image(artwork=artwork, upload=io.BytesIO(image_bytes()))

    delete_artwork_image(image=first)

    second.refresh_from_db()
    assert second.is_primary
    assert list(ArtworkImage.objects.filter(artwork=artwork)) == [second]


def test_a_text_file_is_not_an_image() -> None:
    artwork = ArtworkFactory()

    with pytest.raises(DomainError) as caught:
        add_artwork_image(artwork=artwork, upload=ContentFile(b"just some text", name="work.jpg"))

    assert caught.value.code == errors.IMAGE_NOT_ALLOWED
    assert caught.value.field == "image"
    assert not ArtworkImage.objects.exists()


@pytest.mark.django_db
def test_deleting_an_image_keeps_a_file_another_work_still_shows(
        originals_root: Any, django_capture_on_commit_callbacks: Any) -> None:
    from dala.catalog.services import delete_artwork_image
    from tests.factories import ArtworkImageFactory

    first = ArtworkImageFactory()
    shared = ArtworkImage.objects.create(artwork=ArtworkFactory(), file=first.file.name, format="JPEG",
                                         width=64, height=48, byte_size=first.byte_size, is_primary=True)
    path = originals_root / first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        delete_artwork_image(image=first)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        delete_artwork_image(image=shared)
    assert not path.exists()


@pytest.mark.django_db
def test_cyrillic_titles_are_stored_as_letters_so_the_studio_search_finds_them() -> None:
    from dala.catalog.selectors import StudioFilters, studio_artworks
    from dala.core.translation import Translated

    work = ArtworkFactory(title=Translated(kk="Алтын Орда", en="Golden Horde"))
    found = studio_artworks(work.artist, StudioFilters(q="Алтын"))
    assert list(found) == [work]


@pytest.mark.django_db
def test_an_upload_that_would_pass_the_storage_quota_is_refused_counting_only_live_works(settings: Any) -> None:
    from tests.factories import ArtworkImageFactory

    artist = ArtistFactory()
    kept = ArtworkImageFactory(artwork=ArtworkFactory(artist=artist))
    deleted = ArtworkFactory(artist=artist)
    ArtworkImageFactory(artwork=deleted, byte_size=10 * 1024 * 1024)
    delete_artwork(artwork=deleted)
    ArtworkImageFactory(byte_size=10 * 1024 * 1024)  # another artist's images do not count
    upload = image_bytes()
    settings.DALA_STORAGE_QUOTA_BYTES = kept.byte_size + len(upload) - 1

    with pytest.raises(DomainError) as caught, translation.override("en"):
        add_artwork_image(artwork=ArtworkFactory(artist=artist), upload=io.BytesIO(upload))

    assert (caught.value.code, caught.value.field) == (errors.STORAGE_QUOTA_EXCEEDED, "image")
    assert "MB of 0.0 MB" in str(caught.value.message)
    settings.DALA_STORAGE_QUOTA_BYTES = kept.byte_size + len(upload)
    assert add_artwork_image(artwork=ArtworkFactory(artist=artist), upload=io.BytesIO(upload)).pk


@pytest.mark.django_db
def test_an_upload_gets_its_thumbnail_once_committed(django_capture_on_commit_callbacks: Any,
                                                     originals_root: Any, media_root: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        image = add_artwork_image(artwork=ArtworkFactory(), upload=io.BytesIO(image_bytes()))

    image.refresh_from_db()
    assert (originals_root / image.file.name).exists() and not (media_root / image.file.name).exists()
    assert image.thumbnail and (media_root / image.thumbnail.name).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("works", [2, 20])
def test_hiding_and_showing_an_artist_lists_only_their_live_non_draft_works(
        works: int, django_assert_max_num_queries: Any) -> None:
    from dala.catalog.services import set_artist_visibility

    artist = ArtistFactory()
    public = ArtworkFactory.create_batch(works, artist=artist)
    draft = ArtworkFactory(artist=artist, availability="draft")
    with django_assert_max_num_queries(4):
        set_artist_visibility(artist=artist, is_public=False)
    assert not Artwork.objects.filter(artist=artist, is_listed=True).exists()

    with django_assert_max_num_queries(4):
        set_artist_visibility(artist=artist, is_public=True)
    listed = set(Artwork.objects.filter(artist=artist, is_listed=True).values_list("pk", flat=True))
    assert listed == {work.pk for work in public}
    assert draft.pk not in listed
