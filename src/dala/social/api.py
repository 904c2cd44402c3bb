"""The notifications API (bearer token): mine, newest first, with the text in the request's language."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from dala.accounts.api import TokenAuth, current_user
from dala.catalog.schemas import PageQuery
from dala.core.pagination import numbered_page

from . import services
from .schemas import NotificationOut, NotificationPageOut, ReadAllOut
from .selectors import notifications_of, unread_count

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
