"""Imaging jobs that run in the worker."""

from __future__ import annotations

from django_tasks import task

from .services import process_with_retries


@task()
def process_artwork_image(image_id: int) -> None:
    """Make an artwork image's renditions, palette, perceptual hash and IIIF pyramid (three tries, then failed)."""
    process_with_retries(image_id)
