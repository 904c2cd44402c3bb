"""An artist's inventory as CSV: export every work, import a sheet back, all or nothing.

Import runs every row through :func:`~dala.catalog.services.create_artwork` or
:func:`~dala.catalog.services.update_artwork` (each row in its own savepoint, the whole file in one
transaction), so a sheet obeys exactly the rules of the studio form. If any row is bad, or on a dry
run, the transaction is rolled back and nothing is kept.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile
from dala.core.errors import DomainError, ValidationFailed
from dala.core.languages import LANGUAGES
from dala.core.money import CURRENCIES, Money
from dala.core.translation import Translated, to_translated

from . import errors
from .models import Artwork, Medium, Series, Subject
from .services import create_artwork, update_artwork

COLUMNS: tuple[str, ...] = (
    "inventory_number", "title_kk", "title_ru", "title_en", "year", "medium", "materials", "height_mm",
    "width_mm", "depth_mm", "edition_type", "subjects", "series", "description_kk", "description_ru",
    "description_en", "price", "currency", "price_visible", "availability", "location", "private_notes", "id",
)
TITLE_COLUMNS = tuple(f"title_{code}" for code in LANGUAGES)
MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024

# A service names the model's field; the sheet names its column.
_COLUMN_FOR_FIELD = {"price_amount": "price", "price_currency": "currency"}
_YES = {"yes", "y", "true", "1", "иә", "ия", "да", "ja", "oui"}
_NO = {"no", "n", "false", "0", "жоқ", "нет", "nein", "non"}
_SUBJECT_SEPARATOR = re.compile(r"[;,]")

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the sheet: ``line`` 1 is the header, ``field`` names a column."""

    line: int
    field: str
    message: str
    code: str = ""


