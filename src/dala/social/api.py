"""The social API (bearer token): my notifications (text in the request's language), follows, feed and
notification settings."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from dala.accounts.api import TokenAuth, current_user
from dala.catalog.schemas import CursorQuery, PageQuery
from dala.core.errors import PermissionDenied
from dala.core.pagination import numbered_page

from . import errors, services
from .schemas import (
    FeedEventOut,
    FeedPageOut,
    FollowIn,
    FollowOut,
    FollowPageOut,
    NotificationOut,
    NotificationPageOut,
    NotificationSettingsIn,
    NotificationSettingsOut,
    ReadAllOut,
)
from .selectors import can_see_follows_of, feed_page, follows_of, notifications_of, settings_of, unread_count

router = Router(auth=TokenAuth(), tags=["notifications"])


@router.get("/notifications", response=NotificationPageOut, summary="List my notifications")
def list_notifications(request: HttpRequest, query: Query[PageQuery]) -> NotificationPageOut:
    """Your notifications, newest first, a numbered page at a time; ``text`` is in ``?lang=``."""
    user = current_user(request)
    page = numbered_page(notifications_of(user), page=query.page, page_size=query.page_size)
    return NotificationPageOut(
        items=[NotificationOut.build(n) for n in page.rows], page=query.page, page_size=query.page_size,
        count=page.count, next=page.next, previous=page.previous, unread=unread_count(user),
    )


@router.post("/notifications/read-all", response=ReadAllOut, summary="Mark all my notifications read")
def read_all(request: HttpRequest) -> ReadAllOut:
    return ReadAllOut(marked=services.mark_all_read(user=current_user(request)))


@router.post("/notifications/{notification_id}/read", response=NotificationOut,
             summary="Mark one notification read")
def read(request: HttpRequest, notification_id: int) -> NotificationOut:
    """Someone else's notification is not found (404), as if it did not exist."""
    return NotificationOut.build(services.mark_read(user=current_user(request), notification_id=notification_id))


@router.post("/follows", response={200: FollowOut, 201: FollowOut}, summary="Follow an artist, gallery, "
             "critic or subject")
def follow(request: HttpRequest, payload: FollowIn) -> tuple[int, FollowOut]:
    """Idempotent: following again answers 200 with the existing follow; a new one is 201."""
    created_follow, created = services.follow(user=current_user(request), kind=payload.kind, target_id=payload.id)
    return (201 if created else 200), FollowOut.build(created_follow)


@router.delete("/follows", response={204: None}, summary="Stop following")
def unfollow(request: HttpRequest, query: Query[FollowIn]) -> tuple[int, None]:
    """``?kind=artist&id=7``. Idempotent: 204 whether or not you followed it."""
    services.unfollow(user=current_user(request), kind=query.kind, target_id=query.id)
    return 204, None


@router.get("/follows", response=FollowPageOut, summary="List whom I follow")
def my_follows(request: HttpRequest, query: Query[PageQuery]) -> FollowPageOut:
    page = numbered_page(follows_of(current_user(request)), page=query.page, page_size=query.page_size)
    return FollowPageOut(items=[FollowOut.build(f) for f in page.rows], page=query.page, page_size=query.page_size,
                         count=page.count, next=page.next, previous=page.previous)


@router.get("/users/{user_id}/follows", response=FollowPageOut, summary="List whom a user follows")
def follows_of_user(request: HttpRequest, user_id: int, query: Query[PageQuery]) -> FollowPageOut:
    """A user's follows are private (403 ``follows_private``) unless they made them public."""
    owner = get_user_model().objects.get(pk=user_id, is_active=True)
    if not can_see_follows_of(owner, current_user(request)):
        raise PermissionDenied(errors.FOLLOWS_PRIVATE, _("This person keeps whom they follow private."))
    page = numbered_page(follows_of(owner), page=query.page, page_size=query.page_size)
    return FollowPageOut(items=[FollowOut.build(f) for f in page.rows], page=query.page, page_size=query.page_size,
                         count=page.count, next=page.next, previous=page.previous)


@router.get("/feed", response=FeedPageOut, summary="My feed")
def feed(request: HttpRequest, query: Query[CursorQuery]) -> FeedPageOut:
    """New works and reviews of those you follow, newest first; pass ``next_cursor`` as ``?cursor=``."""
    page = feed_page(current_user(request), cursor=query.cursor, page_size=query.page_size)
    return FeedPageOut(items=[FeedEventOut.build(e) for e in page.items], next_cursor=page.next_cursor,
                       previous_cursor=page.previous_cursor)


@router.get("/notification-settings", response=NotificationSettingsOut, summary="My notification settings")
def get_settings(request: HttpRequest) -> NotificationSettingsOut:
    return NotificationSettingsOut.build(settings_of(current_user(request)))


@router.put("/notification-settings", response=NotificationSettingsOut, summary="Change my notification settings")
def put_settings(request: HttpRequest, payload: NotificationSettingsIn) -> NotificationSettingsOut:
    changes = {name: value for name, value in payload.dict().items() if value is not None}
    return NotificationSettingsOut.build(services.update_settings(user=current_user(request), **changes))
