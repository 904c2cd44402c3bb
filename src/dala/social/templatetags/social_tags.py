"""Template tags: the unread notification count (navigation), the follow button's state, and the feed's
lines without a work told twice."""

from __future__ import annotations

from typing import Any

from django import template

from dala.accounts.models import ArtistProfile, CriticProfile, GalleryProfile
from dala.catalog.models import Subject

from ..models import FeedVerb, FollowKind
from ..selectors import follow_summary, unread_count

register = template.Library()

# Which kind of follow a page's object is: the pages below the social app (catalogue, market) may not
# import it, so they name no kind; they put the object in their context and the panel tells its kind.
_KINDS: list[tuple[type, str]] = [
    (ArtistProfile, FollowKind.ARTIST),
    (GalleryProfile, FollowKind.GALLERY),
    (CriticProfile, FollowKind.CRITIC),
    (Subject, FollowKind.SUBJECT),
]


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


def kind_of(target: Any) -> str:
    """The FollowKind of an artist, gallery, critic or subject ("" for anything else)."""
    for model, kind in _KINDS:
        if isinstance(target, model):
            return str(kind)
    return ""


@register.simple_tag(takes_context=True)
def follow_panel(context: template.Context) -> dict[str, Any] | None:
    """What the follow panel shows, for the page's ``follow_target`` (an artist, gallery, critic or
    subject; the artist page's ``artist`` when none is named): kind, id, name, whether the viewer may
    follow it (not themselves), the follower count and whether they follow it (one query). ``None`` when
    the page has nothing to follow."""
    target: Any = context.get("follow_target") or context.get("artist")
    kind = kind_of(target)
    if not kind or getattr(target, "pk", None) is None:
        return None
    request: Any = context.get("request")
    user: Any = context.get("user") or getattr(request, "user", None)
    count, following = follow_summary(user, kind=kind, target_id=target.pk)
    signed_in = user is not None and user.is_authenticated
    own = signed_in and getattr(target, "user_id", None) == user.pk
    name = getattr(target, "name", None) if kind != FollowKind.SUBJECT else target.label
    return {"kind": kind, "id": target.pk, "name": name, "count": count, "following": following,
            "can_follow": signed_in and not own,
            "next": context.get("follow_next") or (request.get_full_path() if request is not None else "")}


# Of one work's "new work" lines, the one that says most to the reader: the artist's own, then the
# gallery's, then a subject's (a reader following both the artist and a subject sees the work once).
_PRIORITY = {FollowKind.ARTIST: 0, FollowKind.GALLERY: 1, FollowKind.SUBJECT: 2}


@register.filter
def once_per_work(lines: list[Any]) -> list[Any]:
    """The feed's lines (each with an ``event``) with each new work told once, where its first line was."""
    shown: list[Any] = []
    at: dict[int, int] = {}
    for line in lines:
        event = line.event
        if event.verb != FeedVerb.NEW_WORK or event.artwork_id is None:
            shown.append(line)
            continue
        index = at.get(event.artwork_id)
        if index is None:
            at[event.artwork_id] = len(shown)
            shown.append(line)
        elif _PRIORITY.get(event.actor_kind, 9) < _PRIORITY.get(shown[index].event.actor_kind, 9):
            shown[index] = line
    return shown
