"""SQLite: an online copy of the live (WAL) database, and putting one back in its place."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from .archive import BackupError, CheckedArchive, extract_database, fsync_directory


def snapshot(connection: BaseDatabaseWrapper, target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Copy the database into the new file ``target``; its row counts, and what the manifest notes of it."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a database transaction.")
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1) under one read transaction: a consistent copy, and in WAL mode the site and
        # the worker go on writing meanwhile.
        connection.connection.backup(copy)
        # The copy inherits WAL mode; a single self-contained file is what an archive should hold.
        copy.execute("PRAGMA journal_mode=DELETE")
        return row_counts(copy.cursor()), {"sqlite_version": sqlite3.sqlite_version}
    finally:
        copy.close()


def row_counts(cursor: sqlite3.Cursor | Any) -> dict[str, int]:
    """The number of rows in each table, by name."""
    # Virtual tables (full-text index, its vocabulary) are views of the shadow tables, which are counted.
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                   "ORDER BY name")
    names = [str(row[0]) for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f'SELECT COUNT(*) FROM "{name.replace(chr(34), chr(34) * 2)}"')
        counts[name] = int(cursor.fetchone()[0])
    return counts


def restore(connection: BaseDatabaseWrapper, archive: CheckedArchive) -> None:
    """Replace the database with the archive's copy, once that copy has proved sound."""
    in_memory = bool(connection.is_in_memory_db())  # type: ignore[attr-defined]
    target = None if in_memory else Path(str(connection.settings_dict["NAME"])).resolve()
    work = Path(tempfile.mkdtemp(prefix=".dala-restore-", dir=None if target is None else target.parent))
    try:
        restored = work / "dala.sqlite3"
        extract_database(archive, restored)
        # Prove the copy sound before it replaces anything.
        with closing(sqlite3.connect(f"{restored.as_uri()}?mode=ro", uri=True)) as copy:
            verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise BackupError(f"The archive's database fails SQLite's check ({verdict}); nothing was changed.")
            if row_counts(copy.cursor()) != archive.tables:
                raise BackupError("The archive's database does not hold the rows its manifest counts; "
                                  "nothing was changed.")
        if target is None:
            _copy_into_memory(connection, restored)
        else:
            _replace_file(connection, restored, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _copy_into_memory(connection: BaseDatabaseWrapper, restored: Path) -> None:
    # An in-memory database (the test suite's) has no file to swap: copy the pages into it instead.
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a database transaction.")
    source = sqlite3.connect(restored)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _replace_file(connection: BaseDatabaseWrapper, restored: Path, target: Path) -> None:
    connections.close_all()
    if target.exists():
        live = sqlite3.connect(target, timeout=5, isolation_level=None)
        try:
            # Leaving WAL mode checkpoints the log into the file and removes it, which SQLite allows only
            # when no other connection has the database open: a leftover log must never be replayed onto
            # the restored file, and a process still holding the old file would go on using it.
            try:
                mode = live.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            except sqlite3.OperationalError:
                mode = "busy"
            if mode != "delete":
                raise BackupError(f"{target} is open in another process (the site, the worker or the scheduler); "
                                  "stop them and run the restore again. Nothing was changed.")
            live.execute("BEGIN EXCLUSIVE")  # nobody starts writing to the old file while it is swapped
            _take_ownership_of(target, restored)
            os.replace(restored, target)
            live.rollback()
        finally:
            live.close()
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(restored, target)
    for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}-journal")):
        leftover.unlink(missing_ok=True)
    fsync_directory(target.parent)


def _take_ownership_of(old: Path, new: Path) -> None:
    # The site must be able to write the new file as it could the old one, even after a restore run as root.
    status = old.stat()
    os.chmod(new, stat.S_IMODE(status.st_mode))
    if os.geteuid() == 0:
        os.chown(new, status.st_uid, status.st_gid)