@dataclass
class ImportReport:
    errors: list[ImportProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    rows: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def saved(self) -> bool:
        """Whether the works in the sheet are now in the studio."""
        return self.ok and not self.dry_run


# Export --------------------------------------------------------------------------------------------

def export_inventory(artist: ArtistProfile, out: TextIO) -> int:
    """Write ``artist``'s works (deleted ones left out) as CSV with :data:`COLUMNS`; return the row count."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    queryset = (Artwork.objects.alive().filter(artist=artist).select_related("medium", "series")
                .prefetch_related("subjects").order_by("id"))
    count = 0
    for artwork in queryset.iterator(chunk_size=1000):
        writer.writerow(_export_row(artwork))
        count += 1
    return count


def _export_row(artwork: Artwork) -> list[str]:
    title, description = artwork.title, artwork.description
    price = artwork.price
    values: dict[str, str] = {
        "inventory_number": artwork.inventory_number,
        "year": _text(artwork.year),
        "medium": artwork.medium.slug,
        "materials": artwork.materials,
        "height_mm": _text(artwork.height_mm),
        "width_mm": _text(artwork.width_mm),
        "depth_mm": _text(artwork.depth_mm),
        "edition_type": artwork.edition_type,
        "subjects": ";".join(sorted(subject.slug for subject in artwork.subjects.all())),
        "series": artwork.series.title.get_text() if artwork.series else "",
        "price": format(price.major, "f") if price else "",
        "currency": artwork.price_currency,
        "price_visible": "yes" if artwork.price_visible else "no",
        "availability": artwork.availability,
        "location": artwork.location,
        "private_notes": artwork.private_notes,
        "id": str(artwork.pk),
    }
    for code in LANGUAGES:
        values[f"title_{code}"] = title.get(code, "")
        values[f"description_{code}"] = description.get(code, "")
    return [values[column] for column in COLUMNS]


def _text(value: object) -> str:
    return "" if value is None else str(value)


# Import --------------------------------------------------------------------------------------------

def decode_csv(data: bytes) -> str:
    """Uploaded bytes → text: UTF-8, with or without a byte-order mark, at most :data:`MAX_BYTES`."""
    if len(data) > MAX_BYTES:
        raise DomainError(errors.CSV_TOO_LARGE, _("The file is larger than %(limit)d MB; split it into parts.")
                          % {"limit": MAX_BYTES // (1024 * 1024)}, field="file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(errors.CSV_INVALID, _("Save the sheet as “CSV UTF-8” and upload it again."),
                          field="file") from None


@dataclass
class _Row:
    line: int
    cells: dict[str, str]


class _RowRejected(Exception):
    """Undo a row whose cells could not all be read, even if the service accepted the rest."""


def import_inventory(artist: ArtistProfile, source: TextIO, *, dry_run: bool,
                     progress: ProgressCallback | None = None) -> ImportReport:
    """Create or update ``artist``'s works from a CSV sheet, all or nothing.

    A row whose ``id`` is one of the artist's works, or whose ``inventory_number`` one of them has,
    updates that work (columns the sheet lacks are left as they are); any other row creates a work.
    Every bad cell of every row is reported; if there is any, or on a ``dry_run``, nothing is saved.
    ``progress(done, total)`` is called after each row.
    """
    report = ImportReport(dry_run=dry_run)
    try:
        header, rows = _read_sheet(source)
    except _SheetRejected as rejected:
        report.errors.extend(rejected.problems)
        return report
    report.rows = len(rows)
    with transaction.atomic():
        _Importer(artist, header, report).run(rows, progress)
        if report.errors or dry_run:
            transaction.set_rollback(True)
    return report


class _SheetRejected(Exception):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def _read_sheet(source: TextIO) -> tuple[list[str], list[_Row]]:
    text = source.read(MAX_BYTES + 1)
    if len(text) > MAX_BYTES or len(text.encode("utf-8")) > MAX_BYTES:
        raise _SheetRejected([ImportProblem(0, "file", _("The file is larger than %(limit)d MB; split it into parts.")
                                            % {"limit": MAX_BYTES // (1024 * 1024)}, errors.CSV_TOO_LARGE)])
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _SheetRejected([ImportProblem(0, "file", _("The file is empty."), errors.CSV_INVALID)])
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_sniff(text))
    try:
        header = [name.strip().lstrip("\ufeff").lower() for name in next(reader)]
        header_problems = _check_header(header)
        if header_problems:
            raise _SheetRejected(header_problems)
        rows: list[_Row] = []
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise _SheetRejected([ImportProblem(start, "file", _("A sheet holds at most %(limit)d works; "
                                                                     "split it into parts.") % {"limit": MAX_ROWS},
                                                    errors.CSV_TOO_LARGE)])
            if len(cells) > len(header):
                extra = cells[len(header):]
                if any(cell.strip() for cell in extra):
                    raise _SheetRejected([ImportProblem(start, "file", _("This row has %(cells)d cells but the "
                                                                         "header names %(columns)d columns.")
                                                        % {"cells": len(cells), "columns": len(header)},
                                                        errors.CSV_INVALID)])
            cells = cells + [""] * (len(header) - len(cells))
            rows.append(_Row(start, dict(zip(header, cells, strict=False))))
    except csv.Error as error:
        raise _SheetRejected([ImportProblem(reader.line_num, "file", _("The file is not valid CSV: %(error)s")
                                            % {"error": error}, errors.CSV_INVALID)]) from None
    return header, rows


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma, semicolon (as spreadsheets write it where the decimal mark is a comma) or tab."""
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        # The header's names hold none of the separators, so the most frequent one is it.
        delimiter = max(",;\t", key=first_line.count)
        return _Dialect.with_delimiter(delimiter)
    return _Dialect.with_delimiter(dialect.delimiter)


class _Dialect(csv.excel):
    @classmethod
    def with_delimiter(cls, delimiter: str) -> type[csv.Dialect]:
        return type("SheetDialect", (cls,), {"delimiter": delimiter})


def _check_header(header: list[str]) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    seen: set[str] = set()
    for name in header:
        if not name:
            continue  # a column without a name (a stray separator at the end of the header) is ignored
        if name in seen:
            problems.append(ImportProblem(1, name, _("This column appears twice."), errors.CSV_DUPLICATE_ROW))
        elif name not in COLUMNS:
            problems.append(ImportProblem(1, name, _("Unknown column; the columns are: %(columns)s.")
                                          % {"columns": ", ".join(COLUMNS)}, errors.CSV_UNKNOWN_COLUMN))
        seen.add(name)
    if not seen & set(TITLE_COLUMNS):
        problems.append(ImportProblem(1, "title", _("The sheet needs a title column (%(columns)s).")
                                      % {"columns": ", ".join(TITLE_COLUMNS)}, errors.CSV_MISSING_COLUMN))
    if "medium" not in seen:
        problems.append(ImportProblem(1, "medium", _("The sheet needs a medium column."), errors.CSV_MISSING_COLUMN))
    return problems


class _Importer:
    """Runs the rows of one sheet; holds the look-up caches for the length of one import."""

    def __init__(self, artist: ArtistProfile, header: list[str], report: ImportReport) -> None:
        self.artist = artist
        self.columns = set(header)
        self.report = report
        self.media = {medium.slug: medium for medium in Medium.objects.all()}
        self.subjects = {subject.slug: subject for subject in Subject.objects.all()}
        self.series: dict[str, Series] = {}
        for series in Series.objects.filter(artist=artist).order_by("id"):
            for title in series.title.values():
                self.series.setdefault(title.casefold(), series)
        self.lines_of_number: dict[str, int] = {}
        self.lines_of_id: dict[int, int] = {}

    def run(self, rows: list[_Row], progress: ProgressCallback | None) -> None:
        for done, row in enumerate(rows, start=1):
            self.import_row(row)
            if progress is not None:
                progress(done, len(rows))

    def import_row(self, row: _Row) -> None:
        problems: list[ImportProblem] = []

        def problem(column: str, message: str, code: str) -> None:
            problems.append(ImportProblem(row.line, column, message, code))

        cells = row.cells
        work_id: int | None = None
        if cells.get("id", "").strip():
            try:
                work_id = int(cells["id"].strip())
            except ValueError:
                problem("id", _("Enter a whole number."), errors.INVALID_CHOICE)
            else:
                if work_id in self.lines_of_id:
                    problem("id", _("This work is also on line %(line)d.") % {"line": self.lines_of_id[work_id]},
                            errors.CSV_DUPLICATE_ROW)
                    self.report.errors.extend(problems)
                    return
                self.lines_of_id[work_id] = row.line
        number = cells.get("inventory_number", "").strip()
        if number:
            if number in self.lines_of_number:
                problem("inventory_number", _("Inventory number %(number)s is also on line %(line)d.")
                        % {"number": number, "line": self.lines_of_number[number]}, errors.DUPLICATE_INVENTORY_NUMBER)
                self.report.errors.extend(problems)
                return
            self.lines_of_number[number] = row.line

        target = self._existing_work(work_id, number)
        fields = self._fields(cells, target, problem)
        try:
            # The services roll back their own failures; a savepoint of ours is needed only to undo a
            # row the service accepted although some of its cells could not be read.
            with transaction.atomic() if problems else nullcontext():
                if target is None:
                    create_artwork(artist=self.artist, **fields)
                else:
                    update_artwork(artwork=target, **fields)
                if problems:
                    raise _RowRejected
        except ValidationFailed as failed:
            for error in failed.errors:
                problem(self._column(error.field), str(error.message), error.code)
        except DomainError as error:
            problem(self._column(error.field), str(error.message), error.code)
        except IntegrityError:
            problem("id", _("This row clashes with another work and could not be saved."), errors.CSV_INVALID)
        except _RowRejected:
            pass
        if problems:
            self.report.errors.extend(problems)
        elif target is None:
            self.report.created += 1
        else:
            self.report.updated += 1

    def _existing_work(self, work_id: int | None, number: str) -> Artwork | None:
        works = Artwork.objects.alive().filter(artist=self.artist)
        work = None
        if work_id is not None:
            # An id that is not one of this artist's works (a sheet from another studio, or a
            # deleted work) does not refuse the row: it is matched by inventory number or added.
            work = works.filter(pk=work_id).first()
        if work is None and number:
            # exclude(): the partial unique index's own condition, so that SQLite uses that index.
            work = works.filter(inventory_number=number).exclude(inventory_number="").first()
        if work is not None:
            work.artist = self.artist
        return work

    def _column(self, name: str | None) -> str:
        if not name:
            return "row"
        return _COLUMN_FOR_FIELD.get(name, name)

    def _fields(self, cells: dict[str, str], target: Artwork | None,
                problem: Callable[[str, str, str], None]) -> dict[str, Any]:
        """The service arguments a row gives; only the sheet's columns, so an update keeps the rest."""
        fields: dict[str, Any] = {}
        present = self.columns
        for name in ("title", "description"):
            columns = [f"{name}_{code}" for code in LANGUAGES if f"{name}_{code}" in present]
            if columns:
                texts = getattr(target, name).as_dict() if target is not None else {}
                for column in columns:
                    texts[column.rsplit("_", 1)[1]] = cells[column]
                fields[name] = Translated(texts)
        for name in ("year", "height_mm", "width_mm", "depth_mm", "materials", "location", "private_notes",
                     "inventory_number"):
            if name in present:
                fields[name] = cells[name].strip()
        for name in ("edition_type", "availability"):
            if name in present and cells[name].strip():
                fields[name] = cells[name].strip().lower()
        if "medium" in present:
            slug = cells["medium"].strip()
            fields["medium"] = self.media.get(slug.lower(), slug)
        if "subjects" in present:
            slugs = [part.strip() for part in _SUBJECT_SEPARATOR.split(cells["subjects"]) if part.strip()]
            fields["subjects"] = [self.subjects.get(slug.lower(), slug) for slug in dict.fromkeys(slugs)]
        if "series" in present:
            try:
                fields["series"] = self._series(cells["series"].strip())
            except DomainError as error:
                problem("series", str(error.message), error.code)
        if "price_visible" in present and cells["price_visible"].strip():
            flag = cells["price_visible"].strip().casefold()
            if flag in _YES:
                fields["price_visible"] = True
            elif flag in _NO:
                fields["price_visible"] = False
            else:
                problem("price_visible", _("Write yes or no."), errors.INVALID_CHOICE)
        currency = cells.get("currency", "").strip().upper()
        if "currency" in present and currency:
            fields["price_currency"] = currency
        if "price" in present:
            raw = cells["price"].strip()
            if not raw:
                fields["price_amount"] = None
            else:
                # An unknown currency is the service's to report; read the number in the default one.
                known = currency if currency in CURRENCIES else (target.price_currency if target else "KZT")
                try:
                    fields["price_amount"] = Money.from_major(raw, known).amount
                except DomainError as error:
                    problem("price", str(error.message), errors.INVALID_PRICE)
        return fields

    def _series(self, title: str) -> Series | None:
        if not title:
            return None
        key = title.casefold()
        if key not in self.series:
            if len(title) > 200:
                raise DomainError(errors.TEXT_TOO_LONG, _("Keep it under %(limit)d characters.") % {"limit": 200},
                                  field="series")
            # Made outside the row's savepoint, so that later rows may use it; if any row fails, the
            # whole import is rolled back and the series with it.
            self.series[key] = Series.objects.create(artist=self.artist, title=to_translated(title))
        return self.series[key]

