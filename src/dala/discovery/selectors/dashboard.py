"""The artist's dashboard: views, saves, follows, reviews and offers over a period, by day (by week for a
year), for the whole studio or one work.

Each series is one aggregate query (GROUP BY the Asia/Almaty day) over the period and the one before it,
zero-filled here; the top-works table is one more query. So a dashboard costs the same number of queries
for 7 days as for 365, and for one work as for five hundred.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, DateTimeField, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dala.accounts.models import ArtistProfile
from dala.catalog import errors as catalog_errors
from dala.catalog.models import Artwork
from dala.core.errors import DomainError, NotFound
from dala.critique.selectors import readable_reviews
from dala.market.models import Offer
from dala.market.selectors.offers import opening_offers
from dala.social.models import Follow

from ..errors import INVALID_PERIOD
from ..models import DailyViews, SavedWork

PERIODS = (7, 30, 90, 365)
DEFAULT_PERIOD = 30
# From this many days on, the series are shown by week (Monday to Sunday, clipped to the period).
WEEKLY_FROM = 365
TOP_WORKS = 10
TOP_WORKS_ORDERS = ("views", "saves", "offers")

METRIC_LABELS: dict[str, Any] = {
    "views": gettext_lazy("Views"),
    "saves": gettext_lazy("Saves"),
    "follows": gettext_lazy("New followers"),
    "reviews": gettext_lazy("Reviews"),
    "offers": gettext_lazy("Offers"),
}
STUDIO_METRICS = ("views", "saves", "follows", "reviews", "offers")
WORK_METRICS = ("views", "saves", "reviews", "offers")


def almaty() -> ZoneInfo:
    return ZoneInfo("Asia/Almaty")


def parse_days(value: Any) -> int:
    """The period a request asks for (``?days=``): one of PERIODS, DEFAULT_PERIOD when not given."""
    if value is None or value == "":
        return DEFAULT_PERIOD
    try:
        days = int(str(value).strip())
    except ValueError:
        days = 0
    if days not in PERIODS:
        raise DomainError(INVALID_PERIOD,
                          _("Choose a period of %(choices)s days.") % {"choices": ", ".join(map(str, PERIODS))},
                          field="days")
    return days


@dataclass(frozen=True)
class Period:
    """``days`` days ending today (Asia/Almaty), and the same length just before, for comparison."""

    days: int
    end: date

    @classmethod
    def ending_today(cls, days: int) -> Period:
        return cls(days=days, end=timezone.localdate(timezone=almaty()))

    @property
    def start(self) -> date:
        return self.end - timedelta(days=self.days - 1)

    @property
    def previous_start(self) -> date:
        return self.start - timedelta(days=self.days)

    @property
    def weekly(self) -> bool:
        return self.days >= WEEKLY_FROM

    def bucket_of(self, day: date) -> date:
        """The first day of the bar ``day`` counts in: the day itself, or its week's Monday (not before start)."""
        if not self.weekly:
            return day
        return max(day - timedelta(days=day.weekday()), self.start)

    def buckets(self) -> list[date]:
        seen: dict[date, None] = {}
        day = self.start
        while day <= self.end:
            seen.setdefault(self.bucket_of(day), None)
            day += timedelta(days=1)
        return list(seen)

    def moments(self) -> tuple[datetime, datetime]:
        """From the start of the previous period to the end of today, as aware datetimes."""
        zone = almaty()
        return (datetime.combine(self.previous_start, time.min, tzinfo=zone),
                datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone))


@dataclass(frozen=True)
class Point:
    day: date
    value: int


@dataclass
class Series:
    """One metric over the period: a point per bucket, the total, and the total of the period before."""

    key: str
    points: list[Point]
    total: int
    previous_total: int
    weekly: bool = False

    @property
    def label(self) -> str:
        return str(METRIC_LABELS[self.key])

    @property
    def change(self) -> int:
        return self.total - self.previous_total

    @property
    def change_percent(self) -> int | None:
        """Rounded change on the previous period in percent; None when there was nothing before."""
        if self.previous_total == 0:
            return None
        return round(100 * self.change / self.previous_total)


@dataclass
class Dashboard:
    period: Period
    series: list[Series]
    top_works: list[Artwork] = field(default_factory=list)
    artwork: Artwork | None = None

    def __getitem__(self, key: str) -> Series:
        """One series by its metric; a KeyError otherwise (so templates fall back to attributes)."""
        for series in self.series:
            if series.key == key:
                return series
        raise KeyError(key)


def _series(key: str, period: Period, by_day: Mapping[date, int]) -> Series:
    """Zero-fill one metric's per-day counts into the period's buckets and total both periods."""
    values = dict.fromkeys(period.buckets(), 0)
    previous = 0
    for day, count in by_day.items():
        if day is None:
            continue
        if period.start <= day <= period.end:
            values[period.bucket_of(day)] += int(count or 0)
        elif period.previous_start <= day < period.start:
            previous += int(count or 0)
    points = [Point(day, value) for day, value in values.items()]
    return Series(key=key, points=points, total=sum(values.values()), previous_total=previous,
                  weekly=period.weekly)


