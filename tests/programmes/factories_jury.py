"""Calls being judged: the deadline passed, entries submitted with works, jurors seated."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from dala.programmes.models import Entry, EntryWork, Juror, OpenCall
from tests.factories import ArtworkFactory, EntryFactory, JurorFactory, OpenCallFactory


def judged_call(**fields: Any) -> OpenCall:
    """A published call whose deadline passed yesterday (judging is open)."""
    fields.setdefault("deadline", timezone.now() - timedelta(days=1))
    return OpenCallFactory(**fields)


def entry_with_works(call: OpenCall, works: int = 1, **fields: Any) -> Entry:
    entry = EntryFactory(call=call, **fields)
    for position in range(works):
        EntryWork.objects.create(entry=entry, artwork=ArtworkFactory(artist=entry.artist), position=position)
    return entry


def juror_of(call: OpenCall, **fields: Any) -> Juror:
    return JurorFactory(call=call, **fields)
