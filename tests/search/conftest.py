"""Fixtures of the search tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation
from pytest_django import Settings


@pytest.fixture(autouse=True)
def _english(settings: Settings) -> Iterator[None]:
    """English pages and messages unless a test asks for another language."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(params=["narrow", "engine"])
def either_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test both ways a query's works are found: "narrow" reads the few works the words match once
    and filters, counts and facets them from that read (what most queries do); "engine" is what words that
    match more than ``works.NARROW_CAP`` works take, the engine matching the filters' facet terms, which
    the small data of a test would otherwise never reach."""
    if request.param == "engine":
        monkeypatch.setattr("dala.search.works.NARROW_CAP", 0)
    return str(request.param)
