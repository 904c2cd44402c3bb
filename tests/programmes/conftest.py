"""Fixtures of the programmes' tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation
from pytest_django import Settings


@pytest.fixture(autouse=True)
def _english(settings: Settings) -> Iterator[None]:
    """The programmes' tests read English pages and messages unless a test asks for another language:
    reversed URLs get /en/, and requests without a language prefix (admin, API) answer in English."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
