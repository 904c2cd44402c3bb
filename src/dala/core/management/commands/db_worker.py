"""`dala db_worker`: django-tasks' database worker, which also keeps a heartbeat and, when it starts,
queues again the tasks of workers that died mid-task (see dala.core.jobs)."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker as upstream

from dala.core.jobs import Heartbeat, requeue_lost_tasks


class Command(upstream.Command):
    help = "Run a database background worker (with a heartbeat, requeueing the tasks of lost workers)."

    def handle(self, *args: Any, worker_id: str, **options: Any) -> None:
        requeued, failed = requeue_lost_tasks(restarting=worker_id)
        if requeued or failed:
            self.stderr.write(f"lost workers' tasks: {requeued} queued again, {failed} failed")
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
