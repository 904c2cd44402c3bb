"""A task for the killed-worker test: the first run hangs (until its worker is killed), a later run ends."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def hang_once(folder: str) -> int:
    """Leave a marker per run; the first run then sleeps far longer than the test waits."""
    runs = Path(folder)
    first = not any(runs.iterdir())
    (runs / f"run.{os.getpid()}").touch()
    if first:
        time.sleep(600)
    return len(list(runs.iterdir()))
