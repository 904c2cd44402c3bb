"""HEIC/HEIF uploads (a phone's photos): accepted by content, stood upright once, stripped, refused when bad."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pytest
import pyvips
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms

from dala.accounts.models import ArtistProfile
from dala.catalog.images import check_image
from dala.catalog.models import ArtworkImage
from dala.core.errors import DomainError
from dala.imaging import pyramid
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtworkFactory

from .pictures import encode, noisy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

RED, BLUE = (220, 30, 30), (30, 40, 210)




def heic(image: Image.Image, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, "HEIF", quality=options.pop("quality", 80), **options)
    return out.getvalue()


def iphone_like() -> bytes:
    """Stored 700×400 as the sensor saw it (red left, blue right) with the phone held upright: the
    HEIF rotation box (irot) and EXIF orientation 6 both say "turn a quarter clockwise", as an iPhone
    writes them; shown 400×700, red on top. It also carries GPS, a maker and an ICC profile."""
    stored = Image.new("RGB", (700, 400), RED)
    stored.paste(BLUE, (350, 0, 700, 400))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 14.0, 18.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (76.0, 53.0, 42.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return heic(stored, exif=exif.tobytes(), icc_profile=icc)


def declaring(data: bytes, width: int, height: int) -> bytes:
    """``data`` (a one-tile HEIC) with its image spatial extents box (ispe) claiming ``width``×``height``."""
    at = data.index(b"ispe") + 8  # after the box type and its version and flags
    return data[:at] + struct.pack(">II", width, height) + data[at + 8:]


def _api_upload(artist: ArtistProfile, artwork_id: int, data: bytes) -> Any:
    upload = SimpleUploadedFile("IMG_0001.HEIC", data, content_type="image/heic")
    return bearer_client(token_for(artist.user)).post(f"{API}/studio/artworks/{artwork_id}/images", {"image": upload},
                                                      headers={"Accept-Language": "en"})


def _studio_upload(client: Client, artwork_id: int, data: bytes) -> Any:
    upload = SimpleUploadedFile("IMG_0001.HEIC", data, content_type="image/heic")
    return client.post(reverse("catalog:studio_image_upload", args=[artwork_id]), {"image-image": upload})


def _is_red(pixel: tuple[int, ...]) -> bool:
    return pixel[0] > 180 and pixel[2] < 80


def _is_blue(pixel: tuple[int, ...]) -> bool:
    return pixel[2] > 160 and pixel[0] < 80


def test_an_iphone_photo_is_accepted_stood_upright_once_and_stripped_of_its_position(
        artist: ArtistProfile, media_root: Path, originals_root: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    original = iphone_like()
    assert original[4:12] == b"ftypheic" and b"irot" in original
    with Image.open(io.BytesIO(original)) as opened:
        assert opened.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload does carry a position
    artwork = ArtworkFactory(artist=artist)

    with django_capture_on_commit_callbacks(execute=True):
        response = _api_upload(artist, artwork.pk, original)

    assert response.status_code == 201, response.content
    image = ArtworkImage.objects.get()
    assert image.processing_state == "ready", image.processing_error
    assert image.format == "HEIF" and image.file.name.endswith(".heic")
    assert (originals_root / image.file.name).read_bytes() == original  # the original is kept as it came
    assert (image.width, image.height) == (400, 700)  # as shown: turned once, not twice or not at all
    assert sorted((r["format"], r["width"], r["height"]) for r in image.renditions) == [
        ("JPEG", 320, 560), ("WEBP", 320, 560)]
    for rendition in image.renditions:
        data = (media_root / rendition["name"]).read_bytes()
        assert b"Exif" not in data and b"GPS" not in data and b"PhoneMaker" not in data
        with Image.open(io.BytesIO(data)) as opened:
            assert opened.format == rendition["format"] and opened.mode == "RGB"
            assert not opened.getexif() and "icc_profile" not in opened.info
            assert _is_red(opened.getpixel((160, 60)))  # type: ignore[arg-type]
            assert _is_blue(opened.getpixel((160, 500)))  # type: ignore[arg-type]


def test_the_iiif_pyramid_of_a_heic_is_built_upright_from_pillows_decode(
        client: Client, artist: ArtistProfile, media_root: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _api_upload(artist, ArtworkFactory(artist=artist).pk, iphone_like())
    image = ArtworkImage.objects.get()

    built = media_root / "iiif" / str(image.pk) / "pyramid.tif"
    assert built.exists()  # libvips here cannot decode HEVC; the pyramid still comes from the original
    level = pyvips.Image.new_from_file(str(built))
    assert (level.width, level.height) == (400, 700)
    response = client.get(f"/iiif/image/{image.pk}/full/200,/0/default.jpg")
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.content)) as shown:
        assert shown.size == (200, 350)
        assert _is_red(shown.getpixel((100, 30)))  # type: ignore[arg-type]
        assert _is_blue(shown.getpixel((100, 320)))  # type: ignore[arg-type]
    pyramid.remove_pyramid(image.pk)
    rebuilt = pyramid.build_pyramid(image)  # as the IIIF service does on a first request, from the original
    assert pyvips.Image.new_from_file(str(rebuilt)).width == 400


@pytest.mark.parametrize(("name", "data", "message"), [
    ("cut_in_its_pictures", heic(noisy((700, 400)), quality=70)[:2000], "The image is damaged or incomplete."),
    ("cut_in_its_header", heic(noisy((700, 400)), quality=70)[:300], "The image is damaged or incomplete."),
    ("header_claims_64_megapixels", declaring(heic(noisy((64, 64))), 8000, 8000), "The image has 64 megapixels"),
    ("header_claims_900_megapixels", declaring(heic(noisy((64, 64))), 30000, 30000), "megapixels"),
])
def test_a_bad_heic_is_refused_in_the_studio_and_by_the_api(
        client: Client, artist: ArtistProfile, name: str, data: bytes, message: str) -> None:
    artwork = ArtworkFactory(artist=artist)

    page = _studio_upload(client, artwork.pk, data)
    api = _api_upload(artist, artwork.pk, data)

    assert page.status_code == api.status_code  # the same refusal on the page and in the API
    assert message in page.content.decode()
    assert 400 <= api.status_code < 500
    assert message in error_of(api)["message"]
    assert error_of(api)["field"] == "image"
    assert not ArtworkImage.objects.exists()


def test_the_pixel_cap_is_read_from_a_heics_header_before_any_pixel_is_decoded(
        settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.DALA_MAX_IMAGE_PIXELS = 10_000
    from pillow_heif import as_plugin

    def must_not_decode(self: Any) -> None:
        raise AssertionError("decoded before the pixel cap was checked")

    monkeypatch.setattr(as_plugin._LibHeifImageFile, "load", must_not_decode)

    with pytest.raises(DomainError) as caught:
        check_image(io.BytesIO(heic(noisy((200, 100)))))

    assert caught.value.code == "image_too_many_pixels"


def test_of_a_heif_holding_several_pictures_the_primary_one_is_taken(
        artist: ArtistProfile, media_root: Path, django_capture_on_commit_callbacks: Any) -> None:
    red, blue = Image.new("RGB", (400, 300), RED), Image.new("RGB", (400, 300), BLUE)
    collection = heic(red, save_all=True, append_images=[blue], primary_index=1)

    assert check_image(io.BytesIO(collection)).format == "HEIF"
    with django_capture_on_commit_callbacks(execute=True):
        assert _api_upload(artist, ArtworkFactory(artist=artist).pk, collection).status_code == 201

    image = ArtworkImage.objects.get()
    assert image.processing_state == "ready", image.processing_error
    for rendition in image.renditions:
        with Image.open(media_root / rendition["name"]) as opened:
            assert _is_blue(opened.getpixel((10, 10)))  # type: ignore[arg-type]


def test_a_heif_sequence_without_a_still_picture_is_refused_as_animated() -> None:
    sequence = (struct.pack(">I", 24) + b"ftypmsf1" + b"\0\0\0\0" + b"msf1iso8"
                + struct.pack(">I", 16) + b"moov" + struct.pack(">I", 8) + b"mvhd")

    with pytest.raises(DomainError) as caught:
        check_image(io.BytesIO(sequence))

    assert caught.value.code == "image_animated"


def test_avif_is_not_taken_for_heic() -> None:
    avif = encode(noisy((64, 64)), "AVIF")  # the same container (ISO-BMFF, brand mif1 too), AV1 inside
    assert avif[8:12] == b"avif"

    with pytest.raises(DomainError) as caught:
        check_image(io.BytesIO(avif))

    assert caught.value.code == "image_type_not_allowed"
