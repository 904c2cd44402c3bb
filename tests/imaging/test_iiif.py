"""The IIIF Image API 3.0 service at /iiif/image/<id>: info.json, image requests, errors, the pyramid."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path
from typing import Any, cast

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from dala.catalog.models import ArtworkImage, Availability
from dala.imaging import pyramid
from tests.factories import ArtworkFactory, ArtworkImageFactory

pytestmark = pytest.mark.django_db

WIDTH, HEIGHT = 400, 300
RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 200, 40), (30, 40, 220), (240, 220, 20)


def quadrants_png() -> bytes:
    """400×300: red top-left, green top-right, blue bottom-left, yellow bottom-right."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    for colour, box in ((RED, (0, 0, 200, 150)), (GREEN, (200, 0, 400, 150)),
                        (BLUE, (0, 150, 200, 300)), (YELLOW, (200, 150, 400, 300))):
        image.paste(colour, box)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_image(content: bytes | None = None, fmt: str = "PNG", **artwork: Any) -> ArtworkImage:
    data = content if content is not None else quadrants_png()
    with Image.open(io.BytesIO(data)) as opened:
        width, height = opened.size
    return cast(ArtworkImage, ArtworkImageFactory(artwork=ArtworkFactory(**artwork),
                                                  file=ContentFile(data, name=f"a.{fmt.lower()}"),
                                                  format=fmt, width=width, height=height))


@pytest.fixture
def image() -> ArtworkImage:
    return make_image()


def url(image: ArtworkImage, rest: str = "") -> str:
    return f"/iiif/image/{image.pk}{'/' + rest if rest else ''}"


def fetch_image(client: Client, image: ArtworkImage, rest: str) -> Image.Image:
    response = client.get(url(image, rest))
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    return Image.open(io.BytesIO(response.content))


def near(actual: Any, expected: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual[:3], expected, strict=True))


def test_bare_service_url_redirects_to_info_json(client: Client, image: ArtworkImage) -> None:
    response = client.get(url(image))

    assert response.status_code == 303
    assert response["Location"] == f"http://testserver/iiif/image/{image.pk}/info.json"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_info_json_describes_a_level_2_image_service(client: Client, image: ArtworkImage) -> None:
    response = client.get(url(image, "info.json"))

    assert response.status_code == 200
    assert response["Content-Type"] == 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["ETag"] and response["Last-Modified"]
    info = response.json()
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["id"] == f"http://testserver/iiif/image/{image.pk}"
    assert info["type"] == "ImageService3"
    assert info["protocol"] == "http://iiif.io/api/image"
    assert info["profile"] == "level2"
    assert (info["width"], info["height"]) == (WIDTH, HEIGHT)
    assert info["tiles"] == [{"width": 256, "height": 256, "scaleFactors": [1, 2]}]
    assert {"width": WIDTH, "height": HEIGHT} in info["sizes"]
    assert info["extraFormats"] == ["webp"]
    assert set(info["extraQualities"]) == {"gray", "bitonal"}


def test_info_json_is_plain_json_when_the_client_asks_for_it(client: Client, image: ArtworkImage) -> None:
    response = client.get(url(image, "info.json"), headers={"Accept": "application/json"})

    assert response["Content-Type"] == "application/json"


