"""Background workers that die mid-task: their tasks are noticed and run again.

django-tasks' database worker marks a task RUNNING when it claims it and only ever sets it to
SUCCESSFUL or FAILED itself; a worker killed in between (SIGKILL, out of memory, a lost host) would leave
the task RUNNING for ever. Each dala worker therefore renews a :class:`~dala.core.models.WorkerBeat`
while it runs, and :func:`requeue_lost_tasks` — at every worker's start and as a periodic task — puts
the running tasks of workers whose beat has stopped back in the queue, up to ``DALA_TASK_MAX_ATTEMPTS``
runs in all; after that the task is marked failed with :class:`WorkerLost`. Tasks must be safe to run
again (every dala task is: it reads the state it works on and writes in one transaction).
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat

logger = logging.getLogger("dala.jobs")


class WorkerLost(Exception):
    """The worker running a task stopped before finishing it, on every attempt."""


def beat(worker_id: str) -> None:
    """Record that ``worker_id`` is alive now."""
    WorkerBeat.objects.update_or_create(worker_id=worker_id, defaults={
        "seen_at": timezone.now(), "host": socket.gethostname()[:255], "pid": os.getpid()})


def requeue_lost_tasks(*, now: datetime.datetime | None = None, restarting: str | None = None) -> tuple[int, int]:
    """Put back in the queue each running task whose worker has stopped beating; fail those that have
    already used their attempts. Returns (requeued, failed).

    ``restarting`` is the id of a worker that is starting: whatever still runs under that id was left by
    its previous life (systemd restarts a killed ``dala-worker@1`` under the same id at once, before its
    beat could look stale)."""
    now = now or timezone.now()
    lost_after = datetime.timedelta(seconds=settings.DALA_WORKER_LOST_SECONDS)
    alive = set(WorkerBeat.objects.filter(seen_at__gte=now - lost_after).values_list("worker_id", flat=True))
    requeued = failed = 0
    with transaction.atomic():
        running = (DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
                   .order_by("pk").select_for_update(skip_locked=True))
        for result in running:
            last = result.worker_ids[-1] if result.worker_ids else None
            # A task claimed moments ago: its worker may not have beaten yet.
            settled = result.started_at is None or result.started_at < now - lost_after
            if not (last is not None and last == restarting) and (not settled or last in alive):
                continue
            if len(result.worker_ids) < settings.DALA_TASK_MAX_ATTEMPTS:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                requeued += 1
                logger.warning("Task %s (%s) was running on lost worker %s: queued again", result.pk,
                               result.task_path, result.worker_ids[-1:])
            else:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                result.traceback = (f"WorkerLost: the worker stopped while running this task, "
                                    f"{len(result.worker_ids)} times (workers {', '.join(result.worker_ids)}).")
                result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed += 1
                logger.error("Task %s (%s) lost its worker %d times: marked failed", result.pk, result.task_path,
                             len(result.worker_ids))
    # Rows of workers gone for a day are only clutter.
    WorkerBeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return requeued, failed


class Heartbeat:
    """A daemon thread that renews one worker's beat until :meth:`stop`."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def start(self) -> None:
        beat(self.worker_id)  # before the first claim, so the task is never seen without a live worker
        self._thread.start()

    def _run(self) -> None:
        while not self._stopped.wait(settings.DALA_WORKER_BEAT_SECONDS):
            try:
                close_old_connections()
                beat(self.worker_id)
            except Exception:  # a busy or restarting database: try again at the next beat
                logger.warning("Worker %s could not record its beat", self.worker_id, exc_info=True)
        connections.close_all()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
