"""`dala demo [--artworks N] [--no-images] [--if-empty] [--seed S] [--bulk]`: fill the site with demo data.

By default ~300 works are made through the catalogue's services, each with its own drawn picture.
Above 2 000 works (or with --bulk) the works are written in bulk, for benchmarks up to a million, and
one generated artist is added per 20 works (the crowd of ``dala.catalog.demo.crowd``).
"""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dala.catalog.demo.build import DEFAULT_ARTWORKS, build_demo
from dala.catalog.models import Artwork

BULK_ABOVE = 2000
MAX_ARTWORKS = 1_000_000


class Command(BaseCommand):
    help = "Create demo artists, vocabularies, accounts and artworks (with drawn pictures)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--artworks", type=int, default=DEFAULT_ARTWORKS,
                            help=f"how many works (default {DEFAULT_ARTWORKS}; above {BULK_ABOVE} they are "
                                 "written in bulk)")
        parser.add_argument("--no-images", action="store_true", help="make no pictures")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if there is any artwork")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (the same seed, the same demo)")
        parser.add_argument("--bulk", action="store_true", help="write the works in bulk whatever their number")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["artworks"]
        if not 0 <= count <= MAX_ARTWORKS:
            raise CommandError(f"--artworks must be between 0 and {MAX_ARTWORKS}.")
        if options["if_empty"] and Artwork.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("Demo: there are artworks already; nothing to do.")
            return
        started = time.monotonic()
        result = build_demo(artworks=count, images=not options["no_images"], seed=options["seed"],
                            bulk=options["bulk"] or count > BULK_ABOVE,
                            out=sys.stderr if options["verbosity"] >= 1 else None)
        if options["verbosity"] < 1:
            return
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"Demo: {result.artist_count} artists, {result.artworks} artworks, {result.images} images "
            f"in {elapsed:.1f} s."))
        self.stdout.write("Log in with:")
        for who, email, password in result.logins:
            self.stdout.write(f"  {who:<14} {email:<28} {password}")
        self.stdout.write("  (every demo artist's e-mail, e.g. aigerim@dala.example, has the artist password)")
