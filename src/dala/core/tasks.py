"""Periodic tasks of the platform itself."""

from __future__ import annotations

from django_tasks import task

from . import jobs


@task()
def requeue_lost_tasks() -> dict[str, int]:
    """Run again the tasks of workers that died mid-task (dala.core.jobs)."""
    requeued, failed = jobs.requeue_lost_tasks()
    return {"requeued": requeued, "failed": failed}
