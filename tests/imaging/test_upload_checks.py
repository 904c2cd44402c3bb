"""Uploads are checked by their content: what is refused, with which message, on the web and the API."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from dala.accounts.models import ArtistProfile
from dala.catalog.images import check_image
from dala.catalog.models import ArtworkImage
from dala.core.errors import DomainError
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtworkFactory

from .pictures import REFUSED, encode, noisy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]




def _studio_upload(client: Client, artwork_id: int, data: bytes, name: str = "work.jpg") -> Any:
    upload = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return client.post(reverse("catalog:studio_image_upload", args=[artwork_id]), {"image-image": upload})


def _api_upload(artist: ArtistProfile, artwork_id: int, data: bytes) -> Any:
    upload = SimpleUploadedFile("work.jpg", data, content_type="image/jpeg")
    return bearer_client(token_for(artist.user)).post(f"{API}/studio/artworks/{artwork_id}/images", {"image": upload},
                                                      headers={"Accept-Language": "en"})


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_bad_upload_is_refused_in_the_studio_and_by_the_api(client: Client, artist: ArtistProfile,
                                                              name: str) -> None:
    data, message = REFUSED[name]
    artwork = ArtworkFactory(artist=artist)

    page = _studio_upload(client, artwork.pk, data)
    api = _api_upload(artist, artwork.pk, data)

    assert page.status_code == api.status_code  # the same refusal on the page and in the API
    assert message in page.content.decode()
    assert 400 <= api.status_code < 500
    assert message in error_of(api)["message"]
    assert error_of(api)["field"] == "image"
    assert not ArtworkImage.objects.exists()


def test_a_zero_byte_file_is_refused(client: Client, artist: ArtistProfile) -> None:
    artwork = ArtworkFactory(artist=artist)

    with pytest.raises(DomainError, match="empty"):
        check_image(io.BytesIO(b""))
    page = _studio_upload(client, artwork.pk, b"")
    api = _api_upload(artist, artwork.pk, b"")

    assert "empty" in page.content.decode()
    assert 400 <= api.status_code < 500
    assert not ArtworkImage.objects.exists()


def test_a_file_over_the_byte_cap_is_refused(client: Client, artist: ArtistProfile, settings: Any) -> None:
    settings.DALA_MAX_UPLOAD_BYTES = 2_000
    artwork = ArtworkFactory(artist=artist)
    data = encode(noisy((300, 200)), "PNG")
    assert len(data) > 2_000

    page = _studio_upload(client, artwork.pk, data)
    api = _api_upload(artist, artwork.pk, data)

    assert "the limit is" in page.content.decode()
    assert api.status_code == 400 and error_of(api)["code"] == "image_too_large"
    assert not ArtworkImage.objects.exists()


def test_a_tiny_file_declaring_too_many_pixels_is_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    from .pictures import png_declaring

    data = png_declaring(30_000, 30_000)
    assert len(data) < 100
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded a bomb"))

    with pytest.raises(DomainError) as caught:
        check_image(io.BytesIO(data))

    assert caught.value.code == "image_too_many_pixels"


def test_the_pixel_cap_of_the_settings_is_checked_from_the_header(settings: Any) -> None:
    settings.DALA_MAX_IMAGE_PIXELS = 10_000

    with pytest.raises(DomainError) as caught:
        check_image(io.BytesIO(encode(noisy((200, 100)), "PNG")))

    assert caught.value.code == "image_too_many_pixels"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_an_accepted_upload_gets_renditions_of_the_right_widths(
        artist: ArtistProfile, media_root: Path, fmt: str, django_capture_on_commit_callbacks: Any) -> None:
    artwork = ArtworkFactory(artist=artist)

    with django_capture_on_commit_callbacks(execute=True):
        response = _api_upload(artist, artwork.pk, encode(noisy((700, 400)), fmt))

    assert response.status_code == 201
    image = ArtworkImage.objects.get()
    assert image.format == fmt and image.processing_state == "ready"
    made = sorted((r["format"], r["width"]) for r in image.renditions)
    assert made == [("JPEG", 320), ("JPEG", 640), ("WEBP", 320), ("WEBP", 640)]
    for rendition in image.renditions:
        path = media_root / rendition["name"]
        assert rendition["name"].startswith("renditions/")
        with Image.open(path) as opened:
            assert opened.format == rendition["format"]
            assert opened.size == (rendition["width"], rendition["height"])
            assert opened.mode == "RGB"
    assert not list(media_root.rglob("*.part"))


def test_a_picture_narrower_than_every_width_gets_one_rendition_at_its_own_width(
        artist: ArtistProfile, django_capture_on_commit_callbacks: Any) -> None:
    artwork = ArtworkFactory(artist=artist)

    with django_capture_on_commit_callbacks(execute=True):
        _api_upload(artist, artwork.pk, encode(noisy((200, 120)), "PNG"))

    image = ArtworkImage.objects.get()
    assert sorted((r["format"], r["width"], r["height"]) for r in image.renditions) == [
        ("JPEG", 200, 120), ("WEBP", 200, 120)]
