"""A task for the workers test: it leaves one marker file per run, so a task run twice shows."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django_tasks import task


@task()
def note_run(number: int, folder: str) -> int:
    """Mark that task ``number`` ran, in which process; slow enough for the workers to take turns."""
    (Path(folder) / f"{number}.{os.getpid()}.{uuid.uuid4().hex}").touch()
    time.sleep(0.1)
    return os.getpid()
