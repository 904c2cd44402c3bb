"""The dashboard API: series as lists of {date, value} with totals, for artists only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory

from .factories_dashboard import days_ago, follow, offer, save, today, views

pytestmark = pytest.mark.django_db


def as_artist(artist: Any) -> Client:
    return bearer_client(token_for(artist.user))


def test_studio_stats_give_each_series_by_day_with_totals_and_top_works() -> None:
    work = ArtworkFactory()
    artist = work.artist
    views(work, day=today(), count=4)
    save(work, days_ago(1))
    follow(artist, days_ago(2))
    offer(work, days_ago(3))
    save(ArtworkFactory(), days_ago(1))  # someone else's

    response = as_artist(artist).get(f"{API}/studio/stats", {"days": "7", "lang": "en"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["days"], body["bucket"], body["end"]) == (7, "day", today().isoformat())
    assert body["totals"] == {"views": 4, "saves": 1, "follows": 1, "reviews": 0, "offers": 1}
    series = {s["metric"]: s for s in body["series"]}
    assert set(series) == {"views", "saves", "follows", "reviews", "offers"}
    saves = series["saves"]
    assert len(saves["points"]) == 7 and set(saves["points"][0]) == {"date", "value"}
    assert saves["points"][-2] == {"date": (today() - timedelta(days=1)).isoformat(), "value": 1}
    assert (saves["total"], saves["previous_total"], saves["change"], saves["change_percent"]) == (1, 0, 1, None)
    with translation.override("en"):
        title = str(work.title)
    assert title.startswith("Work ")
    assert body["top_works"] == [{"id": work.pk, "title": title, "views": 4,
                                  "saves": 1, "offers": 1}]


def test_the_default_period_is_30_days_and_a_year_comes_by_week() -> None:
    client = as_artist(ArtistFactory())
    assert len(client.get(f"{API}/studio/stats").json()["series"][0]["points"]) == 30
    year = client.get(f"{API}/studio/stats", {"days": "365"}).json()
    assert year["bucket"] == "week" and len(year["series"][0]["points"]) <= 54


@pytest.mark.parametrize("days", ["14", "abc", "0"])
def test_a_bad_period_is_refused_naming_the_field(days: str) -> None:
    response = as_artist(ArtistFactory()).get(f"{API}/studio/stats", {"days": days})
    assert response.status_code == 422
    assert error_of(response)["field"] == "days"


def test_a_works_stats_count_only_that_work() -> None:
    work = ArtworkFactory()
    sibling = ArtworkFactory(artist=work.artist)
    save(work, days_ago(0))
    save(sibling, days_ago(0))

    response = as_artist(work.artist).get(f"{API}/studio/artworks/{work.pk}/stats", {"days": "7"})

    assert response.status_code == 200
    body = response.json()
    assert body["artwork_id"] == work.pk
    assert body["totals"] == {"views": 0, "saves": 1, "reviews": 0, "offers": 0}
    assert [p["value"] for p in body["series"][1]["points"]] == [0, 0, 0, 0, 0, 0, 1]


def test_another_artists_work_is_not_found() -> None:
    work = ArtworkFactory()
    response = as_artist(ArtistFactory()).get(f"{API}/studio/artworks/{work.pk}/stats")
    assert response.status_code == 404
    assert error_of(response)["code"] == "artwork_not_found"


def test_only_artists_have_stats() -> None:
    client = bearer_client(token_for(UserFactory()))
    assert client.get(f"{API}/studio/stats").status_code == 403
    assert error_of(client.get(f"{API}/studio/artworks/1/stats"))["code"] == "not_an_artist"
    assert Client().get(f"{API}/studio/stats").status_code == 401


def test_the_operations_are_in_the_openapi_schema() -> None:
    paths = Client().get(f"{API}/openapi.json").json()["paths"]
    assert paths[f"{API}/studio/stats"]["get"]["summary"] == "My statistics"
    assert "summary" in paths[f"{API}/studio/artworks/{{artwork_id}}/stats"]["get"]
