from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagingConfig(AppConfig):
    name = "dala.imaging"
    label = "imaging"
    verbose_name = _("Images")

    def ready(self) -> None:
        from dala.catalog.signals import image_deleted, image_uploaded

        from . import checks  # noqa: F401  (registers the system checks)

        image_uploaded.connect(_enqueue_processing, dispatch_uid="dala.imaging.process_artwork_image")
        image_deleted.connect(_remove_pyramid, dispatch_uid="dala.imaging.remove_pyramid")


def _enqueue_processing(sender: Any, image_id: int, **kwargs: Any) -> None:
    from .tasks import process_artwork_image

    process_artwork_image.enqueue(image_id)


def _remove_pyramid(sender: Any, image_id: int, **kwargs: Any) -> None:
    from .pyramid import remove_pyramid

    remove_pyramid(image_id)
