"""A visitor walks home → artist → artwork in each language, in a real Chromium, with axe-core checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from dala.core.translation import Translated
from tests.browser.conftest import check_accessibility
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory, SubjectFactory, image_bytes

TITLES = {"kk": "Таңғы дала", "ru": "Утренняя степь", "en": "Morning Steppe"}
NAMES = {"kk": "Бақыт Наоко", "ru": "Бахыт Наоко", "en": "Bakhyt Naoko"}


@pytest.fixture
def naoko() -> object:
    artist = ArtistFactory(name=Translated(NAMES), slug="baqyt-naoko", is_featured=True)
    work = ArtworkFactory(artist=artist, title=Translated(TITLES), slug="tangy-dala",
                          private_notes="Bought the frame in Shymkent")
    work.subjects.add(SubjectFactory())
    ArtworkImageFactory(artwork=work, alt_text=Translated(en="A green steppe under a morning sky"),
                        thumbnail=ContentFile(image_bytes(), name="thumb.jpg"))
    ArtworkFactory(artist=artist, availability="draft", title=Translated(en="Secret sketch"), slug="secret")
    return artist


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_visitor_goes_from_home_to_artist_to_artwork(page: Page, live_server: object, naoko: object,
                                                     language: str, artifacts_dir: Path) -> None:
    page.goto(f"{live_server.url}/{language}/")  # type: ignore[attr-defined]
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.screenshot(path=str(artifacts_dir / f"home-{language}.png"), full_page=True)
    check_accessibility(page)

    page.get_by_role("link", name=NAMES[language]).first.click()
    expect(page).to_have_url(f"{live_server.url}/{language}/artists/baqyt-naoko/")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAMES[language])
    expect(page.get_by_text("Secret sketch")).to_have_count(0)
    page.screenshot(path=str(artifacts_dir / f"artist-{language}.png"), full_page=True)
    check_accessibility(page)

    page.get_by_role("link", name=TITLES[language]).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLES[language])
    expect(page.get_by_text("Bought the frame")).to_have_count(0)
    image = page.locator("main img").first
    expect(image).to_have_attribute("srcset", re.compile(r"\S+ \d+w"))
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(artifacts_dir / f"artwork-{language}.png"), full_page=True)
    check_accessibility(page)


def test_language_switcher_keeps_the_page(page: Page, live_server: object, naoko: object) -> None:
    page.goto(f"{live_server.url}/en/artists/baqyt-naoko/")  # type: ignore[attr-defined]
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change").click()
    expect(page).to_have_url(f"{live_server.url}/ru/artists/baqyt-naoko/")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAMES["ru"])


def test_browse_filters_work_without_javascript(browser: object, live_server: object, naoko: object,
                                                artifacts_dir: Path) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{live_server.url}/en/artworks/")  # type: ignore[attr-defined]
    page.get_by_label("Subject").select_option("steppe")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"subject=steppe"))
    expect(page.get_by_role("link", name=TITLES["en"])).to_have_count(1)
    page.screenshot(path=str(artifacts_dir / "browse-no-js.png"), full_page=True)
    context.close()
