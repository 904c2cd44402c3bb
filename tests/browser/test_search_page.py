"""The search page in a real Chromium: a name typed in one script finds the artist written in another,
suggestions appear while typing, a facet narrows the works and can be removed, and a colour picked from
the swatches lists the closest works first — with screenshots and axe-core checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from dala.catalog.services import refresh_artwork_colours
from dala.core.translation import Translated
from tests.browser.conftest import check_accessibility
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory, MediumFactory


def test_search_by_name_facet_and_colour(page: Page, live_server: Any, artifacts_dir: Path) -> None:
    naoko = ArtistFactory(name=Translated(kk="Бақыт Наоко", ru="Бахыт Наоко", en="Bakhyt Naoko"))
    oil = MediumFactory(slug="oil", label=Translated(en="Oil", ru="Масло", kk="Майлы бояу"))
    water = MediumFactory(slug="watercolour", label=Translated(en="Watercolour", ru="Акварель", kk="Акварель"))
    palettes = {"Blue Steppe": [("#2f6fd0", 0.8), ("#c9962c", 0.2)], "Golden Steppe": [("#c9962c", 0.9),
                                                                                         ("#f7f7f4", 0.1)]}
    for title, medium in (("Blue Steppe", oil), ("Golden Steppe", water)):
        work = ArtworkFactory(artist=naoko, medium=medium, title=Translated(en=title))
        ArtworkImageFactory(artwork=work, palette=[{"hex": h, "weight": w} for h, w in palettes[title]])
        refresh_artwork_colours(artwork=work)

    page.goto(f"{live_server.url}/en/search/")
    box = page.get_by_label("Artists, works, exhibitions, reviews — in Kazakh, Russian or English")
    box.fill("Бақыт")
    # The suggestions (a datalist filled by a small script) offer the artist, with her name in Latin too.
    expect(page.locator("#search-suggestions option").first).to_have_attribute("value", "Bakhyt Naoko",
                                                                                 timeout=5000)
    box.fill("Baqyt")
    box.press("Enter")
    expect(page.get_by_role("link", name="Bakhyt Naoko")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "search-artist.png"), full_page=True)
    check_accessibility(page)

    page.get_by_role("link", name="Works (2)").click()
    facets = page.get_by_role("complementary", name="Refine the works")
    facets.get_by_role("link", name="Watercolour").click()
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="Golden Steppe")).to_be_visible()
    expect(results.get_by_role("link", name="Blue Steppe")).to_have_count(0)
    page.screenshot(path=str(artifacts_dir / "search-facet.png"), full_page=True)
    check_accessibility(page)
    facets.get_by_role("link", name="✓ Watercolour").click()  # removes the filter
    expect(results.get_by_role("link", name="Blue Steppe")).to_be_visible()

    page.goto(f"{live_server.url}/en/search/")
    page.get_by_role("complementary", name="Refine the works").get_by_role("link", name="Closest first to blue").click()
    expect(page.locator(".search-results li").first).to_contain_text("Blue Steppe")
    page.screenshot(path=str(artifacts_dir / "search-colour.png"), full_page=True)
    check_accessibility(page)
