"""The artist's dashboard: the studio's (and each work's) views, saves, follows, reviews and offers over
time, as server-drawn SVG charts with the numbers in a table beside each. No JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile
from dala.catalog.permissions import studio_artist
from dala.core.errors import DomainError, NotFound, PermissionDenied

from ..charts import Bar, bar_chart
from ..selectors import dashboard as selectors

TEMPLATES = "discovery/dashboard"


def _artist_or_403(request: HttpRequest) -> ArtistProfile | HttpResponse:
    try:
        return studio_artist(request.user)
    except PermissionDenied as error:
        return render(request, "catalog/studio/not_artist.html", {"message": error.message}, status=403)


def _bad_period(request: HttpRequest, error: DomainError, artwork: Any = None) -> HttpResponse:
    return render(request, f"{TEMPLATES}/bad_period.html",
                  {"message": error.message, "periods": selectors.PERIODS, "artwork": artwork}, status=400)


def _metrics(dashboard: selectors.Dashboard, *, scope: str) -> list[dict[str, Any]]:
    """What the template shows for each series: the series, its chart, and the column heading."""
    period = dashboard.period
    x_label = _("Week starting") if period.weekly else _("Day")
    metrics = []
    for series in dashboard.series:
        first = date_format(period.start, "j E Y")
        last = date_format(period.end, "j E Y")
        description = _("%(metric)s %(unit)s from %(first)s to %(last)s, %(total)s in all.") % {
            "metric": series.label, "unit": _("by week") if period.weekly else _("by day"),
            "first": first, "last": last, "total": series.total}
        chart = bar_chart([Bar(p.day, p.value) for p in series.points], chart_id=f"chart-{scope}-{series.key}",
                          title=_("%(metric)s, the last %(days)s days") % {"metric": series.label,
                                                                           "days": period.days},
                          description=description, x_label=x_label)
        metrics.append({"series": series, "chart": chart, "x_label": x_label,
                        "change_abs": abs(series.change),
                        "change_percent_abs": abs(series.change_percent or 0)})
    return metrics


@login_required
def studio_dashboard(request: HttpRequest) -> HttpResponse:
    artist = _artist_or_403(request)
    if isinstance(artist, HttpResponse):
        return artist
    try:
        days = selectors.parse_days(request.GET.get("days"))
    except DomainError as error:
        return _bad_period(request, error)
    order = request.GET.get("order", "views")
    if order not in selectors.TOP_WORKS_ORDERS:
        order = "views"
    dashboard = selectors.studio_dashboard(artist, days=days, order=order)
    return render(request, f"{TEMPLATES}/studio.html", {
        "artist": artist, "dashboard": dashboard, "metrics": _metrics(dashboard, scope="studio"),
        "periods": selectors.PERIODS, "days": days, "order": order, "orders": selectors.TOP_WORKS_ORDERS,
    })


@login_required
def work_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    artist = _artist_or_403(request)
    if isinstance(artist, HttpResponse):
        return artist
    try:
        artwork = selectors.dashboard_artwork(artist, pk)
    except NotFound as error:
        raise Http404(str(error.message)) from None
    try:
        days = selectors.parse_days(request.GET.get("days"))
    except DomainError as error:
        return _bad_period(request, error, artwork)
    dashboard = selectors.work_dashboard(artwork, days=days)
    return render(request, f"{TEMPLATES}/work.html", {
        "artist": artist, "artwork": artwork, "dashboard": dashboard, "metrics": _metrics(dashboard, scope="work"),
        "periods": selectors.PERIODS, "days": days,
    })


urlpatterns: list[URLPattern] = [
    # Under "studio/" with the artist's other private pages (the catalogue's studio owns those).
    path("studio/dashboard/", studio_dashboard, name="dashboard"),
    path("studio/dashboard/works/<int:pk>/", work_dashboard, name="dashboard_work"),
]
