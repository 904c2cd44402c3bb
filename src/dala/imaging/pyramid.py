"""The tiled image pyramid behind the IIIF image service: one tiled, multi-resolution TIFF per artwork image.

Level 0 is the image at full size (EXIF orientation applied, flattened to sRGB, no metadata); each next
level halves it. A request reads the smallest level that still holds enough pixels, so a region of a
40-megapixel scan is cut from a few 256×256 tiles instead of decoding the whole original.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyvips
from django.conf import settings

if TYPE_CHECKING:
    from dala.catalog.models import ArtworkImage

TILE_SIZE = 256
JPEG_QUALITY = 90


@dataclass(frozen=True)
class PyramidLevel:
    """One resolution of the pyramid: the TIFF page holding it and its size in pixels."""

    page: int
    width: int
    height: int


@dataclass(frozen=True)
class Pyramid:
    path: Path
    levels: tuple[PyramidLevel, ...]

    @property
    def width(self) -> int:
        return self.levels[0].width

    @property
    def height(self) -> int:
        return self.levels[0].height

    def open_level(self, level: PyramidLevel) -> pyvips.Image:
        return pyvips.Image.new_from_file(str(self.path), page=level.page)


def pyramid_path(image: ArtworkImage) -> Path:
    """Where the pyramid of `image` lives: MEDIA_ROOT/iiif/<image id>/pyramid.tif (a local file pyvips can seek)."""
    return Path(settings.MEDIA_ROOT) / "iiif" / str(image.pk) / "pyramid.tif"


def _open_original(image: ArtworkImage) -> pyvips.Image:
    try:
        source = pyvips.Image.new_from_file(image.file.path, access="sequential")
        if _needs_turning(source):
            # Turning a photo reads it out of order, which a sequential JPEG decoder refuses.
            source = pyvips.Image.new_from_file(image.file.path)
        return source
    except NotImplementedError:
        # A storage without local paths (a bucket): read the original into memory once.
        with image.file.open("rb") as original:
            return pyvips.Image.new_from_buffer(original.read(), "")


def _needs_turning(source: pyvips.Image) -> bool:
    return bool(source.get_typeof("orientation")) and source.get("orientation") not in (0, 1)


def _normalised(source: pyvips.Image) -> pyvips.Image:
    """Upright, 8-bit sRGB without alpha: what every IIIF response is cut from."""
    image = source.autorot()
    if image.get_typeof("icc-profile-data"):
        try:
            image = image.icc_transform("srgb", embedded=True)
        except pyvips.Error:
            pass  # a broken profile: fall through to the plain colourspace conversion
    image = image.colourspace("srgb")
    if image.hasalpha():
        image = image.flatten(background=[255, 255, 255])
    if image.format != "uchar":
        image = image.cast("uchar", shift=image.format in ("ushort", "short"))
    return image


def build_pyramid(image: ArtworkImage) -> Path:
    """Build (or rebuild) the pyramid of `image` from its private original and return its path.

    The file appears atomically: it is written under a temporary name and renamed into place, so a
    reader never sees a half-written pyramid."""
    target = pyramid_path(image)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        _normalised(_open_original(image)).tiffsave(
            str(temporary),
            tile=True,
            pyramid=True,
            tile_width=TILE_SIZE,
            tile_height=TILE_SIZE,
            compression="jpeg",
            Q=JPEG_QUALITY,
            keep="none",
        )
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def ensure_pyramid(image: ArtworkImage) -> Pyramid:
    """The pyramid of `image`, built on first use; concurrent first requests build it only once."""
    target = pyramid_path(image)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # An exclusive lock on a sibling file: the second request waits, then finds the pyramid built.
        with open(target.with_name("pyramid.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if not target.exists():
                    build_pyramid(image)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    return read_pyramid(target)


def read_pyramid(path: Path) -> Pyramid:
    """The levels of the pyramid at `path`, largest first."""
    first = pyvips.Image.new_from_file(str(path))
    pages = first.get("n-pages") if first.get_typeof("n-pages") else 1
    levels = [PyramidLevel(page=0, width=first.width, height=first.height)]
    for page in range(1, pages):
        level = pyvips.Image.new_from_file(str(path), page=page)
        levels.append(PyramidLevel(page=page, width=level.width, height=level.height))
    return Pyramid(path=path, levels=tuple(levels))
