"""`dala compile_translations`: every locale/*/LC_MESSAGES/*.po → .mo with polib (no GNU gettext needed).

A catalogue whose .mo is newer than its .po is left alone; with no .po files at all, nothing happens.
"""

from __future__ import annotations

import os
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) under LOCALE_PATHS, skipping up-to-date ones."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--force", action="store_true", help="compile even the up-to-date catalogues")

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for po_path in sorted(self._catalogues()):
            mo_path = po_path.with_suffix(".mo")
            if not options["force"] and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            try:
                catalogue = polib.pofile(str(po_path))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {po_path}: {error}") from None
            _write_atomically(mo_path, catalogue.to_binary())
            compiled += 1
            if options["verbosity"] >= 2:
                self.stdout.write(f"compiled {po_path}")
        if compiled and options["verbosity"] >= 1:
            self.stdout.write(f"Compiled {compiled} translation catalogue{'s' if compiled != 1 else ''}.")

    def _catalogues(self) -> list[Path]:
        paths: list[Path] = []
        for root in settings.LOCALE_PATHS:
            paths.extend(Path(root).glob("*/LC_MESSAGES/*.po"))
        return paths


def _write_atomically(path: Path, data: bytes) -> None:
    # A running server may read the catalogue at any moment: never let it see half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".mo")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
