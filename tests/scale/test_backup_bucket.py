"""`dala backup` and `dala restore` with the media in a real S3-compatible bucket (SeaweedFS, see conftest.py).

Public media (renditions, thumbnails) go to the bucket ``dala`` under ``media/``, the private originals and
IIIF pyramids to a second bucket, ``dala-originals``, as a site with a private originals bucket has them.
Every object is listed and read back with boto3, apart from the storages the backup itself goes through.
Runs on SQLite and on PostgreSQL (``bin/with-postgres``); ``transaction=True`` for the reasons
tests/core/test_backups.py gives.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from dala.accounts.models import User
from dala.catalog.models import ArtworkImage
from dala.catalog.services import add_artwork_image
from dala.imaging import pyramid
from tests.core.test_backups import all_rows
from tests.factories import ArtworkFactory, SubjectFactory, UserFactory
from tests.imaging.pictures import encode, noisy

from .conftest import MEDIA_BUCKET, ORIGINALS_BUCKET, Bucket, UseBucket

pytestmark = pytest.mark.django_db(transaction=True)

# Written through the storages as they are, beside what an upload makes: nested, non-ASCII, spaces, empty.
EXTRA_FILES = {
    ("default", "exhibitions/2026/көрме сурет.jpg"): encode(noisy((64, 48)), "JPEG", quality=80),
    ("default", "documents/empty.txt"): b"",
    ("originals", "imports/2026/11/scan 1.png"): encode(noisy((40, 30)), "PNG"),
}


@pytest.fixture
def two_buckets(use_bucket: UseBucket) -> Bucket:
    """Public media in ``dala``, originals and pyramids in the private ``dala-originals``."""
    return use_bucket(DALA_S3_ORIGINALS_BUCKET=ORIGINALS_BUCKET)


def _objects(bucket: Bucket) -> dict[tuple[str, str], tuple[bytes, str, str]]:
    """Every object in both buckets: its bytes, content type and cache control, read with boto3."""
    found = {}
    for name in (MEDIA_BUCKET, ORIGINALS_BUCKET):
        for key in bucket.keys(name):
            head = bucket.client.head_object(Bucket=name, Key=key)
            found[(name, key)] = (bucket.read(key, name), head.get("ContentType", ""), head.get("CacheControl", ""))
    return found


def _build_site() -> ArtworkImage:
    artwork = ArtworkFactory()
    artwork.subjects.add(SubjectFactory(), SubjectFactory(slug="steppe"))
    UserFactory()
    image = add_artwork_image(artwork=artwork, upload=io.BytesIO(encode(noisy((600, 400)), "JPEG", quality=90)))
    image.refresh_from_db()
    assert image.processing_state == "ready", image.processing_error
    for (alias, name), data in EXTRA_FILES.items():
        assert storages[alias].save(name, ContentFile(data)) == name
    return image


def _backup(tmp_path: Path) -> tuple[Path, str]:
    out = io.StringIO()
    call_command("backup", str(tmp_path / "site.tar"), stdout=out)
    return tmp_path / "site.tar", out.getvalue()


def _restore(archive: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), *options, stdout=out)
    return out.getvalue()


def test_an_emptied_bucket_and_database_come_back_object_for_object_and_row_for_row(
        two_buckets: Bucket, tmp_path: Path) -> None:
    image = _build_site()
    objects, rows = _objects(two_buckets), all_rows()
    keys = {key for _bucket, key in objects}
    assert {f"media/{r['name']}" for r in image.renditions} | {f"media/{image.thumbnail.name}"} <= keys
    assert {f"originals/{image.file.name}", f"originals/{pyramid.stored_name(image.pk)}"} <= keys
    assert ("dala", "media/documents/empty.txt") in objects and ("dala", "media/exhibitions/2026/көрме сурет.jpg") \
        in objects
    archive, said = _backup(tmp_path)
    assert f"{len(objects)} files" in said

    two_buckets.empty()
    call_command("flush", interactive=False, verbosity=0)
    assert _objects(two_buckets) == {} and not User.objects.exists()
    restored = _restore(archive)

    assert _objects(two_buckets) == objects  # bytes, content type and cache control of every object
    assert all_rows() == rows
    assert f"Files: {len(objects)} written" in restored
    image = ArtworkImage.objects.get(pk=image.pk)
    with image.file.open("rb") as original:  # the site reads the original back through its storage
        assert original.read() == objects[(ORIGINALS_BUCKET, f"originals/{image.file.name}")][0]


def test_a_restore_over_a_damaged_bucket_rewrites_only_the_missing_and_altered_objects(
        two_buckets: Bucket, tmp_path: Path) -> None:
    image = _build_site()
    objects, rows = _objects(two_buckets), all_rows()
    archive, _ = _backup(tmp_path)
    lost = f"media/{image.renditions[0]['name']}"
    altered = f"originals/{image.file.name}"
    two_buckets.client.delete_object(Bucket=MEDIA_BUCKET, Key=lost)
    two_buckets.client.put_object(Bucket=ORIGINALS_BUCKET, Key=altered, Body=b"not the original")
    UserFactory(email="after-the-backup@example.kz")

    said = _restore(archive, "--force")

    assert _objects(two_buckets) == objects
    assert all_rows() == rows
    assert "Files: 2 written" in said and f"{len(objects) - 2} already in place" in said

