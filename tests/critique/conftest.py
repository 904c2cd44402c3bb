"""Fixtures for critique tests: a critic, an artist with a public work, and signal capture."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dala.accounts.models import CriticProfile
from dala.catalog.models import Artwork
from dala.critique.signals import critique_event
from tests.factories import ArtworkFactory

from .factories import CriticFactory


@pytest.fixture
def critic(db: None) -> CriticProfile:
    return CriticFactory()


@pytest.fixture
def artwork(db: None) -> Artwork:
    return ArtworkFactory()


@pytest.fixture
def events() -> Iterator[list[dict[str, Any]]]:
    """Every ``critique_event`` sent during the test, as its keyword arguments."""
    sent: list[dict[str, Any]] = []

    def listen(sender: Any, **kwargs: Any) -> None:
        sent.append(kwargs)

    critique_event.connect(listen, dispatch_uid="tests.critique.events")
    yield sent
    critique_event.disconnect(dispatch_uid="tests.critique.events")


def draft_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"title": "Light over the steppe", "body": "A **careful** show.", "language": "en",
                              "conflict_of_interest": "None"}
    fields.update(overrides)
    return fields
