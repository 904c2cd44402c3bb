"""Imaging jobs that run in the worker."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django_tasks import task

from .services import process_with_retries, retry_storage_failures

logger = logging.getLogger(__name__)


@task()
def process_artwork_image(image_id: int) -> None:
    """Make an artwork image's renditions, palette, perceptual hash and IIIF pyramid (three tries, then failed)."""
    process_with_retries(image_id)


@task()
def retry_images_after_storage_failures() -> None:
    """Periodic: process again the images that failed because the file storage was out of reach, once
    they have waited DALA_IMAGE_RETRY_MINUTES, so that nobody has to run ``dala images reprocess``."""
    tried, ready = retry_storage_failures(older_than=datetime.timedelta(minutes=settings.DALA_IMAGE_RETRY_MINUTES))
    if tried:
        logger.info("Images that failed while the storage was away: %s tried again, %s ready", tried, ready)

