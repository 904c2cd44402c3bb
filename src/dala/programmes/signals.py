"""Signals programmes send, for the apps above it (notifications), which it may not import.

``programmes_event`` is sent once the transaction that made the change commits (send it from
``transaction.on_commit``), with the same arguments as ``dala.market.signals.market_event``:
``action`` (str), ``actor_id`` (int | None), ``recipient_ids`` (list[int]: users who should hear of it),
``subject`` (the model instance the sentence is about; its ``title`` names it) and ``url`` (str).

Actions:

- ``jury.invited``: a juror is invited (subject: the OpenCall).
- ``call.deadline_soon``: the deadline is 48 h away; to artists whose entry is not yet submitted (OpenCall).
- ``call.results``: results are published; to every entrant (OpenCall).
- ``exhibition.published``: to the artists whose works hang in it (Exhibition).
- ``mentorship.applied``: to the mentor (Mentorship).
- ``mentorship.accepted`` / ``mentorship.declined``: to the applicant (Mentorship).
"""

from __future__ import annotations

from django.dispatch import Signal

programmes_event = Signal()
