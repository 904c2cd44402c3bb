"""Programme tasks. ``programmes_tick`` is run by the scheduler (settings.DALA_PERIODIC_TASKS)."""

from __future__ import annotations

from django_tasks import task

from .services.reminders import send_deadline_reminders


@task()
def programmes_tick() -> dict[str, int]:
    """Periodic work: the 48 h deadline reminders of open calls. Idempotent: each call is reminded once,
    whichever worker runs it. (A viewing room needs no closing job: its page compares ``ends_at`` with now.)"""
    return {"deadline_reminders": send_deadline_reminders()}
