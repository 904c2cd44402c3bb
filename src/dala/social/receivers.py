"""Turns the events of the apps below into notifications."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from dala.market.signals import market_event

from .services import notify

logger = logging.getLogger("dala.social")


@receiver(market_event, dispatch_uid="dala.social.notify_market_event")
def _on_market_event(*, action: str, actor_id: int | None, recipient_ids: list[int], subject: Any, url: str,
                     **kwargs: Any) -> None:
    # The market's change has committed when this runs: a failure here must not turn it into an error page.
    try:
        notify(recipient_ids=recipient_ids, actor_id=actor_id, action=action, subject=subject, url=url)
    except Exception:
        logger.exception("could not notify %s of %s", recipient_ids, action)
