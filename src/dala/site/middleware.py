"""Middleware every response passes through: security headers, and the page for a rate limit."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dala.core.errors import RateLimited


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response that has not set its own.

    Django's SecurityMiddleware sends HSTS, nosniff, the referrer and opener policies; this adds what it
    does not (Django 5.2 has no CSP of its own). The policy has no ``unsafe-inline``: templates carry no
    inline script or style attribute, and the browser tests fail on any CSP violation.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.DALA_CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.DALA_PERMISSIONS_POLICY)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A page refused by a rate limit answers 429 with the time to wait, not a server error."""
        if not isinstance(exception, RateLimited):
            return None
        response = render(request, "429.html", {"message": exception.message}, status=429)
        response.headers["Retry-After"] = str(exception.retry_after)
        return response
