"""The shapes of the social API: notifications, follows, the feed and notification settings."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.conf import settings
from ninja import Field, Schema

from .models import FeedEvent, Follow, Notification, SocialSettings
from .texts import feed_path, feed_text, notification_path, notification_text


class NotificationOut(Schema):
    id: int
    action: str = Field(..., description="What happened, e.g. offer.made, order.paid, bid.placed (you were outbid).")
    text: str = Field(..., description="The sentence in the request's language (?lang=).")
    url: str = Field(..., description="Absolute address of the page it concerns, in the request's language; "
                                      "empty if none.")
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    is_read: bool

    @staticmethod
    def build(notification: Notification) -> NotificationOut:
        path = notification_path(notification)
        return NotificationOut(
            id=notification.pk, action=notification.action, text=notification_text(notification),
            url=settings.SITE_URL.rstrip("/") + path if path else "", created_at=notification.created_at,
            read_at=notification.read_at, is_read=notification.read_at is not None,
        )


class NotificationPageOut(Schema):
    items: list[NotificationOut]
    page: int
    page_size: int
    count: int
    next: int | None = Field(..., description="The next page number, or null on the last page.")
    previous: int | None
    unread: int = Field(..., description="How many of your notifications are unread, on every page.")


class ReadAllOut(Schema):
    marked: int = Field(..., description="How many notifications were unread and are now read.")


class FollowIn(Schema):
    kind: Literal["artist", "gallery", "critic", "subject"]
    id: int = Field(..., ge=1, description="The artist's, gallery's, critic's or subject's id.")


class FollowOut(Schema):
    kind: str
    id: int
    name: str = Field(..., description="The followed one's name in the request's language.")
    created_at: datetime.datetime

    @staticmethod
    def build(follow: Follow) -> FollowOut:
        target = follow.target
        name: Any = getattr(target, "name", None) or getattr(target, "label", None)
        text = name.get_text() if hasattr(name, "get_text") else str(name or target)
        return FollowOut(kind=follow.kind, id=follow.target_id or 0, name=text, created_at=follow.created_at)


class FollowPageOut(Schema):
    items: list[FollowOut]
    page: int
    page_size: int
    count: int
    next: int | None
    previous: int | None


class FeedEventOut(Schema):
    id: int
    verb: str = Field(..., description="artwork.published, review.published or gallery.represents.")
    actor_kind: str
    actor_id: int
    artwork_id: int | None
    review_id: int | None
    text: str = Field(..., description="The sentence in the request's language (?lang=).")
    url: str = Field(..., description="Absolute address of the work or review, in the request's language.")
    created_at: datetime.datetime

    @staticmethod
    def build(event: FeedEvent) -> FeedEventOut:
        path = feed_path(event)
        return FeedEventOut(id=event.pk, verb=event.verb, actor_kind=event.actor_kind, actor_id=event.actor_id,
                            artwork_id=event.artwork_id, review_id=event.review_id, text=feed_text(event),
                            url=settings.SITE_URL.rstrip("/") + path if path else "", created_at=event.created_at)


class FeedPageOut(Schema):
    items: list[FeedEventOut]
    next_cursor: str | None
    previous_cursor: str | None


class NotificationSettingsOut(Schema):
    email_delivery: str = Field(..., description="instant (each at once), digest (one a day) or never.")
    email_market: bool
    email_reviews: bool
    email_follows: bool
    email_searches: bool
    email_programmes: bool = Field(..., description="Collaborations, open calls, juries, exhibitions, mentorship.")
    follows_public: bool = Field(..., description="Whether others may see whom you follow.")
    saves_public: bool = Field(..., description="Whether others may see the works you saved.")

    @staticmethod
    def build(choices: SocialSettings) -> NotificationSettingsOut:
        return NotificationSettingsOut(email_delivery=choices.email_delivery, email_market=choices.email_market,
                                       email_reviews=choices.email_reviews, email_follows=choices.email_follows,
                                       email_searches=choices.email_searches,
                                       email_programmes=choices.email_programmes,
                                       follows_public=choices.follows_public,
                                       saves_public=choices.saves_public)


class NotificationSettingsIn(Schema):
    """Omitted fields keep their value."""

    email_delivery: Literal["instant", "digest", "never"] | None = None
    email_market: bool | None = None
    email_reviews: bool | None = None
    email_follows: bool | None = None
    email_searches: bool | None = None
    email_programmes: bool | None = None
    follows_public: bool | None = None
    saves_public: bool | None = None
