"""`dala backup` and `dala restore`: every row and every file comes back, byte for byte.

The round trips run in-process with `call_command`, on whichever engine the suite runs on:

- PostgreSQL (``bin/with-postgres``): `pg_dump` and `pg_restore` work on pytest's ``test_dala`` database,
  exactly as they would on the site's.
- SQLite: the test database is in memory (``DATABASES["default"]["TEST"]["NAME"]`` is unset), so it has no
  file to swap; restore copies the archive's pages into the live connection with SQLite's backup API
  after the same checks. The file swap that a real site gets (temp file, atomic rename, refusal while
  another process holds the file) is covered by running the `dala` command in a subprocess against a
  file database (``test_the_command_restores_a_file_database_…``).

The commands copy one snapshot through other connections (pg_dump) or copy pages under the connection's
feet, so these tests use ``transaction=True``: rows must be committed to be seen.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from pytest_django import Settings

from dala.accounts.models import User
from dala.catalog.models import ArtworkImage
from dala.catalog.services import add_artwork_image
from tests.factories import (
    ArtworkFactory,
    ArtworkImageFactory,
    ExhibitionFactory,
    GalleryFactory,
    SubjectFactory,
    UserFactory,
    image_bytes,
)
from tests.imaging.pictures import encode, noisy

pytestmark = pytest.mark.django_db(transaction=True)

ON_SQLITE = django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.fixture(autouse=True)
def _storages_in_tmp(settings: Settings, media_root: Path, originals_root: Path) -> None:
    """Both backed-up storages (media and originals) live in this test's folders, through STORAGES itself."""
    settings.STORAGES = {**settings.STORAGES, "originals": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(originals_root), "base_url": None},
    }}


def _build_site() -> ArtworkImage:
    """Rows in many tables (m2m included), and an uploaded image: its original plus renditions."""
    artwork = ArtworkFactory()
    artwork.subjects.add(SubjectFactory(), SubjectFactory(slug="mountains"))
    ArtworkFactory(artist=artwork.artist)
    GalleryFactory()
    ExhibitionFactory()
    image = add_artwork_image(artwork=artwork, upload=io.BytesIO(encode(noisy((500, 300)), "JPEG", quality=90)))
    image.refresh_from_db()
    assert image.processing_state == "ready", image.processing_error
    return image


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def all_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (model tables, m2m tables, bookkeeping, the search index) and, on PostgreSQL,
    every sequence's position. The bucket round trip (tests/scale/test_backup_bucket.py) compares with it too."""
    tables = set(connection.introspection.table_names())
    if connection.vendor == "sqlite":
        tables.add("sqlite_sequence")
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted((tuple(_plain(v) for v in row) for row in cursor.fetchall()), key=repr)
        if connection.vendor == "postgresql":
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
            rows["<sequences>"] = [tuple(row) for row in cursor.fetchall()]
    return rows


def _all_files(*roots: Path) -> dict[str, bytes]:
    return {f"{root.name}/{path.relative_to(root)}": path.read_bytes()
            for root in roots for path in sorted(root.rglob("*")) if path.is_file()}


def _empty(*roots: Path) -> None:
    for root in roots:
        shutil.rmtree(root)
        root.mkdir()


def _backup(target: Path) -> tuple[Path, str]:
    out = io.StringIO()
    call_command("backup", str(target), stdout=out)
    archives = [target] if target.is_file() else sorted(target.glob("dala-*.tar"))
    assert len(archives) == 1
    return archives[0], out.getvalue()


def _restore(archive: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), *options, stdout=out)
    return out.getvalue()


def _manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive) as tar:
        extracted = tar.extractfile(tar.getmember("manifest.json"))
        assert extracted is not None
        return dict(json.load(extracted))


def test_a_wiped_site_comes_back_with_every_row_and_every_file_byte_for_byte(
        tmp_path: Path, media_root: Path, originals_root: Path) -> None:
    image = _build_site()
    assert (originals_root / image.file.name).is_file()
    assert image.renditions and all((media_root / r["name"]).is_file() for r in image.renditions)
    rows, files = all_rows(), _all_files(media_root, originals_root)
    assert len(rows) > 50 and rows["catalog_artwork_subjects"] and rows["catalog_artworkimage"]
    (tmp_path / "backups").mkdir()

    archive, said = _backup(tmp_path / "backups")
    call_command("flush", interactive=False, verbosity=0)
    _empty(media_root, originals_root)
    assert not User.objects.exists() and not ArtworkImage.objects.exists()
    assert _all_files(media_root, originals_root) == {}
    restored = _restore(archive)  # after a flush only what `migrate` fills is left: no --force needed

    assert all_rows() == rows
    assert _all_files(media_root, originals_root) == files
    assert f"{len(files)} files" in said and "Database restored" in restored
    assert f"Files: {len(files)} written" in restored
    # The site goes on: new rows get fresh ids (sequences came back with the rows).
    newcomer = UserFactory()
    assert newcomer.pk > max(row[0] for row in rows["accounts_user"])


