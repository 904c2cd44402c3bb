"""The stored files (media, originals) going into an archive and coming back out of one.

Files are read and written only through Django's Storage API (``listdir``, ``open``, ``save``,
``delete``), never through ``path()``, so a bucket works as well as a folder.
"""

from __future__ import annotations

import hashlib
import tarfile
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages

from .archive import (
    CHUNK,
    FILES_PREFIX,
    BackupError,
    BackupReport,
    CheckedArchive,
    Progress,
    RestoreReport,
    StoredFile,
    add_member,
    megabytes,
)

# Static files are built from the code by collectstatic; they are not the site's data.
NOT_BACKED_UP = frozenset({"staticfiles"})


def backed_up_storages() -> list[str]:
    """The aliases of the storages whose files go into an archive."""
    return [alias for alias in settings.STORAGES if alias not in NOT_BACKED_UP]


def add_storage(tar: tarfile.TarFile, alias: str, report: BackupReport, progress: Progress) -> dict[str, int]:
    """Stream every file of storage ``alias`` into ``tar``, listing each in ``report``; its count and bytes."""
    storage = storages[alias]
    count = total = 0
    for name in _walk(storage):
        try:
            size = storage.size(name)
            opened = storage.open(name, "rb")
        except FileNotFoundError:
            # Deleted between the listing and now (the site keeps running during a backup).
            report.vanished.append(f"{alias}:{name}")
            continue
        with opened:
            try:
                sha256 = add_member(tar, f"{FILES_PREFIX}/{alias}/{name}", opened, size)
            except (OSError, tarfile.TarError) as error:
                raise BackupError(f"Reading {alias}:{name} failed ({error}); was it changed during the "
                                  "backup? Run the backup again.") from error
        report.files.append(StoredFile(alias, name, size, sha256))
        count, total = count + 1, total + size
        if count % 1000 == 0:
            progress(f"  {alias}: {count:,} files so far…")
    progress(f"Storage {alias}: {count:,} files, {megabytes(total)}")
    return {"files": count, "bytes": total}


def _walk(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in ``storage`` under ``directory``, depth first, in name order."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return  # a storage nothing was ever saved in, or a folder removed while we walk
    except NotImplementedError as error:
        raise BackupError(f"{type(storage).__name__} cannot list its files, so it cannot be backed up.") from error
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from _walk(storage, f"{directory}/{name}" if directory else name)


def restore_files(archive: CheckedArchive, report: RestoreReport, progress: Progress) -> None:
    """Write every file of the (checked) archive back into its storage, counting them in ``report``."""
    wanted = {f.member: f for f in archive.files}
    done = 0
    with tarfile.open(archive.path, mode="r:*") as tar:
        for member in tar:
            stored = wanted.get(member.name)
            if stored is None or not member.isfile():
                continue
            try:
                extracted = tar.extractfile(member)
                assert extracted is not None
                written = _write_file(storages[stored.storage], stored, extracted)
            except Exception as error:
                raise BackupError(
                    f"The database was restored, but writing {stored.storage}:{stored.name} failed ({error}); "
                    f"{done:,} of {len(archive.files):,} files are back. Fix the cause and run the restore again "
                    "with --force: files already back are left as they are.") from error
            done += 1
            if done % 1000 == 0:
                progress(f"  {done:,} of {len(archive.files):,} files…")
            if written:
                report.written += 1
                report.bytes_written += stored.size
            else:
                report.already_there += 1
    progress(f"Files: {report.written:,} written ({megabytes(report.bytes_written)}), "
             f"{report.already_there:,} already in place")


def _write_file(storage: Storage, stored: StoredFile, source: IO[bytes]) -> bool:
    """Put ``source`` into ``storage`` under exactly ``stored.name``; False when that file was already there."""
    if storage.exists(stored.name):
        if storage.size(stored.name) == stored.size and _sha256_of(storage, stored.name) == stored.sha256:
            return False
        storage.delete(stored.name)  # a different or half-written file under the name: the archive wins
    content = File(source, name=stored.name)
    content.size = stored.size  # File would otherwise guess it from a path named like the member
    saved = storage.save(stored.name, content)
    if saved != stored.name:
        raise BackupError(f"the storage saved it as {saved}")
    return True


def _sha256_of(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as opened:
        while chunk := opened.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
