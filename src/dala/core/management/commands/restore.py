"""`dala restore PATH`: put back the database and files of an archive made by `dala backup`.

The archive is checked in full (manifest, every sha256) before anything is touched; a database that
already holds data is replaced only with ``--force``. Stop the site, the worker and the scheduler first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dala.core import backups


class Command(BaseCommand):
    help = ("Restore the database and every stored file from an archive made by `dala backup`, after checking "
            "every checksum in it. Stop the site, the worker and the scheduler first.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the archive (.tar, or .tar.gz/.tar.xz if compressed afterwards)")
        parser.add_argument("--force", action="store_true",
                            help="replace the database even though it already holds data")
        parser.add_argument("--check", action="store_true",
                            help="only check the archive (manifest and every checksum); change nothing")

    def handle(self, *args: Any, path: str, force: bool = False, check: bool = False, **options: Any) -> None:
        verbosity = int(options["verbosity"])

        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        try:
            if check:
                backups.check_archive(Path(path), progress=progress)
                return
            report = backups.restore_backup(Path(path), force=force, progress=progress)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        if report.extra_tables:
            self.stderr.write(f"Tables the archive does not have were left in place: {', '.join(report.extra_tables)}")
        progress(f"Restored {path} (made {report.archive.manifest.get('created_at')}) in {report.seconds:.1f} s")
