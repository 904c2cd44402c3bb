"""Turns the events of the apps below into notifications and feed events."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from dala.catalog.models import Artwork
from dala.catalog.signals import artwork_saved, collaboration_event
from dala.critique.signals import critique_event
from dala.market.signals import market_event
from dala.programmes.signals import programmes_event

from .services import announce_representation, notify, record_review

logger = logging.getLogger("dala.social")


@receiver(market_event, dispatch_uid="dala.social.notify_market_event")
def _on_market_event(*, action: str, actor_id: int | None, recipient_ids: list[int], subject: Any, url: str,
                     **kwargs: Any) -> None:
    # The market's change has committed when this runs: a failure here must not turn it into an error page.
    try:
        notify(recipient_ids=recipient_ids, actor_id=actor_id, action=action, subject=subject, url=url)
    except Exception:
        logger.exception("could not notify %s of %s", recipient_ids, action)
    if action == "representation.granted" and getattr(subject, "pk", None) is not None:
        # News for the gallery's followers: one small write, so done here rather than in a task.
        try:
            announce_representation(representation_id=subject.pk)
        except Exception:
            logger.exception("could not announce representation %s", subject.pk)


@receiver(critique_event, dispatch_uid="dala.social.notify_critique_event")
def _on_critique_event(*, action: str, actor_id: int | None, recipient_ids: list[int], subject: Any, url: str,
                       **kwargs: Any) -> None:
    """Reviews: the reviewed artist hears of a published review, the critic of the artist's reply; a
    published review also enters the feed of the critic's followers. Sent after commit, like the market's."""
    try:
        notify(recipient_ids=recipient_ids, actor_id=actor_id, action=action, subject=subject, url=url)
        if action == "review.published":
            record_review(actor_id=actor_id, subject=subject, url=url)
    except Exception:
        logger.exception("could not notify %s of %s", recipient_ids, action)


@receiver(programmes_event, dispatch_uid="dala.social.notify_programmes_event")
def _on_programmes_event(*, action: str, actor_id: int | None, recipient_ids: list[int], subject: Any, url: str,
                         **kwargs: Any) -> None:
    """Open calls, juries, exhibitions and mentorship: invitations, the 48 h reminder, results, decisions.
    Sent after commit, like the market's: a failure here must not undo or fail the programme's change."""
    try:
        notify(recipient_ids=recipient_ids, actor_id=actor_id, action=action, subject=subject, url=url)
    except Exception:
        logger.exception("could not notify %s of %s", recipient_ids, action)


@receiver(collaboration_event, dispatch_uid="dala.social.notify_collaboration_event")
def _on_collaboration_event(*, action: str, actor_id: int | None, recipient_ids: list[int], subject: Any, url: str,
                            **kwargs: Any) -> None:
    """Collaborations: the invited artist hears of the invitation, the lead artist of the answer."""
    try:
        notify(recipient_ids=recipient_ids, actor_id=actor_id, action=action, subject=subject, url=url)
    except Exception:
        logger.exception("could not notify %s of %s", recipient_ids, action)


# New public works: only once the catalogue's transaction commits is a task enqueued; the receiver itself
# runs no query, so catalogue writes keep their query counts.

@receiver(artwork_saved, dispatch_uid="dala.social.artwork_saved")
def _on_artwork_saved(*, artwork: Artwork, was_listed: bool, is_listed: bool, **kwargs: Any) -> None:
    if not is_listed or was_listed:
        return
    artwork_id = artwork.pk
    transaction.on_commit(lambda: _enqueue_announcement(artwork_id))


def _enqueue_announcement(artwork_id: int) -> None:
    from .tasks import announce_new_work

    try:
        announce_new_work.enqueue(artwork_id)
    except Exception:
        # The work is public either way; a lost announcement must not fail the artist's save.
        logger.exception("could not announce artwork %s", artwork_id)
