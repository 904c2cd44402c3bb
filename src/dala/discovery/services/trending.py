"""The trending score of works and artists: recent views, saves, follows, reviews and offers, each weighted
and decayed by age, recomputed by the periodic task ``tasks.trending.refresh_trending`` (never on a page).

A signal ``i`` days old (in Asia/Almaty days) counts ``0.5 ** (24 * i / half_life_hours)`` of a fresh one.
Each signal is summed per work (or artist) in the database, one GROUP BY per signal, with the decay as a
CASE over the days of the window; Python only adds the few per-target sums and keeps the top N.

Settings (with defaults): ``DALA_TRENDING_WINDOW_DAYS`` (14), ``DALA_TRENDING_HALF_LIFE_HOURS`` (72),
``DALA_TRENDING_WEIGHTS`` ({"views": 1, "saves": 3, "follows": 4, "reviews": 8, "offers": 6}),
``DALA_TRENDING_SIZE`` (100 of each kind), ``DALA_TRENDING_REFRESH_MINUTES`` (60, see the task).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Exists, F, FloatField, Max, OuterRef, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork, Availability
from dala.critique.models import Review
from dala.market.selectors.offers import opening_offers
from dala.social.models import Follow

from ..models import DailyViews, SavedWork, TrendingKind, TrendingScore

SIGNALS = ("views", "saves", "follows", "reviews", "offers")
DEFAULT_WEIGHTS = {"views": 1.0, "saves": 3.0, "follows": 4.0, "reviews": 8.0, "offers": 6.0}
DEFAULT_WINDOW_DAYS = 14
DEFAULT_HALF_LIFE_HOURS = 72.0
DEFAULT_SIZE = 100
# When the last computation ran, even one that found nothing to rank (so the task need not run again).
COMPUTED_AT_CACHE_KEY = "discovery:trending:computed-at"


def weights() -> dict[str, float]:
    configured = getattr(settings, "DALA_TRENDING_WEIGHTS", None) or {}
    return {name: float(configured.get(name, default)) for name, default in DEFAULT_WEIGHTS.items()}


@dataclass(frozen=True)
class Window:
    """The days the score looks at: day 0 is today (Asia/Almaty), each with its decay factor."""

    days: list[datetime.date]  # newest first
    starts: list[datetime.datetime]  # the aware start of each day
    factors: list[float]

    @classmethod
    def ending(cls, now: datetime.datetime) -> Window:
        length = max(1, int(getattr(settings, "DALA_TRENDING_WINDOW_DAYS", DEFAULT_WINDOW_DAYS)))
        half_life = float(getattr(settings, "DALA_TRENDING_HALF_LIFE_HOURS", DEFAULT_HALF_LIFE_HOURS))
        today = timezone.localtime(now, timezone.get_default_timezone()).date()
        zone = timezone.get_default_timezone()
        days = [today - datetime.timedelta(days=age) for age in range(length)]
        starts = [datetime.datetime.combine(day, datetime.time.min, tzinfo=zone) for day in days]
        factors = [0.5 ** (24 * age / half_life) if half_life > 0 else 1.0 for age in range(length)]
        return cls(days, starts, factors)

    @property
    def first_day(self) -> datetime.date:
        return self.days[-1]

    @property
    def start(self) -> datetime.datetime:
        return self.starts[-1]

    def decay(self, field: str, *, by_day: bool = False) -> Case:
        """The decay factor of a row, by its date (``by_day``) or timestamp ``field``: newest bucket first,
        so the first WHEN that holds is the row's own day."""
        bounds: Iterable[Any] = self.days if by_day else self.starts
        return Case(*[When(**{f"{field}__gte": bound}, then=Value(factor))
                      for bound, factor in zip(bounds, self.factors, strict=True)],
                    default=Value(0.0), output_field=FloatField())

    def factor_at(self, moment: datetime.datetime | None) -> float:
        if moment is None:
            return 0.0
        for start, factor in zip(self.starts, self.factors, strict=True):
            if moment >= start:
                return factor
        return 0.0


