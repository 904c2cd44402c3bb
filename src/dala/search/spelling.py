"""Typo candidates: what a mistyped word would be indexed as, had it been typed right.

The index holds stems and spelling keys, not the words as typed, so a typo cannot be compared with it
letter by letter: "Zhumabayav" (for Zhumabayev) is two edits from the indexed stem "zhumabay" and from
the key "jumabav". Instead every spelling one edit from the typed word (a letter left out, added,
replaced, or two swapped; never the first letter, which people rarely mistype) is normalised the way the
index is, and the engine looks the results up among its terms."""

from __future__ import annotations

from functools import lru_cache

from .normalise import phonetic_key, stem

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(word: str) -> set[str]:
    """Every string one edit from ``word`` that keeps its first letter (Latin letters: a folded word)."""
    head, tail = word[:1], word[1:]
    variants: set[str] = set()
    for i in range(len(tail) + 1):
        for letter in _LETTERS:
            variants.add(head + tail[:i] + letter + tail[i:])
            if i < len(tail):
                variants.add(head + tail[:i] + letter + tail[i + 1:])
        if i < len(tail):
            variants.add(head + tail[:i] + tail[i + 1:])
        if i < len(tail) - 1:
            variants.add(head + tail[:i] + tail[i + 1] + tail[i] + tail[i + 2:])
    variants.discard(word)
    return variants


@lru_cache(maxsize=2048)
def corrected_terms(word: str) -> frozenset[str]:
    """The stems and keys of the spellings one edit from the folded ``word`` (about a millisecond)."""
    variants = one_edit(word)
    return frozenset({stem(variant) for variant in variants} | {phonetic_key(variant) for variant in variants})
