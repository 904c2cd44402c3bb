"""`dala demo_discovery [--if-empty] [--seed S]`: the discovery features filled in, after `dala demo` and
`dala demo_market`.

Sixty days of page views (Asia/Almaty days) for every public work and artist page, rising towards today,
Bakhyt Naoko's works the most seen; the collector's saved works (two of Naoko's among them) and a saved
search with alerts; the collector and the curator following Naoko. Then trending and the similar lists
are recomputed, so the home page, /trending/, the work pages and Naoko's studio dashboard show them at once.

Idempotent: only missing view rows are written (a page's views on a day depend on the seed, the page
and the day alone), saves and follows are made once; a run that writes nothing recomputes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from dala.accounts.models import ArtistProfile, User
from dala.catalog.demo.people import COLLECTOR, CURATOR, NAOKO
from dala.catalog.models import Artwork, Availability, Medium
from dala.catalog.selectors import BrowseFilters
from dala.social import services as social
from dala.social.models import Follow, FollowKind

from ...models import DailyViews, SavedSearch, SavedWork, SimilarArtwork, TrendingScore
from ...services import saves, similar, trending
from ...services.views import local_day

DAYS = 60
BATCH = 2000
# The collector's saves: how many days ago each was made (two of Naoko's works first, then others).
SAVED_DAYS_AGO = (2, 9, 5, 16, 24)
NAOKO_SAVES = 2
SEARCH_NAME = "Oil paintings under 2 000 000 ₸"
SEARCH_PARAMS = {"medium": "oil", "price_max": "2000000", "currency": "KZT"}
SEARCH_DAYS_AGO = 11
# Who follows Naoko, and how many days ago they started.
FOLLOWERS = ((COLLECTOR.email, 20), (CURATOR.email, 6))


@dataclass
class Made:
    views: int = 0
    saves: int = 0
    searches: int = 0
    follows: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.views or self.saves or self.searches or self.follows)


class Command(BaseCommand):
    help = ("Fill the discovery features for the demo (views, saves, a saved search, follows) and recompute "
            "trending and similar works, after `dala demo` and `dala demo_market`.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing if there is any saved work or daily views row")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (the same seed, the same views)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and (SavedWork.objects.exists() or DailyViews.objects.exists()):
            if options["verbosity"] >= 1:
                self.stdout.write("Discovery demo: there are views or saved works already; nothing to do.")
            return
        people = _people()
        naoko = ArtistProfile.objects.filter(user=people["naoko"]).first()
        if naoko is None:
            raise CommandError(f"Run `dala demo` first: {NAOKO.email} has no artist profile.")
        made = Made()
        now = timezone.now()
        with transaction.atomic():
            made.views = write_views(naoko_id=naoko.pk, seed=options["seed"], today=local_day(now))
            made.saves = save_works(collector=people["collector"], naoko_id=naoko.pk, seed=options["seed"], now=now)
            made.searches = save_search(collector=people["collector"], now=now)
            made.follows = follow_naoko(people, naoko_id=naoko.pk, now=now)
        recomputed = ""
        if made.anything or not TrendingScore.objects.exists():
            result = trending.recompute_trending()
            recomputed += f"; trending {result.artworks} works, {result.artists} artists"
        if made.anything or not SimilarArtwork.objects.exists():
            recomputed += f"; {similar.recompute_all_similar()} similar lists"
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(
                f"Discovery demo: {made.views} daily views rows, {made.saves} saved works, {made.searches} saved "
                f"search{'' if made.searches == 1 else 'es'}, {made.follows} follows"
                f"{recomputed or '; nothing to recompute'}."))


def _people() -> dict[str, User]:
    emails = {"naoko": NAOKO.email, "collector": COLLECTOR.email, "curator": CURATOR.email}
    found = {user.email: user for user in User.objects.filter(email__in=emails.values())}
    missing = sorted(set(emails.values()) - set(found))
    if missing:
        raise CommandError(f"Run `dala demo` first: {', '.join(missing)} not found.")
    return {role: found[email] for role, email in emails.items()}


# --- views -----------------------------------------------------------------------------------------------

def _level(popularity: float, age: int) -> float:
    """Expected views of a page ``age`` days ago: a rising trend (today about three times the level of
    sixty days ago)."""
    return popularity * (0.35 + 0.65 * (DAYS - 1 - age) / (DAYS - 1))


def _views_on(key: str, popularity: float, day: datetime.date, age: int, seed: int) -> int:
    """A page's views on ``day``: its trend, a weekend lift and noise seeded by the page and the day alone,
    so a run on another day (or with some rows already there) gives the same number for the same day."""
    rng = random.Random(f"{seed}:{key}:{day.isoformat()}")
    weekend = 1.3 if day.weekday() >= 5 else 1.0
    return max(0, round(_level(popularity, age) * weekend * rng.uniform(0.6, 1.4) - rng.random()))


def _popularity(key: str, seed: int, *, naoko: bool, artist_page: bool) -> float:
    """Views a day at today's level: Naoko's works far above everyone else's; artist pages in between."""
    rng = random.Random(f"{seed}:{key}")
    if artist_page:
        return rng.uniform(30, 45) if naoko else rng.uniform(2, 10)
    return rng.uniform(14, 24) if naoko else rng.lognormvariate(0.8, 0.6)


