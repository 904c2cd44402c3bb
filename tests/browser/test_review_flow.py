"""The publish → notify → reply path in a real Chromium, with screenshots and axe-core checks: a critic
writes and publishes a review of a public work from its page, the artist hears of it through the bell in
the menu, follows the notification to the review and replies, and the critic sees the reply under the
review and is told of it in turn.

Each request's transaction commits before the live server answers, and the reviews' and replies'
notifications are created on commit (tasks run at once in tests), so the next page already shows them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from dala.core.translation import Translated
from dala.critique.models import Review
from tests.browser.conftest import check_accessibility, english, log_in
from tests.critique.factories import CriticFactory
from tests.factories import ArtistFactory, ArtworkFactory

REVIEW_URL = re.compile(r"/en/reviews/\d+/$")





def _shot(page: Page, artifacts_dir: Path, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)


def _menu(page: Page) -> Any:
    return page.get_by_role("navigation", name="Main")


def test_a_published_review_reaches_the_artist_whose_reply_reaches_the_critic(
        page: Page, new_page: Callable[..., Page], live_server: Any, artifacts_dir: Path) -> None:
    artist: Any = ArtistFactory(name=Translated(kk="Айша", ru="Айша", en="Aisha Galimbaeva"))
    artwork: Any = ArtworkFactory(artist=artist, title=Translated(kk="Дала", ru="Степь", en="Evening Steppe"))
    critic: Any = CriticFactory(name=Translated(kk="Дамир", ru="Дамир", en="Damir Seitkali"), outlet="Steppe Review")

    # The critic starts from the work's page and writes the review in the editor.
    log_in(page, live_server, critic.user.email)
    page.goto(live_server.url + english(artwork.get_absolute_url))
    page.get_by_role("link", name="Write a review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New review")
    expect(page.get_by_label("Artwork numbers")).to_have_value(str(artwork.pk))
    page.get_by_label("Title:", exact=True).fill("Light that refuses to settle")
    page.get_by_label("Language of the review").select_option("en")
    page.get_by_label("Text:", exact=True).fill("The horizon is **never** still.\n\n> Evening comes slowly.")
    page.get_by_label("Conflict of interest").fill("None")
    _shot(page, artifacts_dir, "1-critic-editor")
    page.get_by_role("button", name="Save the draft").click()

    expect(page).to_have_url(re.compile(r"/en/reviews/\d+/edit/$"))
    expect(page.get_by_text("The review is saved.")).to_be_visible()
    _shot(page, artifacts_dir, "2-critic-draft")
    page.get_by_role("button", name="Publish the review").click()

    expect(page).to_have_url(REVIEW_URL)
    expect(page.get_by_text("The review is published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Light that refuses to settle")
    expect(page.locator(".review-signature")).to_contain_text("Damir Seitkali")
    review_path = page.url.removeprefix(live_server.url)
    review = Review.objects.get(title="Light that refuses to settle")
    assert review.is_visible and list(review.artworks.all()) == [artwork]
    _shot(page, artifacts_dir, "3-critic-published")

    # The artist sees the unread count on the bell in the menu and follows the notification.
    artist_page = new_page()
    log_in(artist_page, live_server, artist.user.email)
    bell = _menu(artist_page).get_by_role("link", name=re.compile(r"^Notifications"))
    expect(bell).to_have_text("Notifications (1)")
    _shot(artist_page, artifacts_dir, "4-artist-bell")
    bell.click()

    expect(artist_page.get_by_role("heading", level=1)).to_have_text("Notifications")
    notice = artist_page.locator(".notification").filter(has_text="Light that refuses to settle")
    expect(notice).to_contain_text("A review of your work has been published")
    _shot(artist_page, artifacts_dir, "5-artist-notifications")
    check_accessibility(artist_page)
    notice.get_by_role("button", name=re.compile(r"^Open")).click()

    expect(artist_page).to_have_url(live_server.url + review_path)
    expect(artist_page.get_by_role("heading", level=1)).to_have_text("Light that refuses to settle")
    expect(_menu(artist_page).get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(artist_page.get_by_role("heading", name="Reply to this review")).to_be_visible()
    _shot(artist_page, artifacts_dir, "6-artist-review")
    check_accessibility(artist_page)

    artist_page.get_by_label("Your reply").fill("Thank you. The *stillness* was the point.")
    artist_page.get_by_role("button", name="Publish the reply").click()

    expect(artist_page).to_have_url(live_server.url + review_path + "#reply")
    expect(artist_page.get_by_text("Your reply is published under the review.")).to_be_visible()
    reply = artist_page.locator("#reply")
    expect(reply.get_by_role("heading", level=2)).to_have_text("Reply by Aisha Galimbaeva")
    expect(reply.locator("em")).to_have_text("stillness")
    _shot(artist_page, artifacts_dir, "7-artist-replied")
    check_accessibility(artist_page)

    # The critic sees the reply under the review, and is told of it.
    page.goto(live_server.url + review_path)
    expect(page.locator("#reply")).to_contain_text("The stillness was the point.")
    expect(page.locator("#reply form")).to_have_count(0)
    bell = _menu(page).get_by_role("link", name=re.compile(r"^Notifications"))
    expect(bell).to_have_text("Notifications (1)")
    _shot(page, artifacts_dir, "8-critic-sees-reply")
    check_accessibility(page)
    bell.click()

    expect(page.locator(".notification").first).to_contain_text(
        "The artist has replied to your review “Light that refuses to settle”")
    _shot(page, artifacts_dir, "9-critic-notifications")
    check_accessibility(page)
