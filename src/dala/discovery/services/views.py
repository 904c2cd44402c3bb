"""Counting page views: one ``DailyViews`` row a page a day, bumped by one UPDATE per counted view.

Not counted: robots and link previews, HEAD requests, the artist looking at their own pages, and the same
visitor seeing the same page again within ``DALA_VIEW_DEDUPE_MINUTES`` (remembered in the Django cache,
under a key made from the user id, the session key or a hash of IP and User-Agent — no raw IP is kept).
Counting never breaks the page: any error is logged and swallowed.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork

from ..models import DailyViews

logger = logging.getLogger(__name__)

# User-Agents of crawlers, monitors and link-preview fetchers (Slack, Telegram, WhatsApp, …).
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|preview|slurp|facebookexternalhit|whatsapp|headless|python-requests|curl|wget",
    re.IGNORECASE)

DEFAULT_DEDUPE_MINUTES = 30


def is_bot(user_agent: str) -> bool:
    """An empty User-Agent or one that names a robot or a preview fetcher."""
    return not user_agent.strip() or bool(BOT_PATTERN.search(user_agent))


def visitor_key(request: HttpRequest) -> str:
    """Who is looking, for the dedupe key: the user, the session, or a hash of IP and User-Agent."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    session = getattr(request, "session", None)
    session_key = getattr(session, "session_key", None) if session is not None else None
    if session_key:
        return f"s{hashlib.sha256(session_key.encode()).hexdigest()[:32]}"
    ip = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{ip}|{agent}".encode()).hexdigest()[:32]
    return f"a{digest}"


def local_day(now: datetime.datetime | None = None) -> datetime.date:
    """The day in the site's time zone (Asia/Almaty)."""
    return timezone.localtime(now or timezone.now(), timezone.get_default_timezone()).date()


def _should_count(request: HttpRequest, artist: ArtistProfile) -> bool:
    if request.method != "GET":
        return False
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and artist.user_id == user.pk)


def _first_view(request: HttpRequest, page: str) -> bool:
    """True the first time this visitor sees ``page`` within the dedupe window (cache.add is atomic)."""
    minutes = int(getattr(settings, "DALA_VIEW_DEDUPE_MINUTES", DEFAULT_DEDUPE_MINUTES))
    if minutes <= 0:
        return True
    return bool(cache.add(f"discovery:viewed:{page}:{visitor_key(request)}", 1, timeout=minutes * 60))


def add_view(*, artist_id: int, artwork_id: int | None, day: datetime.date) -> None:
    """One more view of a page on ``day``, safe against concurrent writers on SQLite and PostgreSQL:
    UPDATE the counter; if there is no row yet, create it; if another request created it meanwhile
    (IntegrityError on the one-row-a-day constraint), UPDATE again."""
    rows = DailyViews.objects.filter(artwork_id=artwork_id, day=day) if artwork_id is not None \
        else DailyViews.objects.filter(artist_id=artist_id, artwork__isnull=True, day=day)
    if rows.update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            DailyViews.objects.create(artist_id=artist_id, artwork_id=artwork_id, day=day, views=1)
    except IntegrityError:
        rows.update(views=F("views") + 1)


def count_view(*, request: HttpRequest, artist: ArtistProfile, artwork: Artwork | None = None,
               now: datetime.datetime | None = None) -> bool:
    """Count a view of an artist's page (``artwork`` None) or of a work's page, if it is one to count.
    Returns whether it was counted. Never raises: a failure is logged and the page is served."""
    try:
        if not _should_count(request, artist):
            return False
        page = f"w{artwork.pk}" if artwork is not None else f"a{artist.pk}"
        if not _first_view(request, page):
            return False
        add_view(artist_id=artist.pk, artwork_id=artwork.pk if artwork is not None else None, day=local_day(now))
        return True
    except Exception:
        logger.exception("discovery: could not count a view of %s", artwork or artist)
        return False

