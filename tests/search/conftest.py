"""Fixtures of the search tests."""

from __future__ import annotations

import pytest

from dala.search.backends import backend


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """English pages and messages unless a test asks for another language."""


@pytest.fixture(params=["narrow", "within", "engine"])
def either_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test every way a query's works are found: "narrow" reads the few works the words match once
    and filters, counts and facets them from that read (what most queries do); "within" is what words that
    match more than ``works.NARROW_CAP`` works take when their narrowest filter leaves few (the same read
    of those, the filter's own facet counted apart); "engine" is what words that match more take
    otherwise, the engine matching the filters' facet terms. The small data of a test would otherwise
    reach only the first."""
    if request.param == "within":
        monkeypatch.setattr(type(backend()), "matching", lambda *args, **kwargs: None)
    if request.param == "engine":
        monkeypatch.setattr("dala.search.works.NARROW_CAP", 0)
    return str(request.param)