def test_unchanged_info_json_answers_304_to_a_matching_etag(client: Client, image: ArtworkImage) -> None:
    etag = client.get(url(image, "info.json"))["ETag"]

    response = client.get(url(image, "info.json"), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == "*"


def test_full_max_returns_the_whole_image_as_jpeg(client: Client, image: ArtworkImage) -> None:
    response = client.get(url(image, "full/max/0/default.jpg"))

    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Link"] == f'<http://testserver/iiif/image/{image.pk}/full/max/0/default.jpg>;rel="canonical"'
    picture = Image.open(io.BytesIO(response.content))
    assert picture.format == "JPEG"
    assert picture.size == (WIDTH, HEIGHT)
    assert near(picture.getpixel((50, 50)), RED)
    assert near(picture.getpixel((350, 250)), YELLOW)


def test_pixel_region_cuts_that_rectangle(client: Client, image: ArtworkImage) -> None:
    picture = fetch_image(client, image, "200,0,200,150/max/0/default.png")

    assert picture.size == (200, 150)
    assert near(picture.getpixel((100, 75)), GREEN, tolerance=3)


def test_region_beyond_the_edge_is_clipped_to_the_image(client: Client, image: ArtworkImage) -> None:
    picture = fetch_image(client, image, "300,200,500,500/max/0/default.png")

    assert picture.size == (100, 100)


def test_percent_region_cuts_that_share_of_the_image(client: Client, image: ArtworkImage) -> None:
    picture = fetch_image(client, image, "pct:0,50,50,50/max/0/default.png")

    assert picture.size == (200, 150)
    assert near(picture.getpixel((100, 75)), BLUE, tolerance=3)


def test_square_region_is_the_centred_square(client: Client, image: ArtworkImage) -> None:
    picture = fetch_image(client, image, "square/max/0/default.png")

    assert picture.size == (300, 300)
    assert near(picture.getpixel((10, 10)), RED, tolerance=3)
    assert near(picture.getpixel((290, 290)), YELLOW, tolerance=3)


@pytest.mark.parametrize(("size", "expected"), [
    ("200,", (200, 150)),
    (",150", (200, 150)),
    ("pct:25", (100, 75)),
    ("!100,100", (100, 75)),
    ("!400,60", (80, 60)),
    ("120,40", (120, 40)),
    ("max", (400, 300)),
    ("^800,", (800, 600)),
    ("^pct:150", (600, 450)),
])
def test_size_scales_the_region_as_the_spec_says(client: Client, image: ArtworkImage, size: str,
                                                 expected: tuple[int, int]) -> None:
    assert fetch_image(client, image, f"full/{size}/0/default.jpg").size == expected


def test_small_size_of_a_region_is_read_from_a_smaller_pyramid_level(client: Client, image: ArtworkImage) -> None:
    picture = fetch_image(client, image, "0,0,200,150/50,/0/default.png")

    assert picture.size == (50, 38)
    assert near(picture.getpixel((25, 19)), RED)


@pytest.mark.parametrize(("rotation", "size", "top_left"), [
    ("90", (300, 400), BLUE),
    ("180", (400, 300), YELLOW),
    ("270", (300, 400), GREEN),
    ("!0", (400, 300), GREEN),
    ("!180", (400, 300), BLUE),
])
def test_rotation_turns_the_image_clockwise(client: Client, image: ArtworkImage, rotation: str,
                                            size: tuple[int, int], top_left: tuple[int, int, int]) -> None:
    picture = fetch_image(client, image, f"full/max/{rotation}/default.png")

    assert picture.size == size
    assert near(picture.getpixel((10, 10)), top_left, tolerance=3)


def test_gray_quality_returns_a_grey_image(client: Client, image: ArtworkImage) -> None:
    picture = fetch_image(client, image, "full/max/0/gray.png")

    assert picture.mode == "L"
    assert picture.size == (WIDTH, HEIGHT)


def test_bitonal_quality_returns_only_black_and_white(client: Client, image: ArtworkImage) -> None:
    picture = fetch_image(client, image, "full/max/0/bitonal.png")

    assert {colour for _count, colour in picture.getcolors() or []} <= {0, 255}


@pytest.mark.parametrize(("fmt", "pillow_format", "content_type"), [
    ("png", "PNG", "image/png"), ("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"),
])
def test_each_format_is_encoded_as_asked(client: Client, image: ArtworkImage, fmt: str, pillow_format: str,
                                         content_type: str) -> None:
    response = client.get(url(image, f"full/100,/0/color.{fmt}"))

    assert response["Content-Type"] == content_type
    picture = Image.open(io.BytesIO(response.content))
    assert picture.format == pillow_format
    assert picture.size == (100, 75)


@pytest.mark.parametrize("rest", [
    "nonsense/max/0/default.jpg",
    "0,0,0,10/max/0/default.jpg",
    "10,10,-5,10/max/0/default.jpg",
    "400,0,10,10/max/0/default.jpg",
    "0,300,10,10/max/0/default.jpg",
    "pct:0,0,0,50/max/0/default.jpg",
    "pct:100,0,10,10/max/0/default.jpg",
    "full/big/0/default.jpg",
    "full/0,/0/default.jpg",
    "full/800,/0/default.jpg",
    "full/pct:200/0/default.jpg",
    "full/!800,900/0/default.jpg",
    "full/,/0/default.jpg",
    "full/!100,/0/default.jpg",
    "full/full/0/default.jpg",
    "full/max/45/default.jpg",
    "full/max/400/default.jpg",
    "full/max/x/default.jpg",
    "full/max/0/sepia.jpg",
    "full/max/0/default.gif",
    "full/max/0/default",
])
def test_bad_parameter_is_a_400_with_cors(client: Client, image: ArtworkImage, rest: str) -> None:
    response = client.get(url(image, rest))

    assert response.status_code == 400, rest
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]


