"""The /trending/ page, the home page's trending shelf, the trending API and the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dala.accounts.models import User
from dala.core.translation import Translated
from dala.discovery.models import DailyViews, TrendingScore
from dala.discovery.services.trending import recompute_trending
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory

from .factories_trending import NOW, followed, viewed

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def trending_works(count: int) -> list[Any]:
    """``count`` works with images, the first the most viewed, ranked."""
    works = []
    for index in range(count):
        work = ArtworkFactory(title=Translated(en=f"Trend {index}"))
        ArtworkImageFactory(artwork=work)
        viewed(work, views=100 - index)
        followed(work.artist)
        works.append(work)
    recompute_trending(NOW)
    return works


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_trending_page_says_so_when_nothing_trends(client: Client) -> None:
    ArtworkFactory()

    response = client.get("/en/trending/")

    assert response.status_code == 200
    assert "Nothing is trending yet" in response.content.decode()


def test_the_trending_page_ranks_works_and_artists_and_says_when_in_almaty_time(client: Client) -> None:
    works = trending_works(3)

    content = client.get("/en/trending/").content.decode()

    assert content.index("Trend 0") < content.index("Trend 1") < content.index("Trend 2")
    assert "Trending artists" in content and str(works[0].artist.name) in content
    # Computed at 07:00 UTC: noon in Almaty.
    assert "Updated 20 May 2026, 12:00, Almaty time." in content


def test_a_work_sold_since_the_computation_leaves_the_trending_page(client: Client) -> None:
    works = trending_works(2)
    works[0].availability = "sold"
    works[0].save()

    content = client.get("/en/trending/").content.decode()

    assert "Trend 0" not in content and "Trend 1" in content


def test_the_trending_page_costs_the_same_queries_for_two_or_eight_works(client: Client) -> None:
    trending_works(2)
    few = queries_for(client, "/en/trending/")
    TrendingScore.objects.all().delete()
    DailyViews.objects.all().delete()
    trending_works(8)

    assert queries_for(client, "/en/trending/") == few


def test_the_home_page_shows_a_trending_shelf_linking_to_the_trending_page(client: Client) -> None:
    trending_works(8)

    content = client.get("/en/").content.decode()

    assert 'id="trending-heading"' in content and 'href="/en/trending/"' in content
    shelf = content[content.index('id="trending-heading"'):]
    shelf = shelf[:shelf.index("</section>")]
    assert shelf.count('class="trending-item"') == 6
    assert shelf.index("Trend 0") < shelf.index("Trend 5")


def test_the_home_page_hides_the_shelf_when_nothing_trends(client: Client) -> None:
    ArtworkFactory()

    content = client.get("/en/").content.decode()

    assert 'id="trending-heading"' not in content


def test_the_home_page_costs_the_same_queries_for_one_or_six_trending_works(client: Client) -> None:
    trending_works(1)
    ArtworkFactory.create_batch(5)
    few = queries_for(client, "/en/")
    TrendingScore.objects.all().delete()
    DailyViews.objects.all().delete()
    trending_works(6)
    cache.clear()

    assert queries_for(client, "/en/") == few


def test_the_api_lists_trending_artworks_without_a_token(client: Client) -> None:
    works = trending_works(3)

    response = client.get(f"{API}/trending/artworks", {"limit": 2})

    assert response.status_code == 200
    body = response.json()
    assert body["computed_at"].startswith("2026-05-20")
    assert [(item["rank"], item["artwork"]["id"]) for item in body["items"]] == [(1, works[0].pk), (2, works[1].pk)]
    first = body["items"][0]
    assert first["score"] == pytest.approx(100.0) and first["parts"] == {"views": 100.0}
    assert first["artwork"]["title_display"] == "Trend 0" and first["artwork"]["image"] is not None


def test_the_api_lists_trending_artists_without_a_token(client: Client) -> None:
    artist = ArtistFactory(name=Translated(en="Much Followed"))
    ArtworkFactory(artist=artist)
    followed(artist, times=3)
    recompute_trending(NOW)

    body = client.get(f"{API}/trending/artists").json()

    assert [(item["rank"], item["artist"]["slug"]) for item in body["items"]] == [(1, artist.slug)]
    assert body["items"][0]["parts"] == {"follows": 12.0}
    assert body["items"][0]["web_url"].endswith(f"/artists/{artist.slug}/")


def test_the_api_before_any_computation_is_empty(client: Client) -> None:
    body = client.get(f"{API}/trending/artworks").json()

    assert body == {"computed_at": None, "items": []}


def test_the_api_refuses_a_limit_out_of_range(client: Client) -> None:
    response = client.get(f"{API}/trending/artworks", {"limit": 1000})

    assert response.status_code == 422
    assert "limit" in response.content.decode()


def test_the_api_paths_are_in_the_schema(client: Client) -> None:
    schema = client.get(f"{API}/openapi.json").json()

    for path in ("/api/v1/trending/artworks", "/api/v1/trending/artists"):
        assert schema["paths"][path]["get"]["summary"]


@pytest.fixture
def admin_client_(db: None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.create_superuser("admin@example.com", "pw-admin-123"))
    return client


def test_staff_see_the_scores_and_views_read_only(admin_client_: Client) -> None:
    trending_works(2)

    listing = admin_client_.get("/admin/discovery/trendingscore/")
    assert listing.status_code == 200
    assert "Recompute trending now" in listing.content.decode()
    assert admin_client_.get("/admin/discovery/dailyviews/").status_code == 200
    assert admin_client_.get("/admin/discovery/trendingscore/add/").status_code == 403
    assert admin_client_.get("/admin/discovery/dailyviews/add/").status_code == 403


def test_staff_recompute_now_with_the_button(admin_client_: Client) -> None:
    work = ArtworkFactory()
    viewed(work, views=4, at=timezone.now())

    response = admin_client_.post("/admin/discovery/trendingscore/recompute/", follow=True)

    assert response.status_code == 200
    assert "Trending recomputed: works ranked: 1, artists ranked: 1." in response.content.decode()
    assert TrendingScore.objects.filter(artwork=work, rank=1).exists()


def test_staff_recompute_now_with_the_action(admin_client_: Client) -> None:
    trending_works(1)
    stale = TrendingScore.objects.get(kind="artwork")
    fresh = ArtworkFactory()
    viewed(fresh, views=7, at=timezone.now())

    admin_client_.post("/admin/discovery/trendingscore/", {"action": "recompute_now",
                                                          ACTION_CHECKBOX_NAME: [stale.pk]})

    assert list(TrendingScore.objects.filter(kind="artwork").values_list("artwork_id", flat=True)) == [fresh.pk]


def test_the_recompute_button_refuses_get(admin_client_: Client) -> None:
    assert admin_client_.get("/admin/discovery/trendingscore/recompute/").status_code == 405


def test_anonymous_users_cannot_recompute(client: Client) -> None:
    response = client.post("/admin/discovery/trendingscore/recompute/")

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not TrendingScore.objects.exists()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_trending_page_and_home_shelf_render_in_each_language(client: Client, language: str) -> None:
    trending_works(2)

    page = client.get(f"/{language}/trending/")
    home = client.get(f"/{language}/")

    assert page.status_code == home.status_code == 200
    assert f'<html lang="{language}">' in page.content.decode()
    assert f'href="/{language}/trending/"' in home.content.decode()
