"""Saved-search jobs that run in the worker."""

from __future__ import annotations

from django_tasks import task

from ..services import saves


@task()
def alert_saved_searches(artwork_id: int) -> int:
    """A work became public: notify the owners of the saved searches (alerts on) that match it, once per
    search and work (enqueued by ``receivers.searches`` once the listing commits, never in the request).
    Returns how many users were notified."""
    return saves.alert_saved_searches(artwork_id=artwork_id)
