"""While the database cannot be reached (restarting, failing over), pages and the API answer 503 with a
clear message and Retry-After, not a server error; the page needs no database to be drawn."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from tests.api.conftest import API, error_of
from tests.factories import ArtworkFactory

pytestmark = pytest.mark.django_db

GONE = OperationalError("server closed the connection unexpectedly")


def test_a_page_that_loses_the_database_answers_503_saying_nothing_saved_is_lost() -> None:
    client = Client(raise_request_exception=False)  # as a real server: the error reaches handler500
    work = ArtworkFactory()
    with mock.patch("dala.catalog.views.public.artwork_for_page", side_effect=GONE):
        response = client.get(f"/en/artists/{work.artist.slug}/{work.slug}/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "cannot reach its database" in page and "Nothing you saved is lost" in page
    assert "Content-Security-Policy" in response


def test_an_error_raised_from_a_lost_connection_while_drawing_the_page_is_a_503_too() -> None:
    client = Client(raise_request_exception=False)
    work = ArtworkFactory()
    try:
        raise GONE
    except OperationalError as lost:
        wrapped = RuntimeError("while rendering the template")
        wrapped.__cause__ = lost
    with mock.patch("dala.catalog.views.public.artwork_for_page", side_effect=wrapped):
        response = client.get(f"/en/artists/{work.artist.slug}/{work.slug}/")
    assert response.status_code == 503


def test_any_other_error_is_still_a_plain_500() -> None:
    client = Client(raise_request_exception=False)
    work = ArtworkFactory()
    with mock.patch("dala.catalog.views.public.artwork_for_page", side_effect=ValueError("a bug")):
        response = client.get(f"/en/artists/{work.artist.slug}/{work.slug}/")
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()


def test_the_api_answers_503_database_unavailable(client: Client) -> None:
    work = ArtworkFactory()
    with mock.patch("dala.catalog.api.artwork_by_id", side_effect=GONE):
        response = client.get(f"{API}/artworks/{work.pk}?lang=en")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert error_of(response)["code"] == "database_unavailable"
