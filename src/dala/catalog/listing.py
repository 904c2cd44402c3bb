"""Tells the apps above whether a saved artwork's listing changed (``signals.artwork_saved``).

The model's own save is the one place every write of a single work passes through, so the listing the
work had when loaded is remembered on the instance and compared after the save. Bulk writes
(``update()``, ``bulk_create``) and raw fixture loading send nothing, on purpose: they are imports and
migrations, not an artist publishing.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from .models import Artwork
from .signals import artwork_saved


@receiver(post_init, sender=Artwork, dispatch_uid="dala.catalog.artwork_loaded")
def _remember_listing(sender: type[Artwork], instance: Artwork, **kwargs: Any) -> None:
    instance._was_listed = instance.is_listed  # type: ignore[attr-defined]


@receiver(post_save, sender=Artwork, dispatch_uid="dala.catalog.artwork_saved")
def _tell_listing(sender: type[Artwork], instance: Artwork, created: bool, raw: bool = False,
                  **kwargs: Any) -> None:
    was_listed = getattr(instance, "_was_listed", False) and not created
    instance._was_listed = instance.is_listed  # type: ignore[attr-defined]
    if raw:
        return
    artwork_saved.send(sender=Artwork, artwork=instance, created=created, was_listed=was_listed,
                       is_listed=instance.is_listed)
