"""Who may act on which side of a sale. Views, routers and services ask here, never in a template.

The seller's side of a work is its artist and every gallery that represents the artist and holds the
work; the buyer's side is the buyer. Staff may record payments and cancel orders but are no party.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dala.catalog.models import Artwork
from dala.core.errors import PermissionDenied

from . import errors
from .models import Auction, Offer, Order, Representation, Side


def is_logged_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def require_login(user: Any) -> None:
    if not is_logged_in(user):
        raise PermissionDenied(errors.NOT_LOGGED_IN, _("Log in to buy, offer or bid."))


def representation_for(user: Any, artwork: Artwork) -> Representation | None:
    """The active representation through which ``user`` (a gallery) holds ``artwork``, if any."""
    if not is_logged_in(user):
        return None
    return (Representation.objects.filter(gallery__user=user, artist_id=artwork.artist_id, ended_at__isnull=True,
                                          artworks=artwork).select_related("gallery").first())


def gallery_for_sale(artwork: Artwork) -> Representation | None:
    """The representation whose gallery takes a share of a sale of ``artwork`` (the first one holding it)."""
    return (Representation.objects.filter(artist_id=artwork.artist_id, ended_at__isnull=True, artworks=artwork)
            .select_related("gallery").order_by("pk").first())


def is_artist_of(user: Any, artwork: Artwork) -> bool:
    return is_logged_in(user) and artwork.artist.user_id == user.pk


def seller_side(user: Any, artwork: Artwork) -> tuple[bool, Representation | None]:
    """(whether ``user`` may act for the seller, the representation they act through if a gallery)."""
    if is_artist_of(user, artwork):
        return True, None
    representation = representation_for(user, artwork)
    return representation is not None, representation


def seller_user_ids(artwork: Artwork) -> list[int]:
    """Everyone who should hear of activity on the seller's side of ``artwork``."""
    galleries = Representation.objects.filter(artist_id=artwork.artist_id, ended_at__isnull=True,
                                              artworks=artwork).values_list("gallery__user_id", flat=True)
    return [artwork.artist.user_id, *galleries]


def side_of(user: Any, offer: Offer) -> tuple[str | None, Representation | None]:
    """Which side of ``offer``'s negotiation ``user`` is on (Side value or None) and through which representation."""
    if not is_logged_in(user):
        return None, None
    if offer.buyer_id == user.pk:
        return Side.BUYER, None
    may, representation = seller_side(user, offer.artwork)
    return (Side.SELLER, representation) if may else (None, None)


def require_party(user: Any, offer: Offer) -> tuple[str, Representation | None]:
    side, representation = side_of(user, offer)
    if side is None:
        raise PermissionDenied(errors.NOT_A_PARTY, _("Only the buyer and the seller of this offer may act on it."))
    return side, representation


def can_view_order(user: Any, order: Order) -> bool:
    if not is_logged_in(user):
        return False
    return user.is_staff or order.buyer_id == user.pk or seller_side(user, order.artwork)[0]


def can_manage_order(user: Any, order: Order) -> bool:
    """Record a payment or cancel: staff, or the seller's side."""
    return is_logged_in(user) and (user.is_staff or seller_side(user, order.artwork)[0])


def may_see_unpublished(user: Any, auction: Auction) -> bool:
    """The organiser and staff see an auction before it is published; the public does not."""
    return is_logged_in(user) and (user.is_staff or auction.organiser_id == user.pk)
