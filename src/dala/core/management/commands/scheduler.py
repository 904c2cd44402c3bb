"""`dala scheduler`: enqueue the periodic tasks (``DALA_PERIODIC_TASKS``) every ``DALA_SCHEDULER_SECONDS``.

The tasks run in the worker (`dala db_worker`); this process only enqueues. Every periodic task is
idempotent, so running two schedulers (one per app server) is harmless.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (offer expiry, order lapses, auction closing) on a fixed interval."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue each periodic task once and exit.")
        parser.add_argument("--interval", type=int, default=None,
                            help="Seconds between rounds (default: DALA_SCHEDULER_SECONDS).")

    def handle(self, *args: Any, once: bool = False, interval: int | None = None, **options: Any) -> None:
        tasks = [import_string(path) for path in settings.DALA_PERIODIC_TASKS]
        seconds = max(1, interval or int(settings.DALA_SCHEDULER_SECONDS))
        while True:
            for periodic in tasks:
                periodic.enqueue()
            if once:
                self.stdout.write(f"enqueued {len(tasks)} periodic task(s)")
                return
            time.sleep(seconds)
