"""Checks on an uploaded artwork image, by its content, before anything is stored.

The image pipeline (renditions, palettes, IIIF) builds on this; here we only accept what is safe to
keep and to serve as it came: JPEG, PNG or WebP, under the byte and pixel caps, and decodable.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from dala.core.errors import DomainError

from . import errors

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class CheckedImage:
    format: str
    width: int
    height: int
    byte_size: int


def check_image(upload: IO[bytes], *, size: int | None = None) -> CheckedImage:
    """Inspect ``upload`` and return what it is, or raise a :class:`DomainError` naming the field ``image``."""
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
        # Image.open reads only the header: the pixel cap is checked before any decoding.
        with Image.open(upload) as image:
            fmt = image.format or ""
            if fmt not in ALLOWED_FORMATS:
                raise DomainError(errors.IMAGE_NOT_ALLOWED,
                                  _("Upload a JPEG, PNG or WebP image."), field="image")
            width, height = image.size
            if width * height > settings.DALA_MAX_IMAGE_PIXELS:
                raise DomainError(errors.IMAGE_TOO_MANY_PIXELS,
                                  _("The image has %(mp)d megapixels; the limit is %(limit)d.")
                                  % {"mp": width * height // 1_000_000,
                                     "limit": settings.DALA_MAX_IMAGE_PIXELS // 1_000_000}, field="image")
            image.load()  # a truncated or corrupt file fails here
    except DomainError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise DomainError(errors.IMAGE_NOT_ALLOWED, _("Upload a JPEG, PNG or WebP image."), field="image") from None
    except (OSError, SyntaxError, ValueError):
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
