"""`dala import-inventory FILE --artist SLUG [--dry-run]`: load a CSV sheet into an artist's studio.

All or nothing: the exit status is 1 and nothing is saved if any row is bad.
"""

from __future__ import annotations

import io
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from dala.catalog.inventory import MAX_BYTES, ImportReport, decode_csv, import_inventory
from dala.core.errors import DomainError

from ._artists import artist_by_slug


class Command(BaseCommand):
    help = "Create or update an artist's works from a CSV sheet (all rows or none)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the CSV file (UTF-8, comma or semicolon separated)")
        parser.add_argument("--artist", required=True, help="the artist's slug")
        parser.add_argument("--dry-run", action="store_true", help="check every row and save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        artist = artist_by_slug(options["artist"])
        try:
            with open(options["file"], "rb") as source:
                text = decode_csv(source.read(MAX_BYTES + 1))
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        except DomainError as error:
            raise CommandError(str(error.message)) from None

        bar: tqdm[Any] | None = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit="row", file=sys.stderr, disable=options["verbosity"] < 1,
                           desc="dry run" if options["dry_run"] else "import")
            bar.update(1)

        try:
            report = import_inventory(artist, io.StringIO(text), dry_run=options["dry_run"], progress=progress)
        finally:
            if bar is not None:
                bar.close()
        self._print(report)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} problems in {report.rows} rows; nothing was saved.",
                               returncode=1)

    def _print(self, report: ImportReport) -> None:
        for error in report.errors:
            line = str(error.line) if error.line else "-"
            self.stdout.write(f"line {line}\t{error.field}\t{error.message}")
        if not report.ok:
            return
        if report.dry_run:
            self.stdout.write(self.style.SUCCESS(
                f"Dry run: {report.rows} rows are good ({report.created} to add, {report.updated} to update); "
                "nothing was saved."))
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Imported {report.rows} rows: {report.created} added, {report.updated} updated."))
