"""Periodic work: telling artists of reviews whose embargo has lifted."""

from __future__ import annotations

from django_tasks import task

from .services import announce_embargoed_reviews


@task()
def critique_tick() -> dict[str, int]:
    """Announce every review that became visible since the last tick (idempotent)."""
    return {"reviews_announced": announce_embargoed_reviews()}
