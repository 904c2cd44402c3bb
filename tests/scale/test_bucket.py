"""Media in an S3-compatible bucket: uploads, renditions, the artwork page, IIIF, deletion, the health check.

Every test runs against a real S3 server (SeaweedFS) on loopback; see conftest.py."""

from __future__ import annotations

import html
import io
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork, ArtworkImage
from dala.imaging import pyramid
from dala.settings import bucket_media
from tests.factories import ArtworkFactory, UserFactory
from tests.imaging.pictures import encode, noisy

from .conftest import MEDIA_BUCKET, ORIGINALS_BUCKET, Bucket, UseBucket, dala_env, dala_python

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PICTURE = encode(noisy((700, 400)), "PNG")




def _upload(client: Client, artwork: Artwork, capture: Any, data: bytes = PICTURE) -> ArtworkImage:
    """Upload through the studio page, as an artist does, with the tasks it queues run at once."""
    with capture(execute=True):
        response = client.post(reverse("catalog:studio_image_upload", args=[artwork.pk]),
                               {"image-image": SimpleUploadedFile("scan.png", data, content_type="image/png")})
    assert response.status_code == 302, response.content.decode()[:2000]
    image = ArtworkImage.objects.get(artwork=artwork)
    assert image.processing_state == "ready", image.processing_error
    return image


def _fetch(url: str) -> tuple[int, bytes, str]:
    """GET ``url`` as an anonymous browser would: status, body and content type."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def _media_keys(image: ArtworkImage) -> set[str]:
    """The bucket keys of the image's public files: renditions and thumbnail."""
    names = {r["name"] for r in image.renditions} | {image.thumbnail.name}
    return {f"media/{name}" for name in names}


def test_an_upload_puts_the_original_and_every_rendition_in_the_bucket(
        client: Client, artist: ArtistProfile, bucket: Bucket, django_capture_on_commit_callbacks: Any) -> None:
    image = _upload(client, ArtworkFactory(artist=artist), django_capture_on_commit_callbacks)

    keys = bucket.keys()
    assert f"originals/{image.file.name}" in keys
    assert bucket.read(f"originals/{image.file.name}") == PICTURE  # kept exactly as uploaded
    assert len(image.renditions) >= 2 and image.thumbnail
    assert _media_keys(image) <= keys
    assert not [key for key in keys if key.endswith(".part")]  # written whole, never via a temporary name


def test_the_artwork_page_shows_bucket_urls_that_return_the_renditions(
        client: Client, artist: ArtistProfile, bucket: Bucket, django_capture_on_commit_callbacks: Any) -> None:
    artwork = ArtworkFactory(artist=artist)
    image = _upload(client, artwork, django_capture_on_commit_callbacks)

    page = html.unescape(client.get(artwork.get_absolute_url()).content.decode())

    shown = set(re.findall(re.escape(bucket.media_url) + r"[^\s\",]+", page))
    assert bucket.media_url.startswith(bucket.server.endpoint)
    expected = {url for fmt in ("JPEG", "WEBP") for _w, _h, url in image.rendition_urls(fmt)}
    assert expected and expected <= shown
    for url in expected:
        status, body, content_type = _fetch(url)
        assert status == 200, url
        assert body == bucket.read(url.removeprefix(f"{bucket.server.endpoint}/{MEDIA_BUCKET}/"))
        assert content_type in ("image/jpeg", "image/webp")
        with Image.open(io.BytesIO(body)) as picture:
            assert picture.width in {r["width"] for r in image.renditions}


