"""Template filters of the representation page, and the artist page's "represented by" panel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats

from dala.accounts.models import ArtistProfile, GalleryProfile

from ..selectors.galleries import galleries_representing

register = template.Library()


@register.filter
def percent_of_bp(basis_points: int) -> str:
    """3000 → "30", 1250 → "12.5" (with the language's decimal separator)."""
    return formats.number_format(Decimal(int(basis_points)) / 100, use_l10n=True)


@register.simple_tag
def representing_galleries(artist: Any) -> list[GalleryProfile]:
    """The galleries that represent ``artist`` now (one query; none for anything but an artist)."""
    return galleries_representing(artist) if isinstance(artist, ArtistProfile) else []