def test_the_archive_is_one_dated_tar_whose_manifest_lists_rows_and_every_file_with_its_sha256(
        tmp_path: Path, media_root: Path, originals_root: Path) -> None:
    image = _build_site()
    backups = tmp_path / "backups"
    backups.mkdir()

    archive, _ = _backup(backups)

    assert [p.name for p in backups.iterdir()] == [archive.name]  # no partial or snapshot left behind
    assert archive.name.startswith("dala-") and archive.name.endswith(".tar")
    assert archive.stat().st_mode & 0o077 == 0  # password hashes and private originals: owner only
    manifest = _manifest(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"]["accounts_user"] == User.objects.count()
    assert manifest["database"]["tables"]["catalog_artwork_subjects"] == 2
    listed = {(f["storage"], f["name"]): (f["size"], f["sha256"]) for f in manifest["files"]}
    on_disk = {(storage, str(path.relative_to(root))):
               (path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest())
               for storage, root in (("default", media_root), ("originals", originals_root))
               for path in root.rglob("*") if path.is_file()}
    assert listed == on_disk
    assert ("originals", image.file.name) in listed and ("default", image.renditions[0]["name"]) in listed


@pytest.mark.parametrize("damaged", ["database", "original"])
def test_a_damaged_archive_is_refused_before_anything_is_touched(
        damaged: str, tmp_path: Path, media_root: Path, originals_root: Path) -> None:
    image = _build_site()
    archive, _ = _backup(tmp_path / "site.tar")
    UserFactory(email="after-the-backup@example.kz")
    rendition = media_root / image.renditions[0]["name"]
    rendition.unlink()  # a restore that wrote anything would bring it back
    rows, files = all_rows(), _all_files(media_root, originals_root)
    member = ("database/dala.sqlite3" if connection.vendor == "sqlite" else "database/dala.pgdump") \
        if damaged == "database" else f"storages/originals/{image.file.name}"
    with tarfile.open(archive) as tar:
        info = tar.getmember(member)
    with archive.open("r+b") as raw:  # flip one byte in the middle of the member
        raw.seek(info.offset_data + info.size // 2)
        byte = raw.read(1)
        raw.seek(-1, os.SEEK_CUR)
        raw.write(bytes([byte[0] ^ 0xFF]))

    with pytest.raises(CommandError, match=f"damaged: {member} does not match its sha256"):
        _restore(archive, "--force")
    with pytest.raises(CommandError, match="does not match its sha256"):
        _restore(archive, "--check")

    assert all_rows() == rows
    assert _all_files(media_root, originals_root) == files
    assert not rendition.exists()


def test_a_database_holding_data_is_replaced_only_with_force(
        tmp_path: Path, media_root: Path, originals_root: Path) -> None:
    _build_site()
    archive, _ = _backup(tmp_path / "site.tar")
    rows, files = all_rows(), _all_files(media_root, originals_root)
    UserFactory(email="after-the-backup@example.kz")

    with pytest.raises(CommandError, match="already holds data .*--force"):
        _restore(archive)
    assert User.objects.filter(email="after-the-backup@example.kz").exists()

    said = _restore(archive, "--force")

    assert not User.objects.filter(email="after-the-backup@example.kz").exists()
    assert all_rows() == rows
    assert _all_files(media_root, originals_root) == files
    assert f"0 written (0.0 MB), {len(files)} already in place" in said  # identical files are not rewritten


def test_an_archive_that_is_not_one_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    not_tar = tmp_path / "notes.tar"
    not_tar.write_text("shopping list")
    no_manifest = tmp_path / "bare.tar"
    with tarfile.open(no_manifest, "w") as tar:
        tar.addfile(tarfile.TarInfo("something.txt"), io.BytesIO(b""))

    with pytest.raises(CommandError, match="is not a tar archive"):
        _restore(not_tar)
    with pytest.raises(CommandError, match="has no manifest.json"):
        _restore(no_manifest)
    with pytest.raises(CommandError, match="There is no archive at"):
        _restore(tmp_path / "missing.tar")


def test_an_archive_from_the_other_engine_is_refused(tmp_path: Path) -> None:
    UserFactory()
    archive, _ = _backup(tmp_path / "site.tar")
    manifest = _manifest(archive)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    database = manifest["database"]
    with tarfile.open(archive) as tar, tarfile.open(tmp_path / "other.tar", "w", format=tarfile.PAX_FORMAT) as out:
        extracted = tar.extractfile(database["member"])
        info = tarfile.TarInfo(f"database/dala.{'pgdump' if other == 'postgresql' else 'sqlite3'}")
        info.size = database["size"]
        out.addfile(info, extracted)
        manifest["database"] = {**database, "vendor": other, "member": info.name}
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        out.addfile(info, io.BytesIO(data))

    with pytest.raises(CommandError, match=f"holds a {other} database but this site uses {connection.vendor}"):
        _restore(tmp_path / "other.tar", "--force")


def test_backing_up_onto_an_existing_file_is_refused(tmp_path: Path) -> None:
    existing = tmp_path / "site.tar"
    existing.write_bytes(b"yesterday's archive")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing), stdout=io.StringIO())
    assert existing.read_bytes() == b"yesterday's archive"


