"""``dala recompute_similar``: recompute similar works and artists now, without waiting for the worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dala.accounts.models import ArtistProfile

from ...services import similar


class Command(BaseCommand):
    help = ("Recompute the similar lists: of one work (--artwork ID), one artist (--artist SLUG), every work "
            "and artist (--all), or else the next batch of the periodic pass.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Every work and every artist (slow on a big catalogue).")
        parser.add_argument("--artwork", type=int, action="append", default=[], metavar="ID",
                            help="One work by id (may be repeated).")
        parser.add_argument("--artist", action="append", default=[], metavar="SLUG",
                            help="One artist by slug (may be repeated).")

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        for artwork_id in options["artwork"]:
            stored = similar.recompute_similar_works(artwork_id=artwork_id)
            self.stdout.write(f"artwork {artwork_id}: {stored} similar works")
            done += 1
        for slug in options["artist"]:
            artist_id = ArtistProfile.objects.filter(slug=slug).values_list("pk", flat=True).first()
            if artist_id is None:
                raise CommandError(f"There is no artist with the slug {slug!r}.")
            stored = similar.recompute_similar_artists(artist_id=artist_id)
            self.stdout.write(f"artist {slug}: {stored} similar artists")
            done += 1
        if options["all"]:
            done += similar.recompute_all_similar()
        elif not options["artwork"] and not options["artist"]:
            done += similar.recompute_similar_pass()
        self.stdout.write(self.style.SUCCESS(f"Recomputed {done} lists."))
