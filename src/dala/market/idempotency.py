"""``Idempotency-Key`` for the API calls that create offers, bids and orders.

A retry with the same key returns the first answer (its status and body) without acting again; the
same key with a different request is refused. The key row is written in the same transaction as the
action, so an action and its remembered answer commit together or not at all; two concurrent calls
with one key meet at the key's unique constraint, and the loser returns the winner's answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dala.core.errors import Conflict, DomainError, RateLimited

from . import errors
from .models import IdempotencyKey

MAX_KEY_LENGTH = 100


class KeyReused(DomainError):
    """The key was used for a different request (the IETF Idempotency-Key draft answers 422)."""

    status = 422


def request_fingerprint(operation: str, payload: Any) -> str:
    text = json.dumps([operation, payload], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def run_once(*, user: Any, key: str | None, operation: str, payload: Any,
             act: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
    """Run ``act`` (returning a status and a JSON-able body) once per (user, key).

    Without a key, ``act`` simply runs. A domain error raised by ``act`` is remembered too (as its 4xx
    answer) and raised again on a retry, so a retry never turns a refusal into a success; except a rate
    limit's, which passes with time."""
    if key is None:
        return act()
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii():
        raise DomainError(errors.IDEMPOTENCY_INVALID,
                          _("An Idempotency-Key is 1 to %(n)d ASCII characters.") % {"n": MAX_KEY_LENGTH},
                          field="Idempotency-Key")
    fingerprint = request_fingerprint(operation, payload)
    try:
        with transaction.atomic():
            if (stored := _stored(user, key)) is not None:
                return _replay(stored, operation, fingerprint)
            try:
                status, body = act()
            except RateLimited:
                raise  # a passing refusal: the same request may succeed later, so it is not remembered
            except DomainError as exc:
                # The action rolled back its own savepoint; remember the refusal with the key.
                IdempotencyKey.objects.create(user=user, key=key, operation=operation, request_hash=fingerprint,
                                              status_code=exc.status, response={"error": exc.as_dict()})
                refused = exc
            else:
                IdempotencyKey.objects.create(user=user, key=key, operation=operation, request_hash=fingerprint,
                                              status_code=status, response=body)
                return status, body
    except IntegrityError:
        # A concurrent call with the same key committed first: answer as it did.
        stored = _stored(user, key)
        if stored is None:
            raise Conflict(errors.IDEMPOTENCY_IN_PROGRESS,
                           _("A request with this Idempotency-Key is in progress; retry shortly.")) from None
        return _replay(stored, operation, fingerprint)
    raise refused


def _stored(user: Any, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(user=user, key=key).first()


def _replay(stored: IdempotencyKey, operation: str, fingerprint: str) -> tuple[int, Any]:
    if stored.operation != operation or stored.request_hash != fingerprint:
        raise KeyReused(errors.IDEMPOTENCY_MISMATCH,
                          _("This Idempotency-Key was used for a different request; use a new key."),
                          field="Idempotency-Key")
    if stored.status_code >= 400:
        error = stored.response.get("error", {})
        replayed = DomainError(error.get("code", "error"), error.get("message", ""), field=error.get("field"))
        replayed.status = stored.status_code
        raise replayed
    return stored.status_code, stored.response
