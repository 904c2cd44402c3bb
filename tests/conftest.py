"""Fixtures every test gets. Model factories live in tests/factories.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_django import Settings


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings: Settings) -> None:
    """Enqueued tasks run inside `enqueue()`, so a test sees their effects without a worker.

    A task enqueued in `transaction.on_commit` still waits for the commit: wrap the call in
    `django_capture_on_commit_callbacks(execute=True)` in tests that use the `db` fixture."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> Path:
    """Uploaded files and renditions go to a fresh folder per test, never to var/media."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    return media


@pytest.fixture(autouse=True)
def originals_root(tmp_path: Path) -> Iterator[Path]:
    """Where this test's originals go (the never-served ``originals`` storage), apart from MEDIA_ROOT."""
    from django.core.files.storage import FileSystemStorage
    from django.utils.functional import empty

    from dala.catalog import models

    originals = tmp_path / "originals"
    # Point the images' storage here without touching STORAGES, which would also reset default_storage.
    models._originals._wrapped = FileSystemStorage(location=originals, base_url=None)
    yield originals
    models._originals._wrapped = empty


@pytest.fixture
def english(settings: Settings) -> Iterator[None]:
    """English pages and messages, the source strings tests read: reversed URLs get /en/, and requests
    without a language prefix (admin, API) answer in English. A module asks for it with
    ``pytestmark = pytest.mark.usefixtures("english")``; a test may still override the language."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def artist(client: Any, db: None) -> Any:
    """An artist signed in on ``client``, as the studio's tests need (modules may define their own)."""
    from tests.factories import ArtistFactory

    profile = ArtistFactory()
    client.force_login(profile.user)
    return profile


@pytest.fixture
def media_root(_media_in_tmp: Path) -> Path:
    """The test's MEDIA_ROOT, for tests that look at the files written there."""
    return _media_in_tmp


@pytest.fixture(scope="session", autouse=True)
def _translations_compiled() -> None:
    """Pages in kk and ru need the .mo catalogues; build any that are missing or older than their .po."""
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Each test starts with empty caches: the database is rolled back between tests, the caches are not
    (vocabularies, emerging artists, the search engine's terms and typo candidates)."""
    from django.core.cache import cache

    from dala.search.backends.sqlite import forget_terms

    cache.clear()
    forget_terms()
    yield
