"""The staff admin: every model has a working changelist, add page and search; saves go through services."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

from dala.accounts.models import ApiToken, ArtistProfile, Role, User
from dala.catalog.models import Artwork, ArtworkImage, EditionCopy, EditionSet, Medium
from dala.core.money import to_base_minor
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory, MediumFactory, image_bytes

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "catalog"}


@pytest.fixture
def staff(client: Client) -> User:
    user = User.objects.create_superuser(email="staff@example.com", password="x")
    client.force_login(user)
    return user


@pytest.fixture
def catalogue() -> Artwork:
    """One row of each model, so that the changelists render their columns."""
    artwork = ArtworkFactory(inventory_number="INV-7", edition_type="limited")
    ArtworkImageFactory(artwork=artwork)
    edition = EditionSet.objects.create(artwork=artwork, label="Giclée", size=2)
    EditionCopy.objects.create(edition_set=edition, number=1)
    ApiToken.objects.create(user=artwork.artist.user, name="cli", key_hash="0" * 64, key_prefix="dala_abc")
    return artwork


def _registered() -> list[type[models.Model]]:
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS | {"auth"}]


def test_every_model_of_ours_is_registered() -> None:
    ours = {model for model in admin.site._registry if model._meta.app_label in OUR_APPS}
    from django.apps import apps

    expected = {model for label in OUR_APPS for model in apps.get_app_config(label).get_models()}
    assert expected <= ours


def test_staff_can_open_every_changelist_and_add_page(client: Client, staff: User, catalogue: Artwork) -> None:
    for model in _registered():
        opts = model._meta
        for view in ("changelist", "add"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            response = client.get(url)
            # A record staff only read (credits are agreed between artists) refuses the add page.
            read_only = view == "add" and not admin.site._registry[model].has_add_permission(response.wsgi_request)
            assert response.status_code == (403 if read_only else 200), (url, response.status_code)


def test_staff_can_open_every_change_page(client: Client, staff: User, catalogue: Artwork) -> None:
    for model in _registered():
        row = model._default_manager.first()
        if row is None:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        assert client.get(url).status_code == 200, url


def test_search_works_on_every_searchable_changelist(client: Client, staff: User, catalogue: Artwork) -> None:
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS or not model_admin.search_fields:
            continue
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "a"})
        assert response.status_code == 200, opts.label


def test_artwork_search_finds_by_inventory_number_and_artist_slug(client: Client, staff: User,
                                                                  catalogue: Artwork) -> None:
    ArtworkFactory(inventory_number="OTHER-1")
    url = reverse("admin:catalog_artwork_changelist")

    by_number = client.get(url, {"q": "INV-7"}).context["cl"].result_list
    by_artist = client.get(url, {"q": catalogue.artist.slug}).context["cl"].result_list

    assert list(by_number) == [catalogue]
    assert list(by_artist) == [catalogue]


def test_artwork_filters_apply(client: Client, staff: User, catalogue: Artwork) -> None:
    ArtworkFactory(availability="draft", is_listed=False)
    url = reverse("admin:catalog_artwork_changelist")

    drafts = client.get(url, {"availability__exact": "draft"}).context["cl"].result_list
    in_kz = client.get(url, {"artist__country__exact": "KZ"}).context["cl"].result_list

    assert [work.availability for work in drafts] == ["draft"]
    assert len(in_kz) == 2


def _artwork_form(artwork: Artwork, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "artist": artwork.artist_id, "title_kk": "Жаңа", "title_ru": "Новая", "title_en": "New", "slug": artwork.slug,
        "year": 2020, "medium": artwork.medium_id, "materials": "", "height_mm": 500, "width_mm": 700,
        "depth_mm": "", "edition_type": "unique", "series": "", "description_kk": "", "description_ru": "",
        "description_en": "", "price_amount": 48_000, "price_currency": "USD", "price_visible": "on",
        "availability": "for_sale", "location": "", "inventory_number": "INV-7", "private_notes": "",
        "images-TOTAL_FORMS": 0, "images-INITIAL_FORMS": 0, "edition_sets-TOTAL_FORMS": 0,
        "edition_sets-INITIAL_FORMS": 0, "credits-TOTAL_FORMS": 0, "credits-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_saving_an_artwork_in_the_admin_keeps_price_base_and_is_listed_right(client: Client, staff: User) -> None:
    artwork = ArtworkFactory(inventory_number="INV-7")
    url = reverse("admin:catalog_artwork_change", args=[artwork.pk])

    response = client.post(url, _artwork_form(artwork))
    assert response.status_code == 302, response.context["adminform"].form.errors
    artwork.refresh_from_db()
    assert artwork.title.as_dict() == {"kk": "Жаңа", "ru": "Новая", "en": "New"}
    assert artwork.price_base == to_base_minor(48_000, "USD")
    assert artwork.is_listed

    client.post(url, _artwork_form(artwork, availability="draft", price_visible=""))
    artwork.refresh_from_db()
    assert (artwork.is_listed, artwork.price_base) == (False, None)


def test_adding_an_artwork_in_the_admin_makes_its_slug_and_derived_fields(client: Client, staff: User) -> None:
    artist = ArtistFactory()
    medium = MediumFactory()
    template = Artwork(artist=artist, medium=medium, slug="")

    response = client.post(reverse("admin:catalog_artwork_add"), _artwork_form(template, slug=""))

    assert response.status_code == 302
    artwork = Artwork.objects.get()
    assert artwork.slug == "jana"
    assert artwork.is_listed and artwork.price_base == to_base_minor(48_000, "USD")


def test_admin_refuses_an_artwork_that_breaks_a_constraint(client: Client, staff: User) -> None:
    artwork = ArtworkFactory(inventory_number="INV-7")

    response = client.post(reverse("admin:catalog_artwork_change", args=[artwork.pk]),
                           _artwork_form(artwork, year=3000))

    assert response.status_code == 200
    artwork.refresh_from_db()
    assert artwork.year == 2024


def test_deleting_an_artwork_in_the_admin_soft_deletes_it(client: Client, staff: User) -> None:
    artwork = ArtworkFactory()

    client.post(reverse("admin:catalog_artwork_delete", args=[artwork.pk]), {"post": "yes"})

    artwork.refresh_from_db()
    assert artwork.deleted_at is not None and not artwork.is_listed


def test_hiding_an_artist_in_the_admin_unlists_their_works(client: Client, staff: User) -> None:
    artwork = ArtworkFactory()
    artist = artwork.artist
    url = reverse("admin:accounts_artistprofile_change", args=[artist.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"name_kk": "Суретші", "name_ru": "", "name_en": "", "biography_kk": "", "biography_ru": "",
                 "biography_en": "", "statement_kk": "", "statement_ru": "", "statement_en": "", "city": artist.city_id,
                 "user": artist.user_id, "is_public": "", "birth_year": ""})
    data.pop("name", None), data.pop("biography", None), data.pop("statement", None)

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    artwork.refresh_from_db()
    assert not ArtistProfile.objects.get(pk=artist.pk).is_public
    assert not artwork.is_listed


def test_granting_a_role_in_the_user_admin_creates_its_profile(client: Client, staff: User) -> None:
    user = User.objects.create_user(email="new@example.com", password="x", display_name="Жанар")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = {"email": "new@example.com", "display_name": "Жанар", "preferred_language": "kk", "is_active": "on",
            "date_joined_0": "2024-01-01", "date_joined_1": "10:00:00",
            "roles-TOTAL_FORMS": 1, "roles-INITIAL_FORMS": 0, "roles-0-role": Role.ARTIST}

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ArtistProfile.objects.get(user=user).slug == "janar"


def test_adding_a_user_in_the_admin_logs_in_by_email(client: Client, staff: User) -> None:
    response = client.post(reverse("admin:accounts_user_add"), {
        "email": "Someone@Example.com", "display_name": "", "usable_password": "true",
        "password1": "a-long-password-9", "password2": "a-long-password-9"})

    assert response.status_code == 302
    assert User.objects.get(email="someone@example.com").check_password("a-long-password-9")


def test_an_api_token_made_in_the_admin_is_shown_once_and_stored_hashed(client: Client, staff: User) -> None:
    response = client.post(reverse("admin:accounts_apitoken_add"), {"user": staff.pk, "name": "ci"}, follow=True)

    token = ApiToken.objects.get(name="ci")
    shown = [str(message) for message in response.context["messages"]]
    key = shown[0].rsplit(" ", 1)[1]
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in token.key_hash


def test_an_image_added_in_the_admin_is_checked_and_attached_by_the_service(client: Client, staff: User) -> None:
    artwork = ArtworkFactory()
    url = reverse("admin:catalog_artworkimage_add")

    refused = client.post(url, {"artwork": artwork.pk, "file": SimpleUploadedFile("x.gif", b"GIF89a not an image")})
    added = client.post(url, {"artwork": artwork.pk, "alt_text_en": "Dawn",
                              "file": SimpleUploadedFile("x.png", image_bytes("PNG", (600, 400)))})

    assert refused.status_code == 200
    assert added.status_code == 302
    image = ArtworkImage.objects.get()
    assert (image.format, image.width, image.height, image.is_primary) == ("PNG", 600, 400, True)


def test_an_edition_run_added_in_the_admin_gets_its_numbered_copies(client: Client, staff: User) -> None:
    artwork = ArtworkFactory(edition_type="limited")
    url = reverse("admin:catalog_editionset_add")

    refused = client.post(url, {"artwork": ArtworkFactory().pk, "label": "", "size": 5, "artist_proofs": 0,
                                "price_currency": "KZT"})
    added = client.post(url, {"artwork": artwork.pk, "label": "Giclée", "size": 5, "artist_proofs": 1,
                              "price_currency": "KZT"})

    assert refused.status_code == 200  # a unique work has no editions
    assert added.status_code == 302
    assert EditionCopy.objects.filter(edition_set__artwork=artwork).count() == 6


def test_vocabulary_labels_are_edited_in_three_inputs(client: Client, staff: User) -> None:
    response = client.post(reverse("admin:catalog_medium_add"), {
        "slug": "felt", "label_kk": "Киіз", "label_ru": "Войлок", "label_en": "Felt", "position": 3})

    assert response.status_code == 302
    assert Medium.objects.get(slug="felt").label.as_dict() == {"kk": "Киіз", "ru": "Войлок", "en": "Felt"}
    assert Group in admin.site._registry  # Django's own models stay registered too


def test_the_image_admin_shows_a_rendition_and_links_the_original_only_to_the_staff_download(
        client: Client, staff: User) -> None:
    image = ArtworkImageFactory(processing_state="ready", renditions=[
        {"width": 320, "height": 240, "format": "JPEG", "name": "renditions/abc/320.jpg"},
        {"width": 640, "height": 480, "format": "JPEG", "name": "renditions/abc/640.jpg"}])
    download = reverse("catalog:image_original", args=[image.pk])

    page = client.get(reverse("admin:catalog_artworkimage_change", args=[image.pk])).content.decode()
    inline = client.get(reverse("admin:catalog_artwork_change", args=[image.artwork_id])).content.decode()

    assert 'src="/media/renditions/abc/640.jpg"' in page and f'href="{download}"' in page
    assert 'src="/media/renditions/abc/640.jpg"' in inline
    assert image.file.name not in page and image.file.name not in inline  # no link to an unserved file
    edited = client.post(reverse("admin:catalog_artworkimage_change", args=[image.pk]),
                         {"position": 3, "alt_text_kk": "", "alt_text_ru": "", "alt_text_en": "Dawn"})
    assert edited.status_code == 302
    image.refresh_from_db()
    assert (image.position, image.alt_text.get("en")) == (3, "Dawn")
