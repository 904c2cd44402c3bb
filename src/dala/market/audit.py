"""The audit log: one row for every market action, written in the same transaction as the action."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from .models import AuditEntry
from .signals import market_event


def record(*, actor: Any, action: str, subject: models.Model, artwork_id: int | None = None,
           from_amount: int | None = None, to_amount: int | None = None, currency: str = "",
           notify: Iterable[int] = (), url: str = "", **details: Any) -> AuditEntry:
    """Log ``action`` on ``subject``; once the transaction commits, tell ``notify`` (user ids) of it."""
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    entry = AuditEntry.objects.create(
        actor_id=actor_id, action=action, object_type=subject._meta.model_name or "", object_id=subject.pk,
        artwork_id=artwork_id, from_amount=from_amount, to_amount=to_amount, currency=currency,
        details={key: value for key, value in details.items() if value not in (None, "")},
    )
    recipients = sorted({int(pk) for pk in notify if pk is not None and pk != actor_id})
    if recipients:
        transaction.on_commit(lambda: market_event.send(sender=AuditEntry, action=action, actor_id=actor_id,
                                                        recipient_ids=recipients, subject=subject, url=url))
    return entry
