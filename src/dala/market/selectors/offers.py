"""Reads for offer pages and the offers API: each negotiation's latest state, and one whole chain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from dala.catalog.models import Artwork, Availability
from dala.core.errors import NotFound

from .. import errors
from ..models import Offer, Representation, Side
from ..permissions import side_of
from . import offer_chain


def _latest_of_each_chain() -> QuerySet[Offer]:
    # The newest offer of a chain is the one nobody has countered yet: no offer responds to it.
    return (Offer.objects.filter(counter__isnull=True)
            .select_related("artwork__artist", "edition_set", "buyer", "on_behalf_of__gallery")
            .order_by("-created_at", "-pk"))


def offers_made_by(user: Any) -> QuerySet[Offer]:
    """The buyer's negotiations, one row per chain (its latest offer), newest first."""
    return _latest_of_each_chain().filter(buyer_id=user.pk)


def works_held_by(user: Any) -> QuerySet[Artwork]:
    """Works ``user`` (a gallery) may act on: held through an active representation of their artist."""
    return Artwork.objects.filter(
        representations__gallery__user_id=user.pk,
        representations__ended_at__isnull=True,
        representations__artist_id=F("artist_id"),
    ).values("pk")  # type: ignore[return-value]


def offers_to_answer_for(user: Any) -> QuerySet[Offer]:
    """Negotiations on the seller's side of ``user`` (their own works, and works their gallery holds),
    one row per chain (its latest offer), newest first."""
    return _latest_of_each_chain().filter(Q(artwork__artist__user_id=user.pk) | Q(artwork_id__in=works_held_by(user)))


def represents_anyone(user: Any) -> bool:
    return Representation.objects.filter(gallery__user_id=user.pk, ended_at__isnull=True).exists()


@dataclass(frozen=True)
class Negotiation:
    """One chain of offers as a party sees it."""

    offers: list[Offer]  # oldest first
    side: str  # the viewer's side (Side value)

    @property
    def root(self) -> Offer:
        return self.offers[0]

    @property
    def latest(self) -> Offer:
        return self.offers[-1]

    @property
    def artwork(self) -> Artwork:
        return self.root.artwork

    @property
    def my_turn(self) -> bool:
        return self.latest.turn == self.side

    @property
    def may_withdraw(self) -> bool:
        return self.latest.is_open and self.latest.side == self.side

    @property
    def may_answer(self) -> bool:
        return self.my_turn

    @property
    def work_available(self) -> bool:
        return self.latest.edition_set_id is not None or self.artwork.availability == Availability.FOR_SALE


def negotiation_for(user: Any, offer_id: int) -> Negotiation:
    """The whole chain containing offer ``offer_id``, for one of its two sides; NotFound for anyone else,
    so that a stranger cannot even learn that the negotiation exists."""
    offer = Offer.objects.select_related("artwork__artist", "edition_set", "buyer").filter(pk=offer_id).first()
    side = side_of(user, offer)[0] if offer is not None else None
    if offer is None or side is None:
        raise NotFound(errors.NOT_FOUND, _("No such offer."))
    chain = offer_chain(offer)
    for item in chain:
        # Share the artwork already loaded instead of one query per offer.
        item.artwork = offer.artwork
        item.edition_set = offer.edition_set
    return Negotiation(offers=chain, side=side)


def artwork_on_the_market(artwork_id: int) -> Artwork:
    """A listed work (with its artist and editions) for the offer and question forms; NotFound otherwise."""
    work = (Artwork.objects.listed().select_related("artist").prefetch_related("edition_sets")
            .filter(pk=artwork_id).first())
    if work is None:
        raise NotFound(errors.NOT_FOUND, _("This work is not on the market."))
    return work


def opening_offers() -> QuerySet[Offer]:
    """The buyer's first offer of each negotiation: how often someone asked to buy (a counter-offer or an
    answer to one is the same interest, not a new one). For statistics and the trending score."""
    return Offer.objects.filter(side=Side.BUYER, responds_to__isnull=True)
