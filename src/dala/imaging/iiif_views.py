"""The IIIF Image API 3.0 endpoints; every answer, errors included, carries `Access-Control-Allow-Origin: *`."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import http_date, parse_etags

from dala.catalog.models import ArtworkImage
from dala.catalog.selectors import artwork_by_id
from dala.core.errors import NotFound
from dala.core.storage import STORAGE_FAILURES
from dala.imaging import iiif, manifest
from dala.imaging.pyramid import ensure_pyramid

INFO_MAX_AGE = 60 * 60
MANIFEST_MAX_AGE = 60 * 60
IMAGE_MAX_AGE = 24 * 60 * 60
logger = logging.getLogger(__name__)
_JSON_LD = f'application/ld+json;profile="{iiif.CONTEXT}"'


P = ParamSpec("P")


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _read_only(view: Callable[Concatenate[HttpRequest, P], HttpResponse]
               ) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    # Like Django's require_safe, but the 405 carries CORS too.
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return _cors(HttpResponseNotAllowed(["GET", "HEAD"]))
        return view(request, *args, **kwargs)

    return wrapper


def _error(message: str, status: int) -> HttpResponse:
    body = json.dumps({"error": message, "status": status})
    return _cors(HttpResponse(body, status=status, content_type="application/json"))


def _not_found() -> HttpResponse:
    return _error("No public image has this identifier.", 404)


def _storage_unavailable(image: ArtworkImage) -> HttpResponse:
    """503: the pyramid is kept in the bucket, which is out of reach (or dropped mid-transfer) just now."""
    logger.warning("IIIF: could not read the pyramid of image %s from storage", image.pk, exc_info=True)
    response = _error("The image cannot be read from storage just now; please try again shortly.", 503)
    response["Retry-After"] = "30"
    return response


def _service_id(request: HttpRequest, image: ArtworkImage) -> str:
    return request.build_absolute_uri(reverse("iiif:service", args=[image.pk]))


def _cached(request: HttpRequest, image: ArtworkImage, max_age: int,
            render: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer 304 when the client's ETag still matches, else the rendered response with cache headers.

    The ETag covers the image's last change and the full request path, so it is known before any pixel
    is read."""
    tag = hashlib.sha256(f"{image.pk}:{image.updated_at.isoformat()}:{request.get_full_path()}:"
                         f"{request.headers.get('Accept', '')}".encode()).hexdigest()[:32]
    etag = f'"{tag}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        response = render()
        if response.status_code != 200:
            return _cors(response)  # an error is not cached, nor tagged as this image's content
    response["ETag"] = etag
    response["Last-Modified"] = http_date(image.updated_at.timestamp())
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Accept"
    return _cors(response)


@_read_only
def service(request: HttpRequest, identifier: str) -> HttpResponse:
    """The bare service URL redirects (303) to its info.json, as the spec asks."""
    image = iiif.public_artwork_image(identifier)
    if image is None:
        return _not_found()
    response = HttpResponseRedirect(_service_id(request, image) + "/info.json")
    response.status_code = 303
    return _cors(response)


@_read_only
def info_json(request: HttpRequest, identifier: str) -> HttpResponse:
    image = iiif.public_artwork_image(identifier)
    if image is None:
        return _not_found()

    def render() -> HttpResponse:
        try:
            pyramid = ensure_pyramid(image)
        except STORAGE_FAILURES:
            return _storage_unavailable(image)
        document = iiif.info(pyramid, _service_id(request, image))
        # JSON-LD unless the client asks for plain JSON only.
        accept = request.headers.get("Accept", "")
        plain = "application/json" in accept and "application/ld+json" not in accept
        response = HttpResponse(json.dumps(document), content_type="application/json" if plain else _JSON_LD)
        response["Link"] = f'<http://iiif.io/api/image/3/{iiif.PROFILE}.json>;rel="profile"'
        return response

    return _cached(request, image, INFO_MAX_AGE, render)


@_read_only
def image_request(request: HttpRequest, identifier: str, region: str, size: str, rotation: str,
                  quality_format: str) -> HttpResponse:
    image = iiif.public_artwork_image(identifier)
    if image is None:
        return _not_found()
    try:
        pyramid = ensure_pyramid(image)
    except STORAGE_FAILURES:
        return _storage_unavailable(image)
    try:
        parsed = iiif.parse_request(region, size, rotation, quality_format, pyramid.width, pyramid.height)
    except iiif.IIIFError as error:
        return _error(error.message, error.status)

    def render() -> HttpResponse:
        response = HttpResponse(iiif.render(pyramid, parsed), content_type=iiif.FORMATS[parsed.format])
        canonical = f"{_service_id(request, image)}/{iiif.canonical_path(parsed, pyramid.width, pyramid.height)}"
        response["Link"] = f'<{canonical}>;rel="canonical"'
        return response

    return _cached(request, image, IMAGE_MAX_AGE, render)


@_read_only
def manifest_json(request: HttpRequest, artwork_id: int) -> HttpResponse:
    """The IIIF Presentation 3.0 manifest of a listed artwork; drafts and unknown ids answer 404."""
    try:
        artwork = artwork_by_id(artwork_id)
    except NotFound:
        return _error("No public artwork has this identifier.", 404)
    images = list(artwork.images.all())  # prefetched, the primary image first
    # Any edit of the work or of an image changes `updated_at`, and so the ETag.
    changed = max([artwork.updated_at, artwork.artist.updated_at, *(image.updated_at for image in images)])
    tag = hashlib.sha256(f"manifest:{artwork.pk}:{changed.isoformat()}:{len(images)}:"
                         f"{request.get_host()}:{request.headers.get('Accept', '')}".encode()).hexdigest()[:32]
    etag = f'"{tag}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        document = manifest.manifest(artwork, images, absolute=request.build_absolute_uri)
        accept = request.headers.get("Accept", "")
        plain = "application/json" in accept and "application/ld+json" not in accept
        content_type = "application/json" if plain else f'application/ld+json;profile="{manifest.CONTEXT}"'
        response = HttpResponse(json.dumps(document, ensure_ascii=False), content_type=content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed.timestamp())
    response["Cache-Control"] = f"public, max-age={MANIFEST_MAX_AGE}"
    response["Vary"] = "Accept"
    return _cors(response)


@_read_only
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /iiif/ (an identifier with a slash, a missing segment): 404, with CORS."""
    return _not_found()
