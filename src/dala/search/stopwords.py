"""Function words left out of a query's matching when it has other words: "the", "on", "и", "мен"…

They are in nearly every description, so requiring them makes the engine walk lists as long as the
catalogue while they hardly tell one work from another ("From the Window" finds the same works as "from
window"). A query made only of such words keeps them. Written folded (Latin, lower case), as
``normalise.fold`` gives them."""

from __future__ import annotations

from .normalise import QueryWord, fold

_WORDS = (
    # English
    "a an the and or of in on at to by for from with into over under about as is are this that its",
    # Russian
    "и в во на с со о об от по к ко у из за для над под при а но или не это как",
    # Kazakh
    "мен пен бен және да де та те және мен бұл осы ол үшін туралы",
)
STOP_WORDS = frozenset(word for line in _WORDS for word in fold(line).split())


def without_stop_words(words: list[QueryWord]) -> list[QueryWord]:
    """``words`` without the function words, unless nothing else would be left."""
    kept = [word for word in words if word.raw not in STOP_WORDS]
    return kept or words