def write_views(*, naoko_id: int, seed: int, today: datetime.date) -> int:
    """DailyViews for the last DAYS days of every public work and public artist page; only the rows that
    are missing are written (bulk). Returns how many."""
    first = today - datetime.timedelta(days=DAYS - 1)
    pages: list[tuple[int, int | None]] = list(
        Artwork.objects.listed().order_by("pk").values_list("artist_id", "pk"))
    pages += [(pk, None) for pk in ArtistProfile.objects.filter(is_public=True).order_by("pk")
              .values_list("pk", flat=True)]
    # What is there already: (artwork id, day) for a work's row, (artist id, day) for an artist page's.
    existing: set[tuple[str, int, datetime.date]] = {
        ("artwork", artwork_id, day) if artwork_id is not None else ("artist", artist_id, day)
        for artist_id, artwork_id, day in DailyViews.objects.filter(day__gte=first, day__lte=today)
        .values_list("artist_id", "artwork_id", "day")}
    rows: list[DailyViews] = []
    for artist_id, artwork_id in pages:
        kind, pk = ("artwork", artwork_id) if artwork_id is not None else ("artist", artist_id)
        key = f"{kind}:{pk}"
        popularity = _popularity(key, seed, naoko=artist_id == naoko_id, artist_page=artwork_id is None)
        for age in range(DAYS):
            day = today - datetime.timedelta(days=age)
            if (kind, pk, day) in existing:
                continue
            views = _views_on(key, popularity, day, age, seed)
            if views:
                rows.append(DailyViews(artist_id=artist_id, artwork_id=artwork_id, day=day, views=views))
    DailyViews.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


# --- saves, the saved search, follows ----------------------------------------------------------------------

def _moment(now: datetime.datetime, days_ago: int, hour: int) -> datetime.datetime:
    """``days_ago`` days before ``now`` at ``hour`` o'clock in Almaty (never in the future)."""
    zone = timezone.get_default_timezone()
    day = timezone.localtime(now, zone).date() - datetime.timedelta(days=days_ago)
    return min(now, datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone))


def _works_to_save(*, naoko_id: int, seed: int) -> list[int]:
    """Two of Naoko's public, unsold works and three others, each by a different artist (by the seed)."""
    candidates = list(Artwork.objects.listed().exclude(availability=Availability.SOLD).order_by("pk")
                      .values_list("pk", "artist_id"))
    chosen = [pk for pk, artist_id in candidates if artist_id == naoko_id][:NAOKO_SAVES]
    others = [(pk, artist_id) for pk, artist_id in candidates if artist_id != naoko_id]
    random.Random(f"{seed}:saves").shuffle(others)
    artists: set[int] = set()
    for pk, artist_id in others:
        if len(chosen) >= len(SAVED_DAYS_AGO):
            break
        if artist_id not in artists:
            artists.add(artist_id)
            chosen.append(pk)
    return chosen


def save_works(*, collector: User, naoko_id: int, seed: int, now: datetime.datetime) -> int:
    """The collector saves the chosen works through the service; a new save is dated back (the service
    cannot). Returns how many saves are new."""
    made = 0
    for index, artwork_id in enumerate(_works_to_save(naoko_id=naoko_id, seed=seed)):
        save, created = saves.save_work(user=collector, artwork_id=artwork_id)
        if created:
            SavedWork.objects.filter(pk=save.pk).update(
                created_at=_moment(now, SAVED_DAYS_AGO[index], 10 + 2 * index))
            made += 1
    return made


def save_search(*, collector: User, now: datetime.datetime) -> int:
    """The collector's saved search with alerts, unless they already have one of that name."""
    if SavedSearch.objects.filter(user=collector, name=SEARCH_NAME).exists():
        return 0
    if not Medium.objects.filter(slug=SEARCH_PARAMS["medium"]).exists():
        raise CommandError(f"Run `dala demo` first: there is no medium {SEARCH_PARAMS['medium']!r}.")
    filters = BrowseFilters.from_params(SEARCH_PARAMS)
    if filters.problems:
        raise CommandError(f"The demo's saved search has bad filters: {filters.problems}")
    search = saves.save_search(user=collector, params=filters.as_params(), name=SEARCH_NAME, alerts=True)
    SavedSearch.objects.filter(pk=search.pk).update(created_at=_moment(now, SEARCH_DAYS_AGO, 21))
    return 1


def follow_naoko(people: dict[str, User], *, naoko_id: int, now: datetime.datetime) -> int:
    """The collector and the curator follow Naoko (through the service); a new follow is dated back."""
    by_email = {user.email: user for user in people.values()}
    made = 0
    for email, days_ago in FOLLOWERS:
        follow, created = social.follow(user=by_email[email], kind=FollowKind.ARTIST, target_id=naoko_id)
        if created:
            Follow.objects.filter(pk=follow.pk).update(created_at=_moment(now, days_ago, 19))
            made += 1
    return made
