"""Helpers for the trending tests: activity on works and artists at a given time."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from dala.discovery.models import DailyViews, SavedWork
from dala.market.models import Offer
from dala.social.models import Follow
from tests.critique.factories import ReviewFactory
from tests.factories import UserFactory

# A fixed "now" for the score tests: noon in Almaty.
NOW = datetime.datetime(2026, 5, 20, 7, 0, tzinfo=datetime.UTC)


def days_ago(days: float, now: datetime.datetime = NOW) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def viewed(work: Any = None, *, artist: Any = None, views: int = 1, at: datetime.datetime = NOW) -> DailyViews:
    """``views`` views of a work's page (or of ``artist``'s page) on the day of ``at``."""
    return DailyViews.objects.create(artist=artist or work.artist, artwork=work, day=local_day(at), views=views)


def saved(work: Any, *, times: int = 1, at: datetime.datetime = NOW) -> None:
    for _ in range(times):
        SavedWork.objects.create(user=UserFactory(), artwork=work, created_at=at)


def followed(artist: Any, *, times: int = 1, at: datetime.datetime = NOW) -> None:
    for _ in range(times):
        Follow.objects.create(follower=UserFactory(), artist=artist, created_at=at)


def reviewed(*, works: list[Any] | None = None, artist: Any = None, at: datetime.datetime = NOW) -> Any:
    return ReviewFactory(artworks=works or [], artist=artist, published_at=at)


def offered(work: Any, *, at: datetime.datetime = NOW) -> Offer:
    buyer = UserFactory()
    offer = Offer.objects.create(artwork=work, buyer=buyer, made_by=buyer, side="buyer", amount=100_000_00,
                                 currency="KZT", expires_at=at + datetime.timedelta(days=3))
    Offer.objects.filter(pk=offer.pk).update(created_at=at)  # created_at is set on save
    return offer
