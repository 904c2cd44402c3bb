"""Template tags for the market's panel on the artwork page, which the catalogue renders without knowing
the market: the panel asks here which actions the viewer has, so that no permission is decided in a template."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from dala.catalog.models import Artwork, Availability
from dala.core.money import CURRENCIES

from ..permissions import seller_side

register = template.Library()


@register.simple_tag
def market_viewer(artwork: Artwork, user: Any) -> dict[str, Any]:
    """What ``user`` may do with ``artwork``: ``is_seller`` (the artist or a gallery holding the work),
    ``on_market`` (the work can be offered on or bought now), ``logged_in``; and for the offer form the
    ``currencies`` one may offer in and how many hours an offer stays open (``offer_hours``)."""
    logged_in = bool(getattr(user, "is_authenticated", False))
    return {
        "logged_in": logged_in,
        "is_seller": logged_in and seller_side(user, artwork)[0],
        "on_market": artwork.availability == Availability.FOR_SALE and artwork.deleted_at is None,
        "currencies": list(CURRENCIES),
        "offer_hours": int(settings.DALA_OFFER_HOURS),
    }
