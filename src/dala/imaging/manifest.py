"""IIIF Presentation API 3.0: the manifest of a listed artwork, one canvas per image (primary first).

https://iiif.io/api/presentation/3.0/ — each canvas is painted by the full image from our IIIF Image
service, which it names as its `ImageService3` so viewers can deep-zoom. Texts are language maps: the
work's own translations as stored, our labels in every language, and `none` for values that have no
language (a year, a size in centimetres is translated only for its unit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from dala.catalog.models import Artwork, ArtworkImage
from dala.imaging.iiif import PROFILE

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
# Every work on dala stays the artist's copyright; nothing is licensed for reuse.
RIGHTS = "http://rightsstatements.org/vocab/InC/1.0/"
THUMBNAIL_WIDTH = 400

LanguageMap = dict[str, list[str]]


def _stored(texts: Mapping[str, str]) -> LanguageMap:
    """A language map of the languages the text was written in."""
    return {code: [text] for code, text in texts.items()}


def _ours(make: Callable[[], str]) -> LanguageMap:
    """A language map of one of our own strings, made once per language of the site."""
    result: LanguageMap = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result[code] = [str(make())]
    return result


def _entry(label: Callable[[], str], value: LanguageMap) -> dict[str, LanguageMap]:
    return {"label": _ours(label), "value": value}


def _metadata(artwork: Artwork) -> list[dict[str, LanguageMap]]:
    entries = [_entry(lambda: gettext("Artist"), _stored(artwork.artist.name))]
    if artwork.year:
        entries.append(_entry(lambda: gettext("Year"), {"none": [str(artwork.year)]}))
    entries.append(_entry(lambda: gettext("Medium"), _stored(artwork.medium.label)))
    if artwork.dimensions_cm:
        entries.append(_entry(lambda: gettext("Dimensions"), _ours(lambda: artwork.dimensions_cm)))
    if artwork.materials:
        entries.append(_entry(lambda: gettext("Materials"), {"none": [artwork.materials]}))
    return entries


def _image_service(service_id: str) -> list[dict[str, str]]:
    return [{"id": service_id, "type": "ImageService3", "profile": PROFILE}]


def _thumbnail(image: ArtworkImage, service_id: str) -> dict[str, Any]:
    # A width the image has, so the level-2 service never has to upscale (it refuses without `^`).
    width = min(THUMBNAIL_WIDTH, image.width)
    height = max(1, round(image.height * width / image.width))
    return {"id": f"{service_id}/full/{width},/0/default.jpg", "type": "Image", "format": "image/jpeg",
            "width": width, "height": height, "service": _image_service(service_id)}


def _canvas(manifest_id: str, image: ArtworkImage, service_id: str, label: LanguageMap) -> dict[str, Any]:
    canvas_id = f"{manifest_id}/canvas/{image.pk}"
    body = {"id": f"{service_id}/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
            "width": image.width, "height": image.height, "service": _image_service(service_id)}
    return {
        "id": canvas_id,
        "type": "Canvas",
        "label": _stored(image.alt_text) if image.alt_text else label,
        "width": image.width,
        "height": image.height,
        "thumbnail": [_thumbnail(image, service_id)],
        "items": [{
            "id": f"{manifest_id}/page/{image.pk}",
            "type": "AnnotationPage",
            "items": [{
                "id": f"{manifest_id}/annotation/{image.pk}",
                "type": "Annotation",
                "motivation": "painting",
                "body": body,
                "target": canvas_id,
            }],
        }],
    }


def manifest(artwork: Artwork, images: list[ArtworkImage], *, absolute: Callable[[str], str]) -> dict[str, Any]:
    """The manifest of ``artwork`` showing ``images`` in order; ``absolute`` makes a path a full URL."""
    manifest_id = absolute(reverse("iiif:manifest", args=[artwork.pk]))
    label = _stored(artwork.title)
    # The web pages live under a language prefix; the manifest points at the site's first language so
    # it does not depend on who asked.
    with translation.override(settings.LANGUAGE_CODE):
        page_url = absolute(artwork.get_absolute_url())
        home_url = absolute(reverse("site:home"))
    names = artwork.artist.name
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "id": manifest_id,
        "type": "Manifest",
        "label": label,
    }
    if artwork.description:
        document["summary"] = _stored(artwork.description)
    document.update({
        "metadata": _metadata(artwork),
        "rights": RIGHTS,
        "requiredStatement": {"label": _ours(lambda: gettext("Artist")),
                              "value": {code: [f"© {name}"] for code, name in names.items()}},
        "provider": [{
            "id": home_url,
            "type": "Agent",
            "label": {"none": ["dala"]},
            "homepage": [{"id": home_url, "type": "Text", "format": "text/html",
                          "label": _ours(lambda: gettext("The art of Kazakhstan and Central Asia"))}],
        }],
        "homepage": [{"id": page_url, "type": "Text", "format": "text/html", "label": label}],
    })
    services = {image.pk: absolute(reverse("iiif:service", args=[image.pk])) for image in images}
    if images:
        document["thumbnail"] = [_thumbnail(images[0], services[images[0].pk])]
    document["items"] = [_canvas(manifest_id, image, services[image.pk], label) for image in images]
    return document
