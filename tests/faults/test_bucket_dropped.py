"""The bucket's connection drops in the middle of a transfer, stays away for a while, then comes back.

A real S3 server (SeaweedFS, see tests/scale/conftest.py) sits behind a loopback proxy (tcp_cut.py) that
resets every connection once a set number of bytes has passed, and every new one until it heals. The
site's bucket endpoint is the proxy, with boto's retries and timeouts kept low (DALA_S3_*), as a
deployment may set them. What must hold: a clear 503 rather than a 500, nothing half-written recorded
as done, nothing already saved lost, and the same request working once the bucket is back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork, ArtworkImage
from dala.imaging.services import REASON_STORAGE
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory
from tests.imaging.pictures import encode, noisy
from tests.scale.conftest import Bucket, S3Server, UseBucket

from .tcp_cut import TcpCut

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PICTURE = encode(noisy((700, 400)), "PNG")  # ~57 KB: large enough to be cut in the middle



@pytest.fixture
def proxy(s3_server: S3Server) -> Iterator[TcpCut]:
    parts = urlsplit(s3_server.endpoint)
    assert parts.hostname and parts.port
    cut = TcpCut((parts.hostname, parts.port))
    yield cut
    cut.close()


@pytest.fixture
def bucket(use_bucket: UseBucket, proxy: TcpCut) -> Bucket:
    """The site's media in the test bucket, reached through the proxy; ``bucket.client`` goes straight
    to the server, so the test can look inside while the site's connection is cut."""
    return use_bucket(DALA_S3_ENDPOINT_URL=proxy.url, DALA_S3_MAX_ATTEMPTS="2", DALA_S3_CONNECT_TIMEOUT="2",
                      DALA_S3_READ_TIMEOUT="5")


@pytest.fixture
def artist() -> ArtistProfile:
    return ArtistFactory()


@pytest.fixture
def studio(artist: ArtistProfile) -> Client:
    client = Client()
    client.force_login(artist.user)
    return client


def _picture() -> SimpleUploadedFile:
    return SimpleUploadedFile("scan.png", PICTURE, content_type="image/png")


def _upload(via: str, artist: ArtistProfile, artwork: Artwork) -> Any:
    """Upload PICTURE through the studio page or the API; the tasks it queues are not run."""
    if via == "studio":
        client = Client()
        client.force_login(artist.user)
        return client.post(reverse("catalog:studio_image_upload", args=[artwork.pk]), {"image-image": _picture()})
    return bearer_client(token_for(artist.user)).post(f"{API}/studio/artworks/{artwork.pk}/images?lang=en",
                                                      {"image": _picture()})


def _processed_upload(studio: Client, artwork: Artwork, capture: Any) -> ArtworkImage:
    """Upload through the studio with the bucket healthy, its processing run at once, as a worker would."""
    with capture(execute=True):
        response = studio.post(reverse("catalog:studio_image_upload", args=[artwork.pk]), {"image-image": _picture()})
    assert response.status_code == 302, response.content.decode()[:2000]
    image = ArtworkImage.objects.filter(artwork=artwork).latest("pk")
    assert image.processing_state == "ready", image.processing_error
    return image


def _contents(bucket: Bucket) -> dict[str, bytes]:
    return {key: bucket.read(key) for key in sorted(bucket.keys())}


