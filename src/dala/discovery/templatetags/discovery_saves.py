"""Template tags of saved works and searches: the save button's state, a saved search in words."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors.saves import describe_filters, is_saved

register = template.Library()


@register.simple_tag(takes_context=True)
def saved_state(context: template.Context, artwork_id: int) -> bool:
    """Whether the signed-in user saved the work (one query; none for anonymous visitors)."""
    request: Any = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    return is_saved(user, artwork_id)


@register.simple_tag
def search_summary(params: dict[str, str]) -> str:
    """Browse filters in words, in the active language (the default name of a saved search)."""
    return describe_filters(params)