def _dala(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dala.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite file swap; on PostgreSQL pg_restore is exercised above")
def test_the_command_restores_a_file_database_and_refuses_while_another_process_has_it_open(
        tmp_path: Path, media_root: Path, originals_root: Path) -> None:
    _build_site()
    archive, _ = _backup(tmp_path / "site.tar")
    site = tmp_path / "site"
    database = site / "var" / "dala.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DALA_VAR_DIR=str(site / "var"), DALA_SQLITE_PATH=str(database), DALA_SECRET_KEY="backup-test",
               DALA_MEDIA_ROOT=str(site / "media"), DALA_ORIGINALS_ROOT=str(site / "originals"))

    restored = _dala("restore", str(archive), env=env)

    assert restored.returncode == 0, restored.stderr
    assert sorted(p.name for p in database.parent.iterdir()) == ["dala.sqlite3"]  # no temp file or old log left
    with closing(sqlite3.connect(database)) as copy:
        assert list(copy.iterdump()) == list(connection.connection.iterdump())
    assert _all_files(site / "media", site / "originals") == _all_files(media_root, originals_root)

    # Read before the other connection opens: closing any descriptor of the file would drop that
    # connection's POSIX locks, which are per process.
    before = database.read_bytes()
    holder = sqlite3.connect(database)  # as the worker would, between two jobs
    try:
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("SELECT COUNT(*) FROM accounts_user").fetchone()
        refused = _dala("restore", "--force", str(archive), env=env)
        assert refused.returncode != 0
        assert "is open in another process" in refused.stderr and "Nothing was changed" in refused.stderr
        assert database.read_bytes() == before
    finally:
        holder.close()

    # The restored file database backs up again (through standard output) to the same rows and files.
    with (tmp_path / "again.tar").open("wb") as out:
        again = subprocess.run([sys.executable, "-m", "dala.cli", "backup", "-"], env=env, stdout=out,
                               stderr=subprocess.PIPE, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    first, second = _manifest(archive), _manifest(tmp_path / "again.tar")
    assert second["database"]["tables"] == first["database"]["tables"]
    assert second["files"] == first["files"]


def _stored(alias: str) -> dict[str, bytes]:
    """Every file of storage ``alias``, read through the Storage API alone."""
    storage, found, folders = storages[alias], {}, [""]
    while folders:
        folder = folders.pop()
        directories, files = storage.listdir(folder)
        folders += [f"{folder}/{d}" if folder else d for d in directories]
        for name in files:
            with storage.open(f"{folder}/{name}" if folder else name, "rb") as opened:
                found[f"{folder}/{name}" if folder else name] = opened.read()
    return found


def test_storages_without_local_paths_round_trip_too_as_a_bucket_would(settings: Settings, tmp_path: Path) -> None:
    # InMemoryStorage has no path(), like S3Storage: only listdir/open/save/delete can reach its files.
    in_memory = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                 "originals": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    settings.STORAGES = in_memory
    image = ArtworkImageFactory()  # its original goes into the originals storage through the FileField
    storages["default"].save("artworks/thumbs/2026/11/thumb.jpg", ContentFile(image_bytes(size=(32, 24))))
    storages["default"].save("көрме/сурет 1.jpg", ContentFile(b"\x00\xff" * 5000))  # nested, non-ASCII, spaces
    files = {alias: _stored(alias) for alias in ("default", "originals")}
    assert image.file.name in files["originals"] and len(files["default"]) == 2
    rows = all_rows()
    archive, _ = _backup(tmp_path / "site.tar")

    call_command("flush", interactive=False, verbosity=0)
    settings.STORAGES = {**in_memory}  # fresh, empty storages
    assert _stored("default") == {} == _stored("originals")
    _restore(archive)

    assert {alias: _stored(alias) for alias in ("default", "originals")} == files
    assert all_rows() == rows
