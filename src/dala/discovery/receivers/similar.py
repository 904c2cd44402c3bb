"""Keeps the similar lists fresh: a saved work (or one whose subjects changed) has its list and its
artist's recomputed by a task enqueued once the catalogue's transaction commits. The receivers run no
query, so catalogue writes keep their query counts; a refresh already pending for the work (a cache key
that lives ``DALA_SIMILAR_DEBOUNCE_SECONDS``) is not enqueued again. Bulk writes (``update()``,
``bulk_create``, raw fixtures) send nothing and wait for the periodic pass."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from dala.catalog.models import Artwork
from dala.catalog.signals import artwork_saved

logger = logging.getLogger("dala.discovery")


@receiver(artwork_saved, dispatch_uid="dala.discovery.similar_artwork_saved")
def _on_artwork_saved(*, artwork: Artwork, created: bool, was_listed: bool, is_listed: bool,
                      **kwargs: Any) -> None:
    if created and not is_listed:
        return  # a new draft: nothing to show anywhere yet
    _schedule(artwork.pk, spread=was_listed != is_listed)


@receiver(m2m_changed, sender=Artwork.subjects.through, dispatch_uid="dala.discovery.similar_subjects_changed")
def _on_subjects_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None,
                         **kwargs: Any) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        _schedule(instance.pk)
    else:  # subject.artworks.add(...): the works named
        for artwork_id in sorted(pk_set or ()):
            _schedule(artwork_id)


def _schedule(artwork_id: int, *, spread: bool = False) -> None:
    transaction.on_commit(lambda: _enqueue(artwork_id, spread))


def _enqueue(artwork_id: int, spread: bool) -> None:
    from ..tasks.similar import PENDING_KEY, refresh_similar_for_work

    seconds = int(getattr(settings, "DALA_SIMILAR_DEBOUNCE_SECONDS", 60))
    key = PENDING_KEY.format(artwork_id=artwork_id)
    # A plain change waits behind a pending refresh; a change of listing always goes (it spreads), and
    # the plain changes that follow it in the same save (its subjects) wait behind it.
    if spread:
        if seconds > 0:
            cache.set(key, 1, seconds)
    elif seconds > 0 and not cache.add(key, 1, seconds):
        return
    try:
        refresh_similar_for_work.enqueue(artwork_id, spread)
    except Exception:
        # The save stands either way; the periodic pass catches up.
        cache.delete(key)
        logger.exception("could not enqueue the similar lists of artwork %s", artwork_id)
