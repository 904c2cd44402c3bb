"""What the pipeline makes of an original, as pure functions over bytes (no database, no storage).

- :func:`prepare` decodes the original, applies its EXIF orientation, converts any colour space (an
  embedded ICC profile, CMYK, 16-bit) to 8-bit sRGB and flattens transparency onto white. The result
  carries no metadata at all.
- :func:`encode_renditions` makes the widths in :data:`RENDITION_WIDTHS` that fit, in WebP and JPEG,
  saved with no EXIF, XMP or ICC (browsers take untagged images as sRGB, which they now are).
- :func:`palette` finds the 5 main colours by k-means in CIELAB, with weights summing to 1.
- :func:`difference_hash` is a 64-bit dHash: the picture in 9×8 greys, one bit per horizontal
  neighbour pair (left brighter than right). Near-identical pictures differ in few bits.

Pillow does the decoding: it has LittleCMS for ICC transforms and ``draft()`` shrink-on-load for JPEG,
which measured faster and leaner than pyvips for one-off renditions on our machines (see
ARCHITECTURE.md); pyvips serves the IIIF tiles.
"""

from __future__ import annotations

import io
import warnings
from collections import Counter
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

RENDITION_WIDTHS = (320, 640, 1024, 1600, 2400)
PALETTE_SIZE = 5
PALETTE_SAMPLE = 100  # the palette is computed on at most 100×100 pixels
DUPLICATE_DISTANCE = 6  # bits of 64: at most this many differ for a likely duplicate

_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class EncodedRendition:
    width: int
    height: int
    format: str  # "JPEG" or "WEBP"
    data: bytes

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "JPEG" else "webp"


