"""Fixtures of the authorisation matrix: the world, built once per module and rolled back after it.

Each test still runs in its own savepoint (pytest-django's ``db``), so a POST that succeeds changes
nothing the next test sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation
from django.utils.functional import empty
from pytest_django import DjangoDbBlocker, Settings

from .world import World, build_world

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="module")
def authz_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the module's media and originals: the world's files must outlive a single test."""
    return tmp_path_factory.mktemp("authz")


def _point_originals_at(folder: Path) -> None:
    from django.core.files.storage import FileSystemStorage

    from dala.catalog import models

    models._originals._wrapped = FileSystemStorage(location=folder, base_url=None)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker, authz_files: Path) -> Iterator[World]:
    """The world of docs/authorisation.md, inside a transaction that is rolled back after the module."""
    media = authz_files / "media"
    media.mkdir(exist_ok=True)
    _point_originals_at(authz_files / "originals")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, TASKS=IMMEDIATE_TASKS,
                                                       DALA_RATE_LIMITS={}), translation.override("en"):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world(media)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# The autouse fixtures of tests/conftest.py give each test fresh, empty folders; here each test sees the
# module's folders instead, where the world's images and the media probe are.

@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, authz_files: Path) -> Path:
    settings.MEDIA_ROOT = authz_files / "media"
    return authz_files / "media"


@pytest.fixture(autouse=True)
def originals_root(authz_files: Path) -> Iterator[Path]:
    from dala.catalog import models

    _point_originals_at(authz_files / "originals")
    yield authz_files / "originals"
    models._originals._wrapped = empty  # type: ignore[assignment]  # LazyObject's "not set up yet"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: Settings) -> None:
    """Nine roles ask the same address in a row: no limit may answer 429 instead of the decision."""
    settings.DALA_RATE_LIMITS = {}
