"""`dala export-inventory --artist SLUG [-o FILE]`: an artist's works as CSV (to stdout by default)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand

from dala.catalog.inventory import export_inventory

from ._artists import artist_by_slug


class Command(BaseCommand):
    help = "Write an artist's inventory as CSV (the columns `import-inventory` reads)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--artist", required=True, help="the artist's slug")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        artist = artist_by_slug(options["artist"])
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                count = export_inventory(artist, out)
            if options["verbosity"] >= 1:
                self.stderr.write(f"Wrote {count} works to {options['output']}.")
        else:
            export_inventory(artist, cast(TextIO, self.stdout))  # it has the write() csv needs
