"""`dala move_originals`: originals left in public media from before they were private are moved out."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from dala.catalog.models import ArtworkImage
from dala.catalog.originals import move_public_originals
from tests.factories import ArtworkImageFactory

pytestmark = pytest.mark.django_db


def _legacy_image(originals_root: Path, media_root: Path) -> tuple[ArtworkImage, bytes]:
    """An image whose original sits where uploads used to go: the public media storage, same name."""
    image = ArtworkImageFactory()
    private = originals_root / image.file.name
    content = private.read_bytes()
    public = media_root / image.file.name
    public.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(private, public)
    return image, content


def _move(*options: str) -> str:
    out = io.StringIO()
    call_command("move_originals", *options, stdout=out)
    return out.getvalue()


def test_a_public_original_is_copied_into_the_originals_storage_and_deleted_from_media(
        originals_root: Path, media_root: Path) -> None:
    image, content = _legacy_image(originals_root, media_root)
    ArtworkImageFactory()  # already private: left alone

    assert _move() == "Moved 1 originals to the private storage (1 already there, 0 missing from both).\n"

    assert (originals_root / image.file.name).read_bytes() == content
    assert not (media_root / image.file.name).exists()
    image.refresh_from_db()
    with image.file.open("rb") as opened:  # the row's name now finds the file
        assert opened.read() == content


def test_moving_originals_twice_moves_nothing_the_second_time(originals_root: Path, media_root: Path) -> None:
    image, content = _legacy_image(originals_root, media_root)
    _move()

    assert _move().startswith("Moved 0 originals")
    assert (originals_root / image.file.name).read_bytes() == content


def test_a_dry_run_counts_but_moves_nothing(originals_root: Path, media_root: Path) -> None:
    image, content = _legacy_image(originals_root, media_root)

    assert _move("--dry-run").startswith("Would move 1 originals")

    assert (media_root / image.file.name).read_bytes() == content
    assert not (originals_root / image.file.name).exists()


def test_an_interrupted_move_is_finished_without_losing_the_original(originals_root: Path, media_root: Path) -> None:
    cut_short, content = _legacy_image(originals_root, media_root)
    (originals_root / cut_short.file.name).write_bytes(content[: len(content) // 2])  # stopped mid-copy
    copied, copied_content = _legacy_image(originals_root, media_root)
    (originals_root / copied.file.name).write_bytes(copied_content)  # stopped before deleting the public copy

    report = move_public_originals()

    assert (report.moved, report.already_private, report.missing) == (2, 0, 0)
    assert (originals_root / cut_short.file.name).read_bytes() == content
    assert (originals_root / copied.file.name).read_bytes() == copied_content
    assert not (media_root / cut_short.file.name).exists() and not (media_root / copied.file.name).exists()


def test_an_original_missing_from_both_storages_is_counted_and_left(originals_root: Path) -> None:
    image = ArtworkImageFactory()
    (originals_root / image.file.name).unlink()

    assert move_public_originals().missing == 1
    assert ArtworkImage.objects.filter(pk=image.pk).exists()
