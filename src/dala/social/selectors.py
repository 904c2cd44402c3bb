"""Social reads: notifications, follows, settings and the feed."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from dala.core.pagination import KeysetPage, keyset_paginate

from .models import FOLLOW_TARGET_FIELDS, FeedEvent, Follow, Notification, SocialSettings


def notifications_of(user: Any) -> QuerySet[Notification]:
    """``user``'s notifications, newest first. The text needs no other row (it is made from ``context``)."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    """How many of ``user``'s notifications are unread: one query on the (recipient, read_at) index."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


# --- follows -----------------------------------------------------------------------------------------

def settings_of(user: Any) -> SocialSettings:
    """``user``'s social settings; an unsaved row with the defaults if they never chose (no write on read)."""
    found = SocialSettings.objects.filter(user_id=user.pk).first()
    return found if found is not None else SocialSettings(user_id=user.pk)


def follows_of(user: Any) -> QuerySet[Follow]:
    """Whom ``user`` follows, newest first, with each target in one join (no query per row)."""
    return (Follow.objects.filter(follower_id=user.pk)
            .select_related("artist", "gallery", "critic", "subject").order_by("-created_at", "-id"))


def can_see_follows_of(owner: Any, viewer: Any) -> bool:
    """A user's follows are private unless they made them public; they and staff always see them."""
    if viewer is not None and viewer.is_authenticated and (viewer.pk == owner.pk or viewer.is_staff):
        return True
    return settings_of(owner).follows_public


def follow_summary(user: Any, *, kind: str, target_id: int) -> tuple[int, bool]:
    """How many follow a target and whether ``user`` is one of them, in one query (for the follow button)."""
    signed_in = user is not None and user.is_authenticated
    # An anonymous visitor counts none as theirs: a filter no row matches, still inside the one query.
    mine = Q(follower_id=user.pk) if signed_in else Q(pk__in=[])
    totals = Follow.objects.filter(**{f"{FOLLOW_TARGET_FIELDS[kind]}_id": target_id}).aggregate(
        count=Count("pk"), mine=Count("pk", filter=mine))
    return int(totals["count"] or 0), bool(totals["mine"])


def follower_count(*, kind: str, target_id: int) -> int:
    return Follow.objects.filter(**{f"{FOLLOW_TARGET_FIELDS[kind]}_id": target_id}).count()


def is_following(user: Any, *, kind: str, target_id: int) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Follow.objects.filter(follower_id=user.pk, **{f"{FOLLOW_TARGET_FIELDS[kind]}_id": target_id}).exists()


def follower_ids(*, kind: str, target_id: int) -> QuerySet[Follow, int]:
    """The user ids following a target (a lazy query, for bulk notification)."""
    return (Follow.objects.filter(**{f"{FOLLOW_TARGET_FIELDS[kind]}_id": target_id})
            .values_list("follower_id", flat=True))


# --- feed ----------------------------------------------------------------------------------------------

FEED_KEYS: list[tuple[str, bool]] = [("created_at", True), ("id", True)]


def feed_of(user: Any) -> QuerySet[FeedEvent]:
    """The events of everything ``user`` follows, newest first, shaped so a page costs one query.

    Each followed kind is a subquery on the user's follows (no id list held in Python, so the query is the
    same for 3 follows or 300), matched against the (actor_kind, actor_id, created_at) index.
    """
    condition = Q()
    for kind, field in FOLLOW_TARGET_FIELDS.items():
        followed = Follow.objects.filter(follower_id=user.pk, **{f"{field}__isnull": False}).values(field)
        condition |= Q(actor_kind=kind, actor_id__in=followed)
    return (FeedEvent.objects.filter(condition)
            .select_related("artwork", "artwork__artist", "artist").order_by("-created_at", "-id"))


def feed_page(user: Any, *, cursor: str | None, page_size: int) -> KeysetPage[FeedEvent]:
    """One page of ``user``'s feed (keyset: the same cost at any depth). A bad cursor raises DomainError."""
    return keyset_paginate(feed_of(user), keys=FEED_KEYS, cursor=cursor, page_size=page_size)
