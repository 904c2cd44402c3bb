"""Log-in throttling: after too many failed log-ins for one e-mail address (``login``) or from one
network address (``login_address``, higher, since many people may share an office's address), further
attempts are refused until the window ends, whether their password is right or not. The web log-in
form and the API's token endpoint share the counts, because both go through ``authenticate()``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dala.core import ratelimit


def refuse_if_locked(request: HttpRequest | None, email: str) -> None:
    """Raise :class:`~dala.core.errors.RateLimited` while the address or the e-mail is locked out."""
    ratelimit.refuse_if_exceeded("login", f"email:{email.strip().lower()}")
    if request is not None:
        ratelimit.refuse_if_exceeded("login_address", f"address:{ratelimit.client_address(request)}")


def count_failure(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                  **kwargs: Any) -> None:
    """Receiver of ``user_login_failed``: one more failure for the e-mail and for the address."""
    email = str(credentials.get("email") or credentials.get("username") or "")
    ratelimit.record("login", f"email:{email.strip().lower()}")
    if request is not None:
        ratelimit.record("login_address", f"address:{ratelimit.client_address(request)}")
