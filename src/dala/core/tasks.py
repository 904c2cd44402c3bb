"""Periodic tasks of the platform itself."""

from __future__ import annotations

from django_tasks import task

from . import jobs, planner


@task()
def requeue_lost_tasks() -> dict[str, int]:
    """Run again the tasks of workers that died mid-task (dala.core.jobs)."""
    requeued, failed = jobs.requeue_lost_tasks()
    return {"requeued": requeued, "failed": failed}


@task()
def refresh_planner_statistics() -> bool:
    """SQLite's query planner statistics, refreshed every ``DALA_ANALYZE_HOURS`` (dala.core.planner)."""
    return planner.refresh_statistics()
