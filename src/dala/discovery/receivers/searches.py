"""Saved-search alerts: a work that has just become public is matched against the saved searches with
alerts on, in a task enqueued once the catalogue's transaction commits.

As in ``dala.social.receivers``: the catalogue sends no "published" signal, so the artwork's own save
tells. A work seen unlisted when loaded (or new) and listed when saved has just become public. The
receivers run no query (catalogue writes keep their query counts); bulk loading (bulk_create sends no
post_save, fixtures arrive ``raw``) alerts nobody."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from dala.catalog.models import Artwork

logger = logging.getLogger("dala.discovery")


@receiver(post_init, sender=Artwork, dispatch_uid="dala.discovery.searches.artwork_loaded")
def _remember_listing(sender: type[Artwork], instance: Artwork, **kwargs: Any) -> None:
    instance._discovery_was_listed = instance.is_listed  # type: ignore[attr-defined]


@receiver(post_save, sender=Artwork, dispatch_uid="dala.discovery.searches.artwork_saved")
def _on_artwork_saved(sender: type[Artwork], instance: Artwork, created: bool, raw: bool = False,
                      **kwargs: Any) -> None:
    was_listed = getattr(instance, "_discovery_was_listed", False) and not created
    instance._discovery_was_listed = instance.is_listed  # type: ignore[attr-defined]
    if raw or not instance.is_listed or was_listed:
        return
    artwork_id = instance.pk
    transaction.on_commit(lambda: _enqueue_alerts(artwork_id))


def _enqueue_alerts(artwork_id: int) -> None:
    from ..tasks.searches import alert_saved_searches

    try:
        alert_saved_searches.enqueue(artwork_id)
    except Exception:
        # The work is public either way; a lost alert must not fail the artist's save.
        logger.exception("could not enqueue the saved-search alerts of artwork %s", artwork_id)
