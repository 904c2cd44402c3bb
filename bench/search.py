"""How fast and how well search finds, at a million works (a benchmark, not a test).

    .venv/bin/python bench/search.py [--artworks 1000000] [--rounds 3] [--reuse] [--engines sqlite,postgresql]

For each engine, in its own process: the database (SQLite: bench/results/search-N.db, kept with --reuse;
PostgreSQL: a throw-away server from ``bin/with-postgres``), `migrate`, `dala demo --artworks N` (one
generated artist per 20 works: 50 000 at a million), then `dala search reindex`, timed: the index build
rate (works per second) and the index's size on disk.

The query set is bench/search_queries.json (written by bench/search_queries.py; kept in the repo):

1. latency — 200 mixed queries (names in Kazakh Cyrillic and Latin, Russian and English; subjects and
   title words in the three languages, some with a typo; half with filters), after one untimed round,
   ``--rounds`` timed rounds, each query measured three ways:
   - **service**: ``dala.search.selectors.search(q, filters=…, facets=True)``, as the search page calls it:
     every kind counted, a page of the first kind with matches loaded as cards, the works' facets counted;
   - **bare engine**: the very SQL statements the service ran for that query (captured once), replayed
     through the database driver's own cursor, no Django: the floor;
   - **peer**: the plain Django search most Django sites use — ``icontains`` on title, description and
     the artist's name for each word, the same filters through the ORM, newest first, a paginator's page
     of 24 and its count (one round: it is slow).
2. recall — 125 labelled queries (each of the 25 curated artists five ways: kk, ru, en, Kazakh Latin, en
   with a typo): is the expected artist among the first five artists found? Also for the peer.

Results go to bench/results/search-N.json and .md (an engine not run keeps its last figures there).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engines import ENGINES, child_environment, percentile, run_children, with_earlier, write_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
QUERIES = Path(__file__).resolve().parent / "search_queries.json"
GOAL_P95_MS = 30.0
GOAL_BARE_RATIO = 1.5
GOAL_PEER_RATIO = 20.0
GOAL_RECALL = 0.95


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(samples), 2), "p95_ms": round(percentile(samples, 0.95), 2),
            "max_ms": round(max(samples), 2), "samples": len(samples)}


# --------------------------------------------------------------------------------------------------
# In the child process, after django.setup().


def index_size(engine: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if engine == "sqlite":
            # Every table and index of the search app: the documents, the FTS5 shadow tables, the colours.
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%'")
        else:
            cursor.execute("SELECT SUM(pg_total_relation_size(oid)) FROM pg_class "
                           "WHERE relname IN ('search_searchdocument', 'search_searchcolour')")
        return int(cursor.fetchone()[0] or 0)


def build(engine: str, size: int, reuse: bool, db_path: Path) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from dala.accounts.models import ArtistProfile
    from dala.catalog.models import Artwork
    from dala.search import services
    from dala.search.models import DocumentKind, SearchDocument

    figures: dict[str, Any] = {}
    saved = db_path.with_name(db_path.name + ".json")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    figures["migrate_s"] = round(time.perf_counter() - started, 1)
    indexed = SearchDocument.objects.filter(kind=DocumentKind.ARTWORK).count()
    if reuse and saved.exists() and indexed and indexed == Artwork.objects.count():
        print(f"search: reusing {db_path.name} ({Artwork.objects.count():,} works)", flush=True)
        # As `dala search reindex` ends (an index built before it did is compacted once; then it costs
        # nothing).
        from dala.search.backends import backend

        backend().compact()
        return {**json.loads(saved.read_text()), "reused": True}
    if not Artwork.objects.exists():
        started = time.perf_counter()
        call_command("demo", "--artworks", str(size), verbosity=1)  # as a user would type it
        figures["demo_s"] = round(time.perf_counter() - started, 1)
    SearchDocument.objects.all().delete()
    started = time.perf_counter()
    services.reindex([DocumentKind.ARTWORK], batch=5000)
    artwork_s = time.perf_counter() - started
    started = time.perf_counter()
    services.reindex([DocumentKind.ARTIST, DocumentKind.EXHIBITION, DocumentKind.REVIEW], batch=5000)
    figures["index_artworks_s"] = round(artwork_s, 1)
    figures["index_others_s"] = round(time.perf_counter() - started, 1)
    figures["artworks"] = Artwork.objects.count()
    figures["artists"] = ArtistProfile.objects.count()
    figures["works_per_s"] = round(figures["artworks"] / artwork_s)
    if engine != "sqlite":  # PostgreSQL's autovacuum would; on SQLite, reindex's compact() has sampled them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    figures["index_bytes"] = index_size(engine)
    figures["index_mb"] = round(figures["index_bytes"] / 1_048_576, 1)
    figures["documents"] = SearchDocument.objects.count()
    if engine == "sqlite":
        saved.write_text(json.dumps(figures, indent=2))
    return figures


class Captured:
    """The SQL statements (and parameters) one call runs, replayable through the driver's own cursor."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


