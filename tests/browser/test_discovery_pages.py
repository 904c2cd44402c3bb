"""A collector discovers and keeps work in a real Chromium, and the artist sees it on the dashboard: save a
work, similar works, save a search, the saved lists, trending, following a subject, the statistics page.
Each page gets a screenshot and an axe-core check."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils import translation
from playwright.sync_api import Page, expect

from dala.core.translation import Translated
from dala.discovery.services.trending import recompute_trending
from tests.browser.conftest import check_accessibility, log_in
from tests.factories import ArtistFactory, ArtworkFactory, SubjectFactory, UserFactory


def _check(page: Page, artifacts_dir: Path, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)
    check_accessibility(page)


def test_a_collector_saves_a_work_and_a_search_and_the_artist_sees_it_counted(
        page: Page, live_server: Any, artifacts_dir: Path, new_page: Any) -> None:
    steppe = SubjectFactory()
    artist = ArtistFactory(name=Translated(en="Naoko Ito"))
    other = ArtistFactory(name=Translated(en="Erlan Abenov"))
    work: Any = ArtworkFactory(artist=artist, title=Translated(en="Evening Steppe"))
    work.subjects.add(steppe)
    neighbour: Any = ArtworkFactory(artist=other, title=Translated(en="Steppe at Dawn"))
    neighbour.subjects.add(steppe)  # the same subject and medium: computed as similar when it changes
    collector = UserFactory(email="aigerim@example.com", display_name="Aigerim")
    with translation.override("en"):
        work_url = work.get_absolute_url()

    log_in(page, live_server, collector.email)
    page.goto(f"{live_server.url}{work_url}")
    similar = page.get_by_role("region", name="Similar works")
    expect(similar).to_contain_text("Steppe at Dawn")
    page.get_by_role("button", name="Save to my saved works").click()
    expect(page.get_by_role("button", name=re.compile(r"^Saved"))).to_have_attribute("aria-pressed", "true")
    _check(page, artifacts_dir, "artwork-saved")

    page.get_by_role("link", name="Saved", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Evening Steppe")
    _check(page, artifacts_dir, "saved-works")

    page.goto(f"{live_server.url}/en/artworks/?subject=steppe")
    page.get_by_text("Save this search").click()
    page.get_by_label("Name").fill("Steppe landscapes")
    page.get_by_role("button", name="Save search").click()
    expect(page).to_have_url(re.compile(r"/en/saved-searches/$"))
    expect(page.get_by_role("heading", name="Steppe landscapes")).to_be_visible()
    _check(page, artifacts_dir, "saved-searches")

    page.goto(f"{live_server.url}/en/subjects/steppe/")
    page.get_by_role("button", name=re.compile(r"^Follow")).click()
    expect(page.get_by_role("button", name=re.compile(r"^Following"))).to_be_visible()
    _check(page, artifacts_dir, "subject-followed")

    recompute_trending()
    page.get_by_role("link", name="Trending", exact=True).click()
    expect(page.get_by_role("heading", name="Trending works")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Evening Steppe")
    _check(page, artifacts_dir, "trending")

    studio = new_page()
    log_in(studio, live_server, artist.user.email)
    studio.get_by_role("link", name="Studio", exact=True).click()
    studio.get_by_role("link", name="Statistics").click()
    expect(studio.get_by_role("heading", name="Your statistics")).to_be_visible()
    expect(studio.locator("svg[role=img]").first).to_be_visible()
    expect(studio.locator("table").first).to_be_visible()
    _check(studio, artifacts_dir, "dashboard")
