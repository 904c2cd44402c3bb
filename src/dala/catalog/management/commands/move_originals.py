"""`dala move-originals [--dry-run]`: move originals uploaded before they became private out of public media."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from dala.catalog.originals import move_public_originals


class Command(BaseCommand):
    help = ("Copy each image's original that is still in the public media storage into the private originals "
            "storage, then delete the public copy. Safe to run again.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only count what would be moved")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        report = move_public_originals(dry_run=dry_run)
        verb = "Would move" if dry_run else "Moved"
        self.stdout.write(f"{verb} {report.moved} originals to the private storage "
                          f"({report.already_private} already there, {report.missing} missing from both).")
