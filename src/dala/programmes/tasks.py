"""Programme tasks. ``programmes_tick`` is run by the scheduler (settings.DALA_PERIODIC_TASKS)."""

from __future__ import annotations

from django_tasks import task


@task()
def programmes_tick() -> None:
    """Periodic work: deadline reminders (48 h before) and closing viewing rooms; filled in by its owner."""
