"""Domain errors shared by every app.

A service raises a :class:`DomainError` (or a subclass) when its input breaks a rule. Forms show its
message next to the named field; the API turns it into a 4xx JSON body with the same code.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain was broken by the caller's input.

    ``code`` is a stable machine-readable name (listed in each app's ``errors.py``), ``message`` a
    translated sentence for people, ``field`` the input field at fault, if one is.
    """

    status = 400

    def __init__(self, code: str, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": str(self.message), "field": self.field}


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class ValidationFailed(DomainError):
    """Several fields are wrong at once; ``errors`` lists each one."""

    status = 422

    def __init__(self, errors: list[DomainError]) -> None:
        first = errors[0]
        super().__init__(first.code, first.message, field=first.field)
        self.errors = errors


class RateLimited(DomainError):
    """Someone did one thing more often than its rate limit allows; ``retry_after`` is in seconds."""

    status = 429

    def __init__(self, code: str, message: str | Promise, *, retry_after: int) -> None:
        super().__init__(code, message)
        self.retry_after = retry_after


class StorageUnavailable(DomainError):
    """File storage (a disk, a bucket) failed; nothing was saved and the same request may work later."""

    status = 503