def trending_artworks() -> QuerySet[Artwork]:
    """Works that may trend: public (listed) and not sold."""
    return Artwork.objects.listed().exclude(availability=Availability.SOLD)


def trending_artists() -> QuerySet[ArtistProfile]:
    """Artists who may trend: public, with at least one public work."""
    return ArtistProfile.objects.filter(is_public=True).filter(
        Exists(Artwork.objects.listed().filter(artist=OuterRef("pk"))))


def _sums(queryset: QuerySet[Any], key: str, amount: Any) -> dict[int, float]:
    """``{key: SUM(amount)}`` in one GROUP BY."""
    rows = queryset.order_by().values(key).annotate(total=Sum(amount, output_field=FloatField()))
    return {row[key]: float(row["total"] or 0.0) for row in rows if row[key] is not None and row["total"]}


def _review_time(published_at: datetime.datetime | None,
                 publish_at: datetime.datetime | None) -> datetime.datetime | None:
    """When a review reached readers: its publication, or the end of its embargo if later."""
    if published_at is None or publish_at is None:
        return published_at or publish_at
    return max(published_at, publish_at)


def _visible_reviews(window: Window) -> QuerySet[Review]:
    return Review.objects.visible().filter(Q(published_at__gte=window.start) | Q(publish_at__gte=window.start))


def _artwork_signals(window: Window) -> dict[str, dict[int, float]]:
    works = trending_artworks().values("pk")
    views = _sums(DailyViews.objects.filter(artwork_id__in=works, day__gte=window.first_day), "artwork_id",
                  F("views") * window.decay("day", by_day=True))
    saves = _sums(SavedWork.objects.filter(artwork_id__in=works, created_at__gte=window.start), "artwork_id",
                  window.decay("created_at"))
    # A negotiation counts once, by the buyer's first offer (its answers are the same interest).
    offers = _sums(opening_offers().filter(artwork_id__in=works, created_at__gte=window.start), "artwork_id",
                   window.decay("created_at"))
    # Reviews are few (critics write a handful a week): their dates are read and decayed here.
    reviews: dict[int, float] = defaultdict(float)
    links = Review.artworks.through.objects.filter(review__in=_visible_reviews(window), artwork_id__in=works)
    for artwork_id, published_at, publish_at in links.values_list("artwork_id", "review__published_at",
                                                                   "review__publish_at"):
        reviews[artwork_id] += window.factor_at(_review_time(published_at, publish_at))
    return {"views": views, "saves": saves, "offers": offers, "reviews": dict(reviews)}


def _artist_signals(window: Window) -> dict[str, dict[int, float]]:
    artists = trending_artists().values("pk")
    listed = Artwork.objects.listed().values("pk")
    # Views of the artist's page and of their public works.
    views = _sums(DailyViews.objects.filter(artist_id__in=artists, day__gte=window.first_day)
                  .filter(Q(artwork__isnull=True) | Q(artwork_id__in=listed)), "artist_id",
                  F("views") * window.decay("day", by_day=True))
    saves = _sums(SavedWork.objects.filter(artwork__artist_id__in=artists, artwork_id__in=listed,
                                           created_at__gte=window.start), "artwork__artist_id",
                  window.decay("created_at"))
    follows = _sums(Follow.objects.filter(artist_id__in=artists, created_at__gte=window.start), "artist_id",
                    window.decay("created_at"))
    offers = _sums(opening_offers().filter(artwork__artist_id__in=artists, artwork_id__in=listed,
                                           created_at__gte=window.start),
                   "artwork__artist_id", window.decay("created_at"))
    # A review counts once for an artist, whether it is about them, one of their works, or several.
    seen: dict[tuple[int, int], datetime.datetime | None] = {}
    recent = _visible_reviews(window)
    for review_id, artist_id, published_at, publish_at in recent.filter(artist_id__in=artists).values_list(
            "pk", "artist_id", "published_at", "publish_at"):
        seen[(review_id, artist_id)] = _review_time(published_at, publish_at)
    links = Review.artworks.through.objects.filter(review__in=recent, artwork__artist_id__in=artists,
                                                   artwork_id__in=listed)
    for review_id, artist_id, published_at, publish_at in links.values_list(
            "review_id", "artwork__artist_id", "review__published_at", "review__publish_at"):
        seen[(review_id, artist_id)] = _review_time(published_at, publish_at)
    reviews: dict[int, float] = defaultdict(float)
    for (_review_id, artist_id), moment in seen.items():
        reviews[artist_id] += window.factor_at(moment)
    return {"views": views, "saves": saves, "follows": follows, "offers": offers, "reviews": dict(reviews)}


