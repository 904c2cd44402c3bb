"""Template filters of the representation page."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def percent_of_bp(basis_points: int) -> str:
    """3000 → "30", 1250 → "12.5" (with the language's decimal separator)."""
    return formats.number_format(Decimal(int(basis_points)) / 100, use_l10n=True)
