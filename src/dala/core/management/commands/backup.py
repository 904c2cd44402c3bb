"""`dala backup PATH`: the database and every stored file (media, originals) in one tar archive.

PATH is a new file, an existing directory (the archive is named ``dala-<local date and time>.tar`` there),
or ``-`` for standard output (progress then goes to standard error). docs/backups.md has the details.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from dala.core import backups


class Command(BaseCommand):
    help = ("Write the database and every stored file (media, originals) into one tar archive: a new file, "
            "a directory to put dala-<date>.tar in, or - for standard output.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="archive file to create, an existing directory, or - for standard output")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        to_stdout = path == "-"
        # With the archive on standard output, what people read must go elsewhere.
        out: OutputWrapper = self.stderr if to_stdout else self.stdout
        verbosity = int(options["verbosity"])

        def progress(message: str) -> None:
            if verbosity >= 1:
                out.write(message, style_func=lambda text: text)

        try:
            if to_stdout:
                if sys.stdout.isatty():
                    raise CommandError("Refusing to write a binary archive to a terminal; redirect it to a file.")
                report = backups.write_backup(sys.stdout.buffer, progress=progress)
                sys.stdout.buffer.flush()
            else:
                report = backups.backup_to_path(Path(path), progress=progress)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        except BrokenPipeError:
            raise CommandError("The reader of standard output went away; the archive is incomplete.") from None
        for name in report.vanished:
            self.stderr.write(f"Skipped {name}: deleted while the backup ran")
        size = sum(f.size for f in report.files)
        where = str(report.path) if report.path else "standard output"
        progress(f"Wrote {where}: {len(report.files):,} files ({size / 1_000_000:,.1f} MB) and the database"
                 f"{f', {report.archive_bytes / 1_000_000:,.1f} MB in all' if report.archive_bytes else ''}, "
                 f"in {report.seconds:.1f} s")
