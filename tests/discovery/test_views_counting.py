"""Counting page views: which views count, one row a page a day, and never breaking the page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.db.models import QuerySet
from django.test import Client, RequestFactory
from pytest_django import DjangoAssertNumQueries

from dala.discovery.models import DailyViews
from dala.discovery.services import views as counting
from tests.factories import ArtworkFactory, UserFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def browser(**headers: str) -> Client:
    return Client(headers={"User-Agent": BROWSER, **headers})


def page_of(work: Any) -> str:
    return f"/en/artists/{work.artist.slug}/{work.slug}/"


def views_of(work: Any) -> int:
    return sum(DailyViews.objects.filter(artwork=work).values_list("views", flat=True))


def test_a_visitor_viewing_a_work_is_counted_once_for_today() -> None:
    work = ArtworkFactory()

    assert browser().get(page_of(work)).status_code == 200

    row = DailyViews.objects.get(artwork=work)
    assert (row.artist_id, row.views) == (work.artist_id, 1)
    assert row.day == counting.local_day()


def test_a_visitor_viewing_an_artist_page_counts_for_the_artist_page() -> None:
    work = ArtworkFactory()

    assert browser().get(f"/en/artists/{work.artist.slug}/").status_code == 200

    row = DailyViews.objects.get(artist=work.artist, artwork__isnull=True)
    assert row.views == 1


def test_the_same_visitor_reloading_a_page_is_counted_once() -> None:
    work = ArtworkFactory()
    visitor = browser()

    visitor.get(page_of(work))
    visitor.get(page_of(work))
    visitor.get(page_of(work))

    assert views_of(work) == 1


def test_two_different_visitors_are_counted_twice() -> None:
    work = ArtworkFactory()

    browser().get(page_of(work))
    Client(headers={"User-Agent": BROWSER + " Firefox/121"}).get(page_of(work))

    assert views_of(work) == 2


def test_a_signed_in_visitor_is_counted_once_across_browsers() -> None:
    work = ArtworkFactory()
    user = UserFactory()
    first, second = browser(), Client(headers={"User-Agent": BROWSER + " Other"})
    first.force_login(user)
    second.force_login(user)

    first.get(page_of(work))
    second.get(page_of(work))

    assert views_of(work) == 1


def test_a_visitor_is_counted_again_with_no_dedupe_window(settings: Any) -> None:
    settings.DALA_VIEW_DEDUPE_MINUTES = 0
    work = ArtworkFactory()
    visitor = browser()

    visitor.get(page_of(work))
    visitor.get(page_of(work))

    assert views_of(work) == 2


@pytest.mark.parametrize("agent", ["Googlebot/2.1 (+http://www.google.com/bot.html)",
                                   "Mozilla/5.0 (compatible; YandexBot/3.0)", "AhrefsCrawler", "Baiduspider",
                                   "TelegramBot (like TwitterBot)", "Slack link preview", ""])
def test_robots_previews_and_empty_user_agents_are_not_counted(agent: str) -> None:
    work = ArtworkFactory()

    response = Client(headers={"User-Agent": agent}).get(page_of(work))

    assert response.status_code == 200
    assert views_of(work) == 0


def test_head_requests_are_not_counted() -> None:
    work = ArtworkFactory()

    assert browser().head(page_of(work)).status_code == 200

    assert views_of(work) == 0


def test_the_artist_looking_at_their_own_pages_is_not_counted() -> None:
    work = ArtworkFactory()
    artist_browser = browser()
    artist_browser.force_login(work.artist.user)

    artist_browser.get(page_of(work))
    artist_browser.get(f"/en/artists/{work.artist.slug}/")

    assert not DailyViews.objects.exists()


def test_views_on_two_days_make_two_rows_with_the_day_in_almaty() -> None:
    work = ArtworkFactory()
    request = RequestFactory().get("/", HTTP_USER_AGENT=BROWSER)
    # 20:00 UTC is already the next day in Almaty (UTC+5).
    evening = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)

    assert counting.count_view(request=request, artist=work.artist, artwork=work, now=evening)
    cache.clear()  # the next day is past the dedupe window
    assert counting.count_view(request=request, artist=work.artist, artwork=work,
                               now=evening + datetime.timedelta(days=1))

    rows = list(DailyViews.objects.filter(artwork=work).order_by("day").values_list("day", "views"))
    assert rows == [(datetime.date(2026, 3, 2), 1), (datetime.date(2026, 3, 3), 1)]


def test_a_counted_view_costs_at_most_two_queries(django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    work = ArtworkFactory()
    factory = RequestFactory()

    with django_assert_max_num_queries(4):  # UPDATE, then INSERT in a savepoint (SAVEPOINT + RELEASE)
        counting.count_view(request=factory.get("/", HTTP_USER_AGENT=BROWSER), artist=work.artist, artwork=work)
    with django_assert_max_num_queries(1):  # the row exists: one UPDATE
        counting.count_view(request=factory.get("/", HTTP_USER_AGENT=BROWSER + " 2"), artist=work.artist,
                            artwork=work)

    assert views_of(work) == 2


def test_a_row_created_by_a_concurrent_request_is_incremented(monkeypatch: pytest.MonkeyPatch) -> None:
    work = ArtworkFactory()
    day = counting.local_day()
    # Another request created today's row between our UPDATE (which found none) and our INSERT.
    DailyViews.objects.create(artist=work.artist, artwork=work, day=day, views=5)
    real_update = QuerySet.update
    calls: list[int] = []

    def update_missing_the_row_once(self: QuerySet[Any], **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 1:
            return 0
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update_missing_the_row_once)
    counting.add_view(artist_id=work.artist_id, artwork_id=work.pk, day=day)

    assert DailyViews.objects.get(artwork=work).views == 6


def test_a_failure_to_count_never_breaks_the_page(monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    work = ArtworkFactory()

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(counting, "add_view", broken)
    response = browser().get(page_of(work))

    assert response.status_code == 200
    assert "could not count a view" in caplog.text


def test_no_raw_ip_address_goes_into_the_dedupe_key() -> None:
    request = RequestFactory().get("/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.77")

    key = counting.visitor_key(request)

    assert "203.0.113.77" not in key
    assert key != counting.visitor_key(RequestFactory().get("/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.78"))
