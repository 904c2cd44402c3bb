"""Events for the dashboard tests: views, saves, follows, reviews and offers at chosen moments."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from dala.catalog.models import Artwork
from dala.discovery.models import DailyViews, SavedWork
from dala.market.models import Offer, Side
from dala.social.models import Follow
from tests.factories import UserFactory

ALMATY = ZoneInfo("Asia/Almaty")


def today() -> date:
    return timezone.localdate(timezone=ALMATY)


def noon(day: date) -> datetime:
    """Midday in Almaty on ``day``: far from any day boundary."""
    return datetime.combine(day, time(12), tzinfo=ALMATY)


def days_ago(n: int) -> datetime:
    return noon(today() - timedelta(days=n))


def views(artwork: Artwork | None, *, artist: Any = None, day: date, count: int) -> DailyViews:
    return DailyViews.objects.create(artist=artist or artwork.artist, artwork=artwork,  # type: ignore[union-attr]
                                     day=day, views=count)


def save(artwork: Artwork, at: datetime) -> SavedWork:
    return SavedWork.objects.create(user=UserFactory(), artwork=artwork, created_at=at)


def follow(artist: Any, at: datetime) -> Follow:
    return Follow.objects.create(follower=UserFactory(), artist=artist, created_at=at)


def offer(artwork: Artwork, at: datetime, **overrides: Any) -> Offer:
    buyer = UserFactory()
    fields: dict[str, Any] = {"artwork": artwork, "buyer": buyer, "made_by": buyer, "side": Side.BUYER,
                              "amount": 100_000_000, "currency": "KZT", "expires_at": at + timedelta(days=7),
                              "created_at": at}
    fields.update(overrides)
    return Offer.objects.create(**fields)
