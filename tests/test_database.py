"""The database the suite runs on works, and is configured as the deployment expects."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

pytestmark = pytest.mark.django_db


def test_a_user_written_to_the_database_can_be_read_back() -> None:
    User = get_user_model()
    User.objects.create_user(email="a@example.com", password="x")

    user = User.objects.get(email="a@example.com")

    assert user.check_password("x")
    assert not user.is_staff


def test_sqlite_database_files_are_opened_in_wal_mode(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip(f"WAL is SQLite's journal mode; this run uses {connection.vendor}")
    # The test database lives in memory, where WAL does not apply: open a file database the way
    # Django opens the real one, with the settings' init_command.
    init_command = settings.DATABASES["default"]["OPTIONS"]["init_command"]
    db = sqlite3.connect(tmp_path / "wal.sqlite3")
    try:
        db.executescript(init_command)
        db.execute("CREATE TABLE t (x INTEGER)")
        db.execute("INSERT INTO t VALUES (1)")
        db.commit()

        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert (tmp_path / "wal.sqlite3-wal").exists()
    finally:
        db.close()


def test_sqlite_transactions_take_the_write_lock_at_their_start() -> None:
    if connection.vendor != "sqlite":
        pytest.skip(f"transaction_mode is a SQLite option; this run uses {connection.vendor}")
    assert settings.DATABASES["default"]["OPTIONS"].get("transaction_mode") == "IMMEDIATE"


def test_postgresql_server_is_version_13_or_newer() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(f"checks the PostgreSQL server; this run uses {connection.vendor}")

    assert connection.pg_version >= 130000  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"
