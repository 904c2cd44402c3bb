"""The market's staff admin: every page opens, rows written by services stay read-only, and staff act on
orders and certificates through admin actions that call the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dala.accounts.models import GalleryProfile, Role, User
from dala.accounts.services import grant_role
from dala.catalog.models import Artwork, Availability
from dala.market.models import (
    Auction,
    AuditEntry,
    Certificate,
    IdempotencyKey,
    Lot,
    Offer,
    Order,
    OrderStatus,
    ProvenanceEvent,
    ProvenanceKind,
    Representation,
)
from dala.market.services import auctions, inquiries, offers, orders
from tests.factories import ArtworkFactory, UserFactory

pytestmark = pytest.mark.django_db

# Rows only the market's machinery writes; staff look at them but never add one by hand.
READ_ONLY = {"inquiry", "offer", "order", "bid", "certificate", "auditentry"}


@pytest.fixture
def staff(client: Client) -> User:
    user = User.objects.create_superuser(email="staff@example.com", password="x")
    client.force_login(user)
    return user


@dataclass
class Market:
    artwork: Artwork
    offer: Offer
    pending: Order
    paid: Order
    auction: Auction
    lot: Lot


@pytest.fixture
def market(staff: User) -> Market:
    """One row of each market model, made through the services, so that every column renders."""
    gallery_user = UserFactory(display_name="Kokzhiek")
    grant_role(user=gallery_user, role=Role.GALLERY)
    held, offered, sold, in_auction = (ArtworkFactory(buy_now=True) for _i in range(4))
    representation = Representation.objects.create(gallery=GalleryProfile.objects.get(user=gallery_user),
                                                   artist=held.artist, commission_bp=3000)
    representation.artworks.add(held)
    buyer, bidder = UserFactory(), UserFactory()
    offer = offers.make_offer(buyer=buyer, artwork_id=offered.pk, amount=1_000_000_00, currency="KZT")
    inquiries.ask_about(buyer=buyer, artwork_id=offered.pk, body="Is it framed?")
    pending = orders.buy_now(buyer=buyer, artwork_id=held.pk)
    paid = orders.record_payment(order_id=orders.buy_now(buyer=buyer, artwork_id=sold.pk).pk, user=staff)
    now = timezone.now()
    auction = auctions.create_auction(organiser=staff, title={"en": "Steppe"}, starts_at=now,
                                      ends_at=now + datetime.timedelta(days=1), is_published=False)
    lot = auctions.add_lot(auction=auction, user=staff, artwork_id=in_auction.pk, starting_amount=500_000_00,
                           reserve_amount=800_000_00, estimate_low=700_000_00, estimate_high=900_000_00)
    auction.is_published = True
    auction.save()
    auctions.place_bid(lot_id=lot.pk, bidder=bidder, max_amount=600_000_00)
    IdempotencyKey.objects.create(user=buyer, key="k", operation="offer", request_hash="0" * 64, status_code=201,
                                  response={})
    return Market(artwork=held, offer=offer, pending=pending, paid=paid, auction=auction, lot=lot)


def _market_models() -> list[type]:
    return [model for model in admin.site._registry if model._meta.app_label == "market"]


def _url(model: type, view: str, *args: object) -> str:
    return reverse(f"admin:market_{model._meta.model_name}_{view}", args=args)


def test_every_market_model_people_act_on_is_in_the_admin() -> None:
    registered = {model._meta.model_name for model in _market_models()}
    every = {model._meta.model_name for model in apps.get_app_config("market").get_models()}
    # Idempotency keys are the API's private memory of retries; messages show inside their inquiry and
    # a collaboration's shares inside their order.
    assert every - registered == {"idempotencykey", "inquirymessage", "ordershare"}


def test_staff_can_open_every_market_changelist_change_and_search_page(client: Client, market: Market) -> None:
    for model in _market_models():
        changelist = client.get(_url(model, "changelist"))
        searched = client.get(_url(model, "changelist"), {"q": "a"})
        row = model._default_manager.first()
        change = client.get(_url(model, "change", row.pk))

        assert changelist.status_code == 200, model
        assert searched.status_code == 200, model
        assert change.status_code == 200, model


def test_staff_can_add_only_what_has_no_service_of_its_own(client: Client, market: Market) -> None:
    for model in _market_models():
        response = client.get(_url(model, "add"))

        expected = 403 if model._meta.model_name in READ_ONLY else 200
        assert response.status_code == expected, model


def test_the_audit_log_cannot_be_edited_or_deleted(client: Client, market: Market) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None

    page = client.get(_url(AuditEntry, "change", entry.pk)).content.decode()
    posted = client.post(_url(AuditEntry, "change", entry.pk), {"action": "forged"})
    deleted = client.post(_url(AuditEntry, "delete", entry.pk), {"post": "yes"})

    assert 'name="action"' not in page
    assert posted.status_code == 403 and deleted.status_code == 403
    entry.refresh_from_db()
    assert entry.action != "forged"


def test_audit_log_is_newest_first_and_filters_by_action(client: Client, market: Market) -> None:
    url = _url(AuditEntry, "changelist")

    everything = list(client.get(url).context["cl"].result_list)
    bids = list(client.get(url, {"action": "bid.placed"}).context["cl"].result_list)

    assert [entry.created_at for entry in everything] == sorted((e.created_at for e in everything), reverse=True)
    assert [entry.action for entry in bids] == ["bid.placed"]


def test_the_offer_list_shows_the_amount_with_its_currency_and_links_the_negotiation(
        client: Client, market: Market) -> None:
    page = client.get(_url(Offer, "changelist")).content.decode()

    assert "1\u00a0000\u00a0000\u00a0₸" in page
    assert f"?q={market.offer.pk}" in page


def test_an_offer_cannot_be_edited_in_the_admin(client: Client, market: Market) -> None:
    client.post(_url(Offer, "change", market.offer.pk), {"amount": 1, "status": "accepted"})

    market.offer.refresh_from_db()
    assert (market.offer.amount, market.offer.status) == (1_000_000_00, "open")


def test_the_order_page_shows_the_commission_breakdown(client: Client, market: Market) -> None:
    page = client.get(_url(Order, "change", market.pending.pk)).content.decode()

    assert "Kokzhiek" in page and "30 %" in page
    assert market.pending.gallery_fee_money.format() in page
    assert market.pending.artist_proceeds_money.format() in page


def test_recording_a_payment_in_the_admin_sells_the_work_and_issues_its_certificate(
        client: Client, staff: User, market: Market) -> None:
    response = client.post(_url(Order, "changelist"), {
        "action": "record_payment", "_selected_action": [market.pending.pk, market.paid.pk], "index": 0},
        follow=True)

    market.pending.refresh_from_db()
    assert market.pending.status == OrderStatus.PAID and market.pending.recorded_by == staff
    assert Artwork.objects.get(pk=market.artwork.pk).availability == Availability.SOLD
    assert Certificate.objects.filter(order=market.pending).exists()
    assert ProvenanceEvent.objects.filter(order=market.pending, kind=ProvenanceKind.SALE).exists()
    shown = [str(message) for message in response.context["messages"]]
    # The order already paid is refused by the service and reported, not silently skipped.
    assert any(market.paid.number in message and "cannot be paid" in message for message in shown)
    assert "Payment recorded for 1 order." in shown


def test_cancelling_an_order_in_the_admin_releases_the_work(client: Client, market: Market) -> None:
    client.post(_url(Order, "changelist"),
                {"action": "cancel", "_selected_action": [market.pending.pk], "index": 0})

    market.pending.refresh_from_db()
    assert market.pending.status == OrderStatus.CANCELLED
    assert Artwork.objects.get(pk=market.artwork.pk).availability == Availability.FOR_SALE
    assert AuditEntry.objects.filter(action="order.cancelled", object_id=market.pending.pk).exists()


def test_revoking_a_certificate_keeps_it_and_logs_who_did_it(client: Client, staff: User, market: Market) -> None:
    certificate = Certificate.objects.get(order=market.paid)
    url = _url(Certificate, "changelist")

    client.post(url, {"action": "revoke", "_selected_action": [certificate.pk], "index": 0})
    again = client.post(url, {"action": "revoke", "_selected_action": [certificate.pk], "index": 0}, follow=True)

    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert AuditEntry.objects.filter(action="certificate.revoked", actor=staff).count() == 1
    assert any("already been revoked" in str(message) for message in again.context["messages"])


def test_a_certificate_is_found_by_its_code_as_printed(client: Client, market: Market) -> None:
    certificate = Certificate.objects.get(order=market.paid)

    found = client.get(_url(Certificate, "changelist"), {"q": certificate.display_code}).context["cl"].result_list

    assert list(found) == [certificate]


def test_an_auction_added_in_the_admin_is_made_by_the_service(client: Client, staff: User) -> None:
    now = timezone.localtime()
    data = {"title_kk": "Көктем", "title_ru": "", "title_en": "Spring", "description_kk": "", "description_ru": "",
            "description_en": "", "currency": "KZT", "starts_at_0": now.strftime("%Y-%m-%d"),
            "starts_at_1": now.strftime("%H:%M:%S"), "ends_at_0": now.strftime("%Y-%m-%d"),
            "ends_at_1": now.strftime("%H:%M:%S"), "lot_interval_seconds": 60, "soft_close_seconds": 300,
            "extension_seconds": 300}

    refused = client.post(_url(Auction, "add"), data)
    data["ends_at_0"] = (now + datetime.timedelta(days=2)).strftime("%Y-%m-%d")
    added = client.post(_url(Auction, "add"), data)

    assert refused.status_code == 200 and "closes after it opens" in refused.content.decode()
    assert added.status_code == 302
    auction = Auction.objects.get()
    assert auction.organiser == staff and auction.slug
    assert AuditEntry.objects.filter(action="auction.created", object_id=auction.pk).exists()


def test_a_lot_added_in_the_admin_goes_through_the_service(client: Client, market: Market) -> None:
    artwork = ArtworkFactory()
    data = {"auction": market.auction.pk, "artwork": artwork.pk, "edition_copy": "", "starting_amount": 100_000,
            "reserve_amount": "", "estimate_low": 300_000, "estimate_high": 200_000}

    refused = client.post(_url(Lot, "add"), data)
    data.update(estimate_low=200_000, estimate_high=300_000)
    added = client.post(_url(Lot, "add"), data)

    assert refused.status_code == 200
    assert added.status_code == 302
    lot = Lot.objects.get(artwork=artwork)
    assert lot.number == 2
    assert AuditEntry.objects.filter(action="lot.added", object_id=lot.pk).exists()


def test_a_representation_holds_only_its_artists_works(client: Client, market: Market) -> None:
    representation = Representation.objects.get()
    stranger = ArtworkFactory()
    url = _url(Representation, "change", representation.pk)
    data = {"gallery": representation.gallery_id, "artist": representation.artist_id, "commission_bp": 2500,
            "ended_at_0": "", "ended_at_1": "", "artworks": [market.artwork.pk, stranger.pk]}

    refused = client.post(url, data)
    data["artworks"] = [market.artwork.pk]
    saved = client.post(url, data)

    assert refused.status_code == 200
    assert saved.status_code == 302
    representation.refresh_from_db()
    assert representation.commission_bp == 2500
