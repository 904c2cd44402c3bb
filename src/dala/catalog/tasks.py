"""Catalogue jobs that run in the worker."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django_tasks import task

from .images import make_thumbnail
from .models import ArtworkImage


@task()
def make_image_thumbnail(image_id: int) -> None:
    """Make the small JPEG used in lists and ``srcset``; the page uses the original until it exists."""
    image = ArtworkImage.objects.filter(pk=image_id).first()
    if image is None or image.thumbnail:
        return
    with image.file.open("rb") as source:
        data = make_thumbnail(source, ArtworkImage.THUMBNAIL_WIDTH)
    image.thumbnail.save("thumb.jpg", ContentFile(data), save=False)
    ArtworkImage.objects.filter(pk=image.pk).update(thumbnail=image.thumbnail.name)
