"""The IIIF pyramid's life: built with the renditions, rebuilt by reprocessing, removed with its image."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, cast

import pytest
import pyvips
from django.core.management import call_command
from django.test import Client
from PIL import Image

from dala.catalog.models import Artwork, ArtworkImage
from dala.catalog.services import add_artwork_image, delete_artwork_image
from dala.imaging import pyramid
from tests.factories import ArtworkFactory

from .pictures import encode, noisy

pytestmark = pytest.mark.django_db


def _upload(capture: Any, size: tuple[int, int] = (700, 400)) -> ArtworkImage:
    with capture(execute=True):
        image = add_artwork_image(artwork=cast(Artwork, ArtworkFactory()),
                                  upload=io.BytesIO(encode(noisy(size), "PNG")))
    image.refresh_from_db()
    assert image.processing_state == "ready", image.processing_error
    return image


def _pyramid_file(media_root: Path, image: ArtworkImage) -> Path:
    return media_root / "iiif" / str(image.pk) / "pyramid.tif"


def test_processing_builds_the_pyramid_so_the_first_iiif_request_is_warm(
        client: Client, media_root: Path, django_capture_on_commit_callbacks: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    image = _upload(django_capture_on_commit_callbacks)
    built = _pyramid_file(media_root, image)
    assert built.exists()

    def must_not_build(image: ArtworkImage) -> Path:
        raise AssertionError("the pyramid should have been built by the task")

    monkeypatch.setattr(pyramid, "build_pyramid", must_not_build)
    response = client.get(f"/iiif/image/{image.pk}/0,0,256,256/256,/0/default.jpg")
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.content)) as tile:
        assert tile.size == (256, 256)
    assert pyramid.read_pyramid(built).width == 700


def test_reprocessing_replaces_the_pyramid_atomically(media_root: Path,
                                                      django_capture_on_commit_callbacks: Any) -> None:
    image = _upload(django_capture_on_commit_callbacks)
    built = _pyramid_file(media_root, image)
    before = built.stat().st_ino
    still_open = pyvips.Image.new_from_file(str(built))  # a request in flight holds the old file

    with django_capture_on_commit_callbacks(execute=True):
        call_command("images", "reprocess", "--artwork", str(image.artwork_id), verbosity=0)

    assert built.stat().st_ino != before  # a new file renamed into place, not the old one rewritten
    assert [p.name for p in built.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert still_open.avg() > 0  # the old file's pixels remain readable to whoever had it open
    assert pyramid.read_pyramid(built).pages[0].width == 700


def test_the_open_pyramid_cache_notices_a_rebuilt_file(media_root: Path,
                                                      django_capture_on_commit_callbacks: Any) -> None:
    image = _upload(django_capture_on_commit_callbacks)
    built = _pyramid_file(media_root, image)
    first = pyramid.read_pyramid(built)
    assert pyramid.read_pyramid(built) is first  # kept open between requests

    pyramid.build_pyramid(image)

    assert pyramid.read_pyramid(built) is not first


def test_deleting_an_image_removes_its_iiif_files_once_committed(
        media_root: Path, django_capture_on_commit_callbacks: Any) -> None:
    image = _upload(django_capture_on_commit_callbacks)
    folder = _pyramid_file(media_root, image).parent
    pyramid.read_pyramid(folder / "pyramid.tif")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_artwork_image(image=image)
    assert folder.exists()  # not before the deletion commits: a rollback would need them
    for callback in callbacks:
        callback()

    assert not folder.exists()
    assert (media_root / "iiif").exists()  # only this image's folder went


def test_a_failed_pyramid_does_not_fail_the_image(media_root: Path, django_capture_on_commit_callbacks: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(image: ArtworkImage, source: pyvips.Image | None = None) -> Path:
        raise pyvips.Error("no space left")

    monkeypatch.setattr(pyramid, "build_pyramid", broken)
    image = _upload(django_capture_on_commit_callbacks)

    assert image.renditions
    assert not _pyramid_file(media_root, image).exists()
