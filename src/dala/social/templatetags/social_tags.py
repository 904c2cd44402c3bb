"""Template tags: the unread notification count (navigation) and the follow button's state."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import follow_summary, unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context: template.Context) -> int:
    """The signed-in user's unread notifications (0 for anonymous users, with no query); counted once
    per request however often a page asks."""
    request: Any = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if request is not None and hasattr(request, "_unread_notifications"):
        return int(request._unread_notifications)
    count = unread_count(user)
    if request is not None:
        request._unread_notifications = count
    return count


@register.simple_tag(takes_context=True)
def follow_state(context: template.Context, kind: str, target_id: int) -> dict[str, Any]:
    """For a follow button: how many follow the target and whether the signed-in user does (one query)."""
    request: Any = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    count, following = follow_summary(user, kind=kind, target_id=target_id)
    return {"kind": kind, "id": target_id, "count": count, "following": following}
