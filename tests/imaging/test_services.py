"""The pipeline's task end to end: duplicates, retries and failure, and reprocessing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from dala.catalog.services import add_artwork_image, delete_artwork_image
from dala.imaging import pipeline
from dala.imaging.services import REASON_UNREADABLE
from dala.imaging.tasks import process_artwork_image
from tests.factories import ArtistFactory, ArtworkFactory

from .pictures import encode, noisy, photo

pytestmark = pytest.mark.django_db


def test_a_reupload_of_the_same_picture_to_another_work_is_flagged(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = add_artwork_image(artwork=ArtworkFactory(), upload=io.BytesIO(encode(photo(), "PNG")))
        again = add_artwork_image(artwork=ArtworkFactory(), upload=io.BytesIO(encode(photo(), "JPEG", quality=70)))
        other = add_artwork_image(artwork=ArtworkFactory(), upload=io.BytesIO(
            encode(photo().transpose(Image.Transpose.FLIP_LEFT_RIGHT), "PNG")))
        second_view = add_artwork_image(artwork=first.artwork, upload=io.BytesIO(encode(photo(), "PNG")))

    for image in (first, again, other, second_view):
        image.refresh_from_db()
    assert again.likely_duplicate_of == first
    assert first.likely_duplicate_of is None
    assert other.likely_duplicate_of is None
    assert second_view.likely_duplicate_of != first  # a work may show a picture twice; only others count


def test_a_corrupt_original_fails_after_three_tries_with_a_reason_the_artist_sees(
        client: Client, originals_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    artist = ArtistFactory()
    artwork = ArtworkFactory(artist=artist)
    image = add_artwork_image(artwork=artwork, upload=io.BytesIO(encode(noisy(), "PNG")))  # not yet processed
    (originals_root / image.file.name).write_bytes(b"\x89PNG\r\n\x1a\n broken after upload")
    tries = []
    prepare = pipeline.prepare
    monkeypatch.setattr(pipeline, "prepare", lambda data, **kw: tries.append(1) or prepare(data, **kw))

    process_artwork_image.call(image.pk)

    image.refresh_from_db()
    assert len(tries) == 3
    assert image.processing_state == "failed"
    assert image.processing_error == REASON_UNREADABLE
    assert image.renditions == []
    assert image.srcset == "" and image.small_url == ""  # never the private original; no thumbnail made here
    client.force_login(artist.user)
    with translation.override("en"):
        page = client.get(reverse("catalog:studio_edit", args=[artwork.pk])).content.decode()
    assert "Processing failed" in page and "damaged or incomplete" in page


def test_renditions_replace_the_original_in_srcset_and_pages_once_ready(
        client: Client, django_capture_on_commit_callbacks: Any) -> None:
    artwork = ArtworkFactory(availability="for_sale")
    with django_capture_on_commit_callbacks(execute=True):
        image = add_artwork_image(artwork=artwork, upload=io.BytesIO(encode(noisy(), "PNG")))
    image.refresh_from_db()

    assert image.file.url not in image.srcset and image.file.url not in image.small_url
    assert "renditions/" in image.large_url
    with translation.override("en"):
        page = client.get(artwork.get_absolute_url()).content.decode()
        api = client.get(f"/api/v1/artworks/{artwork.pk}", headers={"Accept-Language": "en"})
    assert image.file.url not in page
    assert 'type="image/webp"' in page
    assert 'role="list"' in page and image.palette[0]["hex"] in page
    body = api.json()
    assert len(body["palette"]) == 5
    assert {r["width"] for r in body["images"][0]["renditions"]} == {320, 640}
    assert "renditions/" in body["images"][0]["url"]


def test_reprocessing_replaces_renditions_and_deleting_removes_them(
        media_root: Path, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        image = add_artwork_image(artwork=ArtworkFactory(), upload=io.BytesIO(encode(noisy(), "PNG")))
    image.refresh_from_db()
    before = [r["name"] for r in image.renditions]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("images", "reprocess", "--artwork", str(image.artwork_id), verbosity=0)

    image.refresh_from_db()
    after = [r["name"] for r in image.renditions]
    assert set(before).isdisjoint(after)
    assert not any((media_root / name).exists() for name in before)
    assert all((media_root / name).exists() for name in after)
    with django_capture_on_commit_callbacks(execute=True):
        delete_artwork_image(image=image)
    assert not any((media_root / name).exists() for name in after)
