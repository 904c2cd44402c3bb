"""Auctions and lots for tests, made through the services so they obey the same rules as real ones."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from dala.market.models import Auction, Lot
from dala.market.services import auctions
from tests.factories import ArtworkFactory, UserFactory

# A small table so tests can count increments by hand: 100.00 up to 1 000.00, then 500.00.
TEST_INCREMENTS = [[0, 10_000], [100_000, 50_000]]



def make_auction(*, organiser: Any = None, opens_in: datetime.timedelta = -datetime.timedelta(hours=1),
                 closes_in: datetime.timedelta = datetime.timedelta(hours=1), published: bool = True,
                 title: str = "Steppe evening", **kwargs: Any) -> Auction:
    """An auction opened (by default an hour ago) by staff, its first lot closing ``closes_in`` from now."""
    now = timezone.now()
    kwargs.setdefault("increments", TEST_INCREMENTS)
    return auctions.create_auction(organiser=organiser or UserFactory(is_staff=True), title={"en": title},
                                   starts_at=now + opens_in, ends_at=now + closes_in, is_published=published,
                                   **kwargs)


def make_lot(auction: Auction, *, artwork: Any = None, starting_amount: int = 100_000, **kwargs: Any) -> Lot:
    """A lot of ``artwork`` (a new work for sale by default), added by the auction's organiser."""
    artwork = artwork or ArtworkFactory()
    return auctions.add_lot(auction=auction, user=auction.organiser, artwork_id=artwork.pk,
                            starting_amount=starting_amount, **kwargs)
