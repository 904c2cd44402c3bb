"""The deadline reminder: 48 hours before an open call closes, the artists whose entry is still a draft
hear that it is not submitted yet. Sent once per call, whichever worker and however often the tick runs."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import CallStatus, Entry, EntryStatus, OpenCall
from ..signals import programmes_event

REMIND_BEFORE = datetime.timedelta(hours=48)
# Calls reminded per tick at most; the rest wait for the next tick (a few minutes later).
BATCH = 200


def send_deadline_reminders(*, now: datetime.datetime | None = None) -> int:
    """Periodic: remind each published call whose deadline is within the next 48 hours and which has not
    been reminded yet. Returns how many calls were reminded (a call without drafts counts: it is done)."""
    now = now or timezone.now()
    due = (OpenCall.objects.filter(status=CallStatus.PUBLISHED, reminder_sent_at__isnull=True,
                                   deadline__gt=now, deadline__lte=now + REMIND_BEFORE)
           .order_by("deadline", "id").values_list("pk", flat=True))
    return sum(remind_call(call_id=pk, now=now) for pk in list(due[:BATCH]))


def remind_call(*, call_id: int, now: datetime.datetime | None = None) -> bool:
    """Send the 48 h reminder of one call to the artists of its draft entries, if it is due and not sent.
    Returns whether this call claimed it.

    The claim is a conditional UPDATE of ``reminder_sent_at`` in the same transaction as the event: a
    second worker's UPDATE matches no row (on PostgreSQL it waits for the first to commit, then finds the
    column set), so the reminder goes out once; if this transaction fails, nothing is claimed or sent."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = OpenCall.objects.filter(
            pk=call_id, status=CallStatus.PUBLISHED, reminder_sent_at__isnull=True,
            deadline__gt=now, deadline__lte=now + REMIND_BEFORE,
        ).update(reminder_sent_at=now)
        if not claimed:
            return False
        call = OpenCall.objects.get(pk=call_id)
        recipient_ids = sorted(set(Entry.objects.filter(call_id=call_id, status=EntryStatus.DRAFT)
                                   .values_list("artist__user_id", flat=True)))
        if recipient_ids:
            url = reverse("programmes:entry", kwargs={"slug": call.slug})
            transaction.on_commit(lambda: programmes_event.send(
                sender=OpenCall, action="call.deadline_soon", actor_id=None, recipient_ids=recipient_ids,
                subject=call, url=url))
    return True
