"""What the pipeline makes of an original, as pure functions over bytes (no database, no storage).

- :func:`prepare` decodes the original, applies its EXIF orientation, converts any colour space (an
  embedded ICC profile, CMYK, 16-bit) to 8-bit sRGB and flattens transparency onto white. The result
  carries no metadata at all, and is no wider than the largest rendition (shrunk as it is decoded).
- :func:`encode_renditions` makes the widths in :data:`RENDITION_WIDTHS` that fit, in WebP and JPEG,
  saved with no EXIF, XMP or ICC (browsers take untagged images as sRGB, which they now are).
- :func:`palette` finds the 5 main colours by k-means in CIELAB, with weights summing to 1.
- :func:`difference_hash` is a 64-bit dHash: the picture in 9×8 greys, one bit per horizontal
  neighbour pair (left brighter than right). Near-identical pictures differ in few bits.

Pillow does the decoding of anything but a plain JPEG: it has LittleCMS for ICC transforms and
``draft()`` shrink-on-load. HEIC/HEIF is Pillow's too, through the pillow-heif plugin (registered by
``dala.catalog``): libheif applies the file's rotation and mirroring (irot/imir) as it decodes and
pillow-heif resets the EXIF orientation to 1, so :func:`prepare` turns such a photo no further.
A plain JPEG (8-bit RGB, no ICC profile: most photos) takes the libvips path instead —
:func:`decode_plain`, :func:`scale_plain`, :func:`encode_plain` — because the IIIF pyramid needs the
full-size picture anyway, so one decode by libvips serves both; its renditions are encoded by libvips
with the same settings, and palette and hash are taken from the narrowest one.
WebP is encoded at method (effort) :data:`WEBP_METHOD`.
"""

from __future__ import annotations

import io
import os
import warnings
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyvips
from PIL import ExifTags, Image, ImageCms, ImageFile

RENDITION_WIDTHS = (320, 640, 1024, 1600, 2400)
PALETTE_SIZE = 5
PALETTE_SAMPLE = 100  # the palette is computed on at most 100×100 pixels
DUPLICATE_DISTANCE = 6  # bits of 64: at most this many differ for a likely duplicate
# libwebp's effort, 0-6. At the same quality setting, method 1 encodes a 2400-px rendition 3.3× as
# fast as the default 4 and 1.4× as fast as 2, with files 4 % and 1 % smaller and a PSNR within
# 0.25 dB of method 4's (measured on bench/images.py's photo: 0.10 s, 576 KiB, 35.39 dB).
WEBP_METHOD = 1

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
    """The original as upright 8-bit sRGB ``RGB`` pixels with no metadata, at most ``largest_width`` wide.

    An original narrower than that keeps its size. Only the pixels the renditions need are ever made:
    a JPEG is decoded at 1/2, 1/4 or 1/8 scale while it stays that wide (as shown), and the picture is
    shrunk before it is turned and converted, so no full-size copy is made past the decoded one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image: Image.Image = Image.open(io.BytesIO(data))
        turn = _TURNS.get(image.getexif().get(ExifTags.Base.Orientation, 1))
        sideways = turn in _SIDEWAYS
        # JPEG only (others ignore it): the width that counts is the one shown, the stored height if turned.
        image.draft(None, (1, largest_width) if sideways else (largest_width, 1))  # type: ignore[arg-type]
        image.load()
    icc = image.info.get("icc_profile")
    if image.mode in _RESIZABLE and (size := _shrunk_size(image, largest_width, sideways)):
        # Two passes, as Pillow's resize makes inside, but the decoded original is let go in between:
        # that keeps the peak memory of a 24-megapixel photo under 250 MB. The colour work below then
        # runs on fewer pixels too.
        image = image.resize((size[0], image.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    image = _to_eight_bit(image)
    image = _to_srgb(image, icc)
    if image.mode != "RGB":
        image = _flatten(image)
    if turn is not None:
        image = image.transpose(turn)
    if size := _shrunk_size(image, largest_width, sideways=False):  # modes that could not be shrunk before
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if isinstance(image, ImageFile.ImageFile):  # no step made a new image: the opened file's own object
        clean = Image.new("RGB", image.size)
        clean.paste(image)  # a fresh image: no info, EXIF, XMP or ICC is carried along
        return clean
    image.info = {}  # every step above made a new image; only this dict could carry metadata along
    return image


def decode_plain(data: bytes) -> pyvips.Image | None:
    """The original, upright, as libvips reads it, when it is a plain JPEG; else None (use :func:`prepare`).

    Plain: 8-bit RGB with no ICC profile, the commonest upload (a camera's or a phone's photo). The
    pyramid needs every pixel of it, so it is decoded once, by libvips, and that decode makes both the
    pyramid and the renditions (:func:`encode_plain`). It is decoded when first read, and turned as it
    is read: the decoded pixels are held once. A damaged file raises ``pyvips.Error`` then."""
    try:
        full = pyvips.Image.new_from_buffer(data, "", fail_on="warning")
    except pyvips.Error:
        return None  # not something libvips reads: Pillow decides, as for every other kind
    if (full.get("vips-loader") != "jpegload_buffer" or full.bands != 3 or full.format != "uchar"
            or full.interpretation != "srgb" or full.get_typeof("icc-profile-data")):
        return None
    return full.autorot()


def scale_plain(full: pyvips.Image) -> list[pyvips.Image]:
    """The pictures of :func:`rendition_widths` from an image :func:`decode_plain` gave, widest first,
    each in memory. Each is scaled from the next wider one (Lanczos), so ``full`` is read once; drop
    it after this (and see :func:`forget_decoded`) to free its pixels before the encoders start."""
    pictures: list[pyvips.Image] = []
    source = full
    for width in sorted(rendition_widths(full.width), reverse=True):
        height = max(1, round(full.height * width / full.width))
        if width != source.width:
            source = source.resize(width / source.width, vscale=height / source.height, kernel="lanczos3")
        source = source.copy_memory()  # the wider is read once, not once per narrower and encoder
        pictures.append(source)
    return pictures


def forget_decoded() -> None:
    """Empty libvips' operation cache, which holds a decoded original for as long as it is cached."""
    most = pyvips.cache_get_max()
    pyvips.cache_set_max(0)
    pyvips.cache_set_max(most)


