"""The tiled image pyramid behind the IIIF image service: one tiled, multi-resolution TIFF per artwork image.

Level 0 is the image at full size (EXIF orientation applied, flattened to sRGB, no metadata); each next
level halves it. A request reads the smallest level that still holds enough pixels, so a region of a
40-megapixel scan is cut from a few 256×256 tiles instead of decoding the whole original.

pyvips seeks in the file, so a pyramid is always read from a local file. With originals on the local disk it
lives under MEDIA_ROOT/iiif/<id>/ and that is the only copy. With originals in a bucket (no local paths),
the copy every host shares is kept private beside them (``iiif/<id>/pyramid.tif`` in the originals
storage), and each host keeps the pyramids it serves in DALA_IIIF_CACHE_DIR, fetched on first use and
fetched again once the image has changed since (its ``updated_at`` is newer than the local file).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import sys
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyvips
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage

from dala.catalog.models import originals_storage
from dala.core.storage import has_local_paths

from .pipeline import prepare

if TYPE_CHECKING:
    from dala.catalog.models import ArtworkImage

TILE_SIZE = 256
# Tiles are looked at zoomed in, one at a time, never printed: 85 is visually the same as 90 for
# paintings, and below 90 libvips stores YCbCr (chroma-subsampled) tiles, which halves the pyramid's
# encoding time and its size on disk (measured: 0.20 → 0.11 s and 40 → 13 MB for a 24 MP photo).
JPEG_QUALITY = 85
OPEN_PYRAMIDS = 32  # pyramids a process keeps open (each holds a file descriptor per level)
PYRAMID_NAME = "pyramid.tif"

logger = logging.getLogger(__name__)

# Opening a TIFF and reading its directories costs more than cutting a tile from it, so each process
# keeps its recently read pyramids open, keyed by the file's identity: a rebuild renames a new file
# into place (a new inode), which misses the cache, while requests already running finish on the old.
_open: OrderedDict[tuple[str, int, int, int], Pyramid] = OrderedDict()
_open_lock = threading.Lock()


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
    # The pages opened once for random access; pyvips images are immutable and safe to share by threads.
    pages: tuple[pyvips.Image, ...] = field(default=(), compare=False, repr=False)

    @property
    def width(self) -> int:
        return self.levels[0].width

    @property
    def height(self) -> int:
        return self.levels[0].height

    def open_level(self, level: PyramidLevel) -> pyvips.Image:
        if level.page < len(self.pages):
            return self.pages[level.page]
        return pyvips.Image.new_from_file(str(self.path), page=level.page)


def shared_storage() -> Storage | None:
    """The storage keeping every image's pyramid for all hosts: the private originals storage when it is
    a bucket (it has no local paths); None when the originals are local files and so is the pyramid."""
    storage = originals_storage()
    return None if has_local_paths(storage) else storage


def stored_name(image_id: int) -> str:
    """The pyramid's name in :func:`shared_storage`."""
    return f"iiif/{image_id}/{PYRAMID_NAME}"


def pyramid_folder(image_id: int) -> Path:
    """The local folder holding everything IIIF keeps for one image: MEDIA_ROOT/iiif/<image id>/, or
    DALA_IIIF_CACHE_DIR/<image id>/ when the originals are in a bucket."""
    if shared_storage() is not None:
        return Path(settings.DALA_IIIF_CACHE_DIR) / str(image_id)
    return Path(settings.MEDIA_ROOT) / "iiif" / str(image_id)


def pyramid_path(image: ArtworkImage) -> Path:
    """Where the pyramid of `image` is read from: a local file pyvips can seek (see :func:`pyramid_folder`)."""
    return pyramid_folder(image.pk) / PYRAMID_NAME


def _open_original(image: ArtworkImage) -> pyvips.Image:
    if image.format == "HEIF":
        # pyvips-binary's libvips reads a HEIC's header but has no HEVC decoder (its libheif is built
        # for AVIF only), so its pixels would fail at the first tile: Pillow (pillow-heif) decodes it.
        with image.file.open("rb") as original:
            return _decoded_by_pillow(original.read())
    try:
        return _open_source(image.file.path)
    except NotImplementedError:
        # A storage without local paths (a bucket): read the original into memory once.
        with image.file.open("rb") as original:
            return pyvips.Image.new_from_buffer(original.read(), "")


def _decoded_by_pillow(data: bytes) -> pyvips.Image:
    """The original at full size, upright 8-bit sRGB with no metadata (the pipeline's own decode), for libvips."""
    picture = prepare(data, largest_width=sys.maxsize)
    del data
    pixels = picture.tobytes()
    width, height = picture.size
    del picture
    return pyvips.Image.new_from_memory(pixels, width, height, 3, "uchar").copy(interpretation="srgb")


def _open_source(path: str) -> pyvips.Image:
    source = pyvips.Image.new_from_file(path, access="sequential")
    if _needs_turning(source):
        # Turning a photo reads it out of order, which a sequential JPEG decoder refuses.
        source = pyvips.Image.new_from_file(path)
    return source


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


