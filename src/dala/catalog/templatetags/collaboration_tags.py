"""Template helpers for collaborations: shares as percentages, and a work's accepted credits."""

from __future__ import annotations

from django import template

from ..collaboration import accepted_credits, percent
from ..models import Artwork, ArtworkCredit

register = template.Library()


@register.filter
def bp_percent(share_bp: int) -> str:
    """Basis points as a percentage number: 3333 → “33.33” (add the % sign in the template)."""
    return percent(int(share_bp))


@register.simple_tag
def collaboration_credits(artwork: Artwork) -> list[ArtworkCredit]:
    """The work's accepted credits, lead first; empty when it is no collaboration (one query)."""
    return accepted_credits(artwork)
