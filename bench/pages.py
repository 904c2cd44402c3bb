"""How fast the public pages answer as the catalogue grows (a benchmark, not a test).

    .venv/bin/python bench/pages.py [--sizes 10000,1000000] [--requests 200] [--warmup 20] [--reuse]

For each size N, in its own process (so that peak RSS is per size): a fresh SQLite database file
bench/results/pages-N.db with DALA_VAR_DIR in a temporary folder, `migrate`, `demo --artworks N
--no-images`, `collectstatic` (DEBUG is off, so the manifest storage is in use, as in production), then
for each page: 20 warm-up requests, 200 timed ones through django.test.Client (median and p95 in ms),
one more under CaptureQueriesContext for the SQL query count, and the process's peak RSS so far.
A page that answers with anything but 200 is reported with its status instead of timings.
Results go to bench/results/pages-N.md and .json and are printed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

from engines import percentile

RESULTS = Path(__file__).resolve().parent / "results"


class NextLinkParser(HTMLParser):
    """Finds the href of the first <a> or <link> whose rel includes "next"."""

    def __init__(self) -> None:
        super().__init__()
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.href is None and tag in {"a", "link"}:
            values = dict(attrs)
            if "next" in (values.get("rel") or "").split() and values.get("href"):
                self.href = values["href"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


# --------------------------------------------------------------------------------------------------
# One size, in a child process: everything below runs after django.setup().


def build_database(size: int, reuse: bool) -> dict[str, float]:
    from django.core.management import call_command

    from dala.catalog.models import Artwork

    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate_s"] = round(time.perf_counter() - started, 2)
    if reuse and Artwork.objects.exists():
        print(f"pages: reusing the existing database ({Artwork.objects.count()} artworks)", flush=True)
    else:
        started = time.perf_counter()
        call_command("demo", "--artworks", str(size), "--no-images")  # as a user would type it
        timings["demo_s"] = round(time.perf_counter() - started, 2)
    from dala.core.planner import refresh_statistics

    started = time.perf_counter()
    refresh_statistics(force=True)  # as the scheduler does within its first half minute
    timings["statistics_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    call_command("collectstatic", verbosity=0, interactive=False)
    timings["collectstatic_s"] = round(time.perf_counter() - started, 2)
    return timings


def pages_to_measure(client: Any) -> tuple[list[tuple[str, str | None, str]], dict[str, Any]]:
    """(name, url or None, note) for each page, and facts about the data they show."""
    from django.db.models import Count, Q
    from django.utils import translation

    from dala.accounts.models import ArtistProfile
    from dala.catalog.models import Artwork, Medium

    facts: dict[str, Any] = {
        "artworks": Artwork.objects.count(),
        "listed_artworks": Artwork.objects.filter(is_listed=True).count(),
        "artists": ArtistProfile.objects.count(),
    }
    pages: list[tuple[str, str | None, str]] = [("home", "/en/", "")]

    with translation.override("en"):
        artist = ArtistProfile.objects.annotate(works=Count("artworks")).order_by("-works", "pk").first()
        if artist is None:
            pages.append(("artist", None, "no artist in the database"))
        else:
            try:
                url = artist.get_absolute_url()
            except Exception:  # the URL may not exist yet; fall back to the documented path
                url = f"/en/artists/{quote(artist.slug)}/"
            pages.append(("artist (most works)", url, f"{artist.slug}: {artist.works} works"))

        artwork = (Artwork.objects.filter(is_listed=True).select_related("artist")
                   .order_by("-created_at", "-id").first())
        if artwork is None:
            pages.append(("artwork", None, "no listed artwork"))
        else:
            try:
                pages.append(("artwork", artwork.get_absolute_url(), ""))
            except Exception as error:
                pages.append(("artwork", None, f"get_absolute_url failed: {error}"))

    pages.append(("browse", "/en/artworks/", ""))

    medium = (Medium.objects.annotate(n=Count("artworks", filter=Q(artworks__is_listed=True,
                                                                   artworks__availability="for_sale")))
              .order_by("-n", "pk").first())
    if medium is None:
        pages.append(("browse, filtered", None, "no medium in the database"))
    else:
        pages.append(("browse, filtered", f"/en/artworks/?medium={quote(medium.slug)}&availability=for_sale",
                      f"{medium.n} listed works for sale"))
    pages.append(("browse, price range (wide)", "/en/artworks/?price_min=100000&price_max=500000", ""))
    pages.append(("browse, price range (narrow)", "/en/artworks/?price_min=1&price_max=2", ""))
    pages.append(("browse, year range", "/en/artworks/?year_min=2010&year_max=2012", ""))
    pages.append(("browse, country", "/en/artworks/?country=KG&career_stage=emerging", ""))

    response = client.get("/en/artworks/")
    if response.status_code != 200:
        pages.append(("browse, page 2", None, f"/en/artworks/ answered {response.status_code}"))
    else:
        parser = NextLinkParser()
        parser.feed(response.content.decode(response.charset or "utf-8", errors="replace"))
        if parser.href is None:
            pages.append(("browse, page 2", None, 'no rel="next" link on /en/artworks/'))
        else:
            pages.append(("browse, page 2", urljoin("/en/artworks/", parser.href), ""))
    return pages, facts


def measure(client: Any, url: str, warmup: int, requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        response = client.get(url)
    except Exception as error:  # a broken page is a result, not a reason to stop
        last = traceback.extract_tb(error.__traceback__)[-1]
        where = f"{Path(last.filename).name}:{last.lineno}"
        return {"status": 500, "note": f"{type(error).__name__}: {error} ({where})"}
    if response.status_code != 200:
        note = response.get("Location", "") if 300 <= response.status_code < 400 else ""
        return {"status": response.status_code, "note": f"→ {note}" if note else ""}

    for _ in range(warmup):
        client.get(url)
    times: list[float] = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    # Counted on a separate request: capturing SQL costs time that should not be in the timings.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return {
        "status": response.status_code,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "queries": len(captured.captured_queries),
        "bytes": len(response.content),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "note": "",
    }


def markdown(result: dict[str, Any]) -> str:
    setup = ", ".join(f"{key.removesuffix('_s')} {value} s" for key, value in result["setup"].items())
    facts = result["facts"]
    lines = [
        f"# Page timings, {result['size']:,} demo artworks",
        "",
        f"{result['date']} · Python {result['python']} · Django {result['django']} · "
        f"SQLite {result['sqlite']} · {result['cpu_count']} CPUs · DEBUG off",
        f"Data: {facts['artworks']:,} artworks ({facts['listed_artworks']:,} listed), "
        f"{facts['artists']:,} artists. Setup: {setup}.",
        f"Each page: {result['warmup']} warm-ups, then {result['requests']} requests "
        "through django.test.Client.",
        "",
        "| page | URL | status | median ms | p95 ms | SQL queries | KiB | peak RSS MB | note |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for page in result["pages"]:
        kib = f"{page['bytes'] / 1024:.1f}" if "bytes" in page else "–"
        lines.append(
            "| {name} | {url} | {status} | {median} | {p95} | {queries} | {kib} | {rss} | {note} |".format(
                name=page["name"], url=f"`{page['url']}`" if page["url"] else "–",
                status=page.get("status", "–"), median=page.get("median_ms", "–"),
                p95=page.get("p95_ms", "–"),
                queries=page.get("queries", "–"), kib=kib, rss=page.get("peak_rss_mb", "–"),
                note=str(page.get("note", "")).replace("|", "\\|").replace("\n", " ")[:200],
            )
        )
    lines += ["", f"Peak RSS of the benchmark process: {result['peak_rss_mb']} MB.", ""]
    return "\n".join(lines)


def run_one_size(size: int, requests: int, warmup: int, reuse: bool, var_dir: str) -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    db_path = RESULTS / f"pages-{size}.db"
    if not reuse:
        for stale in RESULTS.glob(f"pages-{size}.db*"):
            stale.unlink()
    os.environ["DALA_SQLITE_PATH"] = str(db_path)
    os.environ["DALA_VAR_DIR"] = var_dir
    os.environ["DALA_DEBUG"] = "false"
    os.environ.pop("DATABASE_URL", None)
    # Tasks run as they are enqueued: the pages are measured as they are once the worker has caught up.
    os.environ.setdefault("DALA_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dala.settings")

    import sqlite3

    import django

    django.setup()
    from django.conf import settings
    from django.core.management.base import CommandError
    from django.test import Client

    assert not settings.DEBUG
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # failures are reported in the table

    print(f"pages: {size:,} artworks into {db_path}", flush=True)
    try:
        setup = build_database(size, reuse)
    except CommandError as error:
        print(f"pages: cannot build the database: {error}", file=sys.stderr)
        return 2

    client = Client(raise_request_exception=True)
    pages, facts = pages_to_measure(client)
    measured: list[dict[str, Any]] = []
    for name, url, note in pages:
        print(f"pages: {name} {url or ''}", flush=True)
        row: dict[str, Any] = {"name": name, "url": url}
        if url is None:
            row.update(status="skipped", note=note)
        else:
            row.update(measure(client, url, warmup, requests))
            row["note"] = "; ".join(part for part in (note, row.get("note", "")) if part)
        measured.append(row)

    result = {
        "size": size, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(), "django": django.get_version(), "sqlite": sqlite3.sqlite_version,
        "cpu_count": os.cpu_count(), "requests": requests, "warmup": warmup, "database": str(db_path),
        "setup": setup, "facts": facts, "pages": measured, "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    (RESULTS / f"pages-{size}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    table = markdown(result)
    (RESULTS / f"pages-{size}.md").write_text(table)
    print(table, flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,1000000", help="comma-separated artwork counts")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--reuse", action="store_true",
                        help="keep bench/results/pages-N.db if it already holds artworks (skips `demo`)")
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one_size is not None:
        var_dir = tempfile.mkdtemp(prefix="dala-bench-")
        try:
            return run_one_size(args.one_size, args.requests, args.warmup, args.reuse, var_dir)
        finally:
            shutil.rmtree(var_dir, ignore_errors=True)

    sizes = [int(part.replace("_", "")) for part in args.sizes.split(",") if part.strip()]
    failures = 0
    for size in sizes:
        # A process per size: settings read DALA_SQLITE_PATH once, and peak RSS is per process.
        argv = [sys.executable, __file__, "--one-size", str(size), "--requests", str(args.requests),
                "--warmup", str(args.warmup)] + (["--reuse"] if args.reuse else [])
        failures += subprocess.call(argv) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
