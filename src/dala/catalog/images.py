"""Checks on an uploaded artwork image, by its content, before anything is stored.

The image pipeline (renditions, palettes, IIIF) builds on this; here we only accept what is safe to
keep and to process: a still JPEG, PNG, WebP or TIFF, under the byte and pixel caps, and decodable.
Renditions, palettes and hashes are made from it by ``dala.imaging``.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from dala.core.errors import DomainError

from . import errors

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "TIFF"}
# A phone's multi-picture JPEG (a photo plus a depth map or preview) is a JPEG to us, not an animation.
FORMAT_ALIASES = {"MPO": "JPEG"}
_ORIENTATION = 0x0112
_QUARTER_TURNS = {5, 6, 7, 8}  # EXIF orientations that turn the picture by 90°


@dataclass(frozen=True)
class CheckedImage:
    format: str
    width: int
    height: int
    byte_size: int


def _not_allowed() -> DomainError:
    return DomainError(errors.IMAGE_NOT_ALLOWED, _("Upload a JPEG, PNG, WebP or TIFF image."), field="image")


def _too_many_pixels(pixels: int) -> DomainError:
    return DomainError(errors.IMAGE_TOO_MANY_PIXELS,
                       _("The image has %(mp)d megapixels; the limit is %(limit)d.")
                       % {"mp": pixels // 1_000_000, "limit": settings.DALA_MAX_IMAGE_PIXELS // 1_000_000},
                       field="image")


def check_image(upload: IO[bytes], *, size: int | None = None) -> CheckedImage:
    """Inspect ``upload`` by its content and return what it is, or raise a :class:`DomainError` naming
    the field ``image``.

    Accepted: a still JPEG, PNG, WebP or TIFF under the byte and pixel caps that decodes completely.
    Everything else (SVG, HTML, PDF, a file that only starts like an image, a truncated one, an
    animation, a decompression bomb) is refused; the pixel cap is checked from the header, before
    any pixel is decoded."""
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    upload.seek(0)
    limit = settings.DALA_MAX_UPLOAD_BYTES
    if size > limit:
        raise DomainError(errors.IMAGE_TOO_LARGE,
                          _("The file is %(size)d MB; the limit is %(limit)d MB.")
                          % {"size": -(-size // 1_000_000), "limit": limit // 1_000_000}, field="image")
    if size == 0:
        raise DomainError(errors.IMAGE_CORRUPT, _("The file is empty."), field="image")
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own cap and raises above twice it; ours is checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            # Image.open reads only the header: the pixel cap is checked before any decoding.
            with Image.open(upload, formats=sorted(ALLOWED_FORMATS)) as image:
                fmt = FORMAT_ALIASES.get(image.format or "", image.format or "")
                if fmt not in ALLOWED_FORMATS:
                    raise _not_allowed()
                width, height = image.size
                if image.getexif().get(_ORIENTATION) in _QUARTER_TURNS:
                    width, height = height, width  # the size as shown, after the EXIF rotation
                if width * height > settings.DALA_MAX_IMAGE_PIXELS:
                    raise _too_many_pixels(width * height)
                if image.format != "MPO" and getattr(image, "n_frames", 1) > 1:
                    raise DomainError(errors.IMAGE_ANIMATED, _("Animated images are not accepted."), field="image")
                # Decoding every pixel finds a truncated or corrupt file, and one whose header declares
                # more pixels than its data holds.
                image.load()
    except DomainError:
        raise
    except Image.DecompressionBombError:
        raise DomainError(errors.IMAGE_TOO_MANY_PIXELS,
                          _("The image has more pixels than the limit of %(limit)d megapixels.")
                          % {"limit": settings.DALA_MAX_IMAGE_PIXELS // 1_000_000}, field="image") from None
    except UnidentifiedImageError:
        raise _not_allowed() from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, MemoryError):
        raise DomainError(errors.IMAGE_CORRUPT, _("The image is damaged or incomplete."), field="image") from None
    finally:
        upload.seek(0)
    return CheckedImage(format=fmt, width=width, height=height, byte_size=size)


def make_thumbnail(source: IO[bytes], width: int) -> bytes:
    """A JPEG ``width`` pixels wide (or the original width if smaller), EXIF-rotated, with no metadata."""
    source.seek(0)
    with Image.open(source) as opened:
        opened.draft("RGB", (width * 2, width * 2))
        image: Image.Image = ImageOps.exif_transpose(opened)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, (255, 255, 255))
            background.paste(image, mask=image.getchannel("A"))
            image = background
        if image.width > width:
            image.thumbnail((width, width * 10), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
        return out.getvalue()
