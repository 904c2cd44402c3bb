"""Fixtures for the JSON API tests: an artist with a bearer token and clients that send it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dala.accounts.models import ArtistProfile
from dala.accounts.services import create_api_token
from tests.factories import ArtistFactory

API = "/api/v1"


def bearer_client(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def token_for(user: Any) -> str:
    _token, key = create_api_token(user=user, name="tests")
    return key


def error_of(response: Any) -> dict[str, Any]:
    """The ``error`` object of an API error response, after checking its shape."""
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "field", "details"}, error
    assert error["code"] and error["message"]
    return error


def fields_of(response: Any) -> set[str]:
    """Every field an error response names, at the top and in its details."""
    error = error_of(response)
    return {error["field"], *(detail["field"] for detail in error["details"])} - {None}


@pytest.fixture
def artist(db: None) -> ArtistProfile:
    return ArtistFactory()


@pytest.fixture
def studio(artist: ArtistProfile) -> Client:
    """A client sending ``artist``'s bearer token."""
    return bearer_client(token_for(artist.user))
