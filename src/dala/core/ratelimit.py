"""Rate limits: how often one person, or one network address, may do one thing.

``settings.DALA_RATE_LIMITS`` maps a scope (``"login"``, ``"offer"``…) to a rate such as ``"10/15m"``: at
most 10 in any fixed window of 15 minutes. A scope that is not listed has no limit. The counters live in
the default cache (Redis when ``REDIS_URL`` is set), so every app process shares them.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext

from .errors import RateLimited

RATE_LIMITED = "rate_limited"

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


class Rate(NamedTuple):
    limit: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """``"10/15m"`` → ``Rate(10, 900)``; ``"30/h"`` → ``Rate(30, 3600)``."""
    match = _RATE.match(text)
    if not match:
        raise ValueError(f"not a rate: {text!r} (write it as COUNT/PERIOD, e.g. 10/15m, 30/h, 200/d)")
    count, length, unit = match.groups()
    return Rate(int(count), int(length or 1) * _UNITS[unit])


def rate_for(scope: str) -> Rate | None:
    text = settings.DALA_RATE_LIMITS.get(scope)
    return parse_rate(text) if text else None


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind ``DALA_PROXY_COUNT`` proxies that each append to
    X-Forwarded-For, the client is that many entries from the right: the ones a client can forge itself
    lie further left and are never read."""
    proxies = settings.DALA_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def _counter(scope: str, key: str, rate: Rate, now: float) -> tuple[str, int]:
    window = int(now // rate.seconds)
    digest = hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
    retry_after = int((window + 1) * rate.seconds - now) + 1
    return f"ratelimit:{scope}:{digest}:{window}", retry_after


def _refusal(retry_after: int) -> RateLimited:
    minutes = max(1, (retry_after + 59) // 60)
    message = ngettext("You have done this too often. Please try again in %(minutes)d minute.",
                       "You have done this too often. Please try again in %(minutes)d minutes.",
                       minutes) % {"minutes": minutes}
    return RateLimited(RATE_LIMITED, message, retry_after=retry_after)


def _increment(name: str, rate: Rate) -> int:
    # add() starts a window's counter only once; incr() is atomic in Redis and in local memory, so two
    # processes counting at the same moment both count.
    cache.add(name, 0, timeout=rate.seconds + 1)
    try:
        return int(cache.incr(name))
    except ValueError:  # the counter expired between add() and incr(): this is a new window
        cache.add(name, 1, timeout=rate.seconds + 1)
        return 1


def _windows(scope: str, keys: tuple[str, ...]) -> Iterator[tuple[str, int, Rate]]:
    """For each key, the name of its counter in this window, the seconds left in it, and the rate
    (nothing when the scope has no limit)."""
    rate = rate_for(scope)
    if rate is None:
        return
    now = time.time()
    for key in keys:
        name, retry_after = _counter(scope, key, rate, now)
        yield name, retry_after, rate


def record(scope: str, *keys: str) -> None:
    """Count one more of ``scope`` for each key, without refusing (e.g. a failed log-in)."""
    for name, _retry_after, rate in _windows(scope, keys):
        _increment(name, rate)


def refuse_if_exceeded(scope: str, *keys: str) -> None:
    """Raise :class:`RateLimited` if any key has already used up ``scope``'s rate in this window."""
    for name, retry_after, rate in _windows(scope, keys):
        if (cache.get(name) or 0) >= rate.limit:
            raise _refusal(retry_after)


def hit(scope: str, *keys: str) -> None:
    """Count one more of ``scope`` for each key; raise :class:`RateLimited` if that is one too many."""
    for name, retry_after, rate in _windows(scope, keys):
        if _increment(name, rate) > rate.limit:
            raise _refusal(retry_after)


def hit_for(scope: str, request: HttpRequest) -> None:
    """:func:`hit` keyed by the signed-in person, or by the address when nobody is signed in."""
    user = getattr(request, "user", None)
    auth = getattr(request, "auth", None)  # the API's token user
    who = auth if getattr(auth, "pk", None) else user
    if who is not None and getattr(who, "is_authenticated", False):
        hit(scope, f"user:{who.pk}")
    else:
        hit(scope, f"address:{client_address(request)}")

