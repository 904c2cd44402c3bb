"""The imaging pipeline's write: make an artwork image's renditions, palette and hash, and record them
through the catalogue's services (imaging reads catalog's models but writes only through its services)."""

from __future__ import annotations

import datetime
import logging
import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pyvips
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_noop
from PIL import Image

from dala.catalog.models import ArtworkImage, ProcessingState
from dala.catalog.services import record_image_failure, record_image_processing
from dala.core.errors import DomainError
from dala.core.storage import BUCKET_FAILURES, has_local_paths

from . import pipeline, pyramid

logger = logging.getLogger(__name__)

# Stored in English and translated when shown (the worker has no artist's language).
REASON_UNREADABLE = gettext_noop("The image could not be read: the stored file is damaged or incomplete. "
                                 "Delete it and upload it again.")
REASON_FAILED = gettext_noop("The image could not be processed. Delete it and upload it again, or try "
                             "another file.")
# The original is whole; only the bucket was away. Processing the image again (`dala images reprocess`,
# which takes every image not ready) clears it.
REASON_STORAGE = gettext_noop("The file storage was out of reach while the sizes for the site were being "
                              "made. The image itself is safe: there is no need to upload it again.")


FLAT = "0" * 16


class ProcessingFailed(Exception):
    """Making an image's renditions failed; ``reason`` is the sentence the artist will see."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def process_image(image: ArtworkImage) -> ArtworkImage:
    """Make and record ``image``'s renditions, palette and hash; raise :class:`ProcessingFailed`."""
    try:
        with image.file.open("rb") as source:
            data = source.read()
    except BUCKET_FAILURES:
        raise  # out of reach, not damaged (some are OSErrors too): process_with_retries says so
    except OSError as error:
        raise ProcessingFailed(REASON_UNREADABLE) from error
    # A plain JPEG is decoded once, by libvips, for the renditions and the pyramid; others by Pillow.
    full = pipeline.decode_plain(data)
    prepared: Image.Image | None = None
    if full is None:
        try:
            prepared = pipeline.prepare(data)
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise ProcessingFailed(REASON_UNREADABLE) from error
    del data
    # The pyramid is written beside the scaling and the palette (libvips lets go of the GIL as it works);
    # the encoders start once it is done and the decoded original is freed, for the sake of peak memory.
    with ThreadPoolExecutor(max_workers=1) as side:
        building = side.submit(_build_pyramid, image, full)
        try:
            if full is not None:
                try:
                    pictures = pipeline.scale_plain(full)
                    del full
                    encoded, prepared = pipeline.encode_plain(pictures, before_widest=building.result)
                except pyvips.Error as error:  # damaged past its header: found as it is decoded
                    raise ProcessingFailed(REASON_UNREADABLE) from error
                del pictures
            else:
                assert prepared is not None
                encoded = pipeline.encode_renditions(prepared)
            colours = pipeline.palette(prepared)
            phash = pipeline.difference_hash(prepared)
            del prepared  # not needed past here: free it first
            names = _write(encoded)
        except BaseException:
            building.result()
            pyramid.remove_pyramid(image.pk)  # no pyramid for an image whose renditions failed
            raise
        building.result()
    try:
        return record_image_processing(
            image=image,
            renditions=[{"width": r.width, "height": r.height, "format": r.format, "name": name}
                        for r, name in zip(encoded, names, strict=True)],
            palette=colours, phash=phash, duplicate_of=find_likely_duplicate(image, phash))
    except (DomainError, ArtworkImage.DoesNotExist):
        for name in names:
            default_storage.delete(name)
        pyramid.remove_pyramid(image.pk)
        raise


def _build_pyramid(image: ArtworkImage, source: pyvips.Image | None = None) -> None:
    """(Re)build the IIIF pyramid now, so the first deep-zoom request finds it warm.

    It replaces any older pyramid atomically. A failure here does not fail the image: the renditions
    are what the site shows, and the IIIF service builds a missing pyramid on first use, so a broken
    old one is removed and that later try is left to report the problem. ``source`` is the original
    already decoded (:func:`pipeline.decode_full`), if it was; otherwise the pyramid reads the original."""
    try:
        pyramid.build_pyramid(image, source)
    except (pyvips.Error, OSError, NotImplementedError):
        logger.warning("Could not build the IIIF pyramid of image %s", image.pk, exc_info=True)
        pyramid.remove_pyramid(image.pk)
    finally:
        if source is not None:
            del source
            pipeline.forget_decoded()  # the decoded original's pixels go now, before the encoders start


