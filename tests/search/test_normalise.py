"""Search normalisation: spellings of one name meet, inflected forms meet, typos are forgiven."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dala.core.kazakh import to_latin
from dala.search.normalise import (
    QueryWord,
    edit_variants,
    fold,
    highlight,
    index_text,
    key_text,
    parse_query,
    phonetic_key,
    stem,
    within_one_edit,
    words,
)

# --- fold -------------------------------------------------------------------------------------------


def test_fold_lowers_case_and_removes_diacritics() -> None:
    assert fold("Café  Crème — ÉTÉ!") == "cafe creme ete"


def test_fold_spells_kazakh_cyrillic_in_latin_without_marks() -> None:
    assert fold("Бақыт Әлия Ғалым Өскемен Құрманғазы") == "baqyt aliia galym oskemen qurmangazy"


def test_fold_turns_russian_yo_into_ye() -> None:
    assert fold("Ёлка") == fold("Елка") == "elka"


def test_fold_reads_the_neighbours_letters() -> None:
    # Tajik ҷ ӣ ӯ, Uzbek ў ҳ: nearest Kazakh Latin letters.
    assert fold("Ҷӯра Ўктам Ҳусайн Раҳимӣ") == "jura uktam husain rahimi"


def test_fold_splits_on_punctuation_and_keeps_digits() -> None:
    assert fold("«Дала»—2024, №7; artist's_work") == "dala 2024 no7 artists work"


def test_fold_of_turkish_dotted_capital_i_stays_one_word() -> None:
    assert fold("İstanbul") == "istanbul"


@given(st.text())
@example("İİ")
@example("ǅ\u0301")
@example("x\u0301y")
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_words_are_cut_to_64_characters() -> None:
    assert words("a " + "б" * 100 + " c") == ["a", "b" * 64, "c"]
    assert words("  ,, ") == []


# --- the artist's four spellings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ["Бақыт", "Бахыт", "Bakhyt", "Baqyt", "Bakhit", "Bakyt"],
        ["Жанар", "Zhanar", "Janar"],
        ["Шолпан", "Sholpan", "Şolpan"],
        ["Нұрсұлтан", "Nursultan", "Нурсултан", "Nūrsūltan"],
        ["Әлия", "Aliya", "Алия", "Äliia"],
        ["Ғалым", "Galym", "Ğalym", "Ghalym"],
        ["Қасым", "Kassym", "Qasym", "Kasym"],
        ["Фёдор", "Федор", "Fyodor", "Fiodor", "Fedor"],
        ["Жамбыл", "Zhambyl", "Dzhambyl", "Jambyl"],
        ["Щукин", "Shchukin", "Şşukin"],
        ["Ақтөбе", "Aqtöbe", "Aktobe"],
        ["Шымкент", "Shymkent", "Şymkent", "Shimkent"],
    ],
)
def test_spellings_of_one_name_share_a_key(spellings: list[str]) -> None:
    keys = {key_text(spelling) for spelling in spellings}
    assert len(keys) == 1, keys


def test_the_four_spellings_of_the_artist_meet_in_a_full_name() -> None:
    assert len({key_text(name) for name in ["Бақыт Наоко", "Бахыт Наоко", "Bakhyt Naoko", "Baqyt Naoko"]}) == 1


def test_different_names_keep_different_keys() -> None:
    assert phonetic_key("bakyt") != phonetic_key("baha")
    assert phonetic_key("asel") != phonetic_key("asal")  # e and a stay apart
    assert phonetic_key("sara") != phonetic_key("zara")


def test_key_text_lists_each_key_once_in_order() -> None:
    assert key_text("Bakhyt Бақыт Naoko Baqyt") == "bakit naoko"


def test_phonetic_key_keeps_digits() -> None:
    assert phonetic_key("1000") == "1000"


@given(st.text())
@example("shchh")
@example("kkhh")
def test_phonetic_key_is_idempotent(text: str) -> None:
    assert phonetic_key(phonetic_key(text)) == phonetic_key(text)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz"))
def test_phonetic_key_of_latin_words_is_idempotent(word: str) -> None:
    assert phonetic_key(phonetic_key(word)) == phonetic_key(word)


# --- a name and its transliterations always meet -----------------------------------------------------

_KAZAKH_VOWELS = "аәеёиоөұүуыіэюя"
_KAZAKH_CONSONANTS = "бвгғджзйкқлмнңпрстфхһцчшщ"
_KAZAKH_SIGNS = "ъь"

# A Russian-style romanisation, as passports and foreign press spell Kazakh names.
_RUSSIAN_STYLE = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def russian_style(cyrillic: str) -> str:
    def letter(char: str) -> str:
        latin = _RUSSIAN_STYLE.get(char.lower(), char)
        return latin.capitalize() if char.isupper() else latin

    return "".join(letter(char) for char in cyrillic)


_consonant = st.sampled_from(_KAZAKH_CONSONANTS)
_syllable = st.builds(
    lambda onset, vowel, coda, sign: onset + vowel + coda + sign,
    st.one_of(st.just(""), _consonant),
    st.sampled_from(_KAZAKH_VOWELS),
    st.one_of(st.just(""), _consonant, st.builds(str.__add__, _consonant, _consonant)),
    st.one_of(st.just(""), st.just(""), st.just(""), st.sampled_from(_KAZAKH_SIGNS)),
)
_kazakh_word = st.lists(_syllable, min_size=1, max_size=4).map(lambda syllables: "".join(syllables).capitalize())
kazakh_names = st.lists(_kazakh_word, min_size=1, max_size=3).map(" ".join)


def test_the_russian_style_romanisation_spells_as_expected() -> None:
    assert russian_style("Бақыт Жанар") == "Bakyt Zhanar"
    assert russian_style("Щукин Ёлка Юлия") == "Shchukin Yolka Yuliya"


@settings(max_examples=500)
@given(kazakh_names)
@example("Бақыт")
@example("Тщё")
@example("Шхе Жхи Схо Щх")
@example("Иё Аё Ыё Ьё")
@example("Ңг Ңх Нгх")
def test_a_kazakh_name_and_its_transliterations_share_keys(name: str) -> None:
    cyrillic = key_text(name)
    assert key_text(to_latin(name)) == cyrillic, (name, to_latin(name))
    assert key_text(russian_style(name)) == cyrillic, (name, russian_style(name))


# --- stemming ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (["paint", "paints", "painting", "paintings", "painted"], "paint"),
        (["gallery", "galleries"], "galler"),
        (["box", "boxes"], "box"),
        (["artist", "artists", "artist's"], "artist"),
    ],
)
def test_english_forms_share_a_stem(forms: list[str], expected: str) -> None:
    assert {index_text(form) for form in forms} == {expected}


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (["степь", "степи", "степей", "степями", "степях"], "step"),
        (["орнамент", "орнаменты", "орнаментов", "орнаментами", "орнаментах"], "ornament"),
        (["картина", "картины", "картине", "картину", "картиной"], "kartin"),
        (["книга", "книги"], "knig"),
        (["синий", "синего", "синему", "синими", "синих"], "sin"),
        (["красная", "красное", "красные", "красный"], "krasn"),
        (["Иванов", "Иванова", "Ивановой"], "ivan"),
    ],
)
def test_russian_forms_share_a_stem(forms: list[str], expected: str) -> None:
    assert {index_text(form) for form in forms} == {expected}


def test_russian_and_english_plurals_meet() -> None:
    assert index_text("орнаменты") == index_text("ornaments") == index_text("ornament")
    assert index_text("степи") == index_text("step")


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (["дала", "далалар", "далада", "даланың", "даладан", "далаға", "даланы", "даламен", "далаларда"], "dala"),
        (["сурет", "суреттер", "суреттің", "суретте", "суреттен", "суретке", "суретті", "суретпен"], "suret"),
        (["суреттерді", "суреттердің", "суреттерде"], "suret"),
        (["қала", "қалалар", "қалада", "қалалардан"], "qala"),
        (["ою", "оюлар"], "oiu"),
        (["Қазақстан", "Қазақстанда", "Қазақстаннан", "Қазақстанның"], "qazaqstan"),
        (["мүсін", "мүсіндер", "мүсінде", "мүсіннен"], "musin"),
        (["кілем", "кілемдер", "кілемде", "кілемнің"], "kilem"),
    ],
)
def test_kazakh_plural_and_case_endings_are_stripped(forms: list[str], expected: str) -> None:
    assert {index_text(form) for form in forms} == {expected}


def test_stem_never_goes_below_three_letters() -> None:
    assert stem("ana") == "ana"
    assert stem("atyn") == "atyn"
    assert stem("eldi") == "eldi"
    assert stem("ides") == "ide"


def test_stem_leaves_numbers_alone() -> None:
    assert stem("2024") == "2024"
    assert stem("1990s") == "1990s"


def test_stem_of_a_stem_is_itself_for_common_words() -> None:
    for word in ["dala", "suret", "step", "ornament", "paint", "kartin", "qazaqstan", "naoko", "bakyt"]:
        assert stem(stem(word)) == stem(word), word


def test_stem_reads_kazakh_suffixes_only_where_kazakh_puts_them() -> None:
    # -ter follows voiceless consonants; after n Kazakh writes -der, so "painter" is left whole.
    assert stem("painter") == "painter"
    # A back-vowel ending after a front stem is not Kazakh.
    assert stem("kartiny") == "kartin"


def test_index_text_stems_every_word() -> None:
    assert index_text("Blue steppes, painted in Алматы") == "blue stepp paint in almat"


# --- typos ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [("naoko", "naoka"), ("naoko", "nako"), ("naoko", "naokoo"), ("naoko", "anoko"), ("naoko", "naoko"), ("", "a")],
)
def test_one_edit_apart(a: str, b: str) -> None:
    assert within_one_edit(a, b)
    assert within_one_edit(b, a)


@pytest.mark.parametrize(("a", "b"), [("naoko", "naaka"), ("naoko", "na"), ("naoko", "onako"), ("abc", "cba")])
def test_more_than_one_edit_apart(a: str, b: str) -> None:
    assert not within_one_edit(a, b)
    assert not within_one_edit(b, a)


def _damerau_levenshtein(a: str, b: str) -> int:
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


@given(st.text(alphabet="abc", max_size=7), st.text(alphabet="abc", max_size=7))
def test_within_one_edit_agrees_with_the_full_distance(a: str, b: str) -> None:
    assert within_one_edit(a, b) == (_damerau_levenshtein(a, b) <= 1)


def test_edit_variants_are_the_word_and_its_deletions() -> None:
    assert edit_variants("naoko") == {"naoko", "aoko", "noko", "nako", "naoo", "naok"}
    assert edit_variants("") == {""}


def test_a_typo_and_the_right_word_share_a_deletion_variant() -> None:
    assert edit_variants("naoko") & edit_variants("naoka")


# --- queries ----------------------------------------------------------------------------------------


def test_parse_query_folds_stems_and_keys_each_word() -> None:
    assert parse_query("Бақыт  картины ") == [
        QueryWord(raw="baqyt", stem="baqyt", key="bakit", fuzzy=True, prefix=False),
        QueryWord(raw="kartiny", stem="kartin", key="kartini", fuzzy=True, prefix=False),
    ]


def test_only_long_words_are_fuzzy() -> None:
    assert [word.fuzzy for word in parse_query("ою Asel Naoko")] == [False, False, True]


def test_the_last_word_is_a_prefix_while_it_is_being_typed() -> None:
    assert [word.prefix for word in parse_query("Bakhyt Nao")] == [False, True]
    assert [word.prefix for word in parse_query("Bakhyt Nao ")] == [False, False]
    assert [word.prefix for word in parse_query("Bakhyt Nao,")] == [False, False]


def test_parse_query_drops_repeats_and_keeps_at_most_max_words() -> None:
    assert [word.raw for word in parse_query("a b a c, d!", max_words=3)] == ["a", "b", "c"]
    assert [word.raw for word in parse_query("one two three four five six seven eight nine ten")] == [
        "one", "two", "three", "four", "five", "six", "seven", "eight",
    ]
    assert parse_query("  —  ") == []
    # The word being typed fell past max_words: nothing is a prefix.
    assert not any(word.prefix for word in parse_query("a b c", max_words=2))


# --- highlighting -----------------------------------------------------------------------------------


def marked(text: str, query: str) -> list[str]:
    return [piece for piece, is_match in highlight(text, parse_query(query)) if is_match]


def test_highlight_marks_the_cyrillic_name_for_a_latin_query() -> None:
    assert highlight("Бақыт Наоко: Дала", parse_query("Bakhyt ")) == [("Бақыт", True), (" Наоко: Дала", False)]


def test_highlight_marks_inflected_forms_and_typos() -> None:
    assert marked("Степи и орнаменты", "степь орнамент ") == ["Степи", "орнаменты"]
    assert marked("Works by Naoko Bakhyt", "naoka ") == ["Naoko"]
    assert marked("Works by Nao", "nai ") == []  # short words are not fuzzy


def test_highlight_marks_the_prefix_being_typed() -> None:
    assert marked("Nursultan Naoko", "Nurs") == ["Nursultan"]


def test_highlight_keeps_apostrophes_inside_words() -> None:
    assert marked("The artist's steppe", "artist ") == ["artist's"]


def test_highlight_without_query_marks_nothing() -> None:
    assert highlight("Дала", []) == [("Дала", False)]
    assert highlight("", parse_query("dala")) == []


@given(st.text(), st.text(max_size=30))
@example("Бақыт Наоко", "Bakhyt")
@example("x\u0301y ’a' İ", "xy")
def test_highlight_runs_give_the_text_back(text: str, query: str) -> None:
    runs = highlight(text, parse_query(query))
    assert "".join(piece for piece, _ in runs) == text
    assert all(piece for piece, _ in runs)
    assert all(first[1] != second[1] for first, second in zip(runs, runs[1:], strict=False))
