"""Template tags for the exhibitions panels on other apps' pages (artwork, artist, gallery): each is one
selector call, so a panel costs a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import exhibitions as selectors

register = template.Library()


@register.simple_tag
def exhibitions_of_artwork(artwork: Any) -> list[Any]:
    return selectors.exhibitions_of_artwork(artwork) if artwork is not None else []


@register.simple_tag
def exhibitions_of_artist(artist: Any) -> list[Any]:
    return selectors.exhibitions_of_artist(artist) if artist is not None else []


@register.simple_tag
def programmes_of_gallery(gallery: Any) -> dict[str, list[Any]]:
    """The gallery's public exhibitions and its published open calls."""
    if gallery is None:
        return {"exhibitions": [], "calls": []}
    return {"exhibitions": selectors.exhibitions_of_gallery(gallery),
            "calls": selectors.open_calls_of_gallery(gallery)}


@register.simple_tag
def exhibition_bucket(exhibition: Any) -> str:
    """current, upcoming or past."""
    return selectors.bucket_of(exhibition)
