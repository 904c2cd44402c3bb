"""Factories for the order, certificate and provenance tests: galleries that represent artists, editions."""

from __future__ import annotations

from typing import Any

import factory

from dala.accounts.models import CollectorProfile, GalleryProfile
from dala.catalog.models import Artwork, EditionSet, EditionType
from dala.catalog.services import add_edition_set
from dala.market.models import Order, Representation
from dala.market.services import orders
from tests.factories import ArtworkFactory, GalleryFactory, UserFactory


class CollectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectorProfile

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Collector {n}")
    is_private = True


def represent(artwork: Artwork, *, commission_bp: int = 3000, gallery: GalleryProfile | None = None) -> Representation:
    """A gallery that represents ``artwork``'s artist and holds the work."""
    representation = Representation.objects.create(gallery=gallery or GalleryFactory(), artist=artwork.artist,
                                                   commission_bp=commission_bp)
    representation.artworks.add(artwork)
    return representation


def edition_work(*, size: int | None = 3, price_amount: int = 20_000_000, **kwargs: Any) -> tuple[Artwork, EditionSet]:
    """A listed work sold in a limited (or, with ``size=None``, open) edition."""
    artwork = ArtworkFactory(edition_type=EditionType.LIMITED if size else EditionType.OPEN, **kwargs)
    edition = add_edition_set(artwork=artwork, size=size, price_amount=price_amount)
    return artwork, edition


def bought(artwork: Artwork | None = None, *, buyer: Any = None, edition: EditionSet | None = None) -> Order:
    """A pending buy-now order of ``artwork`` (a fresh one by default) at its listed price."""
    artwork = artwork or ArtworkFactory()
    return orders.buy_now(buyer=buyer or UserFactory(), artwork_id=artwork.pk,
                          edition_set_id=edition.pk if edition else None)


def paid(order: Order, *, by: Any = None) -> Order:
    """``order`` paid, recorded by its artist (or ``by``)."""
    return orders.record_payment(order_id=order.pk, user=by or order.artwork.artist.user, reference="bank 1")
