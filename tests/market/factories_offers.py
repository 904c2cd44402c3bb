"""Factories for the offers and inquiries tests: galleries, their representation of an artist."""

from __future__ import annotations

from typing import Any

from dala.accounts.models import GalleryProfile
from dala.catalog.models import Artwork
from dala.market.models import Representation
from tests.factories import GalleryFactory


def represent(artwork: Artwork | Any, *, gallery: GalleryProfile | None = None, **kwargs: Any) -> Representation:
    """A gallery (a new one unless given) that represents ``artwork``'s artist and holds the work."""
    representation = Representation.objects.create(gallery=gallery or GalleryFactory(), artist=artwork.artist,
                                                   **kwargs)
    representation.artworks.add(artwork)
    return representation
