"""Notification reads."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def notifications_of(user: Any) -> QuerySet[Notification]:
    """``user``'s notifications, newest first. The text needs no other row (it is made from ``context``)."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    """How many of ``user``'s notifications are unread: one query on the (recipient, read_at) index."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
