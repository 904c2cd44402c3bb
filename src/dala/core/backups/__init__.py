"""Backing up the whole site into one tar archive, and restoring one (`dala backup`, `dala restore`).

An archive holds the database (an online copy made with SQLite's backup API, or a ``pg_dump
--format=custom``), every file of every storage in ``settings.STORAGES`` except ``staticfiles``, and
a ``manifest.json`` with row counts and each file's sha256. docs/backups.md describes it for operators.

- ``archive``: the members, the manifest, checking an archive whole;
- ``files``: the storages' files, read and written through Django's Storage API only;
- ``sqlite`` and ``postgresql``: copying the database out and putting it back, per engine;
- ``backup`` and ``restore``: the two operations the commands run, in their order.
"""

from .archive import (
    BackupError,
    BackupReport,
    CheckedArchive,
    RestoreReport,
    StoredFile,
    archive_name,
    check_archive,
    dala_version,
)
from .backup import backup_to_path, write_backup
from .files import backed_up_storages
from .restore import restore_backup, tables_with_data

__all__ = [
    "BackupError",
    "BackupReport",
    "CheckedArchive",
    "RestoreReport",
    "StoredFile",
    "archive_name",
    "backed_up_storages",
    "backup_to_path",
    "check_archive",
    "dala_version",
    "restore_backup",
    "tables_with_data",
    "write_backup",
]
