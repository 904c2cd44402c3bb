from hypothesis import given
from hypothesis import strategies as st

from dala.core.kazakh import fold_to_ascii, slugify, to_latin

KAZAKH_LETTERS = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"


def test_slug_of_bakhyt_naoko_follows_the_2021_latin_alphabet() -> None:
    assert slugify("Бақыт Наоко") == "baqyt-naoko"


def test_each_kazakh_specific_letter_is_spelled_as_in_2021() -> None:
    assert to_latin("Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі Шш Ыы Жж") == "Ää Ğğ Qq Ññ Öö Ūū Üü Hh Iı Şş Yy Jj"


def test_i_and_short_i_become_dotted_i_while_kazakh_i_is_dotless() -> None:
    assert to_latin("Ильяс Ілияс") == "İlias Iliias"


def test_capital_digraphs_capitalise_only_their_first_letter() -> None:
    assert to_latin("Чимкент Шымкент Юрта") == "Chimkent Şymkent İurta"


def test_slug_keeps_every_kazakh_letter_as_an_ascii_letter() -> None:
    assert slugify("Әуезов Ғабит Қорқыт Ұлытау Өскемен Үржар Шоқан Іле") == (
        "auezov-gabit-qorqyt-ulytau-oskemen-urjar-soqan-ile"
    )


def test_slug_of_latin_text_is_plain_lower_case() -> None:
    assert slugify("Steppe at Dawn, No. 3") == "steppe-at-dawn-no-3"


def test_letters_without_a_latin_spelling_are_kept_not_dropped() -> None:
    assert slugify("草原 steppe") == "草原-steppe"


@given(st.text(alphabet=KAZAKH_LETTERS + KAZAKH_LETTERS.upper() + " -", min_size=1, max_size=40))
def test_a_kazakh_slug_is_ascii_and_drops_no_letter_but_the_signs(text: str) -> None:
    slug = slugify(text)
    assert slug.isascii()
    letters = [c for c in text.lower() if c.isalpha() and c not in "ъь"]
    assert len(slug.replace("-", "")) >= len(letters)


@given(st.text(max_size=60))
def test_slugify_is_idempotent(text: str) -> None:
    assert slugify(slugify(text)) == slugify(text)


def test_fold_to_ascii_turns_marks_into_plain_letters() -> None:
    assert fold_to_ascii("Ğabit Şoqan Ürjar İle") == "Gabit Soqan Urjar Ile"
