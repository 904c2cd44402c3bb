"""The dashboard pages: an SVG chart per metric with its numbers in a table beside it, no JavaScript."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import ArtistFactory, ArtworkFactory, UserFactory

from .factories_dashboard import days_ago, follow, offer, save, today, views

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def url(name: str, *args: Any) -> str:
    with translation.override("en"):
        return reverse(f"discovery:{name}", args=args)


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def svgs(html: str) -> dict[str, ET.Element]:
    """Every chart on the page, parsed, by the metric in its id."""
    charts = {}
    for match in re.finditer(r"<svg.*?</svg>", html, re.S):
        svg = ET.fromstring(match.group(0))
        charts[svg.get("aria-labelledby", "").split()[0].split("-")[2]] = svg
    return charts


def table_numbers(html: str, metric_key: str, scope: str = "studio") -> list[int]:
    caption = f'id="{scope}-{metric_key}-caption"'
    table = html[html.index(caption):]
    body = table[table.index("<tbody>"):table.index("</tbody>")]
    return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', body)]


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    response = Client().get(url("dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_someone_who_is_not_an_artist_gets_a_clear_refusal() -> None:
    response = logged_in(UserFactory()).get(url("dashboard"))
    assert response.status_code == 403
    assert "Only artists have a studio" in response.content.decode()


def test_the_studio_dashboard_draws_a_chart_per_metric_with_a_bar_per_day_and_the_same_numbers_in_a_table(
) -> None:
    work = ArtworkFactory()
    artist = work.artist
    views(work, day=today() - timedelta(days=1), count=5)
    save(work, days_ago(2))
    follow(artist, days_ago(0))
    offer(work, days_ago(3))

    response = logged_in(artist.user).get(url("dashboard"), {"days": "7"})

    assert response.status_code == 200
    html = response.content.decode()
    charts = svgs(html)
    assert set(charts) == {"views", "saves", "follows", "reviews", "offers"}
    for key, svg in charts.items():
        bars = [int(rect.get("data-value", "")) for rect in svg.iter(f"{SVG}rect")]
        assert len(bars) == 7
        assert bars == table_numbers(html, key)
    assert table_numbers(html, "views") == [0, 0, 0, 0, 0, 5, 0]
    assert table_numbers(html, "follows")[-1] == 1
    assert "<script" not in html.split("</header>", 1)[1].split("</main>")[0]
    assert 'scope="col"' in html and 'scope="row"' in html and "<caption" in html


def test_the_period_switcher_is_plain_links_marking_the_current_one() -> None:
    artist = ArtistFactory()
    html = logged_in(artist.user).get(url("dashboard"), {"days": "90"}).content.decode()
    assert re.search(r'<a href="\?days=90[^"]*" aria-current="page">90 days</a>', html)
    for days in (7, 30, 365):
        assert f'href="?days={days}' in html


def test_the_default_period_is_30_days() -> None:
    artist = ArtistFactory()
    html = logged_in(artist.user).get(url("dashboard")).content.decode()
    assert len(list(svgs(html)["views"].iter(f"{SVG}rect"))) == 30


@pytest.mark.parametrize("days", ["14", "abc", "-1"])
def test_a_bad_period_is_refused_with_a_message(days: str) -> None:
    artist = ArtistFactory()
    response = logged_in(artist.user).get(url("dashboard"), {"days": days})
    assert response.status_code == 400
    assert "Choose a period of 7, 30, 90, 365 days." in response.content.decode()


def test_the_top_works_table_links_to_each_works_dashboard() -> None:
    artist = ArtistFactory()
    popular = ArtworkFactory(artist=artist)
    views(popular, day=today(), count=12)
    ArtworkFactory(artist=artist)
    html = logged_in(artist.user).get(url("dashboard")).content.decode()
    top = html[html.index('id="top-works-heading"'):]
    assert top.index(url("dashboard_work", popular.pk)) < top.index("</tbody>")
    assert '<td class="num">12</td>' in top


def test_the_page_costs_the_same_queries_for_a_week_and_one_work_as_for_a_year_and_many() -> None:
    artist = ArtistFactory()
    ArtworkFactory(artist=artist)
    client = logged_in(artist.user)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("dashboard"), {"days": "7"}).status_code == 200
    for n in range(6):
        extra = ArtworkFactory(artist=artist)
        save(extra, days_ago(n * 50))
        views(extra, day=today() - timedelta(days=n * 50), count=1)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url("dashboard"), {"days": "365"}).status_code == 200
    assert len(large) == len(small)


def test_a_works_dashboard_shows_its_own_numbers() -> None:
    work = ArtworkFactory()
    other_of_same_artist = ArtworkFactory(artist=work.artist)
    save(work, days_ago(0))
    save(other_of_same_artist, days_ago(0))

    response = logged_in(work.artist.user).get(url("dashboard_work", work.pk), {"days": "7"})

    assert response.status_code == 200
    html = response.content.decode()
    assert set(svgs(html)) == {"views", "saves", "reviews", "offers"}
    assert table_numbers(html, "saves", scope="work") == [0, 0, 0, 0, 0, 0, 1]


def test_another_artists_work_has_no_dashboard_for_you() -> None:
    work = ArtworkFactory()
    response = logged_in(ArtistFactory().user).get(url("dashboard_work", work.pk))
    assert response.status_code == 404


def test_a_bad_period_on_a_works_dashboard_is_refused() -> None:
    work = ArtworkFactory()
    response = logged_in(work.artist.user).get(url("dashboard_work", work.pk), {"days": "8"})
    assert response.status_code == 400


def test_the_studio_links_to_the_dashboard_and_each_work_to_its_own() -> None:
    work = ArtworkFactory()
    client = logged_in(work.artist.user)
    with translation.override("en"):
        inventory = client.get(reverse("catalog:studio")).content.decode()
        edit = client.get(reverse("catalog:studio_edit", args=[work.pk])).content.decode()
    assert url("dashboard") in inventory
    assert url("dashboard_work", work.pk) in edit
