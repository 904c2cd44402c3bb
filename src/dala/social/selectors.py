"""Social reads: notifications, follows, settings and the feed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from dala.core.pagination import KeysetPage, decode_cursor, keyset_paginate, rows_after

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
_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
_LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def feed_of(user: Any, *, window: Q | None = None) -> QuerySet[FeedEvent]:
    """The events of everything ``user`` follows, newest first, shaped so a page costs one query.

    Each followed kind is a subquery on the user's follows (no id list held in Python, so the query is the
    same for 3 follows or 300), matched against the (actor_kind, actor_id, created_at) index. ``window`` (a
    bound on ``created_at``, see ``_feed_window``) goes inside each kind's branch: SQLite plans the branches
    of an OR separately and uses only their own terms in the index range.
    """
    condition = Q()
    for kind, field in FOLLOW_TARGET_FIELDS.items():
        followed = Follow.objects.filter(follower_id=user.pk, **{f"{field}__isnull": False}).values(field)
        branch = Q(actor_kind=kind, actor_id__in=followed)
        condition |= branch & window if window is not None else branch
    return (FeedEvent.objects.filter(condition)
            .select_related("artwork", "artwork__artist", "artist").order_by("-created_at", "-id"))


def _followed_actors(user: Any) -> QuerySet[Follow]:
    """``user``'s follows, each annotated with the FeedEvent actor it stands for (``feed_kind``, ``feed_actor``)."""
    kind = Case(*[When(**{f"{field}__isnull": False}, then=Value(kind))
                  for kind, field in FOLLOW_TARGET_FIELDS.items()], output_field=CharField())
    actor = Coalesce(*[F(f"{field}_id") for field in FOLLOW_TARGET_FIELDS.values()])
    return Follow.objects.filter(follower_id=user.pk).order_by().annotate(feed_kind=kind, feed_actor=actor)


def _newest_of_each(cursor: str | None, rows: int) -> tuple[QuerySet[FeedEvent], bool]:
    """The first ``rows`` events after ``cursor`` of the actor an outer follow names (``rows`` steps of the
    (actor_kind, actor_id, created_at) index), and whether the cursor goes forward (towards older events)."""
    forward, after = True, Q()
    if cursor:
        values, direction = decode_cursor(FeedEvent, FEED_KEYS, cursor)
        forward = direction == "n"
        after = rows_after(FEED_KEYS, values, forward)
    order = [f"-{name}" if descending == forward else name for name, descending in FEED_KEYS]
    events = FeedEvent.objects.filter(after, actor_kind=OuterRef("feed_kind"), actor_id=OuterRef("feed_actor"))
    return events.order_by(*order)[:rows], forward


def _feed_window(user: Any, *, cursor: str | None, rows: int) -> Q:
    """A bound on ``created_at`` that every one of the page's ``rows`` events meets, so the page reads at most
    ``rows`` index entries per thing followed instead of all their events (SQLite's plan).

    For each follow, a correlated subquery reads the ``rows``-th event of that actor after the cursor. An actor
    with ``rows`` events newer than a date ``d`` puts every event older than ``d`` at rank ``rows + 1`` or worse,
    so the page's events are all at least as new as the newest of those dates (as old as the oldest, going
    back). An actor with fewer events gives no bound; if none has enough, their events together are fewer than
    ``rows`` × follows. Measured in bench/feed.py: without it a page gathered and sorted every event of the 100
    things followed (1.5 s on SQLite at 10 million events).
    """
    newest, forward = _newest_of_each(cursor, rows)
    nth = newest.values("created_at")[rows - 1:rows]
    bound = (_followed_actors(user).values("follower_id")
             .annotate(edge=(Max if forward else Min)(Subquery(nth))).values("edge"))
    # No actor with enough events: no bound (``created_at >= NULL`` would hide every event).
    edge = Coalesce(Subquery(bound), Value(_EARLIEST if forward else _LATEST, output_field=DateTimeField()))
    return Q(created_at__gte=edge) if forward else Q(created_at__lte=edge)


def _feed_candidates(user: Any, *, cursor: str | None, rows: int) -> QuerySet[FeedEvent]:
    """PostgreSQL's plan: the ids of each followed actor's first ``rows`` events after the cursor (one short
    index read per follow, gathered with ``unnest(ARRAY(…))``), of which the page takes the first ``rows``.

    PostgreSQL reads the OR of IN-subqueries only as a filter on the newest-first index, however bounded, so a
    reader whose follows are quiet had it walk every event since the window's edge (0.35–0.5 s at 10 million
    events); this form costs at most ``rows`` index entries per follow for everyone.
    """
    newest, _forward = _newest_of_each(cursor, rows)
    ids = Func(Func(Subquery(newest.values("id")), function="ARRAY", output_field=ArrayField(BigIntegerField())),
               function="unnest", output_field=BigIntegerField())
    followed = _followed_actors(user).annotate(event_id=ids).values("event_id")
    return (FeedEvent.objects.filter(pk__in=followed)
            .select_related("artwork", "artwork__artist", "artist").order_by("-created_at", "-id"))


def feed_page(user: Any, *, cursor: str | None, page_size: int) -> KeysetPage[FeedEvent]:
    """One page of ``user``'s feed (keyset: the same cost at any depth). A bad cursor raises DomainError.

    The rows are those of ``feed_of(user)`` in its order; each database gets the form it plans well.
    """
    return keyset_paginate(_feed_rows(user, cursor=cursor, rows=page_size + 1), keys=FEED_KEYS, cursor=cursor,
                           page_size=page_size)


def _feed_rows(user: Any, *, cursor: str | None, rows: int) -> QuerySet[FeedEvent]:
    """``feed_of(user)`` narrowed to what a page of ``rows - 1`` after ``cursor`` can hold (also read by
    bench/feed.py for the plan)."""
    if connections[FeedEvent.objects.db].vendor == "postgresql":
        return _feed_candidates(user, cursor=cursor, rows=rows)
    return feed_of(user, window=_feed_window(user, cursor=cursor, rows=rows))
