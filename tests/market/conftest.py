"""Fixtures of the market tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The market's tests read English pages and messages unless a test asks for another language:
    reversed URLs get /en/, and requests without a language prefix (admin, API) answer in English."""


@pytest.fixture
def shared_database(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """Give this test a database that threads can share and wait on: on SQLite, a file copy of the
    in-memory test database, swapped in for the test and out again before pytest-django flushes."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "races.sqlite3"
    connection.ensure_connection()
    memory = connection.connection
    assert memory is not None
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    # Every thread's connection is built from this same settings dict; the in-memory connection is put
    # aside, not closed, because closing its last connection would drop the in-memory database.
    settings_dict = connection.settings_dict
    memory_name = settings_dict["NAME"]
    connection.connection = None
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = memory_name
        connection.connection = memory
