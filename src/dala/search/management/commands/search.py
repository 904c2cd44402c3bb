"""`dala search reindex [--kind KIND ...] [--if-incomplete]`: rebuild the search index from the data, with a
progress bar; `dala search query TEXT`: what the site's search would find."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ...models import DocumentKind, SearchDocument
from ...selectors import search
from ...services import SOURCES, reindex


class Command(BaseCommand):
    help = "Rebuild or try the search index."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        called = getattr(parser, "called_from_command_line", None)
        rebuild = commands.add_parser("reindex", help="rebuild the index from the data",
                                      called_from_command_line=called)
        rebuild.add_argument("--kind", action="append", choices=DocumentKind.values,
                             help="only this kind (repeatable; default: all)")
        rebuild.add_argument("--if-incomplete", action="store_true",
                             help="only the kinds whose index rows do not number their objects (after a bulk load)")
        rebuild.add_argument("--batch", type=int, default=2000, help="objects per transaction")
        query = commands.add_parser("query", help="print what a search finds", called_from_command_line=called)
        query.add_argument("text")
        query.add_argument("--kind", choices=DocumentKind.values)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "query":
            results = search(options["text"], kind=options["kind"])
            counts = ", ".join(f"{kind} {results.counts.get(kind, 0)}" for kind in DocumentKind.values)
            self.stdout.write(f"{counts}; showing {results.kind}:")
            for item in results.items:
                self.stdout.write(f"  {item.pk}  {getattr(item, 'title', None) or getattr(item, 'name', '')}")
            return
        if options["action"] != "reindex":
            raise CommandError(f"Unknown action {options['action']!r}.")
        kinds = options["kind"]
        if options["if_incomplete"]:
            kinds = [kind for kind in (kinds or DocumentKind.values)
                     if SearchDocument.objects.filter(kind=kind).count() != SOURCES[kind][0]().count()]
            if not kinds:
                return
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        bars: dict[str, tqdm[Any]] = {}

        def progress(kind: str, done: int, total: int) -> None:
            bar = bars.get(kind)
            if bar is None:
                bar = bars[kind] = tqdm(total=total, desc=kind, unit=kind, file=sys.stderr,
                                        disable=options["verbosity"] < 1)
            bar.update(done - bar.n)

        written = reindex(kinds, batch=options["batch"], progress=progress)
        for bar in bars.values():
            bar.close()
        self.stdout.write("Indexed " + ", ".join(f"{count} {kind}" for kind, count in written.items()) + ".")
