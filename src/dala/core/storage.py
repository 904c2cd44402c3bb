"""What a failing file storage looks like, in one place: a full disk, or a bucket out of reach."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import Storage
from django.utils.translation import gettext_lazy as _

from .errors import StorageUnavailable

logger = logging.getLogger("dala.storage")

STORAGE_UNAVAILABLE = "storage_unavailable"


def _failures() -> tuple[type[BaseException], ...]:
    failures: list[type[BaseException]] = [OSError]  # ENOSPC, EIO, a lost network file system
    try:  # the S3 storage's client, when installed and configured
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - botocore is a dependency, but the filesystem needs none
        return tuple(failures)
    return (*failures, BotoCoreError, ClientError)


STORAGE_FAILURES = _failures()


def has_local_paths(storage: Storage) -> bool:
    """Whether ``storage`` keeps its files on this host's disk (a bucket has no ``path()``)."""
    try:
        storage.path("probe")
    except NotImplementedError:
        return False
    return True


@contextmanager
def storing(*, field: str | None = None) -> Iterator[None]:
    """Run a write to file storage; if the storage fails, raise :class:`StorageUnavailable` (503) with a
    message people understand. The caller's transaction then rolls back, so no row points at a file that
    was never written."""
    try:
        yield
    except STORAGE_FAILURES as exc:
        logger.error("File storage failed: %s", exc, exc_info=exc)
        raise StorageUnavailable(STORAGE_UNAVAILABLE, _(
            "The file could not be stored just now: the storage is full or out of reach. Nothing was saved; "
            "please try again in a few minutes."), field=field) from exc
