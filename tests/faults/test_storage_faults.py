"""When file storage fails — the media disk is full, the bucket cannot be reached — an upload is refused
with a clear message and a 503, and nothing already saved is lost or left half-written."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.config import Config
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from storages.backends.s3 import S3Storage

from dala.catalog import models as catalog_models
from dala.catalog.models import ArtworkImage
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory, image_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]



class FullDiskStorage(FileSystemStorage):
    """A filesystem storage whose disk fills up halfway through writing a file, as a real one does:
    the first bytes land, then the write fails with ENOSPC."""

    def _save(self, name: str, content: Any) -> str:
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as partial:
            partial.write(content.read(100))
        raise OSError(errno.ENOSPC, "No space left on device", str(path))


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "full"
    catalog_models._originals._wrapped = FullDiskStorage(location=folder, base_url=None)
    yield folder


@pytest.fixture
def unreachable_bucket() -> None:
    # A real S3 client against a port where nothing listens: every call fails to connect, as when the
    # bucket's network drops. One attempt, so the test does not wait out boto's back-off.
    catalog_models._originals._wrapped = S3Storage(
        bucket_name="dala-originals", endpoint_url="http://127.0.0.1:9", access_key="test", secret_key="test",
        region_name="us-east-1", client_config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=2))


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("scan.png", image_bytes("PNG", (40, 30)), content_type="image/png")


def _studio(artist: Any) -> Client:
    client = Client()
    client.force_login(artist.user)
    return client


@pytest.mark.parametrize("storage", ["full_disk", "unreachable_bucket"])
def test_an_upload_the_storage_cannot_take_is_refused_with_a_503_and_the_work_keeps_its_images(
        storage: str, request: pytest.FixtureRequest) -> None:
    artist = ArtistFactory()
    artwork = ArtworkFactory(artist=artist)
    kept = ArtworkImageFactory(artwork=artwork)  # saved before the storage failed
    request.getfixturevalue(storage)

    response = _studio(artist).post(reverse("catalog:studio_image_upload", args=[artwork.pk]),
                                    {"image-image": _upload()})

    assert response.status_code == 503
    assert "could not be stored just now" in response.content.decode()
    assert list(ArtworkImage.objects.filter(artwork=artwork)) == [kept]


def test_the_api_answers_503_storage_unavailable_and_saves_no_image_row(full_disk: Path) -> None:
    artist = ArtistFactory()
    artwork = ArtworkFactory(artist=artist)

    response = bearer_client(token_for(artist.user)).post(f"{API}/studio/artworks/{artwork.pk}/images?lang=en",
                                                          {"image": _upload()})

    assert response.status_code == 503
    assert error_of(response)["code"] == "storage_unavailable"
    assert not ArtworkImage.objects.exists()


def test_once_the_disk_has_room_again_the_same_upload_works(full_disk: Path, tmp_path: Path) -> None:
    artist = ArtistFactory()
    artwork = ArtworkFactory(artist=artist)
    client = _studio(artist)
    assert client.post(reverse("catalog:studio_image_upload", args=[artwork.pk]),
                       {"image-image": _upload()}).status_code == 503

    catalog_models._originals._wrapped = FileSystemStorage(location=tmp_path / "roomy", base_url=None)
    response = client.post(reverse("catalog:studio_image_upload", args=[artwork.pk]), {"image-image": _upload()})

    assert response.status_code == 302
    image = ArtworkImage.objects.get(artwork=artwork)
    assert (tmp_path / "roomy" / image.file.name).stat().st_size > 0
