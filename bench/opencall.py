"""How fast a big open call is judged and ranked (a benchmark, not a test).

    .venv/bin/python bench/opencall.py [--entries 5000] [--jurors 5] [--requests 200] [--warmup 20]
                                       [--by-work] [--engines sqlite,postgresql]

For each engine, in its own process: a fresh database (SQLite: bench/results/opencall-N.db; PostgreSQL: a
throw-away server from ``bin/with-postgres``), DALA_VAR_DIR in a temporary folder, `migrate`,
`collectstatic` (DEBUG is off, so the manifest storage is in use, as in production). Then the data, with
bulk inserts: N artists (a user each), 1–3 works per artist, one published call whose deadline has passed
(blind, scale 1–10, scored by entry — by work with ``--by-work``), N submitted entries holding those works,
and J accepted jurors; each juror declares a conflict on 0.2 % of the entries through the service.

Measured:

1. scoring: every juror scores every entry of round 1 they have no conflict on, one call of
   ``services.jury.score`` each (a transaction, the seat locked, every rule checked) → scores per second;
2. the ranking selector (page 1), ``--warmup`` untimed and ``--requests`` timed calls → p50 / p95;
3. the organiser's results page (``programmes:call_results``) page 1 and a deep page (80 % down), and a
   juror's queue page, each ``--warmup`` untimed then ``--requests`` timed requests through
   django.test.Client (logged in with force_login) → p50 / p95, the SQL queries of one more request, and
   the ratio of p95 to the 100 ms goal.

Results go to bench/results/opencall-N.json and .md (an engine not run keeps its last figures there).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from engines import ENGINES, child_environment, percentile, run_children, with_earlier, write_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
GOAL_MS = 100.0
SEED = 20261124


# --------------------------------------------------------------------------------------------------
# In the child process, after django.setup().


def build(entries: int, jurors: int, by_work: bool) -> dict[str, Any]:
    """The call, its entrants, their works and entries, the jurors: bulk inserts in one transaction."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from dala.accounts.models import ArtistProfile, Role, User, UserRole
    from dala.catalog.models import Artwork, Medium
    from dala.core.translation import Translated
    from dala.programmes.models import (
        CallStatus,
        Entry,
        EntryStatus,
        EntryWork,
        Juror,
        JurorStatus,
        OpenCall,
        ScoringScale,
        ScoringUnit,
    )

    rng = random.Random(SEED)
    now = timezone.now()
    started = time.perf_counter()
    password = make_password(None)  # unusable: these users never log in with a password
    with transaction.atomic():
        organiser = User.objects.create(email="organiser@bench.example", display_name="Organiser", password=password)
        UserRole.objects.create(user=organiser, role=Role.GALLERY)
        User.objects.bulk_create([User(email=f"artist{n}@bench.example", display_name=f"Artist {n}",
                                       password=password) for n in range(entries)], batch_size=2000)
        users = list(User.objects.filter(email__endswith="@bench.example", email__startswith="artist")
                     .order_by("id").values_list("id", flat=True))
        ArtistProfile.objects.bulk_create([
            ArtistProfile(user_id=user_id, name=Translated(en=f"Artist {n}", ru=f"Художник {n}", kk=f"Суретші {n}"),
                          slug=f"bench-artist-{n}", country="KZ", career_stage="emerging")
            for n, user_id in enumerate(users)], batch_size=2000)
        artists = list(ArtistProfile.objects.filter(slug__startswith="bench-artist-").order_by("id")
                       .values_list("id", flat=True))
        medium = Medium.objects.first() or Medium.objects.create(slug="painting", label=Translated(en="Painting"))
        works_of = [rng.randint(1, 3) for _ in artists]
        Artwork.objects.bulk_create([
            Artwork(artist_id=artist_id, title=Translated(en=f"Steppe {n}-{k}", ru=f"Степь {n}-{k}"),
                    slug=f"steppe-{n}-{k}", year=2024, medium=medium)
            for n, (artist_id, count) in enumerate(zip(artists, works_of, strict=True)) for k in range(count)],
            batch_size=2000)
        call = OpenCall.objects.create(
            slug="bench-call", title=Translated(en="The steppe, now", ru="Степь сегодня"),
            brief=Translated(en="Works about the steppe."), organiser=organiser, deadline=now - timedelta(days=1),
            status=CallStatus.PUBLISHED, published_at=now - timedelta(days=30), blind=True,
            scale=ScoringScale.ONE_TO_TEN, scored_by=ScoringUnit.WORK if by_work else ScoringUnit.ENTRY)
        Entry.objects.bulk_create([
            Entry(call=call, artist_id=artist_id, statement="Felt, wool and the wind. " * 8,
                  status=EntryStatus.SUBMITTED, submitted_at=now - timedelta(days=2))
            for artist_id in artists], batch_size=2000)
        entry_of = dict(Entry.objects.filter(call=call).values_list("artist_id", "id"))
        EntryWork.objects.bulk_create([
            EntryWork(entry_id=entry_of[artist_id], artwork_id=artwork_id, position=position)
            for position, (artist_id, artwork_id) in enumerate(
                Artwork.objects.filter(artist_id__in=artists).order_by("artist_id", "id")
                .values_list("artist_id", "id"))], batch_size=2000)
        juror_users = User.objects.bulk_create([
            User(email=f"juror{n}@bench.example", display_name=f"Juror {n}", password=password)
            for n in range(jurors)])
        juror_users = list(User.objects.filter(email__startswith="juror", email__endswith="@bench.example")
                           .order_by("id"))
        Juror.objects.bulk_create([Juror(call=call, user=user, status=JurorStatus.ACCEPTED, responded_at=now)
                                   for user in juror_users])
    return {"generation_s": round(time.perf_counter() - started, 2), "entries": len(artists),
            "works": sum(works_of), "jurors": len(juror_users)}


