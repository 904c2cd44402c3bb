"""The studio inventory as CSV: export, all-or-nothing import, the commands and the studio pages."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dala.accounts.models import ArtistProfile
from dala.catalog import inventory, services
from dala.catalog.inventory import COLUMNS, ImportReport, export_inventory, import_inventory
from dala.catalog.models import Artwork, Series
from dala.core.translation import Translated
from tests.factories import ArtistFactory, MediumFactory, SubjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]



@pytest.fixture
def vocabulary() -> None:
    MediumFactory()
    MediumFactory(slug="printmaking", label=Translated(kk="Баспа графикасы", ru="Печатная графика", en="Printmaking"))
    SubjectFactory()
    SubjectFactory(slug="horses", label=Translated(kk="Жылқы", ru="Лошади", en="Horses"))


def _works(artist: ArtistProfile) -> None:
    series = Series.objects.create(artist=artist, title=Translated(en="Songs of the Steppe"))
    services.create_artwork(
        artist=artist, title=Translated(kk="Күзгі дала", ru="Осенняя степь", en="Autumn Steppe"), year=2019,
        medium="oil", materials="oil on canvas, “gold” leaf", height_mm=600, width_mm=800, edition_type="unique",
        subjects=["steppe", "horses"], series=series,
        description=Translated(en="Wind, grass;\nand a second line.", ru="Ветер"), price_amount=125_000_050,
        price_currency="KZT", price_visible=True, availability="for_sale", location="Studio",
        inventory_number="BN-2019-001", private_notes="frame from Almaty")
    services.create_artwork(
        artist=artist, title=Translated(en="Horse Herder"), year=2021, medium="printmaking", height_mm=300,
        width_mm=400, edition_type="limited", subjects=["horses"], price_amount=90_000, price_currency="USD",
        price_visible=False, availability="draft", inventory_number="BN-2021-002")
    services.create_artwork(artist=artist, title=Translated(kk="Ою"), medium="oil", availability="not_for_sale")


def _export(artist: ArtistProfile) -> str:
    out = io.StringIO()
    export_inventory(artist, out)
    return out.getvalue()


def _import(artist: ArtistProfile, text: str, *, dry_run: bool = False) -> ImportReport:
    return import_inventory(artist, io.StringIO(text), dry_run=dry_run)


def _snapshot(artist: ArtistProfile) -> list[dict[str, Any]]:
    """What a work is, leaving out where it lives (id, artist, slug, timestamps)."""
    works = []
    for work in Artwork.objects.filter(artist=artist).order_by("inventory_number", "id"):
        works.append({
            "title": work.title.as_dict(), "description": work.description.as_dict(), "year": work.year,
            "medium": work.medium.slug, "materials": work.materials,
            "size": (work.height_mm, work.width_mm, work.depth_mm), "edition_type": work.edition_type,
            "subjects": sorted(s.slug for s in work.subjects.all()),
            "series": work.series.title.get_text() if work.series else None,
            "price": (work.price_amount, work.price_currency, work.price_visible, work.price_base),
            "availability": work.availability, "is_listed": work.is_listed, "location": work.location,
            "inventory_number": work.inventory_number, "private_notes": work.private_notes,
        })
    return works


def _csv(rows: list[dict[str, str]], *, delimiter: str = ",", columns: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _row(**cells: str) -> dict[str, str]:
    return {"title_en": "Dawn", "medium": "oil", "currency": "KZT", **cells}


# Export and round trip ---------------------------------------------------------------------------

def test_export_writes_one_row_per_live_work_with_prices_in_major_units(vocabulary: None) -> None:
    artist = ArtistFactory()
    _works(artist)
    services.delete_artwork(artwork=Artwork.objects.get(artist=artist, inventory_number="BN-2021-002"))

    rows = list(csv.DictReader(io.StringIO(_export(artist))))

    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 2
    first = rows[0]
    assert first["price"] == "1250000.50"
    assert first["subjects"] == "horses;steppe"
    assert first["series"] == "Songs of the Steppe"
    assert first["price_visible"] == "yes"
    assert first["title_kk"] == "Күзгі дала"
    assert first["id"] == str(Artwork.objects.get(inventory_number="BN-2019-001").pk)


def test_export_then_import_recreates_identical_works_in_another_artists_studio(vocabulary: None) -> None:
    source, target = ArtistFactory(), ArtistFactory()
    _works(source)

    report = _import(target, _export(source))

    assert report.ok, report.errors
    assert (report.created, report.updated) == (3, 0)
    assert _snapshot(target) == _snapshot(source)
    assert Artwork.objects.filter(artist=source).count() == 3
    # And the new works export the same sheet, but for their own ids.
    without_ids = [re.sub(r",\d+\r$", "", line) for line in _export(target).split("\n")]
    assert without_ids == [re.sub(r",\d+\r$", "", line) for line in _export(source).split("\n")]


def test_importing_an_edited_export_updates_the_same_works(vocabulary: None) -> None:
    artist = ArtistFactory()
    _works(artist)
    rows = list(csv.DictReader(io.StringIO(_export(artist))))
    rows[0]["availability"] = "sold"
    rows[0]["price"] = "2 000 000"
    del rows[1]["id"]  # matched by its inventory number instead

    report = _import(artist, _csv(rows))

    assert report.ok, report.errors
    assert (report.created, report.updated) == (0, 3)
    work = Artwork.objects.get(artist=artist, inventory_number="BN-2019-001")
    assert (work.availability, work.price_amount, work.price_base) == ("sold", 200_000_000, 200_000_000)
    assert Artwork.objects.filter(artist=artist).count() == 3


def test_a_sheet_with_only_some_columns_leaves_the_others_as_they_were(vocabulary: None) -> None:
    artist = ArtistFactory()
    _works(artist)
    columns = ("inventory_number", "title_en", "medium", "location")
    text = _csv([{"inventory_number": "BN-2019-001", "title_en": "Autumn Steppe II", "medium": "oil",
                  "location": "Gallery"}], columns=columns)

    report = _import(artist, text)

    assert report.ok, report.errors
    work = Artwork.objects.get(artist=artist, inventory_number="BN-2019-001")
    assert work.title.as_dict() == {"kk": "Күзгі дала", "ru": "Осенняя степь", "en": "Autumn Steppe II"}
    assert (work.location, work.year, work.price_amount) == ("Gallery", 2019, 125_000_050)


# All or nothing ----------------------------------------------------------------------------------

def test_dry_run_checks_every_row_and_saves_nothing(vocabulary: None) -> None:
    artist = ArtistFactory()
    text = _csv([_row(inventory_number="A-1", series="New Series"), _row(title_en="Dusk", inventory_number="A-2")])

    report = _import(artist, text, dry_run=True)

    assert report.ok and not report.saved
    assert (report.created, report.updated, report.rows) == (2, 0, 2)
    assert not Artwork.objects.exists()
    assert not Series.objects.exists()


def test_bad_rows_are_each_reported_by_line_and_column_and_nothing_is_saved(vocabulary: None) -> None:
    artist = ArtistFactory()
    _works(artist)
    existing = Artwork.objects.get(artist=artist, inventory_number="BN-2021-002")
    before = _snapshot(artist)
    text = _csv([
        _row(inventory_number="N-1"),                                   # line 2: good
        _row(inventory_number="N-2", price="100", currency="XYZ"),      # 3: unknown currency
        _row(inventory_number="N-3", height_mm="-5"),                   # 4: negative size
        _row(inventory_number="N-1", title_en="Again"),                 # 5: duplicate within the file
        _row(id=str(existing.pk), inventory_number="BN-2019-001"),      # 6: another work's number
        _row(inventory_number="N-6", year="3000"),                      # 7: bad year
        _row(inventory_number="N-7", medium="unobtainium"),             # 8: unknown medium
        _row(inventory_number="N-8", title_en=""),                      # 9: no title
        _row(inventory_number="N-9", price="12,345.67.8", price_visible="maybe"),  # 10: two bad cells
    ])

    report = _import(artist, text)

    assert not report.ok and not report.saved
    problems = {(error.line, error.field) for error in report.errors}
    assert problems == {(3, "currency"), (4, "height_mm"), (5, "inventory_number"), (6, "inventory_number"),
                        (7, "year"), (8, "medium"), (9, "title"), (10, "price"), (10, "price_visible")}
    assert all(error.message for error in report.errors)
    assert "line 2" in next(e.message for e in report.errors if e.line == 5)
    assert _snapshot(artist) == before
    assert Artwork.objects.count() == 3


def test_unknown_duplicate_and_missing_columns_are_reported_before_any_row() -> None:
    artist = ArtistFactory()
    text = "inventory_number,titel_en,year,year\nA-1,Dawn,2020,2020\n"

    report = _import(artist, text)

    assert {(error.line, error.field) for error in report.errors} == {
        (1, "titel_en"), (1, "year"), (1, "title"), (1, "medium")}
    assert report.rows == 0


def test_a_sheet_over_the_row_limit_is_refused(vocabulary: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inventory, "MAX_ROWS", 2)
    text = _csv([_row(inventory_number=f"A-{n}") for n in range(3)])

    report = _import(ArtistFactory(), text)

    assert [error.field for error in report.errors] == ["file"]
    assert not Artwork.objects.exists()


def test_a_file_over_the_size_limit_is_refused() -> None:
    with pytest.raises(Exception) as refused:
        inventory.decode_csv(b"x" * (inventory.MAX_BYTES + 1))
    assert getattr(refused.value, "code", "") == "csv_too_large"


# Spreadsheet dialects ----------------------------------------------------------------------------

def test_semicolon_csv_with_bom_and_grouped_comma_decimal_prices_is_read(vocabulary: None) -> None:
    artist = ArtistFactory()
    text = _csv([_row(inventory_number="S-1", price="1 250 000,50", subjects="steppe;horses",
                      materials="oil; gold leaf", price_visible="no")], delimiter=";")
    data = ("\ufeff" + text).encode("utf-8")

    report = _import(artist, inventory.decode_csv(data))

    assert report.ok, report.errors
    work = Artwork.objects.get(artist=artist)
    assert (work.price_amount, work.price_currency, work.price_visible, work.price_base) == (
        125_000_050, "KZT", False, None)
    assert work.materials == "oil; gold leaf"
    assert sorted(s.slug for s in work.subjects.all()) == ["horses", "steppe"]


def test_a_bom_left_in_the_text_does_not_hide_the_first_column(vocabulary: None) -> None:
    report = _import(ArtistFactory(), "\ufeff" + _csv([_row(inventory_number="B-1")]))

    assert report.ok, report.errors
    assert Artwork.objects.get().inventory_number == "B-1"


def test_a_file_that_is_not_utf8_is_refused_with_a_hint() -> None:
    with pytest.raises(Exception) as refused:
        inventory.decode_csv("title_en;medium\nДала;oil\n".encode("cp1251"))
    assert "UTF-8" in str(refused.value)


# Commands ----------------------------------------------------------------------------------------

def test_import_command_saves_a_good_file_and_exits_1_on_a_bad_one(vocabulary: None, tmp_path: Path) -> None:
    artist = ArtistFactory()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(_csv([_row(inventory_number="C-1")]), encoding="utf-8")
    bad.write_text(_csv([_row(inventory_number="C-2", year="soon")]), encoding="utf-8")
    out = io.StringIO()

    call_command("import_inventory", str(good), artist=artist.slug, dry_run=True, stdout=out, stderr=io.StringIO())
    assert not Artwork.objects.exists()
    call_command("import_inventory", str(good), artist=artist.slug, stdout=out, stderr=io.StringIO())
    assert Artwork.objects.get().inventory_number == "C-1"
    with pytest.raises(CommandError) as failed:
        call_command("import_inventory", str(bad), artist=artist.slug, stdout=out, stderr=io.StringIO())

    assert failed.value.returncode == 1
    assert "line 2\tyear\t" in out.getvalue()
    assert Artwork.objects.count() == 1


def test_import_command_refuses_an_unknown_artist(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("title_en,medium\n", encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_inventory", str(tmp_path / "x.csv"), artist="nobody")


def test_export_command_writes_the_sheet_to_a_file(vocabulary: None, tmp_path: Path) -> None:
    artist = ArtistFactory()
    _works(artist)

    call_command("export_inventory", artist=artist.slug, output=str(tmp_path / "out.csv"), stderr=io.StringIO())

    assert (tmp_path / "out.csv").read_bytes().decode("utf-8") == _export(artist)


# Studio pages ------------------------------------------------------------------------------------


def test_studio_export_downloads_the_inventory_as_a_dated_csv_attachment(client: Client, artist: ArtistProfile,
                                                                          vocabulary: None) -> None:
    _works(artist)

    response = client.get(reverse("catalog:studio_export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    expected = f'attachment; filename="inventory-{artist.slug}-{timezone.localdate():%Y-%m-%d}.csv"'
    assert response["Content-Disposition"] == expected
    assert response.content.decode("utf-8-sig") == _export(artist)


def test_studio_csv_pages_are_for_artists_only(client: Client) -> None:
    assert client.get(reverse("catalog:studio_export")).status_code == 302  # to the log-in page
    client.force_login(UserFactory())
    assert client.get(reverse("catalog:studio_export")).status_code == 403
    assert client.get(reverse("catalog:studio_import")).status_code == 403


def test_import_page_offers_a_dry_run_ticked_by_default(client: Client, artist: ArtistProfile) -> None:
    response = client.get(reverse("catalog:studio_import"))

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="dry_run"[^>]*checked', html)
    assert 'type="file"' in html


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("works.csv", text.encode("utf-8"), content_type="text/csv")


def test_import_page_shows_each_problem_and_saves_nothing(client: Client, artist: ArtistProfile,
                                                          vocabulary: None) -> None:
    text = _csv([_row(inventory_number="W-1"), _row(inventory_number="W-2", medium="unobtainium")])

    response = client.post(reverse("catalog:studio_import"), {"file": _upload(text)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<code>medium</code>" in html and "<td>3</td>" in html
    assert not Artwork.objects.exists()


def test_import_page_dry_run_then_real_import(client: Client, artist: ArtistProfile, vocabulary: None) -> None:
    text = _csv([_row(inventory_number="W-1"), _row(inventory_number="W-2", title_en="Dusk")])

    checked = client.post(reverse("catalog:studio_import"), {"file": _upload(text), "dry_run": "on"})
    assert checked.status_code == 200
    assert "2 works would be added" in checked.content.decode()
    assert not Artwork.objects.exists()

    imported = client.post(reverse("catalog:studio_import"), {"file": _upload(text)}, follow=True)
    assert imported.redirect_chain[-1][0] == reverse("catalog:studio_import")
    assert "2 works added" in imported.content.decode()
    assert Artwork.objects.filter(artist=artist).count() == 2