def encode_plain(pictures: list[pyvips.Image], *, before_widest: Callable[[], object] = lambda: None,
                 ) -> tuple[list[EncodedRendition], Image.Image]:
    """:func:`encode_renditions` for :func:`scale_plain`'s pictures, by libvips, and the narrowest as a
    Pillow ``RGB`` image (for :func:`palette` and :func:`difference_hash`).

    The encoders and their settings are the same libwebp and libjpeg-turbo as Pillow's, and
    ``keep="none"`` writes no EXIF, XMP or ICC. The narrower pictures are encoded at once, one after
    the other; the widest's two encodings (the largest jobs, and the most memory) start side by side
    when ``before_widest`` returns: the caller waits there for its pyramid, and so for the decoded
    original's memory to be freed, while the narrower ones keep the other core busy."""
    widest, narrower = pictures[0], pictures[1:]
    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        small = pool.submit(lambda: [_encode_plain(picture, fmt) for picture in narrower
                                     for fmt in ("WEBP", "JPEG")])
        before_widest()
        encoded = list(pool.map(lambda fmt: _encode_plain(widest, fmt), ("WEBP", "JPEG"))) + small.result()
    smallest = pictures[-1]
    narrowest = Image.frombytes("RGB", (smallest.width, smallest.height), smallest.write_to_memory())
    # Narrowest first, WebP before JPEG, as encode_renditions gives them.
    encoded.sort(key=lambda rendition: (rendition.width, rendition.format != "WEBP"))
    return encoded, narrowest


def _encode_plain(image: pyvips.Image, fmt: str) -> EncodedRendition:
    if fmt == "WEBP":
        data = image.webpsave_buffer(Q=80, effort=WEBP_METHOD, keep="none")
    else:
        data = image.jpegsave_buffer(Q=82, optimize_coding=True, interlace=True, keep="none")
    return EncodedRendition(width=image.width, height=image.height, format=fmt, data=data)


def _shrunk_size(image: Image.Image, largest_width: int, sideways: bool) -> tuple[int, int] | None:
    """The size that makes ``image``'s width as shown ``largest_width``; None if it is not wider."""
    shown_width, shown_height = (image.height, image.width) if sideways else image.size
    if shown_width <= largest_width:
        return None
    shown_height = max(1, round(shown_height * largest_width / shown_width))
    return (shown_height, largest_width) if sideways else (largest_width, shown_height)


