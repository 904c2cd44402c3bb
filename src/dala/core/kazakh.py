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


def to_latin(text: str) -> str:
    """Spell Kazakh Cyrillic ``text`` in the 2021 Latin alphabet, keeping case and everything else."""
    out: list[str] = []
    for char in text:
        lower = char.lower()
        pair = _CYRILLIC_TO_LATIN.get(lower)
        if pair is None:
            out.append(char)
        else:
            out.append(pair[1] if char != lower else pair[0])
    return "".join(out)


def fold_to_ascii(text: str) -> str:
    """Latin text with marks → plain ASCII letters; letters with no ASCII form are kept as they are."""
    text = text.replace("İ", "I")
    out: list[str] = []
    for char in text:
        lower = char.lower()
        if lower in _ASCII_FOLD:
            folded = _ASCII_FOLD[lower]
            out.append(folded.upper() if char != lower else folded)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(base if base.isascii() and base else char)
    return "".join(out)


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