_PLACEHOLDER = re.compile(r"(?<!%)%s")


def bare_runner(engine: str) -> Callable[[list[tuple[str, Any]]], None]:
    """Run statements on the driver's connection without Django (SQLite: qmark style; psycopg: as is)."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    if engine == "sqlite":
        def run(statements: list[tuple[str, Any]]) -> None:
            cursor = raw.cursor()
            for sql, params in statements:
                query = _PLACEHOLDER.sub("?", sql).replace("%%", "%") if params is not None else sql
                cursor.execute(query, tuple(params or ()))
                cursor.fetchall()
            cursor.close()
        return run

    import psycopg

    def run_pg(statements: list[tuple[str, Any]]) -> None:
        with psycopg.ClientCursor(raw) as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
    return run_pg


def peer_search(q: str, params: dict[str, str]) -> tuple[list[Any], int]:
    """What most Django sites do: icontains on the text columns for each word, the same filters, newest
    first, a paginator's first page and its count."""
    from django.core.paginator import Paginator
    from django.db.models import Q

    from dala.catalog.models import Artwork
    from dala.catalog.selectors import BrowseFilters

    queryset = Artwork.objects.listed()
    for word in q.split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word)
                                   | Q(artist__name__icontains=word))
    queryset = BrowseFilters.from_params(params).apply(queryset)
    page = Paginator(queryset.select_related("artist", "medium").order_by("-created_at", "-id"), 24).page(1)
    return list(page.object_list), page.paginator.count