@pytest.mark.parametrize("path", [
    "/iiif/image/999999/info.json",
    "/iiif/image/abc/full/max/0/default.jpg",
    "/iiif/image/a/b/full/max/0/default.jpg",
    "/iiif/image/999999",
])
def test_unknown_identifier_is_a_404_with_cors(client: Client, image: ArtworkImage, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("rest", ["info.json", "full/max/0/default.jpg", ""])
def test_image_of_a_draft_artwork_is_not_served(client: Client, rest: str) -> None:
    draft = make_image(availability=Availability.DRAFT)

    response = client.get(url(draft, rest))

    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"


def test_pyramid_is_built_once_and_reused(client: Client, image: ArtworkImage, media_root: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[int] = []
    original_build = pyramid.build_pyramid

    def counting_build(artwork_image: ArtworkImage) -> Path:
        builds.append(artwork_image.pk)
        return original_build(artwork_image)

    monkeypatch.setattr(pyramid, "build_pyramid", counting_build)

    client.get(url(image, "info.json"))
    built = media_root / "iiif" / str(image.pk) / "pyramid.tif"
    first_mtime = built.stat().st_mtime_ns
    client.get(url(image, "full/100,/0/default.jpg"))
    client.get(url(image, "0,0,10,10/max/0/default.png"))

    assert builds == [image.pk]
    assert built.stat().st_mtime_ns == first_mtime
    assert [p.name for p in built.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_concurrent_first_requests_build_the_pyramid_once(image: ArtworkImage,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[int] = []
    original_build = pyramid.build_pyramid

    def slow_build(artwork_image: ArtworkImage) -> Path:
        builds.append(artwork_image.pk)
        time.sleep(0.2)  # long enough for the other thread to arrive while this one builds
        return original_build(artwork_image)

    monkeypatch.setattr(pyramid, "build_pyramid", slow_build)
    results: list[pyramid.Pyramid] = []
    threads = [threading.Thread(target=lambda: results.append(pyramid.ensure_pyramid(image))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert builds == [image.pk]
    assert [(p.width, p.height) for p in results] == [(WIDTH, HEIGHT)] * 2


def test_pyramid_has_halving_levels_of_256_pixel_tiles(image: ArtworkImage) -> None:
    built = pyramid.ensure_pyramid(image)

    assert [(level.width, level.height) for level in built.levels] == [(400, 300), (200, 150)]


def test_exif_orientation_is_applied_and_metadata_never_served(client: Client) -> None:
    sideways = Image.new("RGB", (60, 40), RED)
    sideways.paste(BLUE, (0, 0, 30, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "SecretCam"
    out = io.BytesIO()
    sideways.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    jpeg = make_image(out.getvalue(), fmt="JPEG")

    info = client.get(url(jpeg, "info.json")).json()
    response = client.get(url(jpeg, "full/max/0/default.jpg"))

    assert (info["width"], info["height"]) == (40, 60)
    picture = Image.open(io.BytesIO(response.content))
    assert picture.size == (40, 60)
    assert near(picture.getpixel((20, 5)), BLUE, tolerance=20)
    assert not picture.getexif()
    assert b"SecretCam" not in response.content
