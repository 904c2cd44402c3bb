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