def measure_latency(engine: str, queries: list[dict[str, Any]], rounds: int) -> dict[str, Any]:
    from django.db import connection

    from dala.catalog.selectors import BrowseFilters
    from dala.search import selectors

    def service(entry: dict[str, Any], facets: bool = True) -> selectors.Results:
        return selectors.search(entry["q"], filters=BrowseFilters.from_params(entry["filters"]), facets=facets)

    for entry in queries:  # warm up: caches, the vocab, the engine's pages
        service(entry)
    captured: list[list[tuple[str, Any]]] = []
    for entry in queries:
        capture = Captured()
        with connection.execute_wrapper(capture):
            service(entry)
        captured.append(capture.statements)
    run_bare = bare_runner(engine)
    for statements in captured:
        run_bare(statements)
    samples: dict[str, list[float]] = {"service": [], "service_no_facets": [], "bare": []}
    by_kind: dict[str, list[float]] = {"with_filters": [], "without_filters": []}
    statements_per_query = [len(statements) for statements in captured]
    for _ in range(rounds):
        for entry, statements in zip(queries, captured, strict=True):
            started = time.perf_counter()
            service(entry)
            elapsed = (time.perf_counter() - started) * 1000
            samples["service"].append(elapsed)
            by_kind["with_filters" if entry["filters"] else "without_filters"].append(elapsed)
            started = time.perf_counter()
            service(entry, facets=False)
            samples["service_no_facets"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            run_bare(statements)
            samples["bare"].append((time.perf_counter() - started) * 1000)
    peer: list[float] = []
    print(f"search: {engine}: the peer, one round of {len(queries)} queries…", flush=True)
    for entry in queries:
        started = time.perf_counter()
        peer_search(entry["q"], entry["filters"])
        peer.append((time.perf_counter() - started) * 1000)
    result = {name: summary(values) for name, values in samples.items()}
    result["peer"] = summary(peer)
    result.update({f"service_{name}": summary(values) for name, values in by_kind.items()})
    result["statements_per_query"] = {"median": statistics.median(statements_per_query),
                                      "max": max(statements_per_query)}
    result["ratios"] = {
        "service_p95_to_bare_p95": round(result["service"]["p95_ms"] / result["bare"]["p95_ms"], 2),
        "peer_p95_to_service_p95": round(result["peer"]["p95_ms"] / result["service"]["p95_ms"], 1),
        "peer_p50_to_service_p50": round(result["peer"]["p50_ms"] / result["service"]["p50_ms"], 1),
        "service_p95_to_goal": round(result["service"]["p95_ms"] / GOAL_P95_MS, 2),
    }
    return result


def measure_recall(labelled: list[dict[str, Any]]) -> dict[str, Any]:
    from dala.accounts.models import ArtistProfile
    from dala.search import selectors

    ids = dict(ArtistProfile.objects.filter(user__email__in={entry["expect"] for entry in labelled})
               .values_list("user__email", "pk"))
    hits: dict[str, list[bool]] = {}
    peer_hits: dict[str, list[bool]] = {}
    misses: list[str] = []
    for entry in labelled:
        expected = ids.get(entry["expect"])
        found = [item.pk for item in selectors.search(entry["q"], kind="artist").items[:5]]
        hit = expected is not None and expected in found
        hits.setdefault(entry["how"], []).append(hit)
        if not hit:
            misses.append(entry["q"])
        queryset = ArtistProfile.objects.filter(is_public=True)
        for word in entry["q"].split():
            queryset = queryset.filter(name__icontains=word)
        peer_hits.setdefault(entry["how"], []).append(expected in list(queryset.order_by("slug")
                                                                      .values_list("pk", flat=True)[:5]))

    def share(table: dict[str, list[bool]]) -> dict[str, Any]:
        every = [hit for values in table.values() for hit in values]
        return {"overall": round(sum(every) / len(every), 3),
                **{how: round(sum(values) / len(values), 3) for how, values in table.items()}}

    return {"queries": len(labelled), "service": share(hits), "peer": share(peer_hits), "misses": misses}


def time_rebuild(sample: int) -> dict[str, Any]:
    """Rebuild the index rows of the first ``sample`` works, as `dala search reindex` does, timed in this
    run (the full build may have been made earlier, with --reuse)."""
    from dala.catalog.models import Artwork
    from dala.search import services
    from dala.search.models import DocumentKind

    ids = list(Artwork.objects.order_by("pk").values_list("pk", flat=True)[:sample])
    started = time.perf_counter()
    services.reindex([DocumentKind.ARTWORK], batch=5000, within=(ids[0], ids[-1]))
    elapsed = time.perf_counter() - started
    return {"works": len(ids), "seconds": round(elapsed, 1), "works_per_s": round(len(ids) / elapsed)}


def run_engine(engine: str, size: int, rounds: int, reuse: bool, out: Path, build_only: bool = False) -> int:
    var_dir = tempfile.mkdtemp(prefix="dala-bench-search-")
    try:
        db_path = RESULTS / f"search-{size}.db"
        # Tasks are not run: the bulk demo enqueues none that matter here, and no worker is needed.
        if not child_environment("search", engine, var_dir, db_path, fresh=not reuse,
                                 tasks="django_tasks.backends.dummy.DummyBackend"):
            return 2

        import django

        django.setup()
        from django.conf import settings
        from django.db import connection
        from django.utils import translation

        assert not settings.DEBUG
        translation.activate("en")
        print(f"search: {engine}: {size:,} works", flush=True)
        built = build(engine, size, reuse, db_path)
        print(f"search: built {built}", flush=True)
        if build_only:
            return 0
        queries = json.loads(QUERIES.read_text())
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()" if engine == "sqlite" else "SHOW server_version")
            version = str(cursor.fetchone()[0])
        rebuild = time_rebuild(50_000)
        print(f"search: rebuild {rebuild}", flush=True)
        recall = measure_recall(queries["recall"])
        print(f"search: recall {recall['service']['overall']} (peer {recall['peer']['overall']})", flush=True)
        latency = measure_latency(engine, queries["latency"], rounds)
        result = {"engine": engine, "version": version, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                  "build": built, "rebuild": rebuild, "latency": latency, "recall": recall}
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# The parent: one child per engine, then the results files.


def markdown(result: dict[str, Any]) -> str:
    lines = [f"# Search at {result['artworks']:,} works — {result['date']}", "",
             f"Python {result['python']}, {result['cpu_count']} CPUs, {result['rounds']} timed rounds of "
             f"{result['queries']} queries (the peer: one round); goals: p95 < {GOAL_P95_MS:.0f} ms, "
             f"≤ {GOAL_BARE_RATIO}× the bare engine, ≥ {GOAL_PEER_RATIO:.0f}× faster than the peer, "
             f"recall ≥ {GOAL_RECALL}.", ""]
    for engine in result["engines"]:
        build, latency, recall = engine["build"], engine["latency"], engine["recall"]
        ratios = latency["ratios"]
        lines += [f"## {engine['engine']} {engine['version']} ({engine['date']})", "",
                  f"{build['artworks']:,} works, {build['artists']:,} artists; the whole index built at "
                  f"{build['works_per_s']:,} works/s ({build['index_artworks_s']} s for the works); "
                  f"{engine['rebuild']['works']:,} works rebuilt in this run at "
                  f"{engine['rebuild']['works_per_s']:,} works/s; {build['index_mb']} MB on disk "
                  f"({build['documents']:,} documents).", "",
                  "| measure | p50 ms | p95 ms |", "| --- | ---: | ---: |"]
        for name, label in (("service", "service, as the page (facets counted)"),
                            ("service_with_filters", "… queries with filters"),
                            ("service_without_filters", "… queries without filters"),
                            ("service_no_facets", "service without facet counts"),
                            ("bare", "bare engine (the same SQL, no Django)"),
                            ("peer", "peer: Django icontains")):
            lines.append(f"| {label} | {latency[name]['p50_ms']} | {latency[name]['p95_ms']} |")
        lines += ["", f"- service p95 / bare p95: **{ratios['service_p95_to_bare_p95']}×** "
                      f"(goal ≤ {GOAL_BARE_RATIO}×)",
                  f"- peer p95 / service p95: **{ratios['peer_p95_to_service_p95']}×** (p50: "
                  f"{ratios['peer_p50_to_service_p50']}×; goal ≥ {GOAL_PEER_RATIO:.0f}×)",
                  f"- service p95 / goal: **{ratios['service_p95_to_goal']}** of {GOAL_P95_MS:.0f} ms",
                  f"- statements per query: median {latency['statements_per_query']['median']}, "
                  f"max {latency['statements_per_query']['max']}",
                  f"- recall (expected artist in the first 5, {recall['queries']} queries): "
                  f"**{recall['service']['overall']}** — "
                  + ", ".join(f"{how} {value}" for how, value in recall["service"].items() if how != "overall")
                  + f"; the peer: {recall['peer']['overall']}", ""]
        if recall["misses"]:
            lines += ["Missed: " + ", ".join(recall["misses"]), ""]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--artworks", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true",
                        help="keep bench/results/search-N.db (SQLite) if it holds the works and its index")
    parser.add_argument("--engines", default="sqlite", help="comma-separated: sqlite,postgresql")
    parser.add_argument("--build-only", action="store_true",
                        help="build (or reuse) the SQLite database and its index, measure nothing")
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.build_only:
        return run_engine("sqlite", args.artworks, args.rounds, args.reuse, Path(os.devnull), build_only=True)
    if args.engine:
        return run_engine(args.engine, args.artworks, args.rounds, args.reuse, args.out)

    engines, skipped, failures = run_children("search", __file__, args.engines, lambda out: [
        "--artworks", str(args.artworks), "--rounds", str(args.rounds)] + (["--reuse"] if args.reuse else []))
    if not engines:
        return 1
    stem = f"search-{args.artworks}"
    engines = with_earlier(RESULTS / f"{stem}.json", engines, skipped)
    queries = json.loads(QUERIES.read_text())
    result = {"artworks": args.artworks, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
              "python": platform.python_version(), "cpu_count": os.cpu_count(), "rounds": args.rounds,
              "queries": len(queries["latency"]), "engines": engines, "skipped": skipped}
    write_results(RESULTS, stem, result, markdown)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