def prepare(data: bytes, *, largest_width: int = RENDITION_WIDTHS[-1]) -> Image.Image:
    """The original as upright 8-bit sRGB ``RGB`` pixels with no metadata."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        opened = Image.open(io.BytesIO(data))
        # JPEG only: decode at 1/2, 1/4 or 1/8 scale while both sides stay at least this big.
        opened.draft(None, (largest_width, largest_width))  # type: ignore[arg-type]
        opened.load()
    icc = opened.info.get("icc_profile")
    image: Image.Image = ImageOps.exif_transpose(opened)
    image = _to_eight_bit(image)
    image = _to_srgb(image, icc)
    if image.mode != "RGB":
        image = _flatten(image)
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # a fresh image: no info, EXIF, XMP or ICC is carried along
    return clean


def _to_eight_bit(image: Image.Image) -> Image.Image:
    if image.mode.startswith("I;16") or image.mode == "I":
        as_int = image.convert("I") if image.mode != "I" else image
        _low, high = as_int.getextrema()
        if image.mode.startswith("I;16") or (isinstance(high, int) and high > 255):
            as_int = as_int.point(lambda value: value * (1 / 257))  # 0…65535 → 0…255
        return as_int.convert("L")
    if image.mode == "F":
        return image.convert("L")
    if image.mode in ("P", "PA"):
        return image.convert("RGBA")
    return image


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    alpha = image.getchannel("A") if image.mode in ("RGBA", "LA") else None
    base = image.convert("RGB" if image.mode == "RGBA" else "L") if alpha is not None else image
    converted: Image.Image | None = None
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(base, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # a broken or mismatched profile: fall back to the plain conversion
    if converted is None:
        converted = base.convert("RGB")
    if alpha is not None:
        converted = converted.convert("RGBA")
        converted.putalpha(alpha)
    return converted


def _flatten(image: Image.Image) -> Image.Image:
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def rendition_widths(width: int) -> list[int]:
    """The standard widths not wider than ``width``; the width itself when it is narrower than all."""
    return [w for w in RENDITION_WIDTHS if w <= width] or [width]


def encode_renditions(image: Image.Image) -> list[EncodedRendition]:
    """WebP and JPEG at each of :func:`rendition_widths`, narrowest first, with no metadata."""
    made = []
    for width in rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        resized.info = {}
        for fmt, options in (("WEBP", {"quality": 80, "method": 4}),
                             ("JPEG", {"quality": 82, "optimize": True, "progressive": True})):
            out = io.BytesIO()
            resized.save(out, fmt, exif=b"", **options)
            made.append(EncodedRendition(width=width, height=height, format=fmt, data=out.getvalue()))
    return made


# Palette -----------------------------------------------------------------------------------------

Lab = tuple[float, float, float]


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[int, int, int]) -> Lab:
    r, g, b = (_linear(c) for c in rgb)
    # sRGB (D65) → XYZ, normalised by the D65 white point
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _distance(a: Lab, b: Lab) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2


def _nearest(lab: Lab, centres: list[Lab]) -> int:
    return min(range(len(centres)), key=lambda k: _distance(lab, centres[k]))


def palette(image: Image.Image, size: int = PALETTE_SIZE, iterations: int = 12) -> list[dict[str, object]]:
    """Up to ``size`` colours ``{"hex", "weight"}``, heaviest first, weights summing to 1.

    Weighted k-means in CIELAB over the distinct colours of a ≤100×100 copy; the seeds are chosen by
    farthest-point from the commonest colour, so the same picture always gives the same palette."""
    sample = image.convert("RGB")
    sample.thumbnail((PALETTE_SAMPLE, PALETTE_SAMPLE), Image.Resampling.BOX)
    counts: Counter[tuple[int, int, int]] = Counter(sample.get_flattened_data())  # type: ignore[arg-type]
    colours = sorted(counts, key=lambda c: (-counts[c], c))
    labs = [_lab(c) for c in colours]
    weights = [counts[c] for c in colours]
    total = sum(weights)

    centres = [labs[0]]
    nearest = [_distance(lab, centres[0]) for lab in labs]
    while len(centres) < min(size, len(labs)):
        farthest = max(range(len(labs)), key=lambda i: (nearest[i] * weights[i] ** 0.5, -i))
        if nearest[farthest] == 0:
            break
        centres.append(labs[farthest])
        nearest = [min(d, _distance(lab, labs[farthest])) for d, lab in zip(nearest, labs, strict=True)]

    members: list[int] = []
    for _round in range(iterations):
        members = [_nearest(lab, centres) for lab in labs]
        moved = []
        for k in range(len(centres)):
            mass = sum(w for w, m in zip(weights, members, strict=True) if m == k)
            if not mass:
                moved.append(centres[k])
                continue
            moved.append(tuple(sum(lab[axis] * w for lab, w, m in zip(labs, weights, members, strict=True) if m == k)
                               / mass for axis in range(3)))  # type: ignore[arg-type]
        if moved == centres:
            break
        centres = moved

    found: list[tuple[float, str]] = []
    for k in range(len(centres)):
        mass = sum(w for w, m in zip(weights, members, strict=True) if m == k)
        if not mass:
            continue
        # The cluster's colour is its weighted mean in sRGB (close to the Lab centre, and exact to show).
        rgb = [round(sum(c[axis] * w for c, w, m in zip(colours, weights, members, strict=True) if m == k) / mass)
               for axis in range(3)]
        found.append((mass / total, "#{:02x}{:02x}{:02x}".format(*rgb)))
    found.sort(key=lambda colour: (-colour[0], colour[1]))
    # Make the floats sum to 1 exactly enough for any check: the heaviest takes the rounding rest.
    if found:
        found[0] = (1 - sum(weight for weight, _hex in found[1:]), found[0][1])
    return [{"hex": hex_, "weight": weight} for weight, hex_ in found]


# Perceptual hash ---------------------------------------------------------------------------------

def difference_hash(image: Image.Image) -> str:
    """64-bit dHash as 16 hex digits (see the module's docstring)."""
    grey = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels: list[int] = list(grey.get_flattened_data())  # type: ignore[arg-type]
    bits = 0
    for row in range(8):
        for column in range(8):
            left, right = pixels[row * 9 + column], pixels[row * 9 + column + 1]
            bits = (bits << 1) | (1 if left > right else 0)
    return f"{bits:016x}"


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def is_likely_duplicate(a: str, b: str) -> bool:
    return hamming(a, b) <= DUPLICATE_DISTANCE