def _write(encoded: list[pipeline.EncodedRendition]) -> list[str]:
    """Write every rendition under a fresh ``renditions/<uuid>/`` and return the storage names.

    On a local disk each file is written under a temporary name and renamed into place, so a worker
    killed mid-write leaves only a ``.part`` file that nothing refers to. A bucket has no rename, but an
    object appears whole or not at all, so it is written once under its final name (the folder is new,
    so nothing reads it yet). Either way the names reach the database only after."""
    folder = f"renditions/{uuid.uuid4().hex}"
    local = has_local_paths(default_storage)
    names = []
    for rendition in encoded:
        final = f"{folder}/{rendition.width}.{rendition.extension}"
        if local:
            temporary = default_storage.save(f"{final}.part", ContentFile(rendition.data))
            os.replace(default_storage.path(temporary), default_storage.path(final))
        else:
            # The name it was kept under, in case a storage renames rather than replaces.
            final = default_storage.save(final, ContentFile(rendition.data))
        names.append(final)
    return names


def find_likely_duplicate(image: ArtworkImage, phash: str) -> ArtworkImage | None:
    """The closest image of another work whose hash is at most DUPLICATE_DISTANCE bits away, if any."""
    if phash in (FLAT, "f" * 16):
        return None  # a flat or evenly graded picture: the hash says nothing about what it shows
    # A linear scan of 16-character strings: ~0.1 s per 100 000 images. Past that, index hash bands.
    best: tuple[int, int] | None = None
    others = (ArtworkImage.objects.exclude(artwork_id=image.artwork_id).exclude(phash="")
              .values_list("pk", "phash"))
    for pk, other in others.iterator(chunk_size=5000):
        distance = pipeline.hamming(phash, other)
        if distance <= pipeline.DUPLICATE_DISTANCE and (best is None or (distance, pk) < best):
            best = (distance, pk)
    return ArtworkImage.objects.filter(pk=best[1]).first() if best else None


def process_with_retries(image_id: int, *, attempts: int = 3) -> ArtworkImage | None:
    """Run :func:`process_image` up to ``attempts`` times; record the failure after the last one.

    Returns the image (ready or failed), or None when it has been deleted meanwhile."""
    reason = REASON_FAILED
    for _attempt in range(attempts):
        image = ArtworkImage.objects.filter(pk=image_id).first()
        if image is None:
            return None
        try:
            return process_image(image)
        except ProcessingFailed as failure:
            reason = failure.reason
        except ArtworkImage.DoesNotExist:
            return None
        except BUCKET_FAILURES:
            # The bucket dropped mid-read or mid-write: nothing was recorded, and what was written
            # under the new renditions folder is referred to by nothing.
            logger.warning("The file storage failed while processing image %s", image_id, exc_info=True)
            reason = REASON_STORAGE
        except (OSError, DomainError):
            reason = REASON_FAILED
    image = ArtworkImage.objects.filter(pk=image_id).first()
    return record_image_failure(image=image, reason=reason) if image else None


def retry_storage_failures(*, older_than: datetime.timedelta, limit: int = 50) -> tuple[int, int]:
    """Process again the images whose last run failed because the file storage was out of reach
    (``REASON_STORAGE``) at least ``older_than`` ago, oldest first, at most ``limit``; stop at the first
    that fails that way again (the storage is still away: the others would only wait out its timeouts).

    Returns how many were tried and how many are ready now. A failure of another kind (a damaged
    file) is the artist's to act on, and is left alone."""
    # Excluding "ready" as such lets the database read the small index of images not ready.
    due = (ArtworkImage.objects.exclude(processing_state=ProcessingState.READY)
           .filter(processing_state=ProcessingState.FAILED, processing_error=REASON_STORAGE,
                   updated_at__lte=timezone.now() - older_than)
           .order_by("updated_at", "pk").values_list("pk", flat=True)[:limit])
    tried = ready = 0
    for image_id in list(due):
        tried += 1
        image = process_with_retries(image_id, attempts=1)
        if image is not None and image.processing_state == ProcessingState.READY:
            ready += 1
        elif image is not None and image.processing_error == REASON_STORAGE:
            break
    return tried, ready