# EXIF orientation → the transpose that stands the picture upright (as ImageOps.exif_transpose does).
_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SIDEWAYS = (Image.Transpose.TRANSPOSE, Image.Transpose.ROTATE_270, Image.Transpose.TRANSVERSE,
             Image.Transpose.ROTATE_90)
# Modes that resize well as they come (alpha is premultiplied by Pillow); others are converted first.
_RESIZABLE = ("RGB", "RGBA", "L", "LA", "CMYK")


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
    """WebP and JPEG at each of :func:`rendition_widths`, narrowest first, with no metadata.

    Each width is scaled from the next wider one rather than from ``image`` (Lanczos at ratios under
    2.5, so no detail is lost), and the ten encodings run on all cores: Pillow lets go of the GIL
    while it resizes and encodes."""
    resized: list[Image.Image] = []
    source = image
    for width in sorted(rendition_widths(image.width), reverse=True):
        height = max(1, round(image.height * width / image.width))
        source = source if width == source.width else source.resize((width, height), Image.Resampling.LANCZOS)
        source.info = {}
        resized.append(source)
    jobs = [(picture, fmt) for picture in reversed(resized) for fmt in ("WEBP", "JPEG")]
    with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        # The largest first, so the long jobs do not start last; results are put back in order after.
        order = sorted(range(len(jobs)), key=lambda i: -jobs[i][0].width * jobs[i][0].height)
        done = dict(zip(order, pool.map(lambda i: _encode(*jobs[i]), order), strict=True))
    return [done[i] for i in range(len(jobs))]


def _encode(image: Image.Image, fmt: str) -> EncodedRendition:
    out = io.BytesIO()
    if fmt == "WEBP":
        image.save(out, fmt, exif=b"", quality=80, method=WEBP_METHOD)
    else:
        image.save(out, fmt, exif=b"", quality=82, optimize=True, progressive=True)
    return EncodedRendition(width=image.width, height=image.height, format=fmt, data=out.getvalue())


# Palette -----------------------------------------------------------------------------------------

Lab = tuple[float, float, float]


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


_LINEAR = [_linear(channel) for channel in range(256)]


def _lab(rgb: tuple[int, int, int]) -> Lab:
    r, g, b = (_LINEAR[c] for c in rgb)
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
    """The index of the centre nearest to ``lab`` (the first of equals), as ``min`` by :func:`_distance`."""
    lightness, a, b = lab
    best, best_distance = 0, -1.0
    for k, (cl, ca, cb) in enumerate(centres):
        distance = (lightness - cl) ** 2 + (a - ca) ** 2 + (b - cb) ** 2
        if distance < best_distance or best_distance < 0:
            best, best_distance = k, distance
    return best


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
        # One pass for every cluster's mass and weighted sums, added in the same order as one sum()
        # per cluster and axis would, so the floats come out the same to the last bit.
        masses = [0] * len(centres)
        sums: list[list[float]] = [[0, 0, 0] for _ in centres]
        for lab, w, m in zip(labs, weights, members, strict=True):
            masses[m] += w
            total_m = sums[m]
            total_m[0] += lab[0] * w
            total_m[1] += lab[1] * w
            total_m[2] += lab[2] * w
        moved = [centres[k] if not masses[k] else
                 (sums[k][0] / masses[k], sums[k][1] / masses[k], sums[k][2] / masses[k])
                 for k in range(len(centres))]
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


def palette_of_jpeg(data: bytes) -> list[dict[str, object]]:
    """The palette ``process_image`` records for the JPEG ``data``, each colour named: from the narrowest
    rendition of a plain JPEG (scaled by libvips), else from Pillow's prepared picture. The bulk demo
    calls it (through the setting DALA_DEMO_PALETTE) once per shared picture."""
    from dala.core.colours import nearest_named_colour

    full = decode_plain(data)
    if full is None:
        picture = prepare(data)
    else:
        smallest = scale_plain(full)[-1]
        picture = Image.frombytes("RGB", (smallest.width, smallest.height), smallest.write_to_memory())
        del full, smallest
        forget_decoded()  # libvips would keep the decoded pictures cached for the whole run
    return [{"hex": str(colour["hex"]), "weight": float(str(colour["weight"])),
             "name": nearest_named_colour(str(colour["hex"]))} for colour in palette(picture)]
