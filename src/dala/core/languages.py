"""The three languages of dala and the order in which missing text falls back."""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
FALLBACK_ORDER: tuple[str, ...] = ("kk", "ru", "en")


def fallback_chain(language: str | None) -> list[str]:
    """Languages to try for ``language``: the asked one first, then kk → ru → en."""
    base = (language or "").split("-")[0].lower()
    chain = [base] if base in LANGUAGES else []
    chain.extend(code for code in FALLBACK_ORDER if code not in chain)
    return chain
