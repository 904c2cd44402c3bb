"""The studio pages: an artist's private inventory, its artwork form, images and editions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork, ArtworkImage, EditionCopy, Series
from tests.factories import (
    ArtistFactory,
    ArtworkFactory,
    ArtworkImageFactory,
    MediumFactory,
    SubjectFactory,
    UserFactory,
    image_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]




def _form(**overrides: Any) -> dict[str, Any]:
    """A valid artwork form submission."""
    data: dict[str, Any] = {
        "title_kk": "Таң", "title_ru": "Рассвет", "title_en": "Dawn", "year": "2023", "medium": MediumFactory().pk,
        "materials": "oil on canvas", "height_mm": "600", "width_mm": "800", "depth_mm": "",
        "edition_type": "unique", "subjects": [SubjectFactory().pk], "series": "", "description_en": "Morning.",
        "price": "1 250 000.50", "price_currency": "KZT", "price_visible": "on", "availability": "for_sale",
        "location": "studio", "inventory_number": "N-1", "private_notes": "bought the frame in Almaty",
    }
    data.update(overrides)
    return data


# Who may enter ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["catalog:studio", "catalog:studio_create"])
def test_anonymous_visitors_are_sent_to_log_in(client: Client, name: str) -> None:
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_anonymous_cannot_edit_a_work(client: Client) -> None:
    artwork = ArtworkFactory()

    response = client.get(reverse("catalog:studio_edit", args=[artwork.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_non_artists_get_a_403_page_that_offers_to_become_an_artist(client: Client) -> None:
    client.force_login(UserFactory())

    response = client.get(reverse("catalog:studio"))

    assert response.status_code == 403
    html = response.content.decode()
    assert "Only artists have a studio" in html
    assert reverse("accounts:profile") + "#add-role" in html


@pytest.mark.parametrize(("name", "method"), [
    ("catalog:studio_edit", "get"), ("catalog:studio_edit", "post"),
    ("catalog:studio_delete", "get"), ("catalog:studio_delete", "post"),
    ("catalog:studio_image_upload", "post"), ("catalog:studio_edition_add", "post"),
])
@pytest.mark.parametrize("availability", ["for_sale", "draft"])
def test_an_artist_cannot_reach_another_artists_work(client: Client, artist: ArtistProfile, name: str,
                                                     method: str, availability: str) -> None:
    theirs = ArtworkFactory(availability=availability, location="their store", edition_type="limited")

    response = getattr(client, method)(reverse(name, args=[theirs.pk]), _form(location="mine now"))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.location == "their store"
    assert theirs.deleted_at is None
    assert not theirs.edition_sets.exists()


@pytest.mark.parametrize("name", ["catalog:studio_image_primary", "catalog:studio_image_delete"])
def test_an_artist_cannot_touch_another_artists_images(client: Client, artist: ArtistProfile, name: str) -> None:
    theirs = ArtworkImageFactory(is_primary=False)

    response = client.post(reverse(name, args=[theirs.pk]))

    assert response.status_code == 404
    assert ArtworkImage.objects.filter(pk=theirs.pk, is_primary=False).exists()


# The inventory ----------------------------------------------------------------------------------

def test_inventory_lists_own_works_with_drafts_but_not_others_or_deleted(client: Client,
                                                                        artist: ArtistProfile) -> None:
    ArtworkFactory(artist=artist, title={"en": "Public one"}, inventory_number="P-1", location="rack 3")
    ArtworkFactory(artist=artist, title={"en": "Secret draft"}, availability="draft")
    ArtworkFactory(artist=artist, title={"en": "Gone"}, deleted_at="2024-01-01T00:00Z")
    ArtworkFactory(title={"en": "Someone else's"})

    response = client.get(reverse("catalog:studio"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Public one" in html and "Secret draft" in html and "P-1" in html and "rack 3" in html
    assert "Gone" not in html and "Someone else" not in html
    for name in ("catalog:studio_create", "catalog:studio_export", "catalog:studio_import"):
        assert reverse(name) in html


def test_inventory_filters_by_availability_medium_series_and_text(client: Client, artist: ArtistProfile) -> None:
    series = Series.objects.create(artist=artist, title={"en": "Nomads"})
    ArtworkFactory(artist=artist, title={"en": "Draft felt"}, availability="draft",
                   medium=MediumFactory(slug="felt", label={"en": "Felt"}))
    ArtworkFactory(artist=artist, title={"en": "Oil for sale"}, series=series, inventory_number="K-42")

    def titles(**params: str) -> set[str]:
        page = client.get(reverse("catalog:studio"), params).context["page"]
        return {artwork.title["en"] for artwork in page.object_list}

    assert titles() == {"Draft felt", "Oil for sale"}
    assert titles(availability="draft") == {"Draft felt"}
    assert titles(medium="felt") == {"Draft felt"}
    assert titles(series=str(series.pk)) == {"Oil for sale"}
    assert titles(q="k-42") == {"Oil for sale"}
    assert titles(availability="nonsense") == {"Draft felt", "Oil for sale"}  # a bad filter is ignored


def test_inventory_pages_by_fifty_keeping_the_filters(client: Client, artist: ArtistProfile,
                                                       django_assert_max_num_queries: Any) -> None:
    medium = MediumFactory()
    ArtworkFactory.create_batch(51, artist=artist, medium=medium, availability="draft")
    for artwork in Artwork.objects.filter(artist=artist)[:10]:
        ArtworkImageFactory(artwork=artwork)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("catalog:studio"), {"availability": "draft"})

    page = response.context["page"]
    assert len(page.object_list) == 50
    assert page.paginator.num_pages == 2
    html = response.content.decode()
    assert "?availability=draft&amp;page=2" in html
    assert len(client.get(reverse("catalog:studio"), {"availability": "draft", "page": 2}).context["page"]) == 1


# Creating and editing ---------------------------------------------------------------------------

def test_artwork_form_labels_sizes_in_millimetres(client: Client, artist: ArtistProfile) -> None:
    html = client.get(reverse("catalog:studio_create")).content.decode()

    assert '<label for="id_height_mm">Height (mm)' in html
    assert '<legend>Title' in html or "Title</legend>" in html


def test_creating_a_work_converts_the_price_exactly_and_returns_to_its_page(client: Client,
                                                                          artist: ArtistProfile) -> None:
    response = client.post(reverse("catalog:studio_create"), _form(price="1 250 000.50", price_currency="USD"))

    artwork = Artwork.objects.get(artist=artist)
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:studio_edit", args=[artwork.pk]) + "#images"
    assert artwork.title.as_dict() == {"kk": "Таң", "ru": "Рассвет", "en": "Dawn"}
    assert (artwork.price_amount, artwork.price_currency) == (125_000_050, "USD")
    assert (artwork.height_mm, artwork.width_mm, artwork.depth_mm) == (600, 800, None)
    assert artwork.inventory_number == "N-1"
    assert [s.slug for s in artwork.subjects.all()] == ["steppe"]
    assert artwork.is_listed


def test_only_own_series_are_offered(client: Client, artist: ArtistProfile) -> None:
    mine = Series.objects.create(artist=artist, title={"en": "Mine"})
    theirs = Series.objects.create(artist=ArtistFactory(), title={"en": "Theirs"})

    html = client.get(reverse("catalog:studio_create")).content.decode()
    assert "Mine" in html and "Theirs" not in html

    response = client.post(reverse("catalog:studio_create"), _form(series=theirs.pk))
    assert "series" in response.context["form"].errors
    client.post(reverse("catalog:studio_create"), _form(series=mine.pk))
    assert Artwork.objects.get(artist=artist).series == mine


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"height_mm": "-5"}, "height_mm", "millimetres"),
    ({"price_currency": "XYZ"}, "price_currency", "valid choice"),
    ({"price": "10.555"}, "price", "decimal places"),
    ({"price": "-10"}, "price", "negative"),
    ({"price": "lots"}, "price", "number"),
    ({"year": "999"}, "year", "year"),
    ({"title_kk": "", "title_ru": "", "title_en": ""}, "title", "language"),
    ({"medium": ""}, "medium", "required"),
])
def test_bad_input_shows_field_errors_and_saves_nothing(client: Client, artist: ArtistProfile,
                                                       overrides: dict[str, str], field: str, words: str) -> None:
    response = client.post(reverse("catalog:studio_create"), _form(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Artwork.objects.count() == 0


def test_a_duplicate_inventory_number_is_shown_on_its_field(client: Client, artist: ArtistProfile) -> None:
    ArtworkFactory(artist=artist, inventory_number="N-1")

    response = client.post(reverse("catalog:studio_create"), _form(inventory_number="N-1"))

    assert "already used" in " ".join(response.context["form"].errors["inventory_number"])
    assert Artwork.objects.count() == 1
    assert 'href="#id_inventory_number"' in response.content.decode()  # the error summary links to it


def test_editing_shows_the_current_values_and_saves_changes(client: Client, artist: ArtistProfile) -> None:
    artwork = ArtworkFactory(artist=artist, price_amount=150_000_000, inventory_number="E-1")
    url = reverse("catalog:studio_edit", args=[artwork.pk])

    form = client.get(url).context["form"]
    assert form["price"].value() == "1500000.00"
    assert form["inventory_number"].value() == "E-1"

    response = client.post(url, _form(inventory_number="E-1", location="Astana", price="99", availability="sold"))

    assert response.status_code == 302
    artwork.refresh_from_db()
    assert (artwork.location, artwork.price_amount, artwork.availability) == ("Astana", 9900, "sold")


def test_a_refused_edit_changes_nothing(client: Client, artist: ArtistProfile) -> None:
    ArtworkFactory(artist=artist, inventory_number="TAKEN")
    artwork = ArtworkFactory(artist=artist, inventory_number="E-1", location="here")

    response = client.post(reverse("catalog:studio_edit", args=[artwork.pk]),
                           _form(inventory_number="TAKEN", location="there"))

    assert "inventory_number" in response.context["form"].errors
    artwork.refresh_from_db()
    assert (artwork.inventory_number, artwork.location) == ("E-1", "here")


# Deleting ---------------------------------------------------------------------------------------

def test_delete_asks_first_then_hides_the_work_from_studio_and_public(client: Client,
                                                                     artist: ArtistProfile) -> None:
    artwork = ArtworkFactory(artist=artist, title={"en": "To go"})
    url = reverse("catalog:studio_delete", args=[artwork.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert "To go" in response.content.decode()
    assert Artwork.objects.alive().filter(pk=artwork.pk).exists()

    response = client.post(url)
    assert response["Location"] == reverse("catalog:studio")
    assert Artwork.objects.filter(pk=artwork.pk).exists()  # soft: the row stays
    assert artwork not in client.get(reverse("catalog:studio")).context["page"].object_list
    assert not Artwork.objects.listed().filter(pk=artwork.pk).exists()
    assert client.get(reverse("catalog:studio_edit", args=[artwork.pk])).status_code == 404
    public_url = reverse("catalog:artwork", kwargs={"artist_slug": artist.slug, "slug": artwork.slug})
    assert client.get(public_url).status_code == 404


# Images -----------------------------------------------------------------------------------------

def test_a_text_file_named_jpg_is_refused_with_a_message(client: Client, artist: ArtistProfile) -> None:
    artwork = ArtworkFactory(artist=artist)
    upload = SimpleUploadedFile("painting.jpg", b"this is not a picture", content_type="image/jpeg")

    response = client.post(reverse("catalog:studio_image_upload", args=[artwork.pk]), {"image-image": upload})

    assert response.status_code == 400
    assert "Upload a JPEG, PNG, WebP, TIFF or HEIC image." in response.content.decode()
    assert "image" in response.context["image_form"].errors
    assert not ArtworkImage.objects.exists()


def test_a_png_is_accepted_and_becomes_the_primary_image(client: Client, artist: ArtistProfile,
                                                         django_capture_on_commit_callbacks: Any) -> None:
    artwork = ArtworkFactory(artist=artist)
    upload = SimpleUploadedFile("scan.png", image_bytes("PNG", (40, 30)), content_type="image/png")
    url = reverse("catalog:studio_image_upload", args=[artwork.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"image-image": upload, "image-alt_text_en": "A red square"})

    assert response.status_code == 302
    image = ArtworkImage.objects.get(artwork=artwork)
    assert image.is_primary
    assert (image.format, image.width, image.height) == ("PNG", 40, 30)
    assert image.alt_text.as_dict() == {"en": "A red square"}
    assert image.processing_state == "ready" and image.renditions
    page = client.get(reverse("catalog:studio_edit", args=[artwork.pk])).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp,image/tiff,image/heic,image/heif,.heic,.heif"' in page
    assert "A red square" in page


def test_make_primary_and_delete_images_by_post(client: Client, artist: ArtistProfile) -> None:
    artwork = ArtworkFactory(artist=artist)
    first = ArtworkImageFactory(artwork=artwork, is_primary=True, position=0)
    second = ArtworkImageFactory(artwork=artwork, is_primary=False, position=1)

    assert client.get(reverse("catalog:studio_image_primary", args=[second.pk])).status_code == 405
    response = client.post(reverse("catalog:studio_image_primary", args=[second.pk]))
    assert response["Location"] == reverse("catalog:studio_edit", args=[artwork.pk]) + "#images"
    second.refresh_from_db()
    assert second.is_primary

    client.post(reverse("catalog:studio_image_delete", args=[second.pk]))
    first.refresh_from_db()
    assert first.is_primary
    assert list(ArtworkImage.objects.all()) == [first]


# Editions ---------------------------------------------------------------------------------------

def test_editions_section_shows_only_for_editions(client: Client, artist: ArtistProfile) -> None:
    unique = ArtworkFactory(artist=artist, edition_type="unique")
    limited = ArtworkFactory(artist=artist, edition_type="limited")

    assert 'id="editions"' not in client.get(reverse("catalog:studio_edit", args=[unique.pk])).content.decode()
    assert 'id="editions"' in client.get(reverse("catalog:studio_edit", args=[limited.pk])).content.decode()


def test_adding_a_limited_edition_of_ten_plus_two_proofs_makes_twelve_copies(client: Client,
                                                                            artist: ArtistProfile) -> None:
    artwork = ArtworkFactory(artist=artist, edition_type="limited")
    url = reverse("catalog:studio_edition_add", args=[artwork.pk])

    response = client.post(url, {"edition-label": "Giclée", "edition-size": "10", "edition-artist_proofs": "2",
                                 "edition-price": "50 000", "edition-price_currency": "KZT"})

    assert response["Location"] == reverse("catalog:studio_edit", args=[artwork.pk]) + "#editions"
    assert EditionCopy.objects.filter(edition_set__artwork=artwork).count() == 12
    edition = artwork.edition_sets.get()
    assert edition.price_amount == 5_000_000
    page = client.get(reverse("catalog:studio_edit", args=[artwork.pk]))
    assert page.context["edition_sets"][0][0].copy_count == 12


def test_a_limited_edition_without_a_size_is_refused_on_the_size_field(client: Client,
                                                                      artist: ArtistProfile) -> None:
    artwork = ArtworkFactory(artist=artist, edition_type="limited")

    response = client.post(reverse("catalog:studio_edition_add", args=[artwork.pk]),
                           {"edition-size": "", "edition-price_currency": "KZT"})

    assert response.status_code == 200
    assert "size" in response.context["edition_form"].errors
    assert not artwork.edition_sets.exists()


def test_the_studio_shows_storage_use_and_refuses_an_upload_past_the_quota(
        client: Client, artist: ArtistProfile, settings: Any) -> None:
    settings.DALA_STORAGE_QUOTA_BYTES = 3 * 1024 * 1024
    artwork = ArtworkFactory(artist=artist)
    ArtworkImage.objects.create(artwork=artwork, file="artworks/x.jpg", format="JPEG", width=1, height=1,
                                byte_size=3 * 1024 * 1024 - 10)

    with translation.override("en"):
        assert "Storage used: 3.0 MB of 3.0 MB" in client.get(reverse("catalog:studio")).content.decode()
        upload = SimpleUploadedFile("scan.png", image_bytes("PNG", (40, 30)), content_type="image/png")
        response = client.post(reverse("catalog:studio_image_upload", args=[artwork.pk]), {"image-image": upload})

    assert response.status_code == 400
    assert "storage limit" in str(response.context["image_form"].errors["image"])
    assert ArtworkImage.objects.filter(artwork=artwork).count() == 1
