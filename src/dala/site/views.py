"""The home page and the health check."""

from __future__ import annotations

import logging
import sys
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from dala.catalog.selectors import home_shelves
from dala.discovery.selectors.trending import HOME_WORKS, trending_works

logger = logging.getLogger(__name__)


def _database_unreachable(error: BaseException | None) -> bool:
    seen = 0
    while error is not None and seen < 10:  # the error, what it was raised from, and so on
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. An error that comes from the database being out of reach (restarting, failing over,
    locked past the busy timeout), wherever it was raised (a view, a template, the session middleware),
    answers 503 with a page that needs no database, so people and load balancers know to try again;
    any other error is the plain 500 page."""
    if _database_unreachable(sys.exc_info()[1]):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response.headers["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    shelves = home_shelves()
    # The hero shows the newest work that has a picture.
    hero = next((work for work in shelves.new_works if work.primary_images), None)  # type: ignore[attr-defined]
    # The trending shelf: the top works of the last computation (two queries, hidden when empty).
    trending = trending_works(limit=HOME_WORKS)
    return render(request, "site/home.html", {"shelves": shelves, "hero": hero, "trending": trending})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
        return row is not None and row[0] == 1
    except Exception:
        logger.exception("healthz: the database check failed")
        return False


def _storage_ok() -> bool:
    # Write and remove a small file: proves the media storage is reachable and writable.
    try:
        name = default_storage.save(f"healthz/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        default_storage.delete(name)
        return True
    except Exception:
        logger.exception("healthz: the storage check failed")
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "ok", "database": "ok", "storage": "ok"}``, or 503 naming the failing part."""
    checks = {"database": _database_ok(), "storage": _storage_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"}
    body.update({part: "ok" if ok else "error" for part, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
