"""The shapes of the notifications API."""

from __future__ import annotations

import datetime

from django.conf import settings
from ninja import Field, Schema

from .models import Notification
from .texts import notification_path, notification_text


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
