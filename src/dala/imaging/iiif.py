"""IIIF Image API 3.0 (level 2): parsing a request's parameters and rendering the image it asks for.

https://iiif.io/api/image/3.0/ — a request is `{id}/{region}/{size}/{rotation}/{quality}.{format}`.
Parsing never touches pixels; `render()` cuts the answer from the image's pyramid (see `pyramid.py`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import pyvips

from dala.catalog.models import Artwork, ArtworkImage
from dala.imaging.pyramid import TILE_SIZE, Pyramid

CONTEXT = "http://iiif.io/api/image/3/context.json"
PROTOCOL = "http://iiif.io/api/image"
PROFILE = "level2"
FORMATS = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
EXTRA_FORMATS = ["webp"]
QUALITIES = ("default", "color", "gray", "bitonal")
EXTRA_QUALITIES = ["gray", "bitonal"]
EXTRA_FEATURES = ["mirroring", "sizeUpscaling"]
# Upscaling (`^`) is a convenience for viewers, not a way to make the server render posters.
MAX_UPSCALED_AREA = 36_000_000
JPEG_QUALITY = 85

_INT = r"(?:0|[1-9]\d*)"
_NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)"
_REGION_PX = re.compile(rf"({_INT}),({_INT}),({_INT}),({_INT})")
_REGION_PCT = re.compile(rf"pct:({_NUMBER}),({_NUMBER}),({_NUMBER}),({_NUMBER})")
_SIZE = re.compile(rf"(\^)?(?:(max)|pct:({_NUMBER})|(!)?({_INT})?,({_INT})?)")
_ROTATION = re.compile(rf"(!)?({_NUMBER})")


class IIIFError(Exception):
    """A request the service refuses; `status` is the HTTP status the IIIF spec asks for."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Region:
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class ImageRequest:
    """A parsed image request, in pixels of the full-size image."""

    region: Region
    width: int
    height: int
    mirror: bool
    rotation: int
    quality: str
    format: str


def public_artwork_image(identifier: str) -> ArtworkImage | None:
    """The image behind an IIIF identifier, if the public may see it (its artwork is listed)."""
    if not identifier.isascii() or not identifier.isdigit() or len(identifier) > 18:
        return None
    return (ArtworkImage.objects.filter(pk=int(identifier), artwork__in=Artwork.objects.listed())
            .only("pk", "file", "updated_at").first())


def info(pyramid: Pyramid, service_id: str) -> dict[str, Any]:
    """The `info.json` document for an image whose service lives at `service_id`."""
    factors = [2**level.page for level in pyramid.levels]
    return {
        "@context": CONTEXT,
        "id": service_id,
        "type": "ImageService3",
        "protocol": PROTOCOL,
        "profile": PROFILE,
        "width": pyramid.width,
        "height": pyramid.height,
        "tiles": [{"width": TILE_SIZE, "height": TILE_SIZE, "scaleFactors": factors}],
        "sizes": [{"width": level.width, "height": level.height} for level in reversed(pyramid.levels)],
        "extraFormats": EXTRA_FORMATS,
        "extraQualities": EXTRA_QUALITIES,
        "extraFeatures": EXTRA_FEATURES,
    }


def _numbers(match: re.Match[str]) -> list[float]:
    return [float(group) for group in match.groups()]