@pytest.mark.parametrize("via", ["studio", "api"])
def test_an_upload_cut_off_mid_transfer_is_refused_with_a_503_and_the_work_keeps_its_images(
        via: str, artist: ArtistProfile, studio: Client, bucket: Bucket, proxy: TcpCut,
        django_capture_on_commit_callbacks: Any) -> None:
    artwork = ArtworkFactory(artist=artist)
    kept = _processed_upload(studio, artwork, django_capture_on_commit_callbacks)
    rows = list(ArtworkImage.objects.filter(artwork=artwork).values())
    stored = _contents(bucket)
    assert f"originals/{kept.file.name}" in stored

    proxy.cut_after(len(PICTURE) // 2)  # half of the body goes through, then the network is gone
    refused = _upload(via, artist, artwork)

    assert proxy.cut.is_set(), "the connection was never cut: the test proved nothing"
    assert refused.status_code == 503
    if via == "studio":
        assert "could not be stored just now" in refused.content.decode()
    else:
        assert error_of(refused)["code"] == "storage_unavailable"
    assert list(ArtworkImage.objects.filter(artwork=artwork).values()) == rows  # no new row, the old one as it was
    assert _contents(bucket) == stored  # the earlier files byte for byte, and no partial object beside them

    proxy.heal()
    accepted = _upload(via, artist, artwork)

    assert accepted.status_code == (302 if via == "studio" else 201)
    added = ArtworkImage.objects.filter(artwork=artwork).exclude(pk=kept.pk).get()
    assert bucket.read(f"originals/{added.file.name}") == PICTURE


def test_processing_cut_off_mid_write_is_not_shown_as_ready_and_a_retry_once_the_bucket_is_back_makes_every_size(
        artist: ArtistProfile, studio: Client, bucket: Bucket, proxy: TcpCut,
        django_capture_on_commit_callbacks: Any) -> None:
    artwork = ArtworkFactory(artist=artist)
    with django_capture_on_commit_callbacks() as queued:  # the jobs the upload queues, not yet run
        assert studio.post(reverse("catalog:studio_image_upload", args=[artwork.pk]),
                           {"image-image": _picture()}).status_code == 302
    image = ArtworkImage.objects.get(artwork=artwork)
    make_thumbnail, process = queued
    make_thumbnail()  # the small JPEG pages show until the sizes exist

    # The worker reads the original, then writes the renditions and the IIIF pyramid: the network
    # drops once 20 KB of those writes have gone out, and stays away.
    proxy.cut_after(20_000)
    process()

    assert proxy.cut.is_set(), "the connection was never cut: the test proved nothing"
    image.refresh_from_db()
    assert image.processing_state == "failed"  # never "ready" with sizes that were not all written
    assert image.renditions == []
    assert image.processing_error == REASON_STORAGE  # not "damaged, upload it again": the original is whole
    page = studio.get(reverse("catalog:studio_edit", args=[artwork.pk])).content.decode()
    assert "no need to upload it again" in page
    assert bucket.read(f"originals/{image.file.name}") == PICTURE

    proxy.heal()
    call_command("images", "reprocess", verbosity=0)  # the retry: every image that is not ready

    image.refresh_from_db()
    assert image.processing_state == "ready" and image.processing_error == ""
    assert {(r["width"], r["format"]) for r in image.renditions} == {(w, f) for w in (320, 640)
                                                                     for f in ("JPEG", "WEBP")}
    keys = bucket.keys()
    assert {f"media/{r['name']}" for r in image.renditions} | {f"media/{image.thumbnail.name}"} <= keys
    assert f"originals/iiif/{image.pk}/pyramid.tif" in keys


def test_deep_zoom_answers_503_while_the_bucket_is_cut_mid_transfer_and_works_once_it_is_back(
        artist: ArtistProfile, studio: Client, bucket: Bucket, proxy: TcpCut, settings: Settings,
        tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    image = _processed_upload(studio, ArtworkFactory(artist=artist), django_capture_on_commit_callbacks)
    pyramid = bucket.read(f"originals/iiif/{image.pk}/pyramid.tif")
    # An app host that has never served this image: it must fetch the pyramid from the bucket.
    settings.DALA_IIIF_CACHE_DIR = tmp_path / "other-host"
    visitor = Client()
    info_url, tile_url = f"/iiif/image/{image.pk}/info.json", f"/iiif/image/{image.pk}/0,0,256,256/256,/0/default.jpg"

    proxy.cut_after(len(pyramid) // 2, "down")  # half of the pyramid arrives, then the network is gone
    info = visitor.get(info_url)
    assert proxy.cut.is_set(), "the connection was never cut: the test proved nothing"
    tile = visitor.get(tile_url)

    for refused in (info, tile):
        assert refused.status_code == 503
        assert refused.json()["status"] == 503 and "try again" in refused.json()["error"]
        assert refused["Access-Control-Allow-Origin"] == "*" and refused["Retry-After"]
        assert "public" not in refused.get("Cache-Control", "")  # a CDN must not keep the error for an hour
    # No half-fetched pyramid left to be read later (only the lock file that guards the fetch).
    assert {p.name for p in (tmp_path / "other-host").rglob("*") if p.is_file()} <= {"pyramid.lock"}

    proxy.heal()

    assert visitor.get(info_url).json()["width"] == 700
    assert visitor.get(tile_url).status_code == 200
    assert (tmp_path / "other-host" / str(image.pk) / "pyramid.tif").read_bytes() == pyramid


def test_staff_downloading_an_original_while_the_bucket_is_cut_get_a_503_then_the_whole_file_once_it_is_back(
        artist: ArtistProfile, studio: Client, bucket: Bucket, proxy: TcpCut,
        django_capture_on_commit_callbacks: Any) -> None:
    image = _processed_upload(studio, ArtworkFactory(artist=artist), django_capture_on_commit_callbacks)
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    url = reverse("catalog:image_original", args=[image.pk])

    proxy.cut_after(len(PICTURE) // 2, "down")
    refused = staff.get(url)

    assert proxy.cut.is_set(), "the connection was never cut: the test proved nothing"
    assert refused.status_code == 503
    assert "could not be read just now" in refused.content.decode()

    proxy.heal()
    download = staff.get(url)

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PICTURE  # type: ignore[attr-defined]


def test_deleting_an_image_while_the_bucket_is_cut_deletes_it_without_an_error_page_and_spares_the_others(
        artist: ArtistProfile, studio: Client, bucket: Bucket, proxy: TcpCut, caplog: pytest.LogCaptureFixture,
        django_capture_on_commit_callbacks: Any) -> None:
    artwork = ArtworkFactory(artist=artist)
    kept = _processed_upload(studio, artwork, django_capture_on_commit_callbacks)
    doomed = _processed_upload(studio, artwork, django_capture_on_commit_callbacks)
    kept_files = {key: data for key, data in _contents(bucket).items()
                  if key in {f"originals/{kept.file.name}", f"media/{kept.thumbnail.name}",
                             *(f"media/{r['name']}" for r in kept.renditions)}}
    kept_row = ArtworkImage.objects.filter(pk=kept.pk).values().get()

    proxy.cut_now()
    with django_capture_on_commit_callbacks(execute=True):
        response = studio.post(reverse("catalog:studio_image_delete", args=[doomed.pk]))

    assert response.status_code == 302  # deleted, as asked: its files could not go yet, which is logged
    assert not ArtworkImage.objects.filter(pk=doomed.pk).exists()
    assert any(record.levelname == "ERROR" and "on_commit" in record.getMessage() for record in caplog.records)
    proxy.heal()
    assert {key: bucket.read(key) for key in kept_files} == kept_files
    assert ArtworkImage.objects.filter(pk=kept.pk).values().get() == kept_row
