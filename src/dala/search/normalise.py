"""Search normalisation: the one way text is folded, stemmed and keyed, for the index and for queries.

Indexed text and queries go through the same functions, so "Бақыт", "Бахыт", "Bakhyt" and "Baqyt"
meet. Three layers, from strict to loose:

- ``fold``: NFKC, lower case, ё → е, Cyrillic → Kazakh Latin 2021 → plain ASCII, words split on
  anything that is not a letter or digit. ``words`` are its words.
- ``stem``: light suffix stripping (English, Russian as transliterated, Kazakh plural and cases), so
  "степи"/"степь", "ornaments"/"орнаменты", "далаларда"/"дала" meet. Stored by ``index_text``.
- ``phonetic_key``: a consonant/vowel skeleton in which the usual romanisations of Kazakh and Russian
  names meet (kh/q/h, zh/j, sh/ş, ch/ts, y/i, ё as e/io/yo...). Stored by ``key_text``.

Which letters meet in ``phonetic_key`` (decided here; the tests pin them):

- k: k, q, h, kh (so х, һ, қ, к meet: Бахыт/Бақыт/Bakhyt/Baqyt);  g: g, gh (ғ);  n: n, ng (ң)
- j: j, zh, dj, dzh (ж);  c: ch, ts, tsh (ч, ц)
- s: s, ss, sh, sch, shch, ş (ш, щ). ş folds to s, so after folding "sh" may be ш, ш + х or с + х:
  every h right after an s is dropped, and ch right after an s too (щ is "shch" in Russian style).
- i: i, y, ı, iy, yi (и, й, і, ы);  u: u, ū, ü (у, ұ, ү);  o: o, ö (ө);  a: a, ä, ae (ә)
- e stays apart from a: ә is romanised "a" far more often than "e", and merging e with a would make
  half the vocabulary collide.  v: v, w.
- ё: fold turns it into е, the 2021 alphabet writes "io" and Russian-style romanisation "yo", so
  io/yo/ie/ye all become e (Фёдор, Fiodor, Fyodor, Fedor meet). The price is that a word with a real
  "io" ("Iosif") is keyed as if it had "e"; keys are a loose layer and rank below exact matches.
- Double letters are collapsed (Kassym/Qasym); digits are kept as they are.

Pure Python: nothing here touches Django or the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from dala.core.kazakh import fold_to_ascii, to_latin

__all__ = [
    "QueryWord",
    "edit_variants",
    "fold",
    "highlight",
    "index_text",
    "key_text",
    "parse_query",
    "phonetic_key",
    "stem",
    "within_one_edit",
    "words",
]

MAX_WORD_LENGTH = 64
_FUZZY_MIN_LENGTH = 5

# ---------------------------------------------------------------------------------------------------
# fold and words
# ---------------------------------------------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")


def _is_word_char(char: str) -> bool:
    # Letters, digits and the spacing marks of scripts such as Devanagari belong to words;
    # everything else separates them.
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    text = fold_to_ascii(to_latin(text))
    if text.isascii():
        return " ".join(_NOT_WORD.sub(" ", text).split())
    # Combining marks left over (a dotted İ lowered to i + U+0307, a letter with a mark that has
    # no precomposed form) are diacritics: drop them rather than let them split a word.
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join("".join(char if _is_word_char(char) else " " for char in text).split())


def fold(text: str) -> str:
    """``text`` folded for matching: lower case ASCII (or other scripts' letters), words split by one space.

    Idempotent: ``fold(fold(x)) == fold(x)`` for every string.
    """
    folded = _fold_once(text)
    # ASCII output is a fixed point of the steps above; other scripts can need a second pass
    # (lower case of a lower case, NFKC of a mark that lost its base), so run to a fixed point.
    for _ in range(4):
        if folded.isascii():
            return folded
        again = _fold_once(folded)
        if again == folded:
            return folded
        folded = again
    return folded


def words(text: str) -> list[str]:
    """The words of ``fold(text)``, each cut to at most 64 characters."""
    return [word[:MAX_WORD_LENGTH] for word in fold(text).split()]


# ---------------------------------------------------------------------------------------------------
# stem
# ---------------------------------------------------------------------------------------------------

_VOWELS = frozenset("aeiouy")
# Kazakh chooses a suffix's first consonant by the sound the stem ends in (after folding ң is n,
# ж is j, у and й are the vowels u and i).
_SONORANT = frozenset("lrmnzj")  # voiced consonants: -da, -ga, -dyn, -dy
_VOICED_NO_NASAL = frozenset("lrzj")  # -dan; after m and n the ablative is -nan
_NASAL_VOICED = frozenset("mnzj")  # -dar plural and -ben, with l for the plural
_BACK = "back"
_FRONT = "front"

# (suffix, where it may follow: a set of final letters of the stem, or "possessive")
_KAZAKH_PLURAL: list[tuple[str, frozenset[str] | None]] = [
    ("lar", _VOWELS | {"r"}), ("ler", _VOWELS | {"r"}),
    ("dar", _NASAL_VOICED | {"l"}), ("der", _NASAL_VOICED | {"l"}),
    ("tar", None), ("ter", None),  # None: after a voiceless consonant (or b, v, g, d)
]
_KAZAKH_CASE: list[tuple[str, frozenset[str] | None | str]] = [
    # genitive
    ("nyn", _VOWELS | {"m", "n"}), ("nin", _VOWELS | {"m", "n"}),
    ("dyn", _VOICED_NO_NASAL | {"u", "i"}), ("din", _VOICED_NO_NASAL | {"u", "i"}),
    ("tyn", None), ("tin", None),
    # ablative
    ("dan", _VOWELS | _VOICED_NO_NASAL), ("den", _VOWELS | _VOICED_NO_NASAL), ("tan", None), ("ten", None),
    ("nan", frozenset("mn")), ("nen", frozenset("mn")),
    # instrumental (no vowel harmony: always -men/-ben/-pen)
    ("men", _VOWELS | {"l", "r", "m", "n"}), ("ben", _NASAL_VOICED | {"l"}), ("pen", None),
    # locative, dative, accusative
    ("nda", "possessive"), ("nde", "possessive"), ("na", "possessive"), ("ne", "possessive"),
    ("da", _VOWELS | _SONORANT), ("de", _VOWELS | _SONORANT), ("ta", None), ("te", None),
    ("ga", _VOWELS | _SONORANT), ("ge", _VOWELS | _SONORANT), ("qa", None), ("ke", None),
    ("ny", _VOWELS), ("ni", _VOWELS), ("dy", _SONORANT | {"u", "i"}), ("di", _SONORANT | {"u", "i"}),
    ("ty", None), ("ti", None),
]
_KAZAKH_CASE.sort(key=lambda rule: -len(rule[0]))

# Russian endings as they look after transliteration (ы → y, и/й → i, я → ia, ю → iu, х → h, ё → e).
_RUSSIAN_ENDINGS = sorted(
    [
        "iami", "ami", "iah", "ah", "iam", "am", "ogo", "ego", "omu", "emu", "ymi", "imi", "yh", "ih",
        "ym", "im", "yi", "ii", "oi", "ei", "iaia", "aia", "iuiu", "uiu", "oe", "ee", "ye", "ie",
        "ov", "ev", "om", "em", "iu", "ia", "iia", "ova", "eva", "ovoi", "evoi", "ovym", "evym",
    ],
    key=lambda ending: -len(ending),
)
_RUSSIAN_VOWEL_ENDINGS = ("a", "e", "i", "o", "u", "y")
_MIN_STEM = 3


def _last_vowel(stem: str) -> str | None:
    for char in reversed(stem):
        if char in _VOWELS:
            return char
    return None


def _harmony(suffix: str) -> str | None:
    if "a" in suffix or "y" in suffix:
        return _BACK
    if "e" in suffix or "i" in suffix:
        return _FRONT
    return None


def _harmonises(stem: str, suffix: str) -> bool:
    # Folding merges ä/a, ö/o, ü/u, so only e and i (front) and y (back) still tell the harmony.
    last = _last_vowel(stem)
    if last is None:
        return False
    harmony = _harmony(suffix)
    if suffix in {"men", "ben", "pen"} or harmony is None:
        return True
    if harmony == _BACK:
        return last not in {"e", "i"}
    return last != "y"


def _kazakh_suffix_fits(stem: str, suffix: str, allowed: frozenset[str] | None | str) -> bool:
    if len(stem) < _MIN_STEM or not _harmonises(stem, suffix):
        return False
    final = stem[-1]
    if allowed == "possessive":
        # -na/-nda/-nan follow the third-person possessive -y/-i (-sy/-si): атына, ішінде. The
        # possessive vowel must agree with the case ending, and a front one needs a clearly front
        # stem before it, so Russian "картине" (kartine) is not read as Kazakh.
        before = stem[:-1]
        if suffix.endswith("a"):
            return final == "y" and _last_vowel(before) in {"a", "o", "u", "y"}
        return final == "i" and _last_vowel(before) in {"e", "i"}
    if allowed is None:
        # -stan is the end of a place name (Qazaqstan), not an ablative after s.
        return final not in _VOWELS and final not in _SONORANT and not (final == "s" and suffix == "tan")
    assert not isinstance(allowed, str)
    return final in allowed


def _strip_kazakh(word: str) -> str:
    stemmed = word
    for suffix, allowed in _KAZAKH_CASE:
        if stemmed.endswith(suffix) and _kazakh_suffix_fits(stemmed[: -len(suffix)], suffix, allowed):
            stemmed = stemmed[: -len(suffix)]
            break
    for suffix, plural_allowed in _KAZAKH_PLURAL:
        if stemmed.endswith(suffix) and _kazakh_suffix_fits(stemmed[: -len(suffix)], suffix, plural_allowed):
            stemmed = stemmed[: -len(suffix)]
            break
    return stemmed


def _strip_english(word: str) -> str:
    if word.endswith("ies") and len(word) - 3 >= _MIN_STEM:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "zes", "ches", "shes")) and len(word) - 2 >= _MIN_STEM:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) - 1 >= _MIN_STEM:
        word = word[:-1]
    for ending in ("ing", "ed"):
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= _MIN_STEM and any(c in _VOWELS for c in base):
            if ending == "ed" and base.endswith("e"):  # "freed", "agreed"
                break
            if len(base) > _MIN_STEM and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # running → run, painted stays paint
            return base
    return word


def _strip_russian(word: str) -> str:
    for ending in _RUSSIAN_ENDINGS:
        # A two-letter ending in m or v (-om, -em, -ov, -am...) leaves at least four letters, so
        # that Kazakh roots such as "kilem" (carpet) are not read as Russian instrumentals.
        shortest = _MIN_STEM + 1 if len(ending) == 2 and ending[-1] in "mv" else _MIN_STEM
        if word.endswith(ending) and len(word) - len(ending) >= shortest:
            return word[: -len(ending)]
    # A single vowel goes only from a longer word, so that Kazakh "dala" stays whole.
    if word.endswith(_RUSSIAN_VOWEL_ENDINGS) and len(word) - 1 > _MIN_STEM:
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem of ONE folded word: Kazakh plural and case endings (stacked: "dalalarda" → "dala"),
    else English (-s, -es, -ies, -ing, -ed) then Russian endings as transliterated ("stepi" → "step").

    Never shorter than 3 letters; words with digits or letters outside ASCII are returned unchanged.
    """
    if len(word) <= _MIN_STEM or not (word.isascii() and word.isalpha()):
        return word
    stemmed = _strip_kazakh(word)
    if stemmed != word:
        return stemmed
    return _strip_russian(_strip_english(word))


# ---------------------------------------------------------------------------------------------------
# phonetic_key
# ---------------------------------------------------------------------------------------------------

# Tried in this order at each position (after s + h has become s, see _key_once).
_KEY_DIGRAPHS = [
    ("dzh", "j"), ("zh", "j"), ("dj", "j"), ("ch", "c"), ("ts", "c"), ("gh", "g"), ("ng", "n"),
]
_KEY_DIGRAPH = re.compile("|".join(f"({pattern})" for pattern, _ in _KEY_DIGRAPHS))
_KEY_LETTERS = str.maketrans({"q": "k", "h": "k", "y": "i", "w": "v"})
_KEY_VOWELS = {"io": "e", "ie": "e", "ae": "a"}
_KEY_VOWEL = re.compile("io|ie|ae")
_DOUBLE_G_S = re.compile(r"([gs])\1+")
_SH = re.compile("sh+")
_SCH = re.compile("s(?:ch+)+")
_KH = re.compile("k+h")  # х is "kh" in Russian style, so к + х is "kkh" there and "kh" in 2021 Latin
_DOUBLE_LETTER = re.compile(r"([^\W\d_])\1+")


def _digraph_key(match: re.Match[str]) -> str:
    return _KEY_DIGRAPHS[(match.lastindex or 1) - 1][1]


def _key_once(word: str) -> str:
    # Russian-style х (kh) first; қ is k there, so q is read as k before.
    word = _KH.sub("h", word.replace("q", "k"))
    # ş folds to s, so "sh" after folding may be ш, ш + х or с + х: any h after an s is swallowed.
    # Then щ ("shch" in Russian style, "ss" folded) and ш + ч meet as s.
    word = _SCH.sub("s", _SH.sub("s", word))
    # Doubled g and s go before the digraphs: ң + г is "ngg" in Russian style and "ng" folded, щ is
    # "ss" folded. (Other doubles wait: з + ж is "zj" folded but "zzh" in Russian style.)
    word = _DOUBLE_G_S.sub(r"\1", word)
    word = _KEY_DIGRAPH.sub(_digraph_key, word)
    word = word.translate(_KEY_LETTERS)
    word = _KEY_VOWEL.sub(lambda match: _KEY_VOWELS[match.group()], word)
    return _DOUBLE_LETTER.sub(r"\1", word)


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """The phonetic skeleton of ONE folded word; spelling variants of a name share it.

    Idempotent: the rules are applied until nothing changes (each pass only shortens the word or
    moves letters into the smaller key alphabet, so this ends).
    """
    key = word
    while True:
        again = _key_once(key)
        if again == key:
            return key
        key = again


# ---------------------------------------------------------------------------------------------------
# what the index stores
# ---------------------------------------------------------------------------------------------------


def index_text(text: str) -> str:
    """The stems of ``text``'s words, space-separated: what the full-text index stores for a field."""
    return " ".join(stem(word) for word in words(text))


def key_text(text: str) -> str:
    """The distinct phonetic keys of ``text``'s words, in order of first appearance."""
    return " ".join(dict.fromkeys(phonetic_key(word) for word in words(text)))


# ---------------------------------------------------------------------------------------------------
# queries
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    """One word of a query, ready for every layer of matching."""

    raw: str  # the folded word
    stem: str
    key: str
    fuzzy: bool  # long enough for one edit to be allowed
    prefix: bool  # the word being typed (last word, no space after it): match as a prefix


def parse_query(q: str, *, max_words: int = 8) -> list[QueryWord]:
    """The distinct words of query ``q`` (at most ``max_words``), in order.

    The last word is a prefix while it is still being typed, i.e. when ``q`` ends in a letter or
    digit (not in a space or punctuation) and that word was kept.
    """
    all_words = [word for word in words(q) if word]
    kept = list(dict.fromkeys(all_words))[:max_words]
    typed = all_words[-1] if all_words and _is_word_char(q[-1]) else None
    return [
        QueryWord(
            raw=word,
            stem=stem(word),
            key=phonetic_key(word),
            fuzzy=len(word) >= _FUZZY_MIN_LENGTH,
            prefix=word == typed,
        )
        for word in kept
    ]


# ---------------------------------------------------------------------------------------------------
# typos
# ---------------------------------------------------------------------------------------------------


def within_one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are at most one substitution, insertion, deletion or swap of two
    neighbouring letters apart (Damerau–Levenshtein distance ≤ 1)."""
    if a == b:
        return True
    len_a, len_b = len(a), len(b)
    if abs(len_a - len_b) > 1:
        return False
    if len_a > len_b:
        a, b, len_a, len_b = b, a, len_b, len_a
    # Skip the common prefix; the first difference decides which single edit could explain it.
    start = 0
    while start < len_a and a[start] == b[start]:
        start += 1
    if len_a == len_b:
        if a[start + 1 :] == b[start + 1 :]:
            return True  # substitution
        return (
            start + 1 < len_a
            and a[start] == b[start + 1]
            and a[start + 1] == b[start]
            and a[start + 2 :] == b[start + 2 :]
        )  # transposition
    return a[start:] == b[start + 1 :]  # b has one letter more


def edit_variants(word: str) -> set[str]:
    """``word`` and every string one deletion away from it (the keys of a deletion dictionary)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


# ---------------------------------------------------------------------------------------------------
# highlighting
# ---------------------------------------------------------------------------------------------------

_APOSTROPHES = frozenset("'’ʼʻ")


def _display_tokens(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_word) runs; apostrophes inside a word stay in it ("artist's")."""
    runs: list[tuple[str, bool]] = []
    length = len(text)
    i = 0
    while i < length:
        in_word = _is_word_char(text[i])
        j = i + 1
        if in_word:
            while j < length and (
                _is_word_char(text[j])
                or (text[j] in _APOSTROPHES and j + 1 < length and _is_word_char(text[j + 1]))
            ):
                j += 1
        else:
            while j < length and not _is_word_char(text[j]):
                j += 1
        runs.append((text[i:j], in_word))
        i = j
    return runs


def _word_matches(word: str, query: list[QueryWord]) -> bool:
    word_stem = stem(word)
    word_key = phonetic_key(word)
    for query_word in query:
        if word_stem == query_word.stem or word_key == query_word.key:
            return True
        if query_word.prefix and word.startswith(query_word.raw):
            return True
        if query_word.fuzzy and len(word) >= _FUZZY_MIN_LENGTH - 1 and (
            within_one_edit(word, query_word.raw) or within_one_edit(word_stem, query_word.stem)
        ):
            return True
    return False


def highlight(text: str, query: list[QueryWord]) -> list[tuple[str, bool]]:
    """``text`` (display text, any script and casing) as runs, True for words that match ``query``.

    A word matches when its stem or phonetic key equals a query word's, when it starts with the
    word still being typed, or, for a fuzzy query word, when it is one edit away. Joining the runs'
    texts gives ``text`` back exactly; neighbouring runs never share a flag.
    """
    runs: list[tuple[str, bool]] = []
    for piece, is_word in _display_tokens(text):
        marked = bool(query) and is_word and any(_word_matches(word, query) for word in words(piece))
        if runs and runs[-1][1] == marked:
            runs[-1] = (runs[-1][0] + piece, marked)
        else:
            runs.append((piece, marked))
    return runs
