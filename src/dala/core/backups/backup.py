"""Writing an archive: one consistent copy of the database first, then every stored file."""

from __future__ import annotations

import json
import os
import tarfile
import tempfile
import time
from pathlib import Path
from typing import IO

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from . import postgresql, sqlite
from .archive import (
    ARCHIVE_VERSION,
    DATABASE_MEMBERS,
    MANIFEST,
    BackupError,
    BackupReport,
    BytesReader,
    Progress,
    add_member,
    archive_name,
    dala_version,
    fsync_directory,
    quiet,
)
from .files import add_storage, backed_up_storages


def backup_to_path(destination: Path, *, progress: Progress = quiet) -> BackupReport:
    """Write an archive to ``destination`` (a new file, or an existing directory to put a dated one in).

    The archive appears under its name only once complete (written beside it, then renamed), readable by
    its owner alone: it holds password hashes and private originals."""
    started = timezone.now()
    if destination.is_dir():
        destination = destination / archive_name(started)
    if destination.exists():
        raise BackupError(f"{destination} already exists; give another file name or a directory.")
    if not destination.parent.is_dir():
        raise BackupError(f"There is no directory {destination.parent} to write the archive into.")
    handle, partial = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out, \
                tempfile.TemporaryDirectory(dir=destination.parent, prefix=".dala-backup-") as work:
            report = write_backup(out, workdir=Path(work), progress=progress)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, destination)
        fsync_directory(destination.parent)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    report.path = destination
    report.archive_bytes = destination.stat().st_size
    return report


def write_backup(out: IO[bytes], *, workdir: Path | None = None, progress: Progress = quiet) -> BackupReport:
    """Stream an archive of the database and every backed-up storage into ``out``.

    The database is copied first, in one consistent snapshot, and the files after it: an upload made
    meanwhile is an extra file in the archive (harmless), never a row whose file is missing."""
    clock = time.monotonic()
    created = timezone.now()
    connection = connections[DEFAULT_DB_ALIAS]
    with tempfile.TemporaryDirectory(dir=workdir, prefix="dala-db-") as work:
        snapshot = Path(work) / "database"
        if connection.vendor == "sqlite":
            tables, details = sqlite.snapshot(connection, snapshot)
        elif connection.vendor == "postgresql":
            tables, details = postgresql.snapshot(connection, snapshot)
        else:
            raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
        progress(f"Database ({connection.vendor}): {len(tables)} tables, {sum(tables.values()):,} rows")
        member = DATABASE_MEMBERS[connection.vendor]
        report = BackupReport(path=None, vendor=connection.vendor, tables=tables, files=[])
        with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            with snapshot.open("rb") as opened:
                database_sha256 = add_member(tar, member, opened, snapshot.stat().st_size)
            database = {"vendor": connection.vendor, "member": member, "size": snapshot.stat().st_size,
                        "sha256": database_sha256, "tables": tables, **details}
            snapshot.unlink()
            summaries = {alias: add_storage(tar, alias, report, progress) for alias in backed_up_storages()}
            manifest = {"archive_version": ARCHIVE_VERSION, "dala_version": dala_version(),
                        "created_at": timezone.localtime(created).isoformat(), "database": database,
                        "storages": summaries,
                        "files": [{"storage": f.storage, "name": f.name, "size": f.size, "sha256": f.sha256}
                                  for f in report.files]}
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            add_member(tar, MANIFEST, BytesReader(data), len(data))
    report.seconds = time.monotonic() - clock
    return report
