"""PostgreSQL: `pg_dump` of one exported snapshot, and `pg_restore` of it in one transaction."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from .archive import BackupError, CheckedArchive, extract_database


def snapshot(connection: BaseDatabaseWrapper, target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Dump the database into the new file ``target``; its row counts, and what the manifest notes of it."""
    server_major = _server_major(connection)
    pg_dump, dump_version = _pg_tool("pg_dump", server_major)
    args, env = _pg_connection(connection)
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a database transaction.")
    # pg_dump reads the snapshot this transaction exports, so the counts in the manifest are those of the
    # very rows in the dump, while the site goes on writing.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        counts = row_counts(cursor)
        _run([pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot_id}", f"--file={target}", *args],
             env, "pg_dump")
    server = str(getattr(connection, "pg_version", ""))
    return counts, {"server_version": server, "pg_dump_version": dump_version}


def row_counts(cursor: Any) -> dict[str, int]:
    """The number of rows in each table, by name (``schema.table`` outside ``public``)."""
    cursor.execute("SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', "
                   "'information_schema') AND schemaname NOT LIKE 'pg\\_%' ORDER BY 1, 2")
    counts = {}
    for schema, table in cursor.fetchall():
        quoted = ".".join('"' + part.replace('"', '""') + '"' for part in (schema, table))
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")
        counts[table if schema == "public" else f"{schema}.{table}"] = int(cursor.fetchone()[0])
    return counts


def restore(connection: BaseDatabaseWrapper, archive: CheckedArchive) -> None:
    """Replace the database's contents with the archive's dump, all of it or nothing."""
    dumped_major = _major(str(archive.manifest["database"].get("pg_dump_version", "0")))
    pg_restore, _ = _pg_tool("pg_restore", max(_server_major(connection), dumped_major))
    args, env = _pg_connection(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        installed = {str(row[0]) for row in cursor.fetchall()}
    with tempfile.TemporaryDirectory(prefix="dala-restore-") as work:
        dump, listing = Path(work) / "dala.pgdump", Path(work) / "restore.list"
        extract_database(archive, dump)
        contents = _run([pg_restore, "--list", str(dump)], env, "pg_restore --list (reading the archive's dump)")
        listing.write_text(_restore_list(contents, installed))
        connections.close_all()  # an idle connection of ours must not hold locks the DROPs wait for
        # One transaction: the restore is all there or not at all (--single-transaction stops at the first
        # error). Owners and grants are the target's, so a dump moves between roles and servers.
        _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", "--no-password", f"--use-list={listing}", *args, str(dump)], env,
             "pg_restore (the database was left as it was)")


def _restore_list(contents: str, installed: set[str]) -> str:
    """pg_restore's table of contents, less what a database owner who is not superuser may not redo.

    An extension already there (perhaps made by a superuser) is kept rather than dropped and made again,
    and comments on extensions, which only their owner may set, are left out."""
    kept = []
    for line in contents.splitlines():
        extension = re.match(r"^\d+; \d+ \d+ EXTENSION - (\S+)", line)
        if extension and extension.group(1) in installed:
            continue
        if re.match(r"^\d+; \d+ \d+ COMMENT - EXTENSION ", line):
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def _server_major(connection: BaseDatabaseWrapper) -> int:
    connection.ensure_connection()
    return int(getattr(connection, "pg_version", 0)) // 10000


def _major(version_text: str) -> int:
    found = re.search(r"(\d+)", version_text)
    return int(found.group(1)) if found else 0


def _pg_tool(name: str, server_major: int) -> tuple[str, str]:
    """The ``pg_dump``/``pg_restore`` for a server of ``server_major``: the same major if there is one (in
    /usr/lib/postgresql/<major>/bin or on PATH), else the oldest newer one; an older one cannot work."""
    candidates: list[tuple[int, str, str]] = []
    for path in [*sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")), shutil.which(name)]:
        if path and os.access(path, os.X_OK):
            try:
                text = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
            except (OSError, subprocess.SubprocessError):
                continue
            found = re.search(r"(\d+(?:\.\d+)*)", text)
            if found:
                candidates.append((_major(found.group(1)), found.group(1), path))
    usable = sorted((c for c in candidates if c[0] >= server_major), key=lambda c: (c[0] != server_major, c[0]))
    if not usable:
        seen = ", ".join(f"{v} at {p}" for _, v, p in candidates) or "none"
        raise BackupError(f"No {name} for PostgreSQL {server_major} or newer was found (found: {seen}); install "
                          f"postgresql-client-{server_major} or put its {name} on PATH.")
    return usable[0][2], usable[0][1]


def _pg_connection(connection: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment for the PostgreSQL tools, from the database settings Django uses
    (so the password travels in the environment, never on a command line)."""
    settings_dict = connection.settings_dict
    _, extra_env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    args = [f"--{option}={settings_dict[key]}" for option, key in (("username", "USER"), ("host", "HOST"),
                                                                     ("port", "PORT")) if settings_dict.get(key)]
    # Like psql via Django: with a service (OPTIONS) and no NAME, the service names the database.
    name = settings_dict.get("NAME") or ("" if settings_dict["OPTIONS"].get("service") else "postgres")
    if name:
        args.append(f"--dbname={name}")
    return args, {**os.environ, **(extra_env or {})}


def _run(argv: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")
    return result.stdout
