"""Social jobs that run in the worker."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def email_notification(notification_id: int) -> bool:
    """E-mail one notification (enqueued by ``services.notify`` once its transaction commits). A failed
    send raises, so the task is recorded as failed with its traceback; the notification stays on the site."""
    return services.email_notification(notification_id=notification_id)


@task()
def email_unsent_notifications() -> int:
    """Periodic: send again the notification e-mails that failed in the last day (see
    ``services.email_unsent_notifications``). Meant for ``DALA_PERIODIC_TASKS``."""
    return services.email_unsent_notifications()


@task()
def send_digests() -> int:
    """Periodic: the daily digest e-mail of each user who chose it (see ``services.send_digests``); safe to
    run often, each user gets at most one a day. Meant for ``DALA_PERIODIC_TASKS``."""
    return services.send_digests()


@task()
def announce_new_work(artwork_id: int) -> bool:
    """A work became public: the feed event and the notifications of the artist's followers, in batches
    (enqueued by the catalogue receiver once the listing commits, never done in the request)."""
    return services.announce_new_work(artwork_id=artwork_id) is not None
