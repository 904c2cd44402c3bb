"""The catalogue's row locks, and that the upload service takes its artist's before the quota check."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dala.catalog import services
from dala.catalog.locks import lock_artist
from tests.factories import ArtistFactory, ArtworkFactory, image_bytes

pytestmark = pytest.mark.django_db


def test_lock_artist_selects_the_artist_profile_row_for_update() -> None:
    artist = ArtistFactory()

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        lock_artist(artist.pk)

    [query] = queries.captured_queries
    sql = query["sql"].upper()
    assert "ACCOUNTS_ARTISTPROFILE" in sql and "ORDER BY" in sql
    # SQLite has no row locks (its IMMEDIATE transactions lock the whole database instead).
    assert ("FOR UPDATE" in sql) == connection.features.has_select_for_update


# A transactional test: outside the service's own transaction.atomic there is no atomic block to be in.
@pytest.mark.django_db(transaction=True)
def test_an_upload_locks_its_artist_inside_the_transaction_before_checking_the_quota(
        monkeypatch: pytest.MonkeyPatch) -> None:
    artwork = ArtworkFactory()
    steps: list[tuple[str, Any]] = []
    lock, check = services.lock_artist, services._check_storage_quota

    def locking(artist_id: int) -> None:
        steps.append(("lock", (artist_id, transaction.get_connection().in_atomic_block)))
        lock(artist_id)

    def checking(**kwargs: Any) -> None:
        steps.append(("check", None))
        check(**kwargs)

    monkeypatch.setattr(services, "lock_artist", locking)
    monkeypatch.setattr(services, "_check_storage_quota", checking)

    services.add_artwork_image(artwork=artwork, upload=io.BytesIO(image_bytes()))

    assert steps == [("lock", (artwork.artist_id, True)), ("check", None)]
