"""Write bench/search_queries.json, the query set of bench/search.py (run once; the file is kept in the repo).

`latency`: 200 mixed queries — curated artists' and common names in Kazakh Cyrillic, Kazakh Latin,
Russian and English; subjects and title words in the three languages, some with a typo; half of them
with one or two filters (medium, availability, price band, city, country, decade, career stage, colour).

`recall`: the 25 curated artists of the demo, each asked for five ways (Kazakh, Russian, English,
Kazakh Latin, and English with one typo in its longest word), with the artist expected among the first
five artists found.

    .venv/bin/python bench/search_queries.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dala.catalog.demo.crowd import FEMALE_NAMES, MALE_NAMES, SURNAMES  # noqa: E402
from dala.catalog.demo.people import ARTISTS  # noqa: E402
from dala.catalog.demo.vocabulary import CITIES, MEDIA, SUBJECTS  # noqa: E402
from dala.catalog.demo.works import THEMES  # noqa: E402
from dala.core.kazakh import to_latin  # noqa: E402

OUT = Path(__file__).with_name("search_queries.json")
FILTERS: list[dict[str, str]] = [
    {"medium": "oil"}, {"availability": "for_sale"}, {"medium": "watercolour", "availability": "for_sale"},
    {"price_max": "299999"}, {"price_min": "300000", "price_max": "999999"}, {"city": "almaty"},
    {"country": "KG"}, {"year_min": "2010", "year_max": "2019"}, {"career_stage": "emerging"},
    {"colour": "blue"}, {"subject": "steppe"}, {"medium": "oil", "price_max": "999999"},
    {"currency": "USD", "price_max": "2000"}, {"city": "astana", "availability": "for_sale"},
]


def typo(word: str, rng: random.Random) -> str:
    """One edit in a word of five letters or more: a letter replaced or left out (not the first)."""
    at = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1:]
    letter = "a" if word[at].lower() != "a" else "e"
    return word[:at] + letter + word[at + 1:]


def with_typo(text: str, rng: random.Random) -> str:
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    if len(words[longest]) >= 5:
        words[longest] = typo(words[longest], rng)
    return " ".join(words)


def main() -> None:
    rng = random.Random(7)
    names: list[str] = []
    for index, artist in enumerate(ARTISTS):  # curated artists, a script each in turn
        kk, ru, en = artist.name
        names.append([kk, ru, en, to_latin(kk)][index % 4])
    for _ in range(25):  # common names: many crowd artists answer to them
        given = rng.choice(MALE_NAMES + FEMALE_NAMES)
        surname = rng.choice(SURNAMES)
        script = rng.randrange(4)
        names.append(f"{given[script] if script < 3 else to_latin(given[0])} "
                     f"{surname[script] if script < 3 else to_latin(surname[0])}")
    words: list[str] = []
    pool = [text for theme in THEMES.values() for title in theme.titles for text in title]
    pool += [text for labels in SUBJECTS.values() for text in labels]
    pool += [text for labels in MEDIA.values() for text in labels[:3]]
    pool += [text for city in CITIES.values() for text in city[:3]]
    for _ in range(50):
        text = rng.choice(pool)
        words.append(with_typo(text, rng) if rng.random() < 0.2 else text)
    latency: list[dict[str, Any]] = [{"q": q, "filters": {}} for q in names + words]
    for index in range(100):
        text = rng.choice(names + words)
        chosen = dict(FILTERS[index % len(FILTERS)])
        if index % 3 == 0:
            chosen.update(rng.choice(FILTERS))
        latency.append({"q": text, "filters": chosen})
    recall = []
    for artist in ARTISTS:
        kk, ru, en = artist.name
        for how, text in (("kk", kk), ("ru", ru), ("en", en), ("kk-latin", to_latin(kk)),
                          ("en-typo", with_typo(en, rng))):
            recall.append({"q": text, "how": how, "kind": "artist", "expect": artist.email})
    OUT.write_text(json.dumps({"latency": latency, "recall": recall}, ensure_ascii=False, indent=1) + "\n")
    print(f"{OUT.relative_to(ROOT)}: {len(latency)} latency queries, {len(recall)} labelled recall queries")


if __name__ == "__main__":
    main()