def score_everything(by_work: bool) -> dict[str, Any]:
    """Each juror declares a few conflicts, then scores every other entry of round 1 through the service."""
    from dala.programmes.models import Conflict, EntryWork, Juror, OpenCall
    from dala.programmes.services import jury as services

    rng = random.Random(SEED + 1)
    call = OpenCall.objects.get(slug="bench-call")
    entry_ids = list(call.entries.order_by("id").values_list("id", flat=True))
    works: dict[int, list[int]] = {}
    if by_work:
        for entry_id, artwork_id in EntryWork.objects.filter(entry__call=call).values_list("entry_id", "artwork_id"):
            works.setdefault(entry_id, []).append(artwork_id)
    seats = list(Juror.objects.filter(call=call).select_related("user").order_by("id"))
    conflicts = max(1, len(entry_ids) // 500)
    started = time.perf_counter()
    declared = 0
    for seat in seats:
        for entry_id in rng.sample(entry_ids, conflicts):
            services.declare_conflict(user=seat.user, call=call, entry_id=entry_id, reason="bench")
            declared += 1
    conflict_s = time.perf_counter() - started
    conflicted = set(Conflict.objects.filter(juror__call=call).values_list("juror_id", "entry_id"))
    calls = given = 0
    started = time.perf_counter()
    for seat in seats:
        # Jurors differ in taste: a juror-wide offset plus noise around an entry's "quality".
        bias = rng.randint(-1, 1)
        for entry_id in entry_ids:
            if (seat.pk, entry_id) in conflicted:
                continue
            quality = 3 + entry_id % 6

            def value(quality: int = quality, bias: int = bias) -> int:
                return min(10, max(1, quality + bias + rng.randint(-2, 2)))

            if by_work:
                rows = services.score(user=seat.user, call=call, entry_id=entry_id,
                                      work_values={artwork_id: value() for artwork_id in works[entry_id]})
            else:
                rows = services.score(user=seat.user, call=call, entry_id=entry_id, value=value())
            calls += 1
            given += len(rows)
    scoring_s = time.perf_counter() - started
    return {"conflicts_declared": declared, "conflicts_s": round(conflict_s, 2), "score_calls": calls,
            "scores": given, "scoring_s": round(scoring_s, 2),
            "score_calls_per_s": round(calls / scoring_s, 1), "scores_per_s": round(given / scoring_s, 1)}


def timed(act: Callable[[], Any], warmup: int, requests: int) -> dict[str, Any]:
    for _ in range(warmup):
        act()
    times: list[float] = []
    for _ in range(requests):
        started = time.perf_counter()
        act()
        times.append((time.perf_counter() - started) * 1000)
    p95 = percentile(times, 0.95)
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(p95, 2), "max_ms": round(max(times), 2),
            "goal_ratio": round(p95 / GOAL_MS, 3)}


