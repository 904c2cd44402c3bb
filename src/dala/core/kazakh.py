"""Kazakh Cyrillic → the official Kazakh Latin alphabet of 2021, and ASCII slugs from it.

The 2021 alphabet has 31 letters (A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z).
Russian letters that Kazakh writes only in loan words are spelled the way the 2021 rules give
(Ц → Ts, Ч → Ch, Щ → Şş, Ю → İu, Я → İa); the hard and soft signs are dropped, as the rules say.
Kyrgyz, Tajik and Uzbek Cyrillic letters that Kazakh lacks are spelled by their nearest Kazakh
Latin letter, so that a name from anywhere in the region gets a readable slug.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Cyrillic lower-case letter → (lower-case Latin, capitalised Latin). In 2021: И/Й → İ i, І → I ı.
_CYRILLIC_TO_LATIN: dict[str, tuple[str, str]] = {
    "а": ("a", "A"), "ә": ("ä", "Ä"), "б": ("b", "B"), "в": ("v", "V"), "г": ("g", "G"),
    "ғ": ("ğ", "Ğ"), "д": ("d", "D"), "е": ("e", "E"), "ё": ("io", "İo"), "ж": ("j", "J"),
    "з": ("z", "Z"), "и": ("i", "İ"), "й": ("i", "İ"), "к": ("k", "K"), "қ": ("q", "Q"),
    "л": ("l", "L"), "м": ("m", "M"), "н": ("n", "N"), "ң": ("ñ", "Ñ"), "о": ("o", "O"),
    "ө": ("ö", "Ö"), "п": ("p", "P"), "р": ("r", "R"), "с": ("s", "S"), "т": ("t", "T"),
    "у": ("u", "U"), "ұ": ("ū", "Ū"), "ү": ("ü", "Ü"), "ф": ("f", "F"), "х": ("h", "H"),
    "һ": ("h", "H"), "ц": ("ts", "Ts"), "ч": ("ch", "Ch"), "ш": ("ş", "Ş"), "щ": ("şş", "Şş"),
    "ъ": ("", ""), "ы": ("y", "Y"), "і": ("ı", "I"), "ь": ("", ""), "э": ("e", "E"),
    "ю": ("iu", "İu"), "я": ("ia", "İa"),
    # Neighbours' letters (Tajik, Kyrgyz, Uzbek Cyrillic).
    "ӣ": ("i", "İ"), "ӯ": ("ū", "Ū"), "ҳ": ("h", "H"), "ҷ": ("j", "J"), "ў": ("ū", "Ū"),
    "ҫ": ("s", "S"), "ӆ": ("l", "L"),
}

# Latin letters with marks → ASCII for slugs; never dropped.
_ASCII_FOLD = {"ä": "a", "ğ": "g", "ñ": "n", "ö": "o", "ş": "s", "ū": "u", "ü": "u", "ı": "i",
               "ʻ": "", "ʼ": "", "’": "", "'": "", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l",
               "œ": "oe", "þ": "th"}


def _latin_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lower, (small, capital) in _CYRILLIC_TO_LATIN.items():
        table[ord(lower)] = small
        if lower.upper() != lower:
            table[ord(lower.upper())] = capital
    return table


_LATIN_TABLE = _latin_table()


def to_latin(text: str) -> str:
    """Spell Kazakh Cyrillic ``text`` in the 2021 Latin alphabet, keeping case and everything else."""
    return text.translate(_LATIN_TABLE)


@lru_cache(maxsize=8192)
def _ascii_letter(char: str) -> str:
    lower = char.lower()
    if lower in _ASCII_FOLD:
        folded = _ASCII_FOLD[lower]
        return folded.upper() if char != lower else folded
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if base.isascii() and base else char


def fold_to_ascii(text: str) -> str:
    """Latin text with marks → plain ASCII letters; letters with no ASCII form are kept as they are."""
    if text.isascii():  # the one ASCII character folded is the apostrophe, dropped
        return text.replace("'", "")
    return "".join(map(_ascii_letter, text.replace("İ", "I")))


_NOT_SLUG = re.compile(r"[^\w]+", re.UNICODE)


def slugify(text: str, *, max_length: int = 80) -> str:
    """A URL slug: Kazakh Latin, folded to ASCII, lower case, words joined by hyphens.

    >>> slugify("Бақыт Наоко")
    'baqyt-naoko'

    Letters of scripts with no Latin spelling here are kept (as Unicode) rather than dropped.
    """
    latin = fold_to_ascii(to_latin(text)).lower()
    slug = _NOT_SLUG.sub("-", latin).replace("_", "-").strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    if len(slug) > max_length:
        slug = slug[:max_length].rstrip("-")
    return slug
