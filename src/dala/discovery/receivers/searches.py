"""Saved-search alerts: a work that has just become public is matched against the saved searches with
alerts on, in a task enqueued once the catalogue's transaction commits.

The catalogue's ``artwork_saved`` signal tells when a work has just become public. The receiver runs no
query (catalogue writes keep their query counts); bulk loading sends no signal and alerts nobody."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from dala.catalog.models import Artwork
from dala.catalog.signals import artwork_saved

logger = logging.getLogger("dala.discovery")


@receiver(artwork_saved, dispatch_uid="dala.discovery.searches.artwork_saved")
def _on_artwork_saved(*, artwork: Artwork, was_listed: bool, is_listed: bool, **kwargs: Any) -> None:
    if not is_listed or was_listed:
        return
    artwork_id = artwork.pk
    transaction.on_commit(lambda: _enqueue_alerts(artwork_id))


def _enqueue_alerts(artwork_id: int) -> None:
    from ..tasks.searches import alert_saved_searches

    try:
        alert_saved_searches.enqueue(artwork_id)
    except Exception:
        # The work is public either way; a lost alert must not fail the artist's save.
        logger.exception("could not enqueue the saved-search alerts of artwork %s", artwork_id)
