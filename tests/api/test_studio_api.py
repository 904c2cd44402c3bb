"""The studio API and tokens: an artist manages their own works with a bearer token, and nobody else's."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from dala.accounts.models import ApiToken, ArtistProfile
from dala.catalog.models import Artwork, ArtworkImage
from dala.core.translation import Translated
from tests.factories import (
    ArtistFactory,
    ArtworkFactory,
    ArtworkImageFactory,
    MediumFactory,
    SubjectFactory,
    UserFactory,
    image_bytes,
)

from .conftest import API, bearer_client, error_of, token_for

pytestmark = pytest.mark.django_db


def _new_work(**overrides: Any) -> dict[str, Any]:
    MediumFactory()
    SubjectFactory()
    return {"title": {"kk": "Дала", "en": "Steppe"}, "medium": "oil", "subjects": ["steppe"], "year": 2024,
            "height_mm": 500, "width_mm": 700, "price_amount": 250_000_000, "price_currency": "KZT",
            "inventory_number": "A-1", "location": "Studio shelf 3", "private_notes": "Varnish in spring",
            **overrides}


def _png(name: str = "work.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG", (120, 80)), content_type="image/png")


STUDIO_CALLS = [
    ("get", "/studio/artworks"),
    ("post", "/studio/artworks"),
    ("get", "/studio/artworks/1"),
    ("patch", "/studio/artworks/1"),
    ("delete", "/studio/artworks/1"),
    ("post", "/studio/artworks/1/images"),
    ("post", "/studio/images/1/primary"),
    ("delete", "/studio/images/1"),
]


# Tokens -------------------------------------------------------------------------------------------

def test_email_and_password_give_a_token_that_authenticates(client: Client, artist: ArtistProfile) -> None:
    response = client.post(f"{API}/auth/token", {"email": artist.user.email.upper(),
                                                 "password": "correct-horse-battery", "name": "my app"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["key"].startswith("dala_")
    assert body["name"] == "my app"
    token = ApiToken.objects.get(user=artist.user)
    assert token.key_hash != body["key"]  # only the hash is kept

    me = bearer_client(body["key"]).get(f"{API}/me")
    assert me.status_code == 200
    assert me.json()["email"] == artist.user.email
    assert me.json()["roles"] == ["artist"]
    assert me.json()["artist"]["slug"] == artist.slug


def test_a_wrong_password_gives_no_token(client: Client, artist: ArtistProfile) -> None:
    response = client.post(f"{API}/auth/token", {"email": artist.user.email, "password": "nope"},
                           content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_me_without_a_token_is_401(client: Client) -> None:
    response = client.get(f"{API}/me")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("method, path", STUDIO_CALLS)
def test_the_studio_without_a_token_is_401(client: Client, method: str, path: str) -> None:
    response = getattr(client, method)(f"{API}{path}")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


@pytest.mark.parametrize("header", ["Bearer dala_forged", "Bearer", "Token abc", "Basic dXNlcjpwYXNz"])
def test_a_bad_authorization_header_is_401(db: None, header: str) -> None:
    response = Client(headers={"Authorization": header}).get(f"{API}/studio/artworks")
    assert response.status_code == 401


def test_a_revoked_token_is_401(artist: ArtistProfile) -> None:
    key = token_for(artist.user)
    ApiToken.objects.update(revoked_at=timezone.now())
    assert bearer_client(key).get(f"{API}/studio/artworks").status_code == 401


def test_an_inactive_users_token_is_401(artist: ArtistProfile) -> None:
    key = token_for(artist.user)
    type(artist.user).objects.filter(pk=artist.user.pk).update(is_active=False)
    assert bearer_client(key).get(f"{API}/studio/artworks").status_code == 401


@pytest.mark.parametrize("method, path", STUDIO_CALLS)
def test_the_studio_for_a_non_artist_is_403(db: None, method: str, path: str) -> None:
    collector = bearer_client(token_for(UserFactory()))
    response = getattr(collector, method)(f"{API}{path}", content_type="application/json")
    assert response.status_code == 403
    assert error_of(response)["code"] == "not_an_artist"


def test_bearer_requests_need_no_csrf_token(artist: ArtistProfile) -> None:
    key = token_for(artist.user)
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
    response = client.post(f"{API}/studio/artworks", _new_work(), content_type="application/json")
    assert response.status_code == 201, response.content


# Artworks -----------------------------------------------------------------------------------------

def test_an_artist_creates_a_draft_that_only_the_studio_shows(studio: Client, artist: ArtistProfile,
                                                               client: Client) -> None:
    response = studio.post(f"{API}/studio/artworks", _new_work(), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    work = Artwork.objects.get(pk=body["id"])
    assert work.artist == artist
    assert work.availability == "draft" and not work.is_listed
    assert work.title == Translated(kk="Дала", en="Steppe")
    assert work.price_amount == 250_000_000
    assert [s.slug for s in work.subjects.all()] == ["steppe"]
    assert body["inventory_number"] == "A-1"
    assert body["private_notes"] == "Varnish in spring"
    assert body["price"]["amount"] == 250_000_000
    assert body["is_listed"] is False

    listed = studio.get(f"{API}/studio/artworks").json()
    assert [item["id"] for item in listed["items"]] == [work.pk]
    assert client.get(f"{API}/artworks/{work.pk}").status_code == 404


def test_an_artist_reads_changes_and_deletes_their_work(studio: Client, artist: ArtistProfile) -> None:
    work = ArtworkFactory(artist=artist, title=Translated(kk="Таң", ru="Рассвет", en="Dawn"), year=2020,
                          location="Shelf 1")
    url = f"{API}/studio/artworks/{work.pk}"

    assert studio.get(url).json()["location"] == "Shelf 1"

    response = studio.patch(url, {"year": 2021, "title": {"en": "Daybreak", "ru": None}},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    work.refresh_from_db()
    assert work.year == 2021
    assert work.title == Translated(kk="Таң", en="Daybreak")  # merged per language; null removed ru
    assert work.location == "Shelf 1"  # not sent, not changed
    assert response.json()["title"] == {"kk": "Таң", "ru": None, "en": "Daybreak"}

    assert studio.patch(url, {"availability": "draft"}, content_type="application/json").status_code == 200
    work.refresh_from_db()
    assert not work.is_listed

    assert studio.delete(url).status_code == 204
    work.refresh_from_db()
    assert work.deleted_at is not None
    assert studio.get(url).status_code == 404


def test_publishing_a_work_lists_it(studio: Client, artist: ArtistProfile, client: Client) -> None:
    work_id = studio.post(f"{API}/studio/artworks", _new_work(), content_type="application/json").json()["id"]
    studio.patch(f"{API}/studio/artworks/{work_id}", {"availability": "for_sale"}, content_type="application/json")
    assert client.get(f"{API}/artworks/{work_id}").status_code == 200


def test_another_artists_token_gets_404_on_my_work(artist: ArtistProfile) -> None:
    mine = ArtworkFactory(artist=artist, year=2020)
    image = ArtworkImageFactory(artwork=mine)
    other = bearer_client(token_for(ArtistFactory().user))
    url = f"{API}/studio/artworks/{mine.pk}"

    assert other.get(url).status_code == 404
    assert error_of(other.patch(url, {"year": 1999}, content_type="application/json"))["code"] == "artwork_not_found"
    assert other.delete(url).status_code == 404
    assert other.post(f"{url}/images", {"image": _png()}).status_code == 404
    assert other.post(f"{API}/studio/images/{image.pk}/primary").status_code == 404
    assert other.delete(f"{API}/studio/images/{image.pk}").status_code == 404
    assert other.get(f"{API}/studio/artworks").json()["items"] == []

    mine.refresh_from_db()
    assert mine.year == 2020 and mine.deleted_at is None
    assert ArtworkImage.objects.filter(pk=image.pk).exists()


def test_the_studio_list_filters_and_pages(studio: Client, artist: ArtistProfile) -> None:
    watercolour = MediumFactory(slug="watercolour", label=Translated(en="Watercolour"))
    draft = ArtworkFactory(artist=artist, availability="draft", inventory_number="KZ-77")
    sold = ArtworkFactory(artist=artist, availability="sold", medium=watercolour)
    ArtworkFactory.create_batch(3, artist=artist)
    ArtworkFactory(artist=artist, deleted_at=timezone.now())
    ArtworkFactory()

    def ids(**params: Any) -> list[int]:
        return [item["id"] for item in studio.get(f"{API}/studio/artworks", params).json()["items"]]

    assert ids(availability="draft") == [draft.pk]
    assert ids(medium="watercolour") == [sold.pk]
    assert ids(q="kz-77") == [draft.pk]
    page = studio.get(f"{API}/studio/artworks", {"page_size": 2, "page": 3}).json()
    assert (page["count"], len(page["items"]), page["next"], page["previous"]) == (5, 1, None, 2)
    assert studio.get(f"{API}/studio/artworks", {"availability": "lost"}).status_code == 422


def test_the_studio_list_costs_the_same_queries_for_5_and_30_works(
        django_assert_max_num_queries: Any) -> None:
    artist = ArtistFactory()
    studio = bearer_client(token_for(artist.user))
    for count in (5, 30):
        for work in ArtworkFactory.create_batch(count - Artwork.objects.count(), artist=artist):
            ArtworkImageFactory(artwork=work)
            work.subjects.set([SubjectFactory()])
        with django_assert_max_num_queries(8):
            response = studio.get(f"{API}/studio/artworks", {"page_size": 100})
        assert len(response.json()["items"]) == count


# Images -------------------------------------------------------------------------------------------

def test_an_uploaded_png_becomes_the_primary_image(studio: Client, artist: ArtistProfile) -> None:
    work = ArtworkFactory(artist=artist)
    response = studio.post(f"{API}/studio/artworks/{work.pk}/images",
                           {"image": _png(), "alt_en": "The steppe at dusk"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["width"], body["height"], body["is_primary"]) == (120, 80, True)
    assert body["alt"]  # the English alt falls back into any language
    image = ArtworkImage.objects.get(pk=body["id"])
    assert image.format == "PNG"
    assert image.alt_text == Translated(en="The steppe at dusk")

    second = studio.post(f"{API}/studio/artworks/{work.pk}/images", {"image": _png(), "make_primary": "true"})
    assert second.json()["is_primary"] is True
    image.refresh_from_db()
    assert image.is_primary is False


def test_a_text_file_is_not_accepted_as_an_image(studio: Client, artist: ArtistProfile) -> None:
    work = ArtworkFactory(artist=artist)
    text = SimpleUploadedFile("notes.png", b"just some text, not pixels", content_type="image/png")
    response = studio.post(f"{API}/studio/artworks/{work.pk}/images", {"image": text})
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["field"]) == ("image_type_not_allowed", "image")
    assert not ArtworkImage.objects.exists()


def test_a_too_large_image_is_refused(studio: Client, artist: ArtistProfile, settings: Any) -> None:
    settings.DALA_MAX_UPLOAD_BYTES = 100
    work = ArtworkFactory(artist=artist)
    response = studio.post(f"{API}/studio/artworks/{work.pk}/images", {"image": _png()})
    assert 400 <= response.status_code < 500
    assert error_of(response)["field"] == "image"
    assert not ArtworkImage.objects.exists()


def test_an_upload_without_a_file_names_the_field(studio: Client, artist: ArtistProfile) -> None:
    work = ArtworkFactory(artist=artist)
    response = studio.post(f"{API}/studio/artworks/{work.pk}/images", {"alt_en": "nothing"})
    assert response.status_code == 422
    assert error_of(response)["field"] == "image"


def test_an_artist_chooses_the_primary_image_and_deletes_images(studio: Client, artist: ArtistProfile) -> None:
    work = ArtworkFactory(artist=artist)
    first = ArtworkImageFactory(artwork=work, is_primary=True, position=0)
    second = ArtworkImageFactory(artwork=work, is_primary=False, position=1)

    response = studio.post(f"{API}/studio/images/{second.pk}/primary")
    assert response.status_code == 200 and response.json()["is_primary"] is True
    first.refresh_from_db()
    assert not first.is_primary

    assert studio.delete(f"{API}/studio/images/{second.pk}").status_code == 204
    first.refresh_from_db()
    assert first.is_primary  # the next image takes the primary place
    assert studio.delete(f"{API}/studio/images/{second.pk}").status_code == 404


def test_an_upload_past_the_storage_quota_is_refused(studio: Client, artist: ArtistProfile, settings: Any) -> None:
    settings.DALA_STORAGE_QUOTA_BYTES = 10
    work = ArtworkFactory(artist=artist)
    response = studio.post(f"{API}/studio/artworks/{work.pk}/images", {"image": _png()})
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["field"]) == ("storage_quota_exceeded", "image")
    assert not ArtworkImage.objects.exists()
