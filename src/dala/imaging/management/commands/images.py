"""`dala images reprocess [--all | --artwork ID]`: make images' renditions, palettes and hashes again."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from dala.catalog.models import ArtworkImage, ProcessingState

from ...services import process_with_retries


class Command(BaseCommand):
    help = "Work on artwork images."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        reprocess = commands.add_parser("reprocess", help="make renditions, palette and hash again, in this process",
                                        called_from_command_line=getattr(parser, "called_from_command_line", None))
        which = reprocess.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="every image (default: those not ready)")
        which.add_argument("--artwork", type=int, metavar="ID", help="the images of one artwork")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "reprocess":
            raise CommandError(f"Unknown action {options['action']!r}.")
        images = ArtworkImage.objects.order_by("pk")
        if options["artwork"] is not None:
            images = images.filter(artwork_id=options["artwork"])
        elif not options["all"]:
            images = images.exclude(processing_state=ProcessingState.READY)
        ids = list(images.values_list("pk", flat=True))
        failed = 0
        for image_id in tqdm(ids, desc="images", unit="image", disable=options["verbosity"] < 1,
                             file=sys.stderr):
            done = process_with_retries(image_id)
            if done is not None and done.processing_state == ProcessingState.FAILED:
                failed += 1
        self.stdout.write(f"{len(ids) - failed} images processed, {failed} failed.")
