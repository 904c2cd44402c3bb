"""The site's pages run under their real Content-Security-Policy (the other browser tests bypass it to
inject axe-core): no page, viewer, API docs or admin screen has anything the policy blocks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import ConsoleMessage, Page, expect

from dala.core.translation import Translated
from tests.browser.conftest import PASSWORD
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory, UserFactory, image_bytes

VIEWER_JS = Path(__file__).resolve().parents[2] / "src/dala/site/static/vendor/openseadragon/openseadragon.min.js"


@pytest.fixture
def strict_page(new_page: Callable[..., Page]) -> tuple[Page, list[str]]:
    """A page that enforces the CSP, and the list of violations Chromium reports on it."""
    page = new_page(bypass_csp=False)
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text} at {message.location}")

    page.on("console", on_console)
    return page, violations


def test_public_pages_the_viewer_api_docs_and_admin_break_no_rule_of_the_policy(
        strict_page: tuple[Page, list[str]], live_server: object, artifacts_dir: Path) -> None:
    if not VIEWER_JS.exists():
        pytest.fail(f"{VIEWER_JS} is missing: run `make vendor`")
    page, violations = strict_page
    base = live_server.url  # type: ignore[attr-defined]
    artist = ArtistFactory(name=Translated(en="Bakhyt Naoko"), slug="baqyt-naoko")
    work = ArtworkFactory(artist=artist, title=Translated(en="Morning Steppe"), slug="tangy-dala")
    ArtworkImageFactory(artwork=work, width=1200, height=900,
                        file=ContentFile(image_bytes(size=(1200, 900)), name="steppe.jpg"),
                        thumbnail=ContentFile(image_bytes(size=(480, 360)), name="thumb.jpg"),
                        palette=[{"hex": "#d02a2a", "weight": 0.6}, {"hex": "#1d3f72", "weight": 0.4}],
                        alt_text=Translated(en="A green steppe under a morning sky"))
    UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)

    page.goto(f"{base}/en/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{base}/en/artworks/?colour=red")
    expect(page.locator("svg.palette__swatch").first).to_be_attached()
    page.goto(f"{base}/en/search/?q=steppe&palette=red")
    expect(page.locator("svg.swatch").first).to_be_attached()

    page.goto(f"{base}/en/artists/baqyt-naoko/tangy-dala/")
    expect(page.locator("svg.palette__swatch").first).to_be_visible()
    page.get_by_role("button", name="Zoom into the image").click()
    page.wait_for_function("() => [...document.querySelectorAll('.artwork__viewer canvas')]"
                           ".some(c => c.width > 0 && c.getContext('2d').getImageData("
                           "c.width / 2, c.height / 2, 1, 1).data[3] > 0)")
    page.screenshot(path=str(artifacts_dir / "artwork-under-csp.png"), full_page=True)

    page.goto(f"{base}/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "api-docs-under-csp.png"))

    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill("staff@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(f"{base}/admin/catalog/artwork/{work.pk}/change/")
    expect(page.locator("#artwork_form")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "admin-under-csp.png"), full_page=True)

    assert violations == []
