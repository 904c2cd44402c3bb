"""The IIIF Presentation 3.0 manifest at /iiif/manifest/<artwork id>, and its link from the API.

No presentation validator runs offline, so these tests assert the shape the spec requires and that every
id a viewer dereferences (the manifest, each painted image, each image service) answers here."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from dala.catalog.models import Artwork, ArtworkImage, Availability
from dala.core.translation import Translated
from dala.imaging.manifest import CONTEXT, RIGHTS
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory, image_bytes

pytestmark = pytest.mark.django_db

TITLES = {"kk": "Таңғы дала", "ru": "Утренняя степь", "en": "Morning Steppe"}
NAMES = {"kk": "Бақыт Наоко", "ru": "Бахыт Наоко", "en": "Bakhyt Naoko"}


@pytest.fixture
def artwork() -> Artwork:
    artist = ArtistFactory(name=Translated(NAMES))
    work: Artwork = ArtworkFactory(artist=artist, title=Translated(TITLES), year=2021, materials="oil on linen",
                                   height_mm=600, width_mm=800,
                                   description=Translated(en="Dawn over the steppe.", ru="Рассвет над степью."))
    ArtworkImageFactory(artwork=work, is_primary=False, position=1, width=30, height=20,
                        file=ContentFile(image_bytes(size=(30, 20)), name="second.jpg"))
    ArtworkImageFactory(artwork=work, is_primary=True, width=64, height=48)
    return work


def get_json(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_manifest_describes_a_listed_artwork_in_three_languages(client: Client, artwork: Artwork) -> None:
    response = client.get(f"/iiif/manifest/{artwork.pk}")

    assert response.status_code == 200
    assert response["Content-Type"] == f'application/ld+json;profile="{CONTEXT}"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=3600"
    manifest = json.loads(response.content)
    assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest["type"] == "Manifest"
    assert manifest["id"] == f"http://testserver/iiif/manifest/{artwork.pk}"
    assert manifest["label"] == {code: [title] for code, title in TITLES.items()}
    assert manifest["summary"] == {"en": ["Dawn over the steppe."], "ru": ["Рассвет над степью."]}
    assert manifest["rights"] == RIGHTS == "http://rightsstatements.org/vocab/InC/1.0/"
    statement = manifest["requiredStatement"]
    assert statement["label"]["en"] == ["Artist"] and set(statement["label"]) == {"kk", "ru", "en"}
    assert statement["value"] == {code: [f"© {name}"] for code, name in NAMES.items()}
    metadata = {entry["label"]["en"][0]: entry for entry in manifest["metadata"]}
    assert list(metadata) == ["Artist", "Year", "Medium", "Dimensions", "Materials"]
    for entry in manifest["metadata"]:
        assert set(entry["label"]) == {"kk", "ru", "en"}
    assert metadata["Artist"]["value"] == {code: [name] for code, name in NAMES.items()}
    assert metadata["Year"]["value"] == {"none": ["2021"]}
    assert metadata["Dimensions"]["value"]["en"] == ["60 × 80 cm"]
    assert metadata["Materials"]["value"] == {"none": ["oil on linen"]}


def test_manifest_has_one_canvas_per_image_primary_first_painted_by_the_image_service(
        client: Client, artwork: Artwork) -> None:
    manifest = get_json(client, f"/iiif/manifest/{artwork.pk}")
    images = list(ArtworkImage.objects.filter(artwork=artwork).order_by("-is_primary"))

    canvases = manifest["items"]
    assert [c["width"] for c in canvases] == [64, 30] and [c["height"] for c in canvases] == [48, 20]
    for canvas, image in zip(canvases, images, strict=True):
        assert canvas["type"] == "Canvas"
        assert canvas["id"].startswith(manifest["id"] + "/")
        [page] = canvas["items"]
        assert page["type"] == "AnnotationPage"
        [annotation] = page["items"]
        assert annotation["type"] == "Annotation" and annotation["motivation"] == "painting"
        assert annotation["target"] == canvas["id"]
        body = annotation["body"]
        service_id = f"http://testserver/iiif/image/{image.pk}"
        assert body == {"id": f"{service_id}/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
                        "width": image.width, "height": image.height,
                        "service": [{"id": service_id, "type": "ImageService3", "profile": "level2"}]}
        picture = client.get(path_of(body["id"]))
        assert picture.status_code == 200 and picture["Content-Type"] == "image/jpeg"
        info = get_json(client, path_of(service_id) + "/info.json")
        assert (info["id"], info["width"], info["height"]) == (service_id, canvas["width"], canvas["height"])
        [thumbnail] = canvas["thumbnail"]
        assert client.get(path_of(thumbnail["id"])).status_code == 200
    assert manifest["thumbnail"][0]["id"] == canvases[0]["thumbnail"][0]["id"]
    assert get_json(client, path_of(manifest["id"]))["id"] == manifest["id"]


def test_manifest_of_a_work_without_images_has_no_canvases(client: Client) -> None:
    work = ArtworkFactory()
    manifest = get_json(client, f"/iiif/manifest/{work.pk}")
    assert manifest["items"] == [] and "thumbnail" not in manifest


@pytest.mark.parametrize("make_hidden", [
    lambda work: Artwork.objects.filter(pk=work.pk).update(availability=Availability.DRAFT, is_listed=False),
    lambda work: Artwork.objects.filter(pk=work.pk).delete(),
])
def test_manifest_of_a_draft_or_unknown_artwork_is_not_found(client: Client, artwork: Artwork,
                                                             make_hidden: Any) -> None:
    make_hidden(artwork)
    response = client.get(f"/iiif/manifest/{artwork.pk}")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/iiif/manifest/not-a-number").status_code == 404


def test_manifest_answers_304_while_nothing_changed(client: Client, artwork: Artwork) -> None:
    first = client.get(f"/iiif/manifest/{artwork.pk}")
    again = client.get(f"/iiif/manifest/{artwork.pk}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"


def test_artwork_api_links_its_manifest(client: Client, artwork: Artwork) -> None:
    detail = get_json(client, f"/api/v1/artworks/{artwork.pk}")
    assert detail["iiif_manifest"] == f"http://testserver/iiif/manifest/{artwork.pk}"
    assert get_json(client, path_of(detail["iiif_manifest"]))["id"] == detail["iiif_manifest"]
