"""Fixtures of the programmes' tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The programmes' tests read English pages and messages unless a test asks for another language:
    reversed URLs get /en/, and requests without a language prefix (admin, API) answer in English."""
