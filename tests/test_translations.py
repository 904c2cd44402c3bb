"""Every UI string has a Kazakh and a Russian translation, and none is fuzzy.

Messages are extracted afresh from a copy of the source (GNU gettext's xgettext, as `makemessages`
uses), merged with the committed catalogues, and then checked: a string added to the code without
a translation fails here, as does a stale or fuzzy one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

import dala

SOURCE = Path(dala.__file__).resolve().parent
LANGUAGES = ("kk", "ru")


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, polib.POFile]:
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: apt-get install gettext (.ci/run does this)")
    copy = tmp_path_factory.mktemp("messages") / "dala"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    here = os.getcwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=list(LANGUAGES), domain="django", verbosity=0,
                         no_obsolete=True, ignore_patterns=["migrations/*"])
    finally:
        os.chdir(here)
    return {code: polib.pofile(str(copy / "locale" / code / "LC_MESSAGES" / "django.po")) for code in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(fresh_catalogues: dict[str, polib.POFile],
                                                       language: str) -> None:
    catalogue = fresh_catalogues[language]
    assert len(catalogue) > 100, "the catalogue is suspiciously small: were the templates scanned?"
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(fresh_catalogues: dict[str, polib.POFile], language: str) -> None:
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    broken = []
    for entry in fresh_catalogues[language].translated_entries():
        expected = sorted(placeholder.findall(entry.msgid))
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            if sorted(placeholder.findall(text)) != expected and not entry.msgid_plural:
                broken.append((entry.msgid, text))
    assert not broken, broken[:10]
