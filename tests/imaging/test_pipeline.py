"""What the pipeline makes of a picture: sRGB pixels the right way up, no metadata, palette and hash."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from dala.catalog.models import ArtworkImage
from dala.catalog.services import add_artwork_image
from dala.imaging import pipeline
from tests.factories import ArtworkFactory

from .pictures import encode, noisy, photo, rotated, with_gps

pytestmark = pytest.mark.django_db


def _upload(data: bytes, capture: Any) -> ArtworkImage:
    with capture(execute=True):
        image = add_artwork_image(artwork=ArtworkFactory(), upload=io.BytesIO(data))
    image.refresh_from_db()
    assert image.processing_state == "ready", image.processing_error
    return image


def _renditions(image: ArtworkImage, media_root: Path) -> list[tuple[dict[str, Any], bytes]]:
    return [(r, (media_root / r["name"]).read_bytes()) for r in image.renditions]


def _centre(data: bytes) -> tuple[int, ...]:
    with Image.open(io.BytesIO(data)) as opened:
        assert opened.mode == "RGB"
        return tuple(opened.getpixel((opened.width // 2, opened.height // 2)))  # type: ignore[arg-type]


def test_a_cmyk_jpeg_comes_out_as_rgb_of_the_right_colour(media_root: Path,
                                                          django_capture_on_commit_callbacks: Any) -> None:
    red_in_cmyk = Image.new("CMYK", (400, 300), (0, 255, 255, 0))
    image = _upload(encode(red_in_cmyk, "JPEG", quality=95), django_capture_on_commit_callbacks)

    for _rendition, data in _renditions(image, media_root):
        r, g, b = _centre(data)
        assert r > 235 and g < 25 and b < 25


def test_a_16_bit_png_is_scaled_to_8_bits_not_clipped(media_root: Path,
                                                      django_capture_on_commit_callbacks: Any) -> None:
    grey = Image.new("I;16", (400, 300), 0x8000)  # half of 65535
    data = encode(grey, "PNG")
    with Image.open(io.BytesIO(data)) as opened:
        assert opened.mode.startswith("I")
    image = _upload(data, django_capture_on_commit_callbacks)

    for _rendition, rendition_data in _renditions(image, media_root):
        assert all(120 <= channel <= 136 for channel in _centre(rendition_data))


def test_an_exif_rotated_photo_is_stood_upright(django_capture_on_commit_callbacks: Any) -> None:
    image = _upload(rotated(), django_capture_on_commit_callbacks)

    assert (image.width, image.height) == (400, 700)  # as shown, not as stored
    assert sorted({(r["width"], r["height"]) for r in image.renditions}) == [(320, 560)]


def test_no_rendition_carries_gps_exif_or_any_metadata(media_root: Path,
                                                       django_capture_on_commit_callbacks: Any) -> None:
    original = with_gps()
    with Image.open(io.BytesIO(original)) as opened:
        assert opened.getexif().get_ifd(0x8825)  # the upload does carry a position
    image = _upload(original, django_capture_on_commit_callbacks)

    renditions = _renditions(image, media_root)
    assert len(renditions) == 4
    for _rendition, data in renditions:
        assert b"Exif" not in data and b"GPS" not in data and b"PhoneMaker" not in data
        assert b"http://ns.adobe.com/xap" not in data
        with Image.open(io.BytesIO(data)) as opened:
            assert not opened.getexif()
            assert "icc_profile" not in opened.info and "exif" not in opened.info


def test_an_artworks_palette_has_five_colours_weighing_one_with_red_and_blue(
        django_capture_on_commit_callbacks: Any) -> None:
    image = _upload(encode(noisy((400, 200)), "PNG"), django_capture_on_commit_callbacks)

    colours = image.palette
    assert len(colours) == 5
    assert sum(c["weight"] for c in colours) == pytest.approx(1)
    rgb = [tuple(int(c["hex"][i:i + 2], 16) for i in (1, 3, 5)) for c in colours]
    assert any(r > 170 and g < 80 and b < 80 for r, g, b in rgb)  # red
    assert any(b > 160 and r < 80 and g < 90 for r, g, b in rgb)  # blue


def test_the_palette_and_hash_are_the_same_every_time() -> None:
    picture = pipeline.prepare(encode(noisy(), "PNG"))

    assert pipeline.palette(picture) == pipeline.palette(picture)
    assert pipeline.difference_hash(picture) == pipeline.difference_hash(picture.copy())


def test_the_difference_hash_survives_resizing_and_recompression_but_not_a_different_picture() -> None:
    picture = pipeline.prepare(encode(photo(), "PNG"))
    smaller = pipeline.prepare(encode(photo().resize((350, 200)), "JPEG", quality=60))
    other = pipeline.prepare(encode(photo().transpose(Image.Transpose.FLIP_LEFT_RIGHT), "PNG"))

    first = pipeline.difference_hash(picture)
    assert len(first) == 16
    assert pipeline.is_likely_duplicate(first, pipeline.difference_hash(smaller))
    assert not pipeline.is_likely_duplicate(first, pipeline.difference_hash(other))