def measure(warmup: int, requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    from dala.programmes.models import OpenCall
    from dala.programmes.selectors import jury as selectors

    call = OpenCall.objects.get(slug="bench-call")
    found: dict[str, Any] = {}
    first = selectors.ranking(call)
    found["ranking_top"] = [{"entry": row.entry.pk, "average": round(row.average or 0, 3),
                             "spread": round(row.spread or 0, 3), "scores": row.scores} for row in first.rows[:3]]
    found["ranking_selector"] = timed(lambda: selectors.ranking(call), warmup, requests)
    found["ranking_selector"]["name"] = "ranking selector, page 1"
    found["top_500_ids"] = timed(lambda: selectors.ranked_entry_ids(call, round_number=1, limit=500),
                                 max(1, warmup // 4), max(5, requests // 4))

    organiser = Client(raise_request_exception=True)
    organiser.force_login(call.organiser)
    juror = Client(raise_request_exception=True)
    juror.force_login(call.jurors.order_by("id").first().user)
    with translation.override("en"):
        results_url = reverse("programmes:call_results", kwargs={"slug": call.slug})
        jury_url = reverse("programmes:jury", kwargs={"slug": call.slug})
    deep = max(1, int(first.pages * 0.8))
    pages = [("results page 1", organiser, f"{results_url}?round=1"),
             (f"results page {deep} of {first.pages}", organiser, f"{results_url}?round=1&page={deep}"),
             ("juror's queue page 1", juror, jury_url),
             ("juror's queue, unscored only", juror, f"{jury_url}?todo=1")]
    rows = []
    for name, client, url in pages:
        response = client.get(url)
        row: dict[str, Any] = {"name": name, "url": url, "status": response.status_code}
        if response.status_code == 200:
            row.update(timed(lambda client=client, url=url: client.get(url), warmup, requests))
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            row["queries"] = len(captured.captured_queries)
            row["kib"] = round(len(response.content) / 1024, 1)
        rows.append(row)
        print(f"opencall: {name}: {row}", flush=True)
    found["pages"] = rows
    return found


def run_engine(engine: str, entries: int, jurors: int, by_work: bool, warmup: int, requests: int, out: Path) -> int:
    var_dir = tempfile.mkdtemp(prefix="dala-bench-opencall-")
    try:
        stem = f"opencall-{entries}{'-by-work' if by_work else ''}"
        if not child_environment("opencall", engine, var_dir, RESULTS / f"{stem}.db", fresh=True):
            return 2

        import logging

        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        assert not settings.DEBUG
        logging.getLogger("django.request").setLevel(logging.CRITICAL)
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        setup_s = round(time.perf_counter() - started, 1)
        print(f"opencall: {engine}: {entries} entries × {jurors} jurors", flush=True)
        built = build(entries, jurors, by_work)
        print(f"opencall: built {built}", flush=True)
        if engine == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        scoring = score_everything(by_work)
        print(f"opencall: scoring {scoring}", flush=True)
        if engine == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a load
        with connection.cursor() as cursor:
            if engine == "sqlite":
                cursor.execute("SELECT sqlite_version()")
                version = str(cursor.fetchone()[0])
            else:
                cursor.execute("SHOW server_version")
                version = str(cursor.fetchone()[0])
        measured = measure(warmup, requests)
        result = {"engine": engine, "version": version, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                  "setup_s": setup_s, "build": built, "scoring": scoring, **measured}
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# The parent: one child per engine, then the results files.


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Judging an open call: {result['entries']:,} entries × {result['jurors']} jurors"
        f"{' (scored by work)' if result['by_work'] else ''}",
        "",
        f"{result['date']} · Python {result['python']} · {result['cpu_count']} CPUs · DEBUG off · "
        f"{result['warmup']} warm-ups then {result['requests']} timed requests per page through django.test.Client; "
        f"goal: results page p95 under {GOAL_MS:g} ms.",
        f"Load average (1/5/15 min) before: {' / '.join(f'{x:.2f}' for x in result['load_average_before'])}, "
        f"after: {' / '.join(f'{x:.2f}' for x in result['load_average_after'])}.",
        "",
    ]
    for name, why in result.get("skipped", {}).items():
        lines += [f"{name}: skipped ({why}).", ""]
    for engine in result["engines"]:
        built, scoring = engine["build"], engine["scoring"]
        ranking = engine["ranking_selector"]
        lines += [
            f"## {engine['engine']} {engine['version']} ({engine['date']})",
            "",
            f"Data: {built['entries']:,} submitted entries holding {built['works']:,} works, {built['jurors']} "
            f"jurors; generated in {built['generation_s']} s.",
            f"Conflicts: {scoring['conflicts_declared']} declared through the service in {scoring['conflicts_s']} s.",
            f"Scoring through `services.jury.score`: {scoring['score_calls']:,} calls ({scoring['scores']:,} score "
            f"rows) in {scoring['scoring_s']} s = **{scoring['score_calls_per_s']} calls/s** "
            f"({scoring['scores_per_s']} scores/s).",
            f"Ranking selector, page 1: p50 {ranking['p50_ms']} ms, p95 {ranking['p95_ms']} ms; "
            f"top 500 ids: p95 {engine['top_500_ids']['p95_ms']} ms.",
            "",
            "| page | status | p50 ms | p95 ms | max ms | p95 / 100 ms | SQL queries | KiB |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for page in engine["pages"]:
            lines.append(f"| {page['name']} | {page['status']} | {page.get('p50_ms', '–')} | "
                         f"{page.get('p95_ms', '–')} | {page.get('max_ms', '–')} | {page.get('goal_ratio', '–')} | "
                         f"{page.get('queries', '–')} | {page.get('kib', '–')} |")
        lines += ["", "Best three: " + "; ".join(
            f"entry {row['entry']} avg {row['average']} ± {row['spread']} ({row['scores']} scores)"
            for row in engine["ranking_top"]), ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--jurors", type=int, default=5)
    parser.add_argument("--by-work", action="store_true", help="the call scores each work instead of each entry")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--engines", default="sqlite", help="comma-separated: sqlite,postgresql")
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.engine:
        return run_engine(args.engine, args.entries, args.jurors, args.by_work, args.warmup, args.requests, args.out)

    load_before = list(os.getloadavg())
    engines, skipped, failures = run_children("opencall", __file__, args.engines, lambda out: [
        "--entries", str(args.entries), "--jurors", str(args.jurors), "--requests", str(args.requests),
        "--warmup", str(args.warmup)] + (["--by-work"] if args.by_work else []))
    if not engines:
        return 1
    stem = f"opencall-{args.entries}{'-by-work' if args.by_work else ''}"
    engines = with_earlier(RESULTS / f"{stem}.json", engines, skipped)
    result = {
        "entries": args.entries, "jurors": args.jurors, "by_work": args.by_work,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "python": platform.python_version(),
        "cpu_count": os.cpu_count(), "requests": args.requests, "warmup": args.warmup, "engines": engines,
        "skipped": skipped, "load_average_before": load_before, "load_average_after": list(os.getloadavg()),
    }
    write_results(RESULTS, stem, result, markdown)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
