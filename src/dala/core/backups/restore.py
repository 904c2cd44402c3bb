"""Restoring an archive: check it whole, refuse what would lose data, then database, rows, files."""

from __future__ import annotations

import time
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from . import postgresql, sqlite
from .archive import BackupError, Progress, RestoreReport, check_archive, dala_version, quiet
from .files import backed_up_storages, restore_files

# Tables `migrate` fills by itself: rows there do not make a database "already hold data".
MIGRATE_FILLED = (("contenttypes", "ContentType"), ("auth", "Permission"))


def restore_backup(path: Path, *, force: bool = False, progress: Progress = quiet) -> RestoreReport:
    """Check the archive at ``path``, then put its database and files back, then check the row counts.

    Refuses before touching anything when the archive is damaged, was made on the other database engine,
    names a storage this site lacks, or the database already holds data and ``force`` is false."""
    clock = time.monotonic()
    archive = check_archive(path, progress=progress)
    connection = connections[DEFAULT_DB_ALIAS]
    if archive.vendor != connection.vendor:
        raise BackupError(f"The archive holds a {archive.vendor} database but this site uses {connection.vendor}; "
                          "restore it on a site with the same engine.")
    missing = sorted({f.storage for f in archive.files} - set(backed_up_storages()))
    if missing:
        raise BackupError(f"The archive has files for storages this site does not configure: {', '.join(missing)}.")
    if archive.manifest.get("dala_version") != dala_version():
        progress(f"Note: the archive was made by dala {archive.manifest.get('dala_version')}, this is "
                 f"dala {dala_version()}; run `dala migrate` after the restore.")
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():  # type: ignore[attr-defined]
        # A new machine: the database's folder may not exist yet, and connecting needs it.
        Path(str(connection.settings_dict["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    if not force and (holding := tables_with_data(connection)):
        raise BackupError(f"The database already holds data (in {', '.join(holding[:5])}"
                          f"{', …' if len(holding) > 5 else ''}); a restore replaces all of it. Run the restore "
                          "again with --force to replace it.")
    report = RestoreReport(archive=archive)
    if connection.vendor == "sqlite":
        sqlite.restore(connection, archive)
    else:
        postgresql.restore(connection, archive)
    live = _row_counts_of(connection)
    wrong = [f"{table} has {live.get(table, 'no')} rows, the archive {count}"
             for table, count in sorted(archive.tables.items()) if live.get(table) != count]
    if wrong:
        raise BackupError("The database was restored but does not match the archive: " + "; ".join(wrong[:10])
                          + ". The files were not written. Restore it again with --force, or from another archive.")
    report.extra_tables = sorted(set(live) - set(archive.tables))
    _forget_cached_rows()
    progress(f"Database restored: {len(live)} tables, {sum(archive.tables.values()):,} rows, as in the archive")
    restore_files(archive, report, progress)
    report.seconds = time.monotonic() - clock
    return report


def _row_counts_of(connection: BaseDatabaseWrapper) -> dict[str, int]:
    with connection.cursor() as cursor:
        return sqlite.row_counts(cursor) if connection.vendor == "sqlite" else postgresql.row_counts(cursor)


def _forget_cached_rows() -> None:
    # Cached content types, vocabularies and pages describe the replaced database, with its ids.
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


def tables_with_data(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables of installed models that hold at least one row, leaving out those `migrate` fills."""
    existing = set(connection.introspection.table_names())
    skipped = {apps.get_model(app, model)._meta.db_table for app, model in MIGRATE_FILLED}
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)
                     if model._meta.managed and not model._meta.proxy} & (existing - skipped))
    holding = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                holding.append(table)
    return holding
