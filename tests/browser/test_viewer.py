"""The deep-zoom viewer on the artwork page: OpenSeadragon over the IIIF tiles with JavaScript, the plain
picture without it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from dala.core.translation import Translated
from tests.browser.conftest import check_accessibility
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory, image_bytes

VIEWER_JS = Path(__file__).resolve().parents[2] / "src/dala/site/static/vendor/openseadragon/openseadragon.min.js"


@pytest.fixture
def artwork_url(live_server: object) -> str:
    if not VIEWER_JS.exists():
        pytest.fail(f"{VIEWER_JS} is missing: run `make vendor`")
    artist = ArtistFactory(name=Translated(en="Bakhyt Naoko"), slug="baqyt-naoko")
    work = ArtworkFactory(artist=artist, title=Translated(en="Morning Steppe"), slug="tangy-dala")
    ArtworkImageFactory(artwork=work, width=1200, height=900,
                        file=ContentFile(image_bytes(size=(1200, 900)), name="steppe.jpg"),
                        thumbnail=ContentFile(image_bytes(size=(480, 360)), name="thumb.jpg"),
                        alt_text=Translated(en="A green steppe under a morning sky"))
    return f"{live_server.url}/en/artists/baqyt-naoko/tangy-dala/"  # type: ignore[attr-defined]


def test_zoom_button_replaces_the_picture_with_a_deep_zoom_viewer(page: Page, artwork_url: str,
                                                                  artifacts_dir: Path) -> None:
    page.goto(artwork_url)
    button = page.get_by_role("button", name="Zoom into the image")
    expect(button).to_be_visible()
    check_accessibility(page)

    button.focus()
    page.keyboard.press("Enter")

    expect(page.locator(".artwork__viewer .openseadragon-canvas canvas")).to_be_visible()
    expect(page.locator("main picture")).to_have_count(0)
    expect(button).to_have_count(0)
    # The first tiles have arrived from the IIIF service and been drawn.
    page.wait_for_function("() => [...document.querySelectorAll('.artwork__viewer canvas')]"
                           ".some(c => c.width > 0 && c.getContext('2d').getImageData("
                           "c.width / 2, c.height / 2, 1, 1).data[3] > 0)")
    page.screenshot(path=str(artifacts_dir / "viewer.png"), full_page=True)
    check_accessibility(page)


def test_without_javascript_the_plain_picture_stays(new_page: Callable[..., Page], artwork_url: str,
                                                    artifacts_dir: Path) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(artwork_url)

    image = page.locator("main picture img")
    expect(image).to_be_visible()
    expect(page.get_by_role("button", name="Zoom into the image")).to_have_count(0)
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(artifacts_dir / "no-javascript.png"), full_page=True)
