"""Two decisions the matrix found wrong and that a status code alone cannot show (a refusal of one's own
work is a 400, like a form error): the seller's side never buys what it sells, and an artist puts a lot
only in the auction of a gallery that holds the work."""

from __future__ import annotations

from typing import Any

import pytest

from dala.accounts.models import GalleryProfile
from dala.catalog.models import Artwork
from dala.core.errors import DomainError, PermissionDenied
from dala.market import errors
from dala.market.models import Representation
from dala.market.services.auctions import add_lot
from dala.market.services.inquiries import ask_about
from dala.market.services.offers import make_offer
from dala.market.services.orders import buy_now
from tests.factories import ArtworkFactory, GalleryFactory
from tests.market.factories_auctions import make_auction

pytestmark = pytest.mark.django_db


def _held_work() -> tuple[Artwork, GalleryProfile]:
    """A work for sale (buy now on) and the gallery that represents its artist and holds it."""
    work: Any = ArtworkFactory(buy_now=True)
    gallery: Any = GalleryFactory()
    representation = Representation.objects.create(gallery=gallery, artist=work.artist, commission_bp=3000)
    representation.artworks.add(work)
    return work, gallery


def test_a_gallery_cannot_offer_on_buy_or_ask_about_a_work_it_holds() -> None:
    work, gallery = _held_work()
    attempts = {
        "offer": lambda: make_offer(buyer=gallery.user, artwork_id=work.pk, amount=100_000_000, currency="KZT"),
        "buy now": lambda: buy_now(buyer=gallery.user, artwork_id=work.pk),
        "question": lambda: ask_about(buyer=gallery.user, artwork_id=work.pk, body="Is it framed?"),
    }
    for name, attempt in attempts.items():
        with pytest.raises(DomainError) as refusal:
            attempt()
        assert refusal.value.code == errors.OWN_WORK, name


def test_a_gallery_that_does_not_hold_the_work_may_buy_it() -> None:
    work, _holder = _held_work()
    stranger: Any = GalleryFactory()
    assert buy_now(buyer=stranger.user, artwork_id=work.pk).buyer_id == stranger.user.pk


def test_an_artist_cannot_put_a_lot_in_a_strangers_auction() -> None:
    work: Any = ArtworkFactory()
    auction = make_auction(organiser=GalleryFactory().user)
    with pytest.raises(PermissionDenied) as refusal:
        add_lot(auction=auction, user=work.artist.user, artwork_id=work.pk, starting_amount=100_000)
    assert refusal.value.code == errors.NOT_ALLOWED


def test_an_artist_puts_a_lot_in_the_auction_of_the_gallery_that_holds_the_work() -> None:
    work, gallery = _held_work()
    auction = make_auction(organiser=gallery.user)
    lot = add_lot(auction=auction, user=work.artist.user, artwork_id=work.pk, starting_amount=100_000)
    assert lot.auction_id == auction.pk


def test_a_gallery_cannot_put_a_lot_of_a_work_it_does_not_hold_in_its_own_auction() -> None:
    work: Any = ArtworkFactory()
    auction = make_auction(organiser=GalleryFactory().user)
    with pytest.raises(PermissionDenied) as refusal:
        add_lot(auction=auction, user=auction.organiser, artwork_id=work.pk, starting_amount=100_000)
    assert refusal.value.code == errors.NOT_REPRESENTED
