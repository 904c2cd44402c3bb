"""`dala compile_translations`: .po → .mo with polib, skipping catalogues that are up to date."""

from __future__ import annotations

import io
import os
from pathlib import Path

import polib
from django.core.management import call_command
from django.test import override_settings


def _catalogue(root: Path, language: str) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
    po.append(polib.POEntry(msgid="Artworks", msgstr="Туындылар"))
    po.append(polib.POEntry(msgid="Draft", msgstr="Жоба", flags=["fuzzy"]))
    path = root / language / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


def _compile(root: Path) -> str:
    out = io.StringIO()
    with override_settings(LOCALE_PATHS=[root]):
        call_command("compile_translations", stdout=out)
    return out.getvalue()


def test_every_catalogue_is_compiled_without_its_fuzzy_entries(tmp_path: Path) -> None:
    po = _catalogue(tmp_path, "kk")
    _catalogue(tmp_path, "ru")

    output = _compile(tmp_path)

    assert "Compiled 2" in output
    mo = polib.mofile(str(po.with_suffix(".mo")))
    assert {entry.msgid: entry.msgstr for entry in mo} == {"Artworks": "Туындылар"}


def test_an_up_to_date_catalogue_is_left_alone(tmp_path: Path) -> None:
    po = _catalogue(tmp_path, "kk")
    _compile(tmp_path)
    mo = po.with_suffix(".mo")
    os.utime(mo, (po.stat().st_mtime + 10, po.stat().st_mtime + 10))
    before = mo.stat().st_mtime_ns

    assert _compile(tmp_path) == ""
    assert mo.stat().st_mtime_ns == before


def test_no_catalogues_is_quietly_fine(tmp_path: Path) -> None:
    assert _compile(tmp_path / "missing") == ""