def build_pyramid(image: ArtworkImage, source: pyvips.Image | None = None) -> Path:
    """Build (or rebuild) the pyramid of `image` from its private original and return its path.

    `source` is that original already decoded, when the caller has it: it is not read again then.

    The file appears atomically: it is written under a temporary name and renamed into place, so a
    reader never sees a half-written pyramid, and one that has the old file open keeps reading it.
    With a bucket it is then stored there too (an object is replaced whole), for the other hosts; an
    upload that fails raises OSError."""
    target = pyramid_path(image)
    write_pyramid(_open_original(image) if source is None else source, target)
    if (shared := shared_storage()) is not None:
        _upload(shared, image.pk, target)
    return target


def _upload(shared: Storage, image_id: int, local: Path) -> None:
    name = stored_name(image_id)
    try:
        with local.open("rb") as pyramid:
            saved = shared.save(name, File(pyramid, name=name))
    except Exception as error:  # the storage's own errors (botocore's are not OSError)
        raise OSError(f"Could not store the IIIF pyramid of image {image_id}") from error
    if saved != name:  # a storage that renames rather than replaces: this copy would never be found
        shared.delete(saved)
        raise OSError(f"The storage kept the IIIF pyramid of image {image_id} as {saved}, not {name}")


def _fetch(shared: Storage, image_id: int, target: Path) -> bool:
    """Copy the shared pyramid of an image to `target` (atomically); False when there is none."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        try:
            remote = shared.open(stored_name(image_id), "rb")
        except FileNotFoundError:
            return False
        with remote, temporary.open("wb") as local:
            shutil.copyfileobj(remote, local, 1024 * 1024)
        os.replace(temporary, target)
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _is_current(path: Path, image: ArtworkImage) -> bool:
    # A local copy older than the image's last change may predate a rebuild on another host.
    try:
        return path.stat().st_mtime >= image.updated_at.timestamp()
    except FileNotFoundError:
        return False


def write_pyramid(source: pyvips.Image | str, target: Path) -> None:
    """Write the pyramid of `source` (an image or the path of an original) to `target`, atomically."""
    if isinstance(source, str):
        source = _open_source(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        _normalised(source).tiffsave(
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


def remove_pyramid(image_id: int) -> None:
    """Delete the IIIF files of an image (its local folder, and its pyramid in the bucket if there is
    one); nothing there is not an error. Other hosts' local copies are never served again (the image is
    gone or will be rebuilt, which changes its ``updated_at``); DALA_IIIF_CACHE_DIR may be pruned freely."""
    folder = pyramid_folder(image_id)
    forget_open_pyramids(folder)
    shutil.rmtree(folder, ignore_errors=True)
    if (shared := shared_storage()) is not None:
        try:
            shared.delete(stored_name(image_id))
        except Exception:
            # Called once the image is gone (or its processing failed): a leftover private object
            # must not turn that into an error page. It is logged so it can be removed by hand.
            logger.warning("Could not delete the IIIF pyramid of image %s from the bucket", image_id,
                           exc_info=True)


def ensure_pyramid(image: ArtworkImage) -> Pyramid:
    """The pyramid of `image`, built on first use; concurrent first requests build it only once.

    With a bucket, a missing or outdated local copy is fetched from it first, and built (and stored
    there) only when the bucket has none."""
    target = pyramid_path(image)
    shared = shared_storage()
    if shared is None or _is_current(target, image):
        try:
            return read_pyramid(target)
        except FileNotFoundError:
            pass
    target.parent.mkdir(parents=True, exist_ok=True)
    # An exclusive lock on a sibling file: the second request waits, then finds the pyramid built.
    with open(target.with_name("pyramid.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if shared is None:
                if not target.exists():
                    build_pyramid(image)
            elif not _is_current(target, image) and not _fetch(shared, image.pk, target):
                build_pyramid(image)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return read_pyramid(target)


def read_pyramid(path: Path) -> Pyramid:
    """The levels of the pyramid at `path`, largest first (kept open for the next request)."""
    status = path.stat()  # FileNotFoundError when there is none
    key = (str(path), status.st_ino, status.st_mtime_ns, status.st_size)
    with _open_lock:
        cached = _open.get(key)
        if cached is not None:
            _open.move_to_end(key)
            return cached
    first = pyvips.Image.new_from_file(str(path))
    pages = first.get("n-pages") if first.get_typeof("n-pages") else 1
    opened = [first] + [pyvips.Image.new_from_file(str(path), page=page) for page in range(1, pages)]
    levels = tuple(PyramidLevel(page=page, width=level.width, height=level.height)
                   for page, level in enumerate(opened))
    pyramid = Pyramid(path=path, levels=levels, pages=tuple(opened))
    with _open_lock:
        for stale in [other for other in _open if other[0] == key[0]]:
            del _open[stale]  # an older file at the same path: rebuilt since
        _open[key] = pyramid
        while len(_open) > OPEN_PYRAMIDS:
            _open.popitem(last=False)
    return pyramid


def forget_open_pyramids(folder: Path | None = None) -> None:
    """Close this process's open pyramids (those under `folder`, or all)."""
    with _open_lock:
        for key in [key for key in _open if folder is None or Path(key[0]).is_relative_to(folder)]:
            del _open[key]
