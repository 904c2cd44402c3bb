"""Signals critique sends, for the apps above it (notifications, feeds), which it may not import.

``critique_event`` is sent once the transaction that made the change commits, with the same arguments as
``dala.market.signals.market_event``: ``action`` (``review.published``, ``review.replied``), ``actor_id``
(int | None), ``recipient_ids`` (list[int]: who should hear of it), ``subject`` (the Review or Reply) and
``url`` (str: where the recipients read it).
"""

from __future__ import annotations

from django.dispatch import Signal

critique_event = Signal()