def parse_region(text: str, image_width: int, image_height: int) -> Region:
    """The region to cut, clipped to the image; 400 for bad syntax, an empty region or one outside."""
    if text == "full":
        return Region(0, 0, image_width, image_height)
    if text == "square":
        side = min(image_width, image_height)
        return Region((image_width - side) // 2, (image_height - side) // 2, side, side)
    if match := _REGION_PX.fullmatch(text):
        x, y, w, h = (int(group) for group in match.groups())
    elif match := _REGION_PCT.fullmatch(text):
        px, py, pw, ph = _numbers(match)
        x, y = round(px * image_width / 100), round(py * image_height / 100)
        w, h = round(pw * image_width / 100), round(ph * image_height / 100)
    else:
        raise IIIFError(f"Invalid region {text!r}: expected full, square, x,y,w,h or pct:x,y,w,h.")
    if w <= 0 or h <= 0:
        raise IIIFError(f"Region {text!r} has no width or height.")
    if x >= image_width or y >= image_height:
        raise IIIFError(f"Region {text!r} lies outside the image ({image_width}×{image_height}).")
    return Region(x, y, min(w, image_width - x), min(h, image_height - y))


def parse_size(text: str, region: Region) -> tuple[int, int]:
    """The output width and height; 400 for bad syntax, a zero size or unrequested (no `^`) upscaling."""
    match = _SIZE.fullmatch(text)
    if not match:
        raise IIIFError(f"Invalid size {text!r}: expected max, w,, ,h, pct:n, w,h or !w,h (optionally with ^).")
    upscale, is_max, percent, best_fit, w_text, h_text = match.groups()
    rw, rh = region.width, region.height
    if is_max:
        width, height = rw, rh
    elif percent is not None:
        scale = float(percent) / 100
        width, height = round(rw * scale), round(rh * scale)
    elif w_text and h_text:
        w, h = int(w_text), int(h_text)
        if best_fit:
            if w / rw <= h / rh:
                width, height = w, min(h, round(rh * w / rw))
            else:
                width, height = min(w, round(rw * h / rh)), h
        else:
            width, height = w, h
    elif w_text and not best_fit:
        width = int(w_text)
        height = round(rh * width / rw)
    elif h_text and not best_fit:
        height = int(h_text)
        width = round(rw * height / rh)
    else:
        raise IIIFError(f"Invalid size {text!r}.")
    if width <= 0 or height <= 0:
        raise IIIFError(f"Size {text!r} asks for an empty image.")
    if not upscale and (width > rw or height > rh):
        raise IIIFError(f"Size {text!r} is larger than the region ({rw}×{rh}); prefix it with ^ to upscale.")
    if upscale and (width > rw or height > rh) and width * height > MAX_UPSCALED_AREA:
        raise IIIFError(f"Size {text!r} exceeds the upscaling limit of {MAX_UPSCALED_AREA} pixels.")
    return width, height


def parse_rotation(text: str) -> tuple[bool, int]:
    """Whether to mirror, and the clockwise rotation in degrees (0, 90, 180 or 270)."""
    match = _ROTATION.fullmatch(text)
    if not match:
        raise IIIFError(f"Invalid rotation {text!r}: expected a number of degrees, optionally prefixed by !.")
    degrees = float(match.group(2))
    if degrees > 360:
        raise IIIFError(f"Rotation {text!r} is outside 0–360.")
    if degrees % 90:
        raise IIIFError(f"Rotation {text!r} is not supported: only multiples of 90 degrees.")
    return bool(match.group(1)), int(degrees) % 360


def parse_request(region: str, size: str, rotation: str, quality_format: str,
                  image_width: int, image_height: int) -> ImageRequest:
    """Parse the four path segments after the identifier; raises `IIIFError` for anything invalid."""
    quality, dot, format_ = quality_format.rpartition(".")
    if not dot:
        raise IIIFError(f"Invalid {quality_format!r}: expected quality.format, e.g. default.jpg.")
    parsed_region = parse_region(region, image_width, image_height)
    width, height = parse_size(size, parsed_region)
    mirror, degrees = parse_rotation(rotation)
    if quality not in QUALITIES:
        raise IIIFError(f"Invalid quality {quality!r}: expected one of {', '.join(QUALITIES)}.")
    if format_ not in FORMATS:
        raise IIIFError(f"Unsupported format {format_!r}: expected one of {', '.join(FORMATS)}.")
    return ImageRequest(parsed_region, width, height, mirror, degrees, quality, format_)


def canonical_path(request: ImageRequest, image_width: int, image_height: int) -> str:
    """The canonical `{region}/{size}/{rotation}/{quality}.{format}` form of `request` (spec §4.7)."""
    region = request.region
    full = Region(0, 0, image_width, image_height)
    region_text = "full" if region == full else f"{region.x},{region.y},{region.width},{region.height}"
    upscaled = request.width > region.width or request.height > region.height
    if (request.width, request.height) == (region.width, region.height):
        size_text = "max"
    else:
        size_text = f"{'^' if upscaled else ''}{request.width},{request.height}"
    rotation_text = f"{'!' if request.mirror else ''}{request.rotation}"
    quality = "default" if request.quality == "color" else request.quality
    return f"{region_text}/{size_text}/{rotation_text}/{quality}.{request.format}"


def render(pyramid: Pyramid, request: ImageRequest) -> bytes:
    """Encode the image `request` asks for, read from the smallest pyramid level that has the pixels."""
    region = request.region
    scale = max(request.width / region.width, request.height / region.height)
    level = pyramid.levels[0]
    for candidate in pyramid.levels:
        if (candidate.width / pyramid.width >= scale and candidate.height / pyramid.height >= scale):
            level = candidate
    fx, fy = level.width / pyramid.width, level.height / pyramid.height
    left, top = math.floor(region.x * fx), math.floor(region.y * fy)
    right = min(level.width, max(left + 1, math.ceil((region.x + region.width) * fx)))
    bottom = min(level.height, max(top + 1, math.ceil((region.y + region.height) * fy)))
    image = pyramid.open_level(level).crop(left, top, right - left, bottom - top)
    if (image.width, image.height) != (request.width, request.height):
        image = image.resize(request.width / image.width, vscale=request.height / image.height)
        image = _exactly(image, request.width, request.height)
    if request.mirror:
        image = image.fliphor()
    if request.rotation:
        image = image.rot(f"d{request.rotation}")
    if request.quality == "gray":
        image = image.colourspace("b-w")
    elif request.quality == "bitonal":
        image = (image.colourspace("b-w") > 127).ifthenelse(255, 0).cast("uchar")
    options: dict[str, Any] = {"keep": "none"}
    if request.format in ("jpg", "webp"):
        options["Q"] = JPEG_QUALITY
    return bytes(image.write_to_buffer(f".{request.format}", **options))


def _exactly(image: pyvips.Image, width: int, height: int) -> pyvips.Image:
    # resize() rounds its output size; a pixel too many is cropped, a pixel too few repeated from the edge.
    if image.width > width or image.height > height:
        image = image.crop(0, 0, min(width, image.width), min(height, image.height))
    if image.width < width or image.height < height:
        image = image.embed(0, 0, width, height, extend="copy")
    return image
