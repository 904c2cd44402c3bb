"""`dala worker`: the background worker by the name the architecture gives it; the same command as
`dala db_worker` (django-tasks' database worker with a heartbeat and the requeueing of lost tasks)."""

from __future__ import annotations

from .db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    pass
