"""The dashboard API: the artist's statistics over a period, for the studio and for one work (bearer token,
artists only)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dala.accounts.api import TokenAuth, current_user
from dala.catalog.permissions import studio_artist
from dala.core.errors import DomainError, ValidationFailed

from ..selectors import dashboard as selectors

router = Router(tags=["dashboard"])
_auth = TokenAuth(check=studio_artist)


class StatsQuery(Schema):
    days: str | None = Field(None, description="The period: 7, 30 (the default), 90 or 365 days ending today "
                                               "(Asia/Almaty).")


class PointOut(Schema):
    date: dt.date = Field(..., description="The day (for 365 days: the first day of the week, from Monday).")
    value: int


class SeriesOut(Schema):
    metric: str = Field(..., description="views, saves, follows, reviews or offers.")
    label: str
    points: list[PointOut]
    total: int = Field(..., description="The sum over the period.")
    previous_total: int = Field(..., description="The sum over the same number of days just before.")
    change: int
    change_percent: int | None = Field(None, description="Rounded; null when the period before had none.")


class TopWorkOut(Schema):
    id: int
    title: str
    views: int
    saves: int
    offers: int


class StatsOut(Schema):
    days: int
    start: dt.date
    end: dt.date
    bucket: str = Field(..., description="day, or week for 365 days.")
    series: list[SeriesOut]
    totals: dict[str, int] = Field(..., description="Each metric's total over the period.")


class StudioStatsOut(StatsOut):
    top_works: list[TopWorkOut] = Field(..., description="The works with the most views in the period.")


class WorkStatsOut(StatsOut):
    artwork_id: int


def _days(query: StatsQuery) -> int:
    try:
        return selectors.parse_days(query.days)
    except DomainError as error:
        raise ValidationFailed([error]) from None


def _stats(dashboard: selectors.Dashboard) -> dict[str, object]:
    period = dashboard.period
    return {
        "days": period.days, "start": period.start, "end": period.end, "bucket": "week" if period.weekly else "day",
        "series": [SeriesOut(metric=s.key, label=s.label, points=[PointOut(date=p.day, value=p.value)
                                                                  for p in s.points],
                             total=s.total, previous_total=s.previous_total, change=s.change,
                             change_percent=s.change_percent) for s in dashboard.series],
        "totals": {s.key: s.total for s in dashboard.series},
    }


@router.get("/studio/stats", response=StudioStatsOut, auth=_auth, summary="My statistics")
def studio_stats(request: HttpRequest, query: Query[StatsQuery]) -> StudioStatsOut:
    """Views, saves, new followers, reviews and offers for your whole studio, by day (by week for 365 days),
    with totals, the change on the period before, and your top works by views in the period."""
    artist = studio_artist(current_user(request))
    dashboard = selectors.studio_dashboard(artist, days=_days(query))
    return StudioStatsOut(**_stats(dashboard), top_works=[  # type: ignore[arg-type]
        TopWorkOut(id=w.pk, title=str(w.title), views=w.period_views,  # type: ignore[attr-defined]
                   saves=w.period_saves, offers=w.period_offers)  # type: ignore[attr-defined]
        for w in dashboard.top_works])


@router.get("/studio/artworks/{artwork_id}/stats", response=WorkStatsOut, auth=_auth,
            summary="Statistics of one of my artworks")
def work_stats(request: HttpRequest, artwork_id: int, query: Query[StatsQuery]) -> WorkStatsOut:
    """Views, saves, reviews and offers for one of your works, by day (by week for 365 days). Another
    artist's work is not found."""
    artist = studio_artist(current_user(request))
    artwork = selectors.dashboard_artwork(artist, artwork_id)
    dashboard = selectors.work_dashboard(artwork, days=_days(query))
    return WorkStatsOut(**_stats(dashboard), artwork_id=artwork.pk)  # type: ignore[arg-type]
