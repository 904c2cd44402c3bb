"""Checks on an uploaded artwork image, by its content, before anything is stored.

The image pipeline (renditions, palettes, IIIF) builds on this; here we only accept what is safe to
keep and to process: a still JPEG, PNG, WebP, TIFF or HEIC/HEIF, under the byte and pixel caps, and
decodable. Renditions, palettes and hashes are made from it by ``dala.imaging``.

HEIC/HEIF (a phone's photo) is read by ``pillow-heif``, a Pillow plugin bundling libheif and an HEVC
decoder: :func:`register_heif_opener` adds it to Pillow once, when the catalogue app is ready, for every
decoder of originals (these checks, the imaging pipeline and the IIIF pyramid).
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from typing import IO

import pillow_heif
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from dala.core.errors import DomainError

from . import errors

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "TIFF", "HEIF"}
# A phone's multi-picture JPEG (a photo plus a depth map or preview) is a JPEG to us, not an animation.
FORMAT_ALIASES = {"MPO": "JPEG"}
# Files holding several still pictures of which one is *the* picture: an MPO's first, a HEIF's primary
# image (what every viewer shows; Pillow and pillow-heif open at it). These are not animations.
STILL_COLLECTIONS = {"MPO", "HEIF"}
# ISO-BMFF major brands (the `ftyp` box's, bytes 8-12) of HEIC/HEIF stills and of image *sequences* (a
# timed track: an animation or a burst as video). pillow-heif opens either when it holds a still primary
# image; when it does not, the brand says which refusal fits. AVIF (brand avif/avis) is not accepted.
_HEIF_STILL_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1"}
_HEIF_SEQUENCE_BRANDS = {b"msf1", b"hevc", b"hevx", b"hevs", b"hevm"}
_ORIENTATION = 0x0112
_QUARTER_TURNS = {5, 6, 7, 8}  # EXIF orientations that turn the picture by 90°


@dataclass(frozen=True)
class CheckedImage:
    format: str
    width: int
    height: int
    byte_size: int


def register_heif_opener() -> None:
    """Let Pillow open HEIC/HEIF files (idempotent). Called from ``CatalogConfig.ready``.

    Depth maps and other auxiliary images are not read: only the primary picture is ever used."""
    pillow_heif.register_heif_opener(depth_images=False, aux_images=False)


def _not_allowed() -> DomainError:
    return DomainError(errors.IMAGE_NOT_ALLOWED, _("Upload a JPEG, PNG, WebP, TIFF or HEIC image."),
                       field="image")


def _animated() -> DomainError:
    return DomainError(errors.IMAGE_ANIMATED, _("Animated images are not accepted."), field="image")


def _heif_brand(upload: IO[bytes]) -> bytes | None:
    """The major brand of an ISO-BMFF file (b"heic", b"msf1", ...), or None if it is not one."""
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    return head[8:12] if len(head) == 12 and head[4:8] == b"ftyp" else None


def _too_many_pixels(pixels: int) -> DomainError:
    return DomainError(errors.IMAGE_TOO_MANY_PIXELS,
                       _("The image has %(mp)d megapixels; the limit is %(limit)d.")
                       % {"mp": pixels // 1_000_000, "limit": settings.DALA_MAX_IMAGE_PIXELS // 1_000_000},
                       field="image")


def check_image(upload: IO[bytes], *, size: int | None = None) -> CheckedImage:
    """Inspect ``upload`` by its content and return what it is, or raise a :class:`DomainError` naming
    the field ``image``.

    Accepted: a still JPEG, PNG, WebP, TIFF or HEIC/HEIF under the byte and pixel caps that decodes
    completely (of a HEIF holding several pictures, its primary one).
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
                # A HEIF's size is already as shown (libheif applies its rotation and mirroring) and
                # pillow-heif resets its EXIF orientation to 1, so it is not turned twice here.
                if width * height > settings.DALA_MAX_IMAGE_PIXELS:
                    raise _too_many_pixels(width * height)
                if image.format not in STILL_COLLECTIONS and getattr(image, "n_frames", 1) > 1:
                    raise _animated()
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
        # pillow-heif turns down a HEIF whose boxes do not parse (cut short before its pictures, say)
        # as not its format: by its brand it is a damaged HEIC, or a sequence with no still to take.
        brand = _heif_brand(upload)
        if brand in _HEIF_SEQUENCE_BRANDS:
            raise _animated() from None
        if brand in _HEIF_STILL_BRANDS:
            raise DomainError(errors.IMAGE_CORRUPT, _("The image is damaged or incomplete."),
                              field="image") from None
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