def test_the_original_in_the_bucket_is_not_public_but_staff_can_download_it(
        client: Client, artist: ArtistProfile, bucket: Bucket, django_capture_on_commit_callbacks: Any) -> None:
    artwork = ArtworkFactory(artist=artist)
    image = _upload(client, artwork, django_capture_on_commit_callbacks)
    plain = f"{bucket.server.endpoint}/{MEDIA_BUCKET}/originals/{image.file.name}"

    assert _fetch(plain)[0] == 403
    assert image.file.name not in client.get(artwork.get_absolute_url()).content.decode()
    signed = image.file.url  # nothing links it; made anyway (e.g. in a shell), it is signed and expires
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed
    assert _fetch(signed)[:2] == (200, PICTURE)
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    download = staff.get(reverse("catalog:image_original", args=[image.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PICTURE  # type: ignore[attr-defined]


def test_originals_may_live_in_a_separate_private_bucket(
        client: Client, artist: ArtistProfile, use_bucket: UseBucket,
        django_capture_on_commit_callbacks: Any) -> None:
    bucket = use_bucket(DALA_S3_ORIGINALS_BUCKET=ORIGINALS_BUCKET)

    image = _upload(client, ArtworkFactory(artist=artist), django_capture_on_commit_callbacks)

    assert bucket.keys(ORIGINALS_BUCKET) == {f"originals/{image.file.name}", f"originals/iiif/{image.pk}/pyramid.tif"}
    assert not [key for key in bucket.keys() if not key.startswith("media/")]
    assert _fetch(f"{bucket.server.endpoint}/{ORIGINALS_BUCKET}/originals/{image.file.name}")[0] == 403


def test_iiif_info_and_tiles_work_with_the_pyramid_kept_privately_in_the_bucket(
        client: Client, artist: ArtistProfile, bucket: Bucket, django_capture_on_commit_callbacks: Any) -> None:
    image = _upload(client, ArtworkFactory(artist=artist), django_capture_on_commit_callbacks)
    key = f"originals/iiif/{image.pk}/pyramid.tif"

    assert key in bucket.keys()
    assert _fetch(f"{bucket.server.endpoint}/{MEDIA_BUCKET}/{key}")[0] == 403
    info = client.get(f"/iiif/image/{image.pk}/info.json")
    assert info.status_code == 200
    assert (info.json()["width"], info.json()["height"]) == (700, 400)
    tile = client.get(f"/iiif/image/{image.pk}/0,0,256,256/256,/0/default.jpg")
    assert tile.status_code == 200
    with Image.open(io.BytesIO(tile.content)) as picture:
        assert picture.size == (256, 256)


def test_another_app_host_fetches_the_pyramid_from_the_bucket_instead_of_building_it(
        client: Client, artist: ArtistProfile, bucket: Bucket, settings: Any, tmp_path: Path,
        django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    image = _upload(client, ArtworkFactory(artist=artist), django_capture_on_commit_callbacks)
    settings.DALA_IIIF_CACHE_DIR = tmp_path / "other-host"  # a host that has never served this image

    def must_not_build(image: ArtworkImage, source: Any = None) -> Path:
        raise AssertionError("the pyramid in the bucket should have been fetched")

    monkeypatch.setattr(pyramid, "build_pyramid", must_not_build)
    tile = client.get(f"/iiif/image/{image.pk}/full/200,/0/default.jpg")

    assert tile.status_code == 200
    local = tmp_path / "other-host" / str(image.pk) / "pyramid.tif"
    assert local.exists()
    assert local.read_bytes() == bucket.read(f"originals/iiif/{image.pk}/pyramid.tif")


def test_a_host_fetches_the_pyramid_again_once_the_image_was_reprocessed_elsewhere(
        client: Client, artist: ArtistProfile, bucket: Bucket, settings: Any, tmp_path: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    image = _upload(client, ArtworkFactory(artist=artist), django_capture_on_commit_callbacks)
    settings.DALA_IIIF_CACHE_DIR = tmp_path / "app-host"
    assert client.get(f"/iiif/image/{image.pk}/full/100,/0/default.jpg").status_code == 200
    local = tmp_path / "app-host" / str(image.pk) / "pyramid.tif"
    first = local.stat().st_ino

    settings.DALA_IIIF_CACHE_DIR = tmp_path / "worker-host"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("images", "reprocess", "--artwork", str(image.artwork_id), verbosity=0)
    settings.DALA_IIIF_CACHE_DIR = tmp_path / "app-host"
    assert client.get(f"/iiif/image/{image.pk}/full/100,/0/default.jpg").status_code == 200

    assert local.stat().st_ino != first  # the copy older than the image's change was replaced
    assert local.read_bytes() == bucket.read(f"originals/iiif/{image.pk}/pyramid.tif")


def test_deleting_an_image_deletes_its_files_from_the_bucket(
        client: Client, artist: ArtistProfile, bucket: Bucket, settings: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    image = _upload(client, ArtworkFactory(artist=artist), django_capture_on_commit_callbacks)
    assert client.get(f"/iiif/image/{image.pk}/info.json").status_code == 200
    files = _media_keys(image) | {f"originals/{image.file.name}", f"originals/iiif/{image.pk}/pyramid.tif"}
    assert files <= bucket.keys()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("catalog:studio_image_delete", args=[image.pk]))

    assert response.status_code == 302
    assert not files & bucket.keys()
    assert not (Path(settings.DALA_IIIF_CACHE_DIR) / str(image.pk)).exists()


def test_the_health_check_writes_to_the_bucket_and_reports_a_missing_one(
        client: Client, use_bucket: UseBucket) -> None:
    bucket = use_bucket()

    healthy = client.get("/healthz")

    assert healthy.status_code == 200 and healthy.json()["storage"] == "ok"
    assert not [key for key in bucket.keys() if "healthz" in key]  # the probe cleans up after itself
    use_bucket(DALA_S3_BUCKET="no-such-bucket", DALA_S3_ORIGINALS_BUCKET=ORIGINALS_BUCKET)
    broken = client.get("/healthz")
    assert broken.status_code == 503 and broken.json()["storage"] == "error"


def test_media_urls_use_the_public_address_given_for_the_bucket(use_bucket: UseBucket) -> None:
    from django.core.files.storage import default_storage

    bucket = use_bucket(DALA_MEDIA_URL="https://media.dala.example/")

    assert bucket.media_url == "https://media.dala.example/media/"
    assert default_storage.url("renditions/ab/480.jpg") == "https://media.dala.example/media/renditions/ab/480.jpg"


@pytest.mark.parametrize("variables", [
    {"DALA_S3_MEDIA_PREFIX": "files", "DALA_S3_ORIGINALS_PREFIX": "files"},
    {"DALA_S3_MEDIA_PREFIX": ""},
    {"DALA_S3_MEDIA_PREFIX": "media", "DALA_S3_ORIGINALS_PREFIX": "media/originals"},
])
def test_originals_may_not_share_a_folder_with_public_media(variables: dict[str, str]) -> None:
    with pytest.raises(ImproperlyConfigured, match="DALA_S3_ORIGINALS_PREFIX"):
        bucket_media({"DALA_S3_BUCKET": "dala", **variables})


def test_with_a_bucket_the_site_stops_serving_media_itself_and_allows_its_images(tmp_path: Path) -> None:
    env = dala_env(tmp_path, DALA_S3_BUCKET="dala", DALA_S3_ENDPOINT_URL="http://127.0.0.1:9",
                   DALA_MEDIA_URL="https://media.dala.example")
    seen = dala_python(
        "import json; from django.conf import settings as s; from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/media/x.jpg'); served = True\nexcept Resolver404:\n    served = False\n"
        "print(json.dumps([s.DALA_SERVE_MEDIA, served, s.MEDIA_URL, s.STORAGES['default']['BACKEND'],"
        " s.STORAGES['originals']['BACKEND'], 'https://media.dala.example' in s.DALA_CONTENT_SECURITY_POLICY]))",
        env)

    assert seen == [False, False, "https://media.dala.example/media/", "storages.backends.s3.S3Storage",
                    "storages.backends.s3.S3Storage", True]
