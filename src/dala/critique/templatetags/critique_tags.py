"""Template tags for reviews: Markdown to safe HTML, and the reviews panel's selector."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from dala.core.markup import render_markdown

from ..models import Review
from ..selectors import reviews_about as _reviews_about

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Render a review's or reply's Markdown; raw HTML and script links never come through."""
    return render_markdown(text)


@register.simple_tag
def reviews_about(subject: Any) -> list[Review]:
    """The newest public reviews of an artwork or artist (a bounded number of queries, whatever the count)."""
    return _reviews_about(subject)


@register.filter
def reply_of(review: Review) -> Any:
    """The review's reply, or None (the reverse one-to-one raises when there is none)."""
    try:
        return review.reply
    except Review.reply.RelatedObjectDoesNotExist:
        return None
