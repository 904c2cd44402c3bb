"""Notification writes: making them from other apps' events, marking them read, e-mailing them."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dala.market.models import Bid, Lot, LotStatus

from .models import Notification
from .texts import notification_path, notification_text

logger = logging.getLogger("dala.social")

# A send that failed is tried again by the periodic sweep after RETRY_AFTER, for at most GIVE_UP_AFTER:
# older news is on the site and no longer worth an e-mail.
RETRY_AFTER = datetime.timedelta(minutes=5)
GIVE_UP_AFTER = datetime.timedelta(days=1)


def _context(subject: Any) -> dict[str, Any]:
    """What a notification's text needs of its subject, copied so the text survives later changes."""
    context: dict[str, Any] = {}
    if isinstance(subject, Bid):
        # The outbid bidder hears the lot's new price, never the new leader's maximum (a proxy bid is secret).
        lot = subject.lot
        context = {"artwork": dict(lot.artwork.title), "amount": subject.resulting_amount, "currency": lot.currency}
        return context
    artwork = getattr(subject, "artwork", None)
    if artwork is not None:
        context["artwork"] = dict(artwork.title)
    for name in ("amount", "current_amount"):
        value = getattr(subject, name, None)
        if isinstance(value, int) and not isinstance(value, bool):
            context["amount"] = value
            break
    currency = getattr(subject, "currency", None)
    if isinstance(currency, str):
        context["currency"] = currency
    if isinstance(subject, Lot):
        context["result"] = str(subject.status)
        if subject.status == LotStatus.SOLD and subject.leader_id is not None:
            context["winner_id"] = subject.leader_id
    return context


def notify(*, recipient_ids: list[int], actor_id: int | None, action: str, subject: Any,
           url: str) -> list[Notification]:
    """Tell each recipient (user ids) that ``action`` happened to ``subject``; never the actor, never
    twice. Each notification is e-mailed by a task once this transaction commits."""
    recipients = sorted({pk for pk in recipient_ids if pk is not None and pk != actor_id})
    if not recipients:
        return []
    context = _context(subject)
    with transaction.atomic():
        created = Notification.objects.bulk_create([
            Notification(recipient_id=pk, actor_id=actor_id, action=action, context=context, url=url[:300])
            for pk in recipients
        ])
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _enqueue_emails(ids))
    return created


def _enqueue_emails(notification_ids: list[int]) -> None:
    from .tasks import email_notification  # the task module imports this one

    for pk in notification_ids:
        try:
            email_notification.enqueue(pk)
        except Exception:
            # The notification is on the site already; a lost e-mail must not fail the market action.
            logger.exception("could not enqueue the e-mail for notification %s", pk)


def mark_read(*, user: Any, notification_id: int) -> Notification:
    """Mark one of ``user``'s notifications read. Someone else's is ``Notification.DoesNotExist``."""
    notification = Notification.objects.get(pk=notification_id, recipient_id=user.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of ``user`` read. Returns how many were unread."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


def email_notification(*, notification_id: int) -> bool:
    """E-mail one notification to its recipient in their language, once. Returns whether a mail went out.

    The row is claimed (``emailed_at`` set) before sending, so two workers never send it twice; if the
    send fails the claim is released and the error raised, so the task is marked failed and may run again.
    """
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return False  # the claim stays: there is nobody to mail, now or on a later sweep
    language = getattr(recipient, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        text = notification_text(notification)
        path = notification_path(notification)
        body = render_to_string("social/email/notification.txt", {
            "text": text, "link": settings.SITE_URL.rstrip("/") + path if path else "",
            "notifications_link": settings.SITE_URL.rstrip("/") + _notifications_path(),
            "recipient": recipient,
        })
    try:
        send_mail(subject=text.replace("\n", " ")[:200], message=body, from_email=None,
                  recipient_list=[recipient.email])
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        logger.exception("could not e-mail notification %s", notification_id)
        raise
    return True


def email_unsent_notifications(*, now: datetime.datetime | None = None) -> int:
    """Try again the e-mails that failed (or whose task was lost): notifications older than a few minutes,
    younger than a day, never e-mailed. Returns how many went out. A failure is logged and left for the
    next sweep; it never stops the others."""
    now = now or timezone.now()
    due = Notification.objects.filter(emailed_at__isnull=True, created_at__lte=now - RETRY_AFTER,
                                      created_at__gt=now - GIVE_UP_AFTER).values_list("pk", flat=True)
    sent = 0
    for pk in list(due[:500]):
        try:
            sent += email_notification(notification_id=pk)
        except Exception:  # already logged by email_notification
            continue
    return sent


def _notifications_path() -> str:
    from django.urls import reverse

    return reverse("social:notifications")
