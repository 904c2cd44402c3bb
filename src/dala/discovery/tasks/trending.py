"""The trending job (meant for ``DALA_PERIODIC_TASKS``)."""

from __future__ import annotations

from django_tasks import task

from ..services import trending


@task()
def refresh_trending() -> bool:
    """Periodic: recompute the trending works and artists when the last computation is older than
    ``DALA_TRENDING_REFRESH_MINUTES`` (60) or there is none; otherwise return at once. True if it ran."""
    return trending.refresh_trending() is not None