def _count_by_day(queryset: QuerySet[Any], moment: str, period: Period) -> dict[date, int]:
    """One GROUP BY query: how many rows of ``queryset`` fall on each Almaty day of both periods."""
    since, until = period.moments()
    rows = (queryset.filter(**{f"{moment}__gte": since, f"{moment}__lt": until})
            .annotate(bucket_day=TruncDate(moment, tzinfo=almaty()))
            .order_by().values("bucket_day").annotate(n=Count("pk", distinct=True)).values_list("bucket_day", "n"))
    return dict(rows)


def _views_by_day(rows: QuerySet[DailyViews], period: Period) -> dict[date, int]:
    return dict(rows.filter(day__gte=period.previous_start, day__lte=period.end).order_by().values("day")
                .annotate(n=Sum("views")).values_list("day", "n"))


def _reviews(*, artist: ArtistProfile | None = None, artwork: Artwork | None = None) -> QuerySet[Any]:
    """Reviews the public may read about the artist (or any of their works) or about one work, with the
    moment each became readable (the end of its embargo, else its publication)."""
    reviews = readable_reviews(artwork_id=artwork.pk if artwork is not None else None,
                               artist_id=artist.pk if artist is not None else None)
    return reviews.annotate(readable_at=Coalesce("publish_at", "published_at", output_field=DateTimeField()))


def _offers() -> QuerySet[Offer]:
    """Offers received: the buyer's first offer of each negotiation (counter-offers are not new offers)."""
    return opening_offers()


def studio_dashboard(artist: ArtistProfile, *, days: int = DEFAULT_PERIOD,
                     order: str = "views") -> Dashboard:
    """The whole studio's statistics over ``days`` days, and its top works (seven queries)."""
    period = Period.ending_today(days)
    counts = {
        "views": _views_by_day(DailyViews.objects.filter(artist=artist), period),
        "saves": _count_by_day(SavedWork.objects.filter(artwork__artist=artist), "created_at", period),
        "follows": _count_by_day(Follow.objects.filter(artist=artist), "created_at", period),
        "reviews": _count_by_day(_reviews(artist=artist), "readable_at", period),
        "offers": _count_by_day(_offers().filter(artwork__artist=artist), "created_at", period),
    }
    return Dashboard(period=period, series=[_series(key, period, counts[key]) for key in STUDIO_METRICS],
                     top_works=top_works(artist, period, order=order))


def work_dashboard(artwork: Artwork, *, days: int = DEFAULT_PERIOD) -> Dashboard:
    """One work's statistics over ``days`` days (four queries)."""
    period = Period.ending_today(days)
    counts = {
        "views": _views_by_day(DailyViews.objects.filter(artwork=artwork), period),
        "saves": _count_by_day(SavedWork.objects.filter(artwork=artwork), "created_at", period),
        "reviews": _count_by_day(_reviews(artwork=artwork), "readable_at", period),
        "offers": _count_by_day(_offers().filter(artwork=artwork), "created_at", period),
    }
    return Dashboard(period=period, series=[_series(key, period, counts[key]) for key in WORK_METRICS],
                     artwork=artwork)


def top_works(artist: ArtistProfile, period: Period, *, order: str = "views",
              limit: int = TOP_WORKS) -> list[Artwork]:
    """The artist's works (not deleted) with the most views, saves or offers in the period, each annotated
    with ``period_views``, ``period_saves`` and ``period_offers``: one query, however many works."""
    if order not in TOP_WORKS_ORDERS:
        order = "views"
    since, until = period.start, period.end
    zone = almaty()
    moment_from = datetime.combine(since, time.min, tzinfo=zone)
    moment_to = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
    views = (DailyViews.objects.filter(artwork=OuterRef("pk"), day__gte=since, day__lte=until).order_by()
             .values("artwork").annotate(n=Sum("views")).values("n"))
    saves = (SavedWork.objects.filter(artwork=OuterRef("pk"), created_at__gte=moment_from, created_at__lt=moment_to)
             .order_by().values("artwork").annotate(n=Count("pk")).values("n"))
    offers = (_offers().filter(artwork=OuterRef("pk"), created_at__gte=moment_from, created_at__lt=moment_to)
              .order_by().values("artwork").annotate(n=Count("pk")).values("n"))
    zero = Value(0, output_field=IntegerField())
    works = (Artwork.objects.alive().filter(artist=artist)
             .annotate(period_views=Coalesce(Subquery(views, output_field=IntegerField()), zero),
                       period_saves=Coalesce(Subquery(saves, output_field=IntegerField()), zero),
                       period_offers=Coalesce(Subquery(offers, output_field=IntegerField()), zero)))
    others = [name for name in TOP_WORKS_ORDERS if name != order]
    ordering = [f"-period_{order}", *(f"-period_{name}" for name in others), "-created_at", "-id"]
    return list(works.order_by(*ordering)[:limit])


def dashboard_artwork(artist: ArtistProfile, artwork_id: int) -> Artwork:
    """One of ``artist``'s own (not deleted) works; anyone else's is reported as not found (one query)."""
    artwork = Artwork.objects.alive().filter(pk=artwork_id, artist=artist).first()
    if artwork is None:
        raise NotFound(catalog_errors.NOT_FOUND, _("There is no such work in your studio."))
    return artwork
