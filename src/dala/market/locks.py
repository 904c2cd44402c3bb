"""Row locks for the market, taken in one place and one order: artwork first, then the offer, order or
lot. Every function is ``order_by("pk").select_for_update()``, so two transactions never wait on each
other in opposite orders.

On SQLite ``select_for_update`` is a no-op, but dala opens every transaction with BEGIN IMMEDIATE, so a
writer holds the database's write lock from its first statement and a check-then-act cannot interleave.
"""

from __future__ import annotations

from dala.catalog.models import Artwork, EditionCopy

from .models import Lot, Offer, Order, Representation


def lock_artwork(artwork_id: int) -> Artwork:
    # of=("self",): lock the work's row only; FOR UPDATE would otherwise also lock the joined artist,
    # serialising every sale of the same artist's other works.
    return Artwork.objects.select_for_update(of=("self",)).order_by("pk").select_related("artist").get(pk=artwork_id)


def lock_available_copy(edition_set_id: int, *, exclude_proofs: bool = True) -> EditionCopy | None:
    """The lowest-numbered copy of the edition still for sale, locked; None when sold out."""
    copies = EditionCopy.objects.select_for_update().filter(edition_set_id=edition_set_id,
                                                            availability="for_sale")
    if exclude_proofs:
        copies = copies.filter(is_artist_proof=False)
    return copies.order_by("pk").first()


def lock_offers(offer_ids: list[int]) -> list[Offer]:
    return list(Offer.objects.select_for_update().filter(pk__in=offer_ids).order_by("pk"))


def lock_order(order_id: int) -> Order:
    return Order.objects.select_for_update().order_by("pk").get(pk=order_id)


def lock_lot(lot_id: int) -> Lot:
    # of=("self",): lock the lot's row only; FOR UPDATE would otherwise also lock the joined auction,
    # serialising the bids on all of its lots.
    return Lot.objects.select_for_update(of=("self",)).order_by("pk").select_related("auction").get(pk=lot_id)


def lock_representation(representation_id: int) -> Representation:
    # of=("self",): lock the representation's row only, not the joined gallery and artist profiles.
    return (Representation.objects.select_for_update(of=("self",)).order_by("pk")
            .select_related("gallery", "artist").get(pk=representation_id))
