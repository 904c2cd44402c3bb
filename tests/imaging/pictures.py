"""Pictures and not-pictures for the imaging tests, built in memory."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import ExifTags, Image


def noisy(size: tuple[int, int] = (700, 400), seed: int = 1) -> Image.Image:
    """A picture with structure (so that its hash says something): a left/right split with noise."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size)
    image.putdata([((220, 30, 30) if x < width // 2 else (30, 40, 210)) if (x * 7 + y * 3) % 11 else (240, 240, 240)
                   for y in range(height) for x in range(width)])
    pixels = image.load()
    assert pixels is not None
    for _ in range(width * height // 20):
        x, y = rng.randrange(width), rng.randrange(height)
        r, g, b = pixels[x, y]  # type: ignore[misc]
        pixels[x, y] = (max(0, r - 20), min(255, g + 15), b)
    return image


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_declaring(width: int, height: int, pixels_for: tuple[int, int] = (1, 1)) -> bytes:
    """A greyscale PNG whose header declares ``width``×``height`` but whose data covers ``pixels_for``."""
    real_width, real_height = pixels_for
    raw = b"".join(b"\x00" + b"\x80" * real_width for _ in range(real_height))
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b""))


def with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 14.0, 18.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (76.0, 53.0, 42.0)
    from PIL import ImageCms
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(noisy((700, 400)), "JPEG", exif=exif, icc_profile=icc)


def rotated() -> bytes:
    """700×400 pixels stored, with EXIF orientation 6: shown as 400×700."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    return encode(noisy((700, 400)), "JPEG", exif=exif)


def animated(fmt: str) -> bytes:
    frames = [Image.new("RGB", (60, 40), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)


REFUSED: dict[str, tuple[bytes, str]] = {
    # name: (bytes, words the refusal shows)
    "text": (b"just some text, not pixels", "Upload a JPEG, PNG, WebP, TIFF or HEIC image."),
    "svg_with_script": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                        b"<script>alert(1)</script></svg>", "Upload a JPEG, PNG, WebP, TIFF or HEIC image."),
    "html_with_jpeg_header": (b"\xff\xd8\xff" + b"<html><script>alert(document.cookie)</script></html>",
                              "Upload a JPEG, PNG, WebP, TIFF or HEIC image."),
    "pdf": (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "Upload a JPEG, PNG, WebP, TIFF or HEIC image."),
    "truncated_jpeg": (encode(noisy((300, 200)), "JPEG")[:4000], "The image is damaged or incomplete."),
    "pixel_bomb": (png_declaring(30_000, 30_000), "megapixels"),
    "declared_size_bigger_than_data": (png_declaring(200, 200, pixels_for=(10, 10)),
                                       "The image is damaged or incomplete."),
    "animated_png": (animated("PNG"), "Animated images are not accepted."),
    "animated_webp": (animated("WEBP"), "Animated images are not accepted."),
}


def photo(size: tuple[int, int] = (700, 400)) -> Image.Image:
    """A smooth picture with shapes, closer to a photograph than :func:`noisy` for hashing."""
    red = Image.radial_gradient("L").resize(size)
    green = Image.linear_gradient("L").rotate(90).resize(size)
    blue = Image.linear_gradient("L").resize(size)
    picture = Image.merge("RGB", (red, green, blue))
    from PIL import ImageDraw
    draw = ImageDraw.Draw(picture)
    draw.ellipse((size[0] // 5, size[1] // 4, size[0] // 2, size[1] * 3 // 4), fill=(250, 210, 40))
    draw.rectangle((size[0] * 3 // 5, size[1] // 8, size[0] * 9 // 10, size[1] // 2), fill=(20, 90, 60))
    return picture