def _ranked(signals: dict[str, dict[int, float]], size: int) -> list[tuple[int, float, dict[str, float]]]:
    """The ``size`` best targets by weighted sum, best first (ties: the lower id first)."""
    weight = weights()
    parts: dict[int, dict[str, float]] = defaultdict(dict)
    for name, sums in signals.items():
        for target, amount in sums.items():
            contribution = weight[name] * amount
            if contribution:
                parts[target][name] = round(contribution, 4)
    scored = [(target, round(sum(by_signal.values()), 4), by_signal) for target, by_signal in parts.items()]
    scored = [row for row in scored if row[1] > 0]
    scored.sort(key=lambda row: (-row[1], row[0]))
    return scored[:size]


@dataclass(frozen=True)
class TrendingResult:
    artworks: int
    artists: int
    computed_at: datetime.datetime


def recompute_trending(now: datetime.datetime | None = None) -> TrendingResult:
    """Recompute both rankings and replace every TrendingScore row in one transaction."""
    now = now or timezone.now()
    window = Window.ending(now)
    size = max(1, int(getattr(settings, "DALA_TRENDING_SIZE", DEFAULT_SIZE)))
    works = _ranked(_artwork_signals(window), size)
    artists = _ranked(_artist_signals(window), size)
    rows = [TrendingScore(kind=TrendingKind.ARTWORK, artwork_id=target, score=score, rank=rank, parts=parts,
                          computed_at=now)
            for rank, (target, score, parts) in enumerate(works, start=1)]
    rows += [TrendingScore(kind=TrendingKind.ARTIST, artist_id=target, score=score, rank=rank, parts=parts,
                           computed_at=now)
             for rank, (target, score, parts) in enumerate(artists, start=1)]
    with transaction.atomic():
        TrendingScore.objects.all().delete()
        TrendingScore.objects.bulk_create(rows)
    cache.set(COMPUTED_AT_CACHE_KEY, now, timeout=None)
    return TrendingResult(artworks=len(works), artists=len(artists), computed_at=now)


def last_computed_at() -> datetime.datetime | None:
    """When the scores were last computed: the newest stored row, or the last run that stored none."""
    stored = TrendingScore.objects.aggregate(last=Max("computed_at"))["last"]
    remembered = cache.get(COMPUTED_AT_CACHE_KEY)
    moments = [moment for moment in (stored, remembered) if moment is not None]
    return max(moments) if moments else None


def refresh_trending(now: datetime.datetime | None = None) -> TrendingResult | None:
    """Recompute if the last computation is older than ``DALA_TRENDING_REFRESH_MINUTES`` (or there is
    none); otherwise do nothing (one cheap query), so the scheduler may call it every minute."""
    now = now or timezone.now()
    minutes = float(getattr(settings, "DALA_TRENDING_REFRESH_MINUTES", 60))
    last = last_computed_at()
    if last is not None and now - last < datetime.timedelta(minutes=minutes):
        return None
    return recompute_trending(now)
