"""Signals the market sends, for the apps above it (notifications, feeds), which the market may not import.

``market_event`` is sent once the transaction that made the change commits. Arguments:
``action`` (str, one of the audit actions such as ``offer.made``), ``actor_id`` (int | None),
``recipient_ids`` (list[int]: who should hear of it), ``subject`` (the Offer, Order, Inquiry, Lot …)
and ``url`` (str: where the recipients see it).
"""

from __future__ import annotations

from django.dispatch import Signal

market_event = Signal()
