"""The pipeline's task end to end: duplicates, retries and failure, and reprocessing."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from dala.catalog.models import ArtworkImage
from dala.catalog.services import add_artwork_image, delete_artwork_image
from dala.imaging import pipeline, services
from dala.imaging.services import REASON_STORAGE, REASON_UNREADABLE
from dala.imaging.tasks import process_artwork_image, retry_images_after_storage_failures
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


def _failed_for_the_storage(minutes_ago: int, reason: str = REASON_STORAGE) -> ArtworkImage:
    image = add_artwork_image(artwork=ArtworkFactory(), upload=io.BytesIO(encode(noisy(), "PNG")))
    ArtworkImage.objects.filter(pk=image.pk).update(
        processing_state="failed", processing_error=reason, updated_at=timezone.now() - timedelta(minutes=minutes_ago))
    return image


def test_images_that_failed_while_the_storage_was_away_are_processed_again_once_they_have_waited(
        settings: Any) -> None:
    settings.DALA_IMAGE_RETRY_MINUTES = 10
    waited = _failed_for_the_storage(minutes_ago=11)
    just_now = _failed_for_the_storage(minutes_ago=2)
    damaged = _failed_for_the_storage(minutes_ago=60, reason=REASON_UNREADABLE)  # the artist's to act on

    retry_images_after_storage_failures.call()

    states = dict(ArtworkImage.objects.values_list("pk", "processing_state"))
    assert states == {waited.pk: "ready", just_now.pk: "failed", damaged.pk: "failed"}
    waited.refresh_from_db()
    assert waited.processing_error == "" and waited.renditions


def test_the_retry_stops_at_the_first_image_the_storage_still_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _failed_for_the_storage(minutes_ago=30), _failed_for_the_storage(minutes_ago=20)
    tried: list[int] = []

    def unreachable(image: ArtworkImage) -> ArtworkImage:
        tried.append(image.pk)
        raise EndpointConnectionError(endpoint_url="http://bucket.invalid")

    monkeypatch.setattr(services, "process_image", unreachable)
    before = dict(ArtworkImage.objects.values_list("pk", "updated_at"))

    retry_images_after_storage_failures.call()

    assert tried == [first.pk]  # the oldest; the others would only wait out the storage's timeouts
    after = dict(ArtworkImage.objects.values_list("pk", "updated_at"))
    assert after[first.pk] > before[first.pk] and after[second.pk] == before[second.pk]
    assert set(ArtworkImage.objects.values_list("processing_error", flat=True)) == {REASON_STORAGE}
