"""How fast the feed and the notifications pages answer for users who follow a lot (a benchmark, not a test).

    .venv/bin/python bench/feed.py [--scale 1] [--samples 200] [--engines sqlite,postgresql] [--fresh]

Data at scale 1 (issue 5): 100 000 users; 10 000 artist profiles, 1 000 galleries, 500 critics (owned by
the first of those users) and 300 subjects; 100 follows per user (about 80 artists — the low ids more
popular —, 8 galleries, 6 critics, 6 subjects: 10 M Follow rows); 10 M FeedEvents spread over the actors
(80 % artists, 8 % galleries, 7 % critics' reviews, 5 % subjects) and over two years, ids in time order;
5 artworks per artist, each linked to its artist's first new-work events (the other new-work events keep
their words in ``context`` only); and 100 notifications per user on average (10 M), 80 % of them read.
``--scale 0.01`` divides every count but the follows and notifications per user by 100 (with small minimums).

The rows are written with raw SQL, not the ORM: executemany in one transaction per table with
``PRAGMA synchronous=OFF`` and foreign keys off on SQLite (a connection of its own, for the load only),
COPY on PostgreSQL; secondary indexes (and on PostgreSQL foreign keys) are dropped before and made again
after, as a restore would. The SQLite database is kept as bench/results/feed-<scale>.db (not in git) and
reused by the next run unless ``--fresh``; PostgreSQL (a throw-away server from ``bin/with-postgres``) is
loaded each run, then VACUUM ANALYZEd (what autovacuum does after a bulk load). Generation may run under
`nice`; the measuring process and its PostgreSQL backend go back to priority 0 for the timings.

Measured for ``--samples`` random users, each logged in with force_login on one django.test.Client (as one
server process serves them all), DEBUG off, templates included: the feed's first page, its sixth page
(following the rel="next" cursors of pages 1–5), the notifications page and its page 2. Then a reader who
follows only three quiet artists (25 works each over the two years, made on first use) requests feed pages
1 and 2 ``--samples``/2 times after ``--warmup`` untimed. p50 and p95 in ms per page; the SQL queries of
each page with the page size 20 and 50 (``views.FEED_PER_PAGE`` / ``views.NOTIFICATIONS_PER_PAGE`` set
for the count), which must be equal; the plans of the feed's and the notifications' first pages.
Results: bench/results/feed-<scale>.json and .md (an engine not run keeps its last figures there).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from engines import ENGINES, percentile, run_children, with_earlier

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
FOLLOW_MIX = (("artist", 80), ("gallery", 8), ("critic", 6), ("subject", 6))
EVENT_MIX = (("artist", 0.80), ("gallery", 0.08), ("critic", 0.07), ("subject", 0.05))
ARTWORKS_PER_ARTIST = 5
SPAN_DAYS = 730
DEEP_PAGE = 6
SEED = 20261124


def sizes_for(scale: float, notifications_per_user: int) -> dict[str, int]:
    users = max(200, round(100_000 * scale))
    return {
        "users": users, "artists": max(100, round(10_000 * scale)), "galleries": max(10, round(1_000 * scale)),
        "critics": max(6, round(500 * scale)), "subjects": max(30, round(300 * scale)),
        "follows_per_user": 100, "events": max(10_000, round(10_000_000 * scale)),
        "notifications": users * notifications_per_user,
    }


def scale_name(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


# --------------------------------------------------------------------------------------------------
# Loading, in the child process after django.setup().


class Loader:
    """Bulk insert into one table: SQLite through a raw sqlite3 connection, PostgreSQL with COPY."""

    def __init__(self, engine: str) -> None:
        from django.db import connection

        self.engine = engine
        self.django = connection
        if engine == "sqlite":
            import sqlite3

            connection.close()
            self.raw = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
            self.raw.execute("PRAGMA foreign_keys=OFF")
            self.raw.execute("PRAGMA synchronous=OFF")
            self.raw.execute("PRAGMA cache_size=-1000000")
            self.raw.execute("PRAGMA temp_store=MEMORY")

    def ts(self, moment: datetime) -> Any:
        # Django stores SQLite datetimes as naive UTC text; a microsecond is always set so every value has
        # the same width and text order is time order.
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if self.engine == "sqlite" else moment

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.engine == "sqlite":
            return self.raw.execute(sql.replace("%s", "?"), params).fetchall()
        with self.django.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def template(self, table: str, pk: int) -> dict[str, Any]:
        if self.engine == "sqlite":
            cursor = self.raw.execute(f'SELECT * FROM "{table}" WHERE id = ?', (pk,))
            row, names = cursor.fetchone(), [column[0] for column in cursor.description]
        else:
            with self.django.cursor() as cursor:
                cursor.execute(f'SELECT * FROM "{table}" WHERE id = %s', (pk,))
                row, names = cursor.fetchone(), [column[0] for column in cursor.description]
        values = dict(zip(names, row, strict=True))
        return {key: json.dumps(value) if isinstance(value, (dict, list)) else value for key, value in values.items()}

    def drop_secondary(self, table: str) -> list[str]:
        """Drop the table's indexes (and on PostgreSQL its foreign keys); return the SQL that makes them again."""
        if self.engine == "sqlite":
            rows = self.raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                    "AND sql IS NOT NULL", (table,)).fetchall()
            for name, _sql in rows:
                self.raw.execute(f'DROP INDEX "{name}"')
            return [sql for _name, sql in rows]
        again: list[str] = []
        for name, definition in self.query(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'", (table,)):
            self.query(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            again.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        indexes = self.query(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || "
            "quote_ident(i.indexname))::regclass)", (table,))
        for name, _definition in indexes:
            self.query(f'DROP INDEX "{name}"')
        return [definition for _name, definition in indexes] + again

    def insert(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
        names = ", ".join(f'"{column}"' for column in columns)
        count = 0
        if self.engine == "sqlite":
            sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
            self.raw.execute("BEGIN")
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(row)
                if len(batch) == 50_000:
                    self.raw.executemany(sql, batch)
                    count += len(batch)
                    batch.clear()
            self.raw.executemany(sql, batch)
            count += len(batch)
            self.raw.execute("COMMIT")
            return count
        with self.django.cursor() as cursor, cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def execute(self, statements: list[str]) -> None:
        for statement in statements:
            self.query(statement)

    def finish(self) -> None:
        if self.engine == "sqlite":
            self.raw.close()
        else:
            for table in ("accounts_user", "accounts_artistprofile", "accounts_galleryprofile",
                          "accounts_criticprofile", "catalog_subject", "catalog_artwork", "social_follow",
                          "social_feedevent", "social_notification"):
                self.query(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                           f'(SELECT MAX(id) FROM "{table}"))')
            self.query("VACUUM (ANALYZE)")  # what autovacuum would do after a bulk load: stats, visibility map


def like(template: dict[str, Any], overrides: Callable[[int], dict[str, Any]], ids: Iterable[int]
         ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    columns = list(template)

    def rows() -> Iterator[tuple[Any, ...]]:
        for n in ids:
            values = {**template, **overrides(n)}
            yield tuple(values[column] for column in columns)

    return columns, rows()


def build(engine: str, sizes: dict[str, int]) -> dict[str, Any]:
    """Template rows through the ORM (so every NOT NULL column has a valid value), then copies in bulk."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from dala.accounts.models import ArtistProfile, CriticProfile, GalleryProfile
    from dala.catalog.models import Artwork, Subject
    from dala.core.translation import Translated
    from dala.social.models import FeedEvent, Notification

    sys.path.insert(0, str(ROOT))
    from tests.factories import ArtworkFactory, GalleryFactory, SubjectFactory

    rng = random.Random(SEED)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    artwork = ArtworkFactory()
    gallery, subject = GalleryFactory(), SubjectFactory()
    critic_user = get_user_model().objects.create_user(email="critic-template@bench.example", password=None)
    critic = CriticProfile.objects.create(user=critic_user, name=Translated(en="Critic"), slug="critic-template")
    FeedEvent.objects.all().delete()
    Notification.objects.all().delete()

    loader = Loader(engine)
    base = {table: int(loader.query(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')[0][0]) for table in
            ("accounts_user", "accounts_artistprofile", "accounts_galleryprofile", "accounts_criticprofile",
             "catalog_subject", "catalog_artwork")}
    users, artists, galleries = sizes["users"], sizes["artists"], sizes["galleries"]
    critics, subjects = sizes["critics"], sizes["subjects"]
    user_ids = range(base["accounts_user"] + 1, base["accounts_user"] + users + 1)
    artist_ids = range(base["accounts_artistprofile"] + 1, base["accounts_artistprofile"] + artists + 1)
    gallery_ids = range(base["accounts_galleryprofile"] + 1, base["accounts_galleryprofile"] + galleries + 1)
    critic_ids = range(base["accounts_criticprofile"] + 1, base["accounts_criticprofile"] + critics + 1)
    subject_ids = range(base["catalog_subject"] + 1, base["catalog_subject"] + subjects + 1)
    artwork_base = base["catalog_artwork"] + 1
    end = datetime(2026, 11, 1, tzinfo=UTC)
    start = end - timedelta(days=SPAN_DAYS)
    span_us = SPAN_DAYS * 86_400 * 1_000_000

    def moment(fraction: float) -> Any:
        us = int(fraction * span_us)
        return loader.ts(start + timedelta(microseconds=us - us % 1_000_000 + 1 + us % 999_999))

    def name(text: str) -> str:
        return json.dumps({"en": text, "ru": text, "kk": text})

    tables = ["accounts_user", "accounts_artistprofile", "accounts_galleryprofile", "accounts_criticprofile",
              "catalog_subject", "catalog_artwork", "social_follow", "social_feedevent", "social_notification"]
    again = {table: loader.drop_secondary(table) for table in tables}
    counts: dict[str, int] = {}

    def load(table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        begun = time.perf_counter()
        counts[table] = loader.insert(table, columns, rows)
        print(f"feed: {table}: {counts[table]:,} rows in {time.perf_counter() - begun:.1f} s", flush=True)

    template_user = loader.template("accounts_user", critic_user.pk)
    joined = loader.ts(start)
    load("accounts_user", *like(template_user, lambda n: {"id": n, "email": f"user{n}@bench.example",
                                                          "display_name": f"User {n}", "date_joined": joined,
                                                          "password": "!"}, user_ids))
    owner = iter(user_ids)
    owners = {kind: [next(owner) for _ in range(count)] for kind, count in
              (("artist", artists), ("gallery", galleries), ("critic", critics))}
    load("accounts_artistprofile", *like(
        loader.template("accounts_artistprofile", artwork.artist_id),
        lambda n: {"id": n, "slug": f"artist-{n}", "name": name(f"Artist {n}"),
                   "user_id": owners["artist"][n - artist_ids[0]]}, artist_ids))
    load("accounts_galleryprofile", *like(
        loader.template("accounts_galleryprofile", gallery.pk),
        lambda n: {"id": n, "slug": f"gallery-{n}", "name": name(f"Gallery {n}"),
                   "user_id": owners["gallery"][n - gallery_ids[0]]}, gallery_ids))
    load("accounts_criticprofile", *like(
        loader.template("accounts_criticprofile", critic.pk),
        lambda n: {"id": n, "slug": f"critic-{n}", "name": name(f"Critic {n}"),
                   "user_id": owners["critic"][n - critic_ids[0]]}, critic_ids))
    load("catalog_subject", *like(
        loader.template("catalog_subject", subject.pk),
        lambda n: {"id": n, "slug": f"subject-{n}", "label": name(f"Subject {n}")}, subject_ids))
    load("catalog_artwork", *like(
        loader.template("catalog_artwork", artwork.pk),
        lambda n: {"id": n, "slug": f"work-{n}", "title": name(f"Work {n}"),
                   "artist_id": artist_ids[0] + (n - artwork_base) // ARTWORKS_PER_ARTIST,
                   "inventory_number": ""},
        range(artwork_base, artwork_base + artists * ARTWORKS_PER_ARTIST)))
    timings["profiles_s"] = round(time.perf_counter() - started, 1)

    # Follows: the low ids of each kind are the popular ones (a square skews the draw towards them).
    started = time.perf_counter()
    targets = {"artist": artist_ids, "gallery": gallery_ids, "critic": critic_ids, "subject": subject_ids}

    def follows() -> Iterator[tuple[Any, ...]]:
        pk = 0
        for user in user_ids:
            for kind, wanted in FOLLOW_MIX:
                pool = targets[kind]
                chosen: set[int] = set()
                wanted = min(wanted, len(pool))
                while len(chosen) < wanted:
                    chosen.add(pool[int(len(pool) * rng.random() ** 2)])
                for target in chosen:
                    pk += 1
                    yield (pk, user, moment(rng.random()), target if kind == "artist" else None,
                           target if kind == "gallery" else None, target if kind == "critic" else None,
                           target if kind == "subject" else None)

    load("social_follow", ["id", "follower_id", "created_at", "artist_id", "gallery_id", "critic_id",
                           "subject_id"], follows())
    timings["follows_s"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    events = sizes["events"]
    linked = [0] * artists

    def feed_events() -> Iterator[tuple[Any, ...]]:
        kinds = [kind for kind, _share in EVENT_MIX]
        weights = [share for _kind, share in EVENT_MIX]
        drawn = rng.choices(kinds, weights, k=events)
        for index in range(events):
            kind = drawn[index]
            pool = targets[kind]
            actor = pool[int(len(pool) * rng.random() ** 1.5)]
            when = moment((index + rng.random()) / events)
            pk = index + 1
            if kind == "critic":
                yield (pk, kind, actor, "review.published", None, None, pk,
                       f'{{"critic": {{"en": "Critic {actor}"}}, "title": {{"en": "Review {pk}"}}}}',
                       f"/en/reviews/{pk}/", when)
                continue
            artwork_id = artist_id = None
            if kind == "artist":
                artist_id = actor
                slot = actor - artist_ids[0]
                if linked[slot] < ARTWORKS_PER_ARTIST:
                    artwork_id = artwork_base + slot * ARTWORKS_PER_ARTIST + linked[slot]
                    linked[slot] += 1
            yield (pk, kind, actor, "artwork.published", artwork_id, artist_id, None,
                   f'{{"artist": {{"en": "Artist {pk % 977}"}}, "artwork": {{"en": "Work {pk}"}}}}', "", when)

    load("social_feedevent", ["id", "actor_kind", "actor_id", "verb", "artwork_id", "artist_id", "review_id",
                              "context", "url", "created_at"], feed_events())
    timings["feed_events_s"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    total = sizes["notifications"]

    def notifications() -> Iterator[tuple[Any, ...]]:
        first, count = user_ids[0], len(user_ids)
        for index in range(total):
            fraction = (index + rng.random()) / total
            when = moment(fraction)
            roll = rng.random()
            if roll < 0.5:
                action, context = "artwork.published", (f'{{"artist": {{"en": "Artist {index % 977}"}}, '
                                                        f'"artwork": {{"en": "Work {index}"}}}}')
            elif roll < 0.8:
                action, context = "offer.made", (f'{{"artwork": {{"en": "Work {index}"}}, '
                                                 f'"amount": {100_000_00 + index % 1000 * 100}, "currency": "KZT"}}')
            else:
                action, context = "review.replied", f'{{"title": {{"en": "Review {index}"}}}}'
            read = when if rng.random() < 0.8 else None
            yield (index + 1, first + int(count * rng.random()), None, action, context, "", when, read, None)

    load("social_notification", ["id", "recipient_id", "actor_id", "action", "context", "url", "created_at",
                                 "read_at", "emailed_at"], notifications())
    timings["notifications_s"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    for table in tables:
        loader.execute(again[table])
    loader.finish()
    timings["indexes_s"] = round(time.perf_counter() - started, 1)
    print(f"feed: indexes made again in {timings['indexes_s']} s", flush=True)
    call_command("check", verbosity=0)
    assert ArtistProfile.objects.count() == artists + 1 and Artwork.objects.count() == artists * 5 + 1
    assert GalleryProfile.objects.count() == galleries + 1 and Subject.objects.count() >= subjects
    return {"timings": timings, "rows": counts, "user_ids": [user_ids[0], user_ids[-1]]}


# --------------------------------------------------------------------------------------------------
# Measuring.

NEXT = re.compile(r'<a[^>]*rel="next"[^>]*href="([^"]+)"|<a[^>]*href="([^"]+)"[^>]*rel="next"')


def next_link(html: str) -> str | None:
    found = NEXT.search(html)
    return (found.group(1) or found.group(2)).replace("&amp;", "&") if found else None


def quiet_reader() -> Any:
    """A reader who follows only three quiet artists (25 works each over the two years), made once: the
    case where the newest events of what one follows are far apart and far back."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    found = get_user_model().objects.filter(email="quiet-reader@bench.example").first()
    if found is not None:
        return found
    sys.path.insert(0, str(ROOT))
    with transaction.atomic():
        return _make_quiet_reader()


def _make_quiet_reader() -> Any:
    from django.contrib.auth import get_user_model

    from dala.social.models import FeedEvent, Follow
    from tests.factories import ArtistFactory

    User = get_user_model()
    reader = User.objects.create_user(email="quiet-reader@bench.example", password=None)
    end = datetime(2026, 11, 1, tzinfo=UTC)
    for number in range(3):
        artist = ArtistFactory(user=User.objects.create_user(email=f"quiet-artist-{number}@bench.example",
                                                             password=None), slug=f"quiet-artist-{number}")
        Follow.objects.create(follower=reader, artist=artist)
        FeedEvent.objects.bulk_create(
            FeedEvent(actor_kind="artist", actor_id=artist.pk, artist=artist, verb="artwork.published",
                      context={"artwork": {"en": f"Quiet work {n}"}, "artist": {"en": "Quiet"}},
                      created_at=end - timedelta(days=SPAN_DAYS * n / 25 + number, seconds=n, microseconds=1))
            for n in range(25))
    return reader


def measure(user_range: list[int], samples: int, warmup: int) -> dict[str, Any]:
    from urllib.parse import urljoin

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dala.social import views

    User = get_user_model()
    rng = random.Random(SEED + 1)
    users = rng.sample(range(user_range[0], user_range[1] + 1), samples + warmup)
    times: dict[str, list[float]] = {"feed, page 1": [], f"feed, page {DEEP_PAGE}": [], "notifications, page 1": [],
                                     "notifications, page 2": []}
    rows: dict[str, list[int]] = {name: [] for name in times}
    statuses: dict[str, set[int]] = {name: set() for name in times}

    def timed(client: Client, url: str) -> tuple[float, Any]:
        began = time.perf_counter()
        response = client.get(url)
        return (time.perf_counter() - began) * 1000, response

    # One client for every user, as one server process serves them: a new Client loads the middleware again,
    # and WhiteNoise's start-up scan of the static files (~100 ms) would land in the first request timed.
    client = Client(raise_request_exception=True)
    client.get("/en/")
    for index, pk in enumerate(users):
        client.force_login(User.objects.get(pk=pk))
        record = index >= warmup
        url = "/en/feed/"
        for page in range(1, DEEP_PAGE + 1):
            elapsed, response = timed(client, url)
            html = response.content.decode()
            if page in (1, DEEP_PAGE) and record:
                name = f"feed, page {page}"
                times[name].append(elapsed)
                statuses[name].add(response.status_code)
                rows[name].append(html.count('<li class="notification'))
            following = next_link(html)
            if following is None:
                break
            url = urljoin("/en/feed/", following)
        for page, url in ((1, "/en/notifications/"), (2, "/en/notifications/?page=2")):
            elapsed, response = timed(client, url)
            if record:
                name = f"notifications, page {page}"
                times[name].append(elapsed)
                statuses[name].add(response.status_code)
                rows[name].append(response.content.decode().count('<li class="notification'))

    # Query counts, page size 20 and 50, for one user whose pages are full at both sizes.
    client.force_login(User.objects.get(pk=users[-1]))
    queries: dict[str, dict[int, int]] = {name: {} for name in times}
    saved = views.FEED_PER_PAGE, views.NOTIFICATIONS_PER_PAGE
    try:
        for size in (20, 50):
            views.FEED_PER_PAGE = views.NOTIFICATIONS_PER_PAGE = size
            url = "/en/feed/"
            for page in range(1, DEEP_PAGE + 1):
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                if page in (1, DEEP_PAGE):
                    queries[f"feed, page {page}"][size] = len(captured.captured_queries)
                following = next_link(response.content.decode())
                if following is None:
                    break
                url = urljoin("/en/feed/", following)
            for page, url in ((1, "/en/notifications/"), (2, "/en/notifications/?page=2")):
                with CaptureQueriesContext(connection) as captured:
                    client.get(url)
                queries[f"notifications, page {page}"][size] = len(captured.captured_queries)
    finally:
        views.FEED_PER_PAGE, views.NOTIFICATIONS_PER_PAGE = saved

    quiet = quiet_reader()
    client.force_login(quiet)
    for name in ("feed, page 1 (quiet follows)", "feed, page 2 (quiet follows)"):
        times[name], rows[name], statuses[name], queries[name] = [], [], set(), {}
    for repeat in range(samples // 2 + warmup):
        url = "/en/feed/"
        for page in (1, 2):
            elapsed, response = timed(client, url)
            html = response.content.decode()
            if repeat >= warmup:
                name = f"feed, page {page} (quiet follows)"
                times[name].append(elapsed)
                statuses[name].add(response.status_code)
                rows[name].append(html.count('<li class="notification'))
            url = urljoin("/en/feed/", next_link(html) or "")
    for size in (20, 50):
        views.FEED_PER_PAGE = size
        try:
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/en/feed/")
            queries["feed, page 1 (quiet follows)"][size] = len(captured.captured_queries)
            with CaptureQueriesContext(connection) as captured:
                client.get(urljoin("/en/feed/", next_link(response.content.decode()) or ""))
            queries["feed, page 2 (quiet follows)"][size] = len(captured.captured_queries)
        finally:
            views.FEED_PER_PAGE = saved[0]

    pages = []
    for name, values in times.items():
        pages.append({
            "name": name, "samples": len(values), "statuses": sorted(statuses[name]),
            "p50_ms": round(statistics.median(values), 2) if values else None,
            "p95_ms": round(percentile(values, 0.95), 2) if values else None,
            "max_ms": round(max(values), 2) if values else None,
            "rows_median": statistics.median(rows[name]) if rows[name] else 0,
            "queries_20": queries[name].get(20), "queries_50": queries[name].get(50),
        })
    return {"pages": pages}


def plans(engine: str, user_id: int) -> dict[str, str]:
    """The plan of the feed's first page and of the notifications page, for the record."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from dala.social import selectors

    user = get_user_model().objects.get(pk=user_id)
    found: dict[str, str] = {}
    # What feed_page runs for a first page of 20 (it asks for 21 rows to know whether there is a next page).
    rows = getattr(selectors, "_feed_rows", None)
    feed = rows(user, cursor=None, rows=21) if rows is not None else selectors.feed_of(user)
    for name, queryset in (("feed", feed[:21]), ("notifications", selectors.notifications_of(user)[:26])):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            if engine == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                found[name] = "\n".join(str(row[-1]) for row in cursor.fetchall())
            else:
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", params)
                found[name] = "\n".join(str(row[0]) for row in cursor.fetchall())
    return found


def normal_priority(engine: str) -> None:
    """Generation may run under `nice` on a shared machine; the timings should not. Back to priority 0 for
    this process and the PostgreSQL backend serving it (both ours), when allowed."""
    targets = [os.getpid()]
    if engine == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            targets.append(int(cursor.fetchone()[0]))
    for pid in targets:
        try:
            if os.getpriority(os.PRIO_PROCESS, pid) > 0:
                os.setpriority(os.PRIO_PROCESS, pid, 0)
        except OSError:
            print(f"feed: cannot reset the priority of process {pid}; timings may include `nice`", flush=True)


def run_engine(engine: str, scale: float, notifications_per_user: int, samples: int, warmup: int, fresh: bool,
               out: Path) -> int:
    var_dir = tempfile.mkdtemp(prefix="dala-bench-feed-")
    try:
        os.environ["DALA_VAR_DIR"] = var_dir
        os.environ["DALA_DEBUG"] = "false"
        os.environ.setdefault("DALA_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dala.settings")
        sizes = sizes_for(scale, notifications_per_user)
        db_path = RESULTS / f"feed-{scale_name(scale)}.db"
        if engine == "sqlite":
            os.environ.pop("DATABASE_URL", None)
            os.environ["DALA_SQLITE_PATH"] = str(db_path)
            RESULTS.mkdir(parents=True, exist_ok=True)
            if fresh:
                for stale in RESULTS.glob(f"feed-{scale_name(scale)}.db*"):
                    stale.unlink()
        elif not os.environ.get("DATABASE_URL"):
            print("feed: no DATABASE_URL for PostgreSQL (run through bin/with-postgres)", file=sys.stderr)
            return 2

        import django

        django.setup()
        import logging

        from django.core.management import call_command
        from django.db import connection

        from dala.social.models import FeedEvent

        logging.getLogger("django.request").setLevel(logging.CRITICAL)
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        manifest = RESULTS / f"feed-{scale_name(scale)}.db.json"
        if engine == "sqlite" and manifest.exists() and FeedEvent.objects.exists():
            built = json.loads(manifest.read_text())
            built["reused"] = True
            print(f"feed: reusing {db_path}", flush=True)
        else:
            print(f"feed: {engine}: generating {json.dumps(sizes)}", flush=True)
            built = build(engine, sizes)
            built["generation_s"] = round(time.perf_counter() - started, 1)
            built["reused"] = False
            if engine == "sqlite":
                manifest.write_text(json.dumps(built))
        call_command("collectstatic", verbosity=0, interactive=False)
        normal_priority(engine)
        with connection.cursor() as cursor:
            if engine == "sqlite":
                cursor.execute("SELECT sqlite_version()")
                version = str(cursor.fetchone()[0])
                size_mb = round(db_path.stat().st_size / 2**20)
            else:
                cursor.execute("SHOW server_version")
                version = str(cursor.fetchone()[0])
                cursor.execute("SELECT pg_database_size(current_database())")
                size_mb = round(cursor.fetchone()[0] / 2**20)
        print(f"feed: {engine} {version}, {size_mb} MB; measuring {samples} users", flush=True)
        began = time.perf_counter()
        measured = measure(built["user_ids"], samples, warmup)
        result = {"engine": engine, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "version": version,
                  "size_mb": size_mb, "sizes": sizes, "build": built,
                  "measure_s": round(time.perf_counter() - began, 1), **measured,
                  "plans": plans(engine, built["user_ids"][0] + 7)}
        out.write_text(json.dumps(result, indent=2))
        return 0
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# The parent: one child per engine, then the results files.


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Feed and notifications pages, scale {result['scale']:g}",
        "",
        f"{result['date']} · Python {result['python']} · {result['cpu_count']} CPUs · DEBUG off · "
        f"{result['samples']} random users (after {result['warmup']} warm-up users), each logged in, "
        "through django.test.Client",
        f"Load average (1/5/15 min) before: {' / '.join(f'{x:.2f}' for x in result['load_average_before'])}, "
        f"after: {' / '.join(f'{x:.2f}' for x in result['load_average_after'])}.",
        "",
    ]
    for name, why in result.get("skipped", {}).items():
        lines += [f"{name}: skipped ({why}).", ""]
    for engine in result["engines"]:
        rows = engine["build"]["rows"]
        built = engine["build"]
        how = (f"generated in {built.get('generation_s')} s (" + ", ".join(
            f"{k.removesuffix('_s')} {v} s" for k, v in built["timings"].items()) + ")"
            + ("; this run reused that cached database" if built.get("reused") else ""))
        lines += [
            f"## {engine['engine']} {engine['version']} ({engine.get('date', result['date'])})",
            "",
            f"Data: {rows.get('accounts_user', 0):,} users, {rows.get('accounts_artistprofile', 0):,} artists, "
            f"{rows.get('accounts_galleryprofile', 0):,} galleries, {rows.get('accounts_criticprofile', 0):,} "
            f"critics, {rows.get('catalog_subject', 0):,} subjects, {rows.get('catalog_artwork', 0):,} artworks, "
            f"{rows.get('social_follow', 0):,} follows, {rows.get('social_feedevent', 0):,} feed events, "
            f"{rows.get('social_notification', 0):,} notifications; database {engine['size_mb']:,} MB; {how}.",
            "",
            "| page | status | p50 ms | p95 ms | max ms | rows shown (median) | queries, page size 20 | "
            "queries, page size 50 |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for page in engine["pages"]:
            lines.append(f"| {page['name']} | {', '.join(map(str, page['statuses']))} | {page['p50_ms']} | "
                         f"{page['p95_ms']} | {page['max_ms']} | {page['rows_median']} | {page['queries_20']} | "
                         f"{page['queries_50']} |")
        lines += ["", "Plans (feed's first page; notifications' first page):", ""]
        for name, plan in engine["plans"].items():
            lines += [f"{name}:", "", "```", plan, "```", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100 000 users, 10 M follows and events")
    parser.add_argument("--notifications-per-user", type=int, default=100)
    parser.add_argument("--samples", type=int, default=200, help="users measured")
    parser.add_argument("--warmup", type=int, default=20, help="users requested first, not measured")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: sqlite,postgresql")
    parser.add_argument("--fresh", action="store_true", help="generate the SQLite database again")
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.engine:
        return run_engine(args.engine, args.scale, args.notifications_per_user, args.samples, args.warmup,
                          args.fresh, args.out)

    load_before = list(os.getloadavg())
    engines, skipped, failures = run_children("feed", __file__, args.engines, lambda out: [
        "--scale", str(args.scale), "--notifications-per-user", str(args.notifications_per_user),
        "--samples", str(args.samples), "--warmup", str(args.warmup)] + (["--fresh"] if args.fresh else []))
    if not engines:
        return 1
    stem = f"feed-{scale_name(args.scale)}"
    engines = with_earlier(RESULTS / f"{stem}.json", engines, skipped)
    result = {
        "scale": args.scale, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(), "cpu_count": os.cpu_count(), "samples": args.samples,
        "warmup": args.warmup, "engines": engines, "skipped": skipped, "load_average_before": load_before,
        "load_average_after": list(os.getloadavg()),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    table = markdown(result)
    (RESULTS / f"{stem}.md").write_text(table)
    print(table, flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
