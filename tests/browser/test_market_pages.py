"""Collectors and artists use the market's pages in a real Chromium, with axe-core checks on each page:
an offer countered and accepted, buy now, a bid at auction, and checking a certificate."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dala.core.money import Money
from dala.core.translation import Translated
from dala.market.models import Order
from tests.browser.conftest import check_accessibility, english, log_in
from tests.factories import ArtworkFactory, UserFactory
from tests.market.factories_auctions import make_auction, make_lot
from tests.market.factories_orders import bought, paid


def _check(page: Page, artifacts_dir: Path, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)
    check_accessibility(page)


@pytest.fixture
def collector() -> Any:
    return UserFactory(email="aigerim@example.com", display_name="Aigerim")


def test_an_offer_countered_by_the_artist_and_accepted_by_the_collector_becomes_an_order(
        page: Page, new_page: Callable[..., Page], live_server: Any, collector: Any, artifacts_dir: Path) -> None:
    artwork: Any = ArtworkFactory(title=Translated(en="Evening Steppe"), price_amount=1_500_000_00)
    log_in(page, live_server, collector.email)
    page.goto(live_server.url + english(artwork.get_absolute_url))
    expect(page.get_by_role("heading", name="Buy or make an offer")).to_be_visible()
    _check(page, artifacts_dir, "artwork")

    offer_form = page.locator("form.market-actions__offer")
    offer_form.get_by_label("Your offer").fill("1 000 000")
    offer_form.get_by_label("Currency").select_option("KZT")
    offer_form.get_by_label("Note to the seller (optional)").fill("I saw it at the Almaty show.")
    offer_form.get_by_role("button", name="Send the offer").click()

    expect(page).to_have_url(re.compile(r"/en/market/offers/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evening Steppe")
    expect(page.locator(".offer-chain")).to_contain_text(Money(1_000_000_00, "KZT").format())
    expect(page.locator(".page-head")).to_contain_text("Waiting for the seller")
    _check(page, artifacts_dir, "negotiation-buyer")

    artist_page = new_page()
    log_in(artist_page, live_server, artwork.artist.user.email)
    artist_page.get_by_role("link", name="Offers", exact=True).click()
    artist_page.get_by_role("link", name="Incoming offers").click()
    expect(artist_page.get_by_role("table")).to_contain_text("Evening Steppe")
    _check(artist_page, artifacts_dir, "offers-incoming")

    artist_page.get_by_role("link", name="See the offers").click()
    expect(artist_page.locator(".page-head")).to_contain_text("Your turn")
    _check(artist_page, artifacts_dir, "negotiation-seller")
    counter = artist_page.locator("form.offer-answer__counter")
    counter.get_by_label("Your counter-offer").fill("1 200 000")
    counter.get_by_role("button", name="Send the counter-offer").click()
    expect(artist_page.locator(".offer-chain")).to_contain_text(Money(1_200_000_00, "KZT").format())
    expect(artist_page.locator(".page-head")).to_contain_text("Waiting for the buyer")
    _check(artist_page, artifacts_dir, "negotiation-countered")

    page.reload()
    expect(page.locator(".page-head")).to_contain_text("Your turn")
    _check(page, artifacts_dir, "negotiation-buyer-answer")
    page.get_by_role("button", name=f"Accept {Money(1_200_000_00, 'KZT').format()}").click()

    expect(page).to_have_url(re.compile(r"/en/market/orders/[^/]+/$"))
    expect(page.locator(".order-status")).to_have_text("Awaiting payment")
    breakdown = page.get_by_role("table", name="How the price is shared")
    expect(breakdown).to_contain_text(Money(1_200_000_00, "KZT").format())
    order = Order.objects.get(buyer=collector, artwork=artwork)
    expect(breakdown.get_by_role("row", name=re.compile("Platform fee"))).to_contain_text(
        order.platform_fee_money.format())
    expect(breakdown.get_by_role("row", name=re.compile("Artist's proceeds"))).to_contain_text(
        order.artist_proceeds_money.format())
    _check(page, artifacts_dir, "order")


def test_a_collector_buys_a_work_now_and_lands_on_the_order(page: Page, live_server: Any, collector: Any,
                                                           artifacts_dir: Path) -> None:
    artwork: Any = ArtworkFactory(title=Translated(en="Salt Lake"), price_amount=800_000_00, buy_now=True)
    price = Money(800_000_00, "KZT").format()
    log_in(page, live_server, collector.email)
    page.goto(live_server.url + english(artwork.get_absolute_url))
    _check(page, artifacts_dir, "artwork")

    # The panel's button posts the price the collector sees, so no confirmation page comes between.
    page.get_by_role("button", name=f"Buy now for {price}").click()

    expect(page).to_have_url(re.compile(r"/en/market/orders/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Order")
    expect(page.locator(".order-status")).to_have_text("Awaiting payment")
    expect(page.get_by_role("table", name="How the price is shared")).to_contain_text(price)
    expect(page.get_by_role("link", name="Salt Lake")).to_be_visible()
    _check(page, artifacts_dir, "order")


def test_a_collector_bids_on_a_lot_and_is_told_they_lead(page: Page, live_server: Any, collector: Any,
                                                         artifacts_dir: Path) -> None:
    auction = make_auction(title="Steppe evening")
    make_lot(auction, artwork=ArtworkFactory(title=Translated(en="Horses at Dusk")), starting_amount=100_000)
    log_in(page, live_server, collector.email)
    page.goto(live_server.url + "/en/auctions/")
    _check(page, artifacts_dir, "auctions")

    page.get_by_role("link", name="Steppe evening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Steppe evening")
    _check(page, artifacts_dir, "room")

    page.get_by_role("link", name=re.compile("Lot 1")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Horses at Dusk")
    _check(page, artifacts_dir, "lot")

    page.get_by_label(re.compile("Your maximum bid")).fill("2500")
    page.get_by_role("button", name="Place bid").click()

    expect(page.get_by_text("You are the highest bidder.")).to_be_visible()
    expect(page.locator(".bid-status")).to_have_text("You are winning")
    expect(page.get_by_text(f"Your maximum is {Money(250_000, 'KZT').format()}")).to_be_visible()
    _check(page, artifacts_dir, "lot-leading")


def test_a_visitor_checks_a_certificate_code_and_sees_the_work(page: Page, live_server: Any,
                                                               artifacts_dir: Path) -> None:
    artwork: Any = ArtworkFactory(title=Translated(en="White Yurt"), buy_now=True)
    order = paid(bought(artwork))
    code = order.certificate.display_code
    page.goto(live_server.url + "/en/verify/")
    _check(page, artifacts_dir, "verify")

    page.get_by_label("Verification code").fill(code)
    page.get_by_role("button", name="Check").click()

    expect(page.get_by_role("heading", name="This certificate is valid")).to_be_visible()
    expect(page.get_by_role("link", name="White Yurt")).to_be_visible()
    expect(page.locator(".certificate-result")).to_contain_text(code)
    _check(page, artifacts_dir, "verify-result")
