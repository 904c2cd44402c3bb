"""Similar works and artists, recomputed in the worker (never on a page request)."""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task

from ..services import similar

#: The cache key that marks a work's refresh as enqueued and not yet started (see receivers.similar).
PENDING_KEY = "discovery:similar:pending:{artwork_id}"


@task()
def refresh_similar_for_work(artwork_id: int, spread: bool = False) -> int:
    """A work changed: recompute its similar works and its artist's similar artists; with ``spread`` (it
    just joined or left the public), also its neighbours' lists. Enqueued by ``receivers.similar`` once
    the catalogue's transaction commits."""
    # A change from now on enqueues a new refresh: this one may already have read the old data.
    cache.delete(PENDING_KEY.format(artwork_id=artwork_id))
    return similar.refresh_around_work(artwork_id=artwork_id, spread=spread)


@task()
def recompute_similar_pass() -> int:
    """Periodic (meant for ``DALA_PERIODIC_TASKS``): the next batch of the rolling full pass over all
    works and artists; one pass at most every ``DALA_SIMILAR_FULL_EVERY`` seconds, a cache read between
    passes (see ``services.similar.recompute_similar_pass``)."""
    return similar.recompute_similar_pass()
