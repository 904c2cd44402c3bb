"""What a failing file storage looks like, in one place: a full disk, or a bucket out of reach (never
reached, or its connection dropped in the middle of a transfer)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import Storage
from django.utils.translation import gettext_lazy as _

from .errors import StorageUnavailable

logger = logging.getLogger("dala.storage")

STORAGE_UNAVAILABLE = "storage_unavailable"


def _bucket_failures() -> tuple[type[BaseException], ...]:
    try:  # the S3 storage's client, when installed and configured
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError
        from s3transfer.exceptions import RetriesExceededError, S3DownloadFailedError, S3UploadFailedError
    except ImportError:  # pragma: no cover - boto3 is a dependency, but the filesystem needs none
        return ()
    # A connection dropped mid-transfer surfaces as botocore's error on a single request, but as
    # s3transfer's once a download has used its own attempts (none of these is an OSError).
    return (BotoCoreError, ClientError, Boto3Error, RetriesExceededError, S3DownloadFailedError, S3UploadFailedError)


# What the bucket's client raises when the bucket is out of reach or refuses: not a damaged file.
BUCKET_FAILURES = _bucket_failures()
# ENOSPC, EIO, a lost network file system, or the bucket.
STORAGE_FAILURES: tuple[type[BaseException], ...] = (OSError, *BUCKET_FAILURES)


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
