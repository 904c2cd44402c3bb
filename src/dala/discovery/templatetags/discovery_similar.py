"""Template tags of the similar panels: read the lists computed ahead (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors.similar import similar_artists, similar_works
from ..services.similar import artists_limit, works_limit

register = template.Library()


@register.simple_tag
def similar_works_of(artwork: Any) -> list[Any]:
    """The public works most like ``artwork`` as cards (two queries); [] without one."""
    if artwork is None or getattr(artwork, "pk", None) is None:
        return []
    return similar_works(artwork.pk, limit=works_limit())


@register.simple_tag
def similar_artists_of(artist: Any) -> list[Any]:
    """The public artists most like ``artist`` (one query); [] without one."""
    if artist is None or getattr(artist, "pk", None) is None:
        return []
    return similar_artists(artist.pk, limit=artists_limit())
