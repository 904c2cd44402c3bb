"""Moving originals uploaded before they became private out of the public media storage.

Originals used to be saved in the default (served) storage under ``artworks/...``; they now belong in
the never-served ``originals`` storage (:func:`~dala.catalog.models.originals_storage`) under the same
name, which is what ``ArtworkImage.file`` already points at.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import Storage, default_storage

from .models import ArtworkImage, originals_storage


@dataclass
class MoveReport:
    moved: int = 0  # copied into the originals storage and deleted from the public one
    already_private: int = 0  # nothing to do
    missing: int = 0  # in neither storage: nothing can be done here


def move_public_originals(*, dry_run: bool = False) -> MoveReport:
    """Move every image's original that is missing from the originals storage but present in the
    default storage under the same name; with ``dry_run``, only count what would be moved.

    Idempotent: a second run finds nothing to move. A run cut short never loses a file: the public copy
    is deleted only once the private copy is whole (same size), and a private copy left incomplete by
    an earlier run is written again."""
    private, public = originals_storage(), default_storage
    report = MoveReport()
    names = ArtworkImage.objects.exclude(file="").order_by("pk").values_list("file", flat=True)
    for name in names.iterator(chunk_size=1000):
        in_public = public.exists(name)
        if private.exists(name):
            if not in_public:
                report.already_private += 1
                continue
            if private.size(name) == public.size(name):
                # Copied by a run that stopped before deleting the public copy.
                report.moved += 1
                if not dry_run:
                    public.delete(name)
                continue
            if not dry_run:
                private.delete(name)  # a copy cut short: copy it again below
        elif not in_public:
            report.missing += 1
            continue
        report.moved += 1
        if not dry_run:
            _copy(name, public, private)
            public.delete(name)
    return report


def _copy(name: str, source: Storage, target: Storage) -> None:
    with source.open(name, "rb") as original:
        saved = target.save(name, original)
    if saved != name or target.size(name) != source.size(name):
        # Another file took the name meanwhile, or the copy is short: keep the public one.
        if saved != name:
            target.delete(saved)
        raise OSError(f"Could not copy {name} into the originals storage whole.")
