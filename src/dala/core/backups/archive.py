"""What an archive is: its members, its manifest, the checksums that prove it whole.

An archive holds, in this order: the database (``database/dala.sqlite3`` or ``database/dala.pgdump``),
every backed-up file (``storages/<alias>/<name>``), and last ``manifest.json``: dala's version, the
database vendor, per-table row counts, and each file's storage, name, size and sha256.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.core.files import File
from django.utils import timezone

ARCHIVE_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/dala.sqlite3", "postgresql": "database/dala.pgdump"}
FILES_PREFIX = "storages"
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore could not be done; the message says what failed and what to do."""


@dataclass(frozen=True)
class StoredFile:
    storage: str
    name: str
    size: int
    sha256: str

    @property
    def member(self) -> str:
        return f"{FILES_PREFIX}/{self.storage}/{self.name}"


@dataclass
class BackupReport:
    path: Path | None
    vendor: str
    tables: dict[str, int]
    files: list[StoredFile]
    vanished: list[str] = field(default_factory=list)
    archive_bytes: int = 0
    seconds: float = 0.0


@dataclass
class CheckedArchive:
    """An archive whose every member matched its manifest entry (nothing was touched to learn that)."""

    path: Path
    manifest: dict[str, Any]
    files: list[StoredFile]

    @property
    def vendor(self) -> str:
        return str(self.manifest["database"]["vendor"])

    @property
    def tables(self) -> dict[str, int]:
        return {str(name): int(count) for name, count in self.manifest["database"]["tables"].items()}


@dataclass
class RestoreReport:
    archive: CheckedArchive
    written: int = 0
    already_there: int = 0
    bytes_written: int = 0
    extra_tables: list[str] = field(default_factory=list)
    seconds: float = 0.0


def quiet(message: str) -> None:
    return None


def archive_name(moment: datetime) -> str:
    """The file name `dala backup DIRECTORY` gives an archive made at ``moment`` (local time, to the second)."""
    return f"dala-{timezone.localtime(moment):%Y-%m-%dT%H%M%S}.tar"


def dala_version() -> str:
    try:
        return version("dala")
    except PackageNotFoundError:
        return "unknown"


# Writing members ---------------------------------------------------------------------------------------

class _HashingReader:
    """Reads through to ``source`` and hashes what was read, so a file is read once, in chunks."""

    def __init__(self, source: IO[bytes] | BytesReader | File) -> None:
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


class BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset:end], min(end, len(self.data))
        return chunk


def add_member(tar: tarfile.TarFile, name: str, source: IO[bytes] | BytesReader | File, size: int) -> str:
    """Stream ``size`` bytes of ``source`` into ``tar`` as ``name``, readable by the owner only; their sha256."""
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(time.time())
    reader = _HashingReader(source)
    tar.addfile(info, reader)  # type: ignore[arg-type]  # tarfile only calls read()
    return reader.digest.hexdigest()


# Checking an archive -----------------------------------------------------------------------------------

def check_archive(path: Path, *, progress: Progress = quiet) -> CheckedArchive:
    """Read the whole archive and compare every member with the manifest; raise :class:`BackupError` on any
    difference. Touches nothing but the archive."""
    if not path.is_file():
        raise BackupError(f"There is no archive at {path}.")
    found: dict[str, tuple[int, str]] = {}
    manifest: dict[str, Any] | None = None
    try:
        tar = tarfile.open(path, mode="r:*")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a tar archive, plain or compressed ({type(error).__name__}).") from error
    try:
        with tar:
            for member in tar:
                if not member.isfile():
                    continue
                extracted = tar.extractfile(member)
                assert extracted is not None  # a regular file always has contents
                if member.name == MANIFEST:
                    manifest = _parse_manifest(extracted.read())
                    continue
                if member.name in found:
                    # The restore would write one copy and this check have read the other.
                    raise BackupError(f"{path} holds {member.name} twice; it was not made by `dala backup`.")
                digest = hashlib.sha256()
                while chunk := extracted.read(CHUNK):
                    digest.update(chunk)
                found[member.name] = (member.size, digest.hexdigest())
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a readable dala archive ({error}).") from error
    if manifest is None:
        raise BackupError(f"{path} has no {MANIFEST}: it is not a complete dala archive.")
    database = manifest["database"]
    files = [StoredFile(str(e["storage"]), str(e["name"]), int(e["size"]), str(e["sha256"]))
             for e in manifest["files"]]
    expected = [(str(database["member"]), int(database["size"]), str(database["sha256"]))]
    expected += [(f.member, f.size, f.sha256) for f in files]
    for member_name, size, sha256 in expected:
        if member_name not in found:
            raise BackupError(f"{path} is damaged: {member_name} is missing from it.")
        if found[member_name] != (size, sha256):
            raise BackupError(f"{path} is damaged: {member_name} does not match its sha256 in the manifest.")
    progress(f"Checked {path}: dala {manifest.get('dala_version', '?')}, {database['vendor']}, "
             f"made {manifest.get('created_at', '?')}; {len(files):,} files, every checksum matches")
    return CheckedArchive(path=path, manifest=manifest, files=files)


def _parse_manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
        database = manifest["database"]
        if manifest["archive_version"] != ARCHIVE_VERSION:
            raise BackupError(f"The archive is in format {manifest['archive_version']}; this dala reads "
                              f"format {ARCHIVE_VERSION}.")
        if database["member"] != DATABASE_MEMBERS.get(database["vendor"]):
            raise ValueError("unknown database member")
        for entry in [database, *manifest["files"]]:
            if not isinstance(entry["size"], int) or not re.fullmatch(r"[0-9a-f]{64}", str(entry["sha256"])):
                raise ValueError("a size or sha256 is malformed")
        for entry in manifest["files"]:
            _check_name(str(entry["storage"]), str(entry["name"]))
        if not all(isinstance(count, int) for count in database["tables"].values()):
            raise ValueError("a row count is not a number")
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The archive's {MANIFEST} cannot be read ({error!r}).") from error
    return dict(manifest)


def _check_name(alias: str, name: str) -> None:
    # Names come from a file someone may have edited: none may leave its storage.
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or "\\" in name or ".." in parts or "/" in alias or not alias:
        raise ValueError(f"unsafe file name {alias}:{name}")


# Reading members back ----------------------------------------------------------------------------------

def extract_database(archive: CheckedArchive, target: Path) -> None:
    """Copy the archive's database member into the new file ``target``, flushed to disk."""
    member_name = str(archive.manifest["database"]["member"])
    with tarfile.open(archive.path, mode="r:*") as tar, target.open("wb") as out:
        for member in tar:
            if member.name == member_name:
                extracted = tar.extractfile(member)
                assert extracted is not None
                shutil.copyfileobj(extracted, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())
                return
    raise BackupError(f"{member_name} vanished from {archive.path} while restoring.")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
