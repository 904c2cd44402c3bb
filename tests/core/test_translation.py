import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dala.core.translation import Translated, TranslatedFormField


def test_text_is_shown_in_the_asked_language() -> None:
    title = Translated(kk="Дала", ru="Степь", en="Steppe")
    assert title.get_text("ru") == "Степь"


def test_missing_language_falls_back_to_kazakh_then_russian_then_english() -> None:
    assert Translated(kk="Дала", ru="Степь").get_text("en") == "Дала"
    assert Translated(ru="Степь", en="Steppe").get_text("kk") == "Степь"
    assert Translated(en="Steppe").get_text("ru") == "Steppe"


def test_str_follows_the_active_language() -> None:
    title = Translated(kk="Дала", ru="Степь", en="Steppe")
    with translation.override("en"):
        assert str(title) == "Steppe"
    with translation.override("ru"):
        assert str(title) == "Степь"


def test_blank_texts_are_dropped() -> None:
    assert Translated(kk="  ", ru="Степь").as_dict() == {"ru": "Степь"}
    assert not Translated(kk="", ru=None)


def test_form_field_requires_at_least_one_language() -> None:
    field = TranslatedFormField(required=True)
    assert field.clean(["", "Степь", ""]) == Translated(ru="Степь")
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            field.clean(["", "", ""])
        assert "at least one language" in str(error.value)
