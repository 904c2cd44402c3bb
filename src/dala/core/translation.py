"""Translated text: one field type for every kk/ru/en text in dala.

The value is stored as one JSON object ``{"kk": …, "ru": …, "en": …}`` in a single column and read back
as :class:`Translated`, which renders in the active language with the fallback order
asked → kk → ru → en.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .languages import LANGUAGES, fallback_chain

LANGUAGE_LABELS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


class Translated(Mapping[str, str]):
    """An immutable mapping of language code to text, with fallback."""

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, Any] | None = None, **kwargs: str) -> None:
        merged = dict(texts or {}, **kwargs)
        self._texts = {
            code: str(merged[code]).strip()
            for code in LANGUAGES
            if merged.get(code) is not None and str(merged[code]).strip()
        }

    def __getitem__(self, code: str) -> str:
        return self._texts[code]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def get_text(self, language: str | None = None) -> str:
        """The text in ``language`` (default: the active one), else the first by fallback order."""
        for code in fallback_chain(language or translation.get_language()):
            if code in self._texts:
                return self._texts[code]
        return ""

    def language_of(self, language: str | None = None) -> str | None:
        """The language code whose text :meth:`get_text` would return."""
        for code in fallback_chain(language or translation.get_language()):
            if code in self._texts:
                return code
        return None

    def as_dict(self) -> dict[str, str]:
        return dict(self._texts)

    def __str__(self) -> str:
        return self.get_text()

    def __repr__(self) -> str:
        return f"Translated({self._texts!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Translated):
            return self._texts == other._texts
        if isinstance(other, Mapping):
            return self._texts == Translated(other)._texts
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._texts.items())))

    def __bool__(self) -> bool:
        return bool(self._texts)


def to_translated(value: Any) -> Translated:
    if value is None:
        return Translated()
    if isinstance(value, Translated):
        return value
    if isinstance(value, Mapping):
        return Translated(value)
    if isinstance(value, str):
        # A bare string is taken as the text in the active language.
        return Translated({translation.get_language() or "en": value})
    raise ValidationError(_("Enter the text as kk/ru/en."), code="invalid")


class TranslatedTextWidget(forms.MultiWidget):
    template_name = "core/widgets/translated.html"

    def __init__(self, multiline: bool = False, attrs: dict[str, Any] | None = None) -> None:
        base = forms.Textarea(attrs={"rows": 4}) if multiline else forms.TextInput()
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            code: type(base)(attrs=dict(base.attrs)) for code in LANGUAGES
        }
        self.multiline = multiline
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str | None]:
        value = to_translated(value) if value else Translated()
        return [value.get(code) for code in LANGUAGES]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for code, sub in zip(LANGUAGES, context["widget"]["subwidgets"], strict=True):
            sub["language_code"] = code
            sub["language_label"] = LANGUAGE_LABELS[code]
        return context


class TranslatedFormField(forms.MultiValueField):
    """Three inputs, one per language; at least one is required when the field is."""

    def __init__(self, *, multiline: bool = False, max_length: int | None = None, **kwargs: Any) -> None:
        fields = tuple(forms.CharField(required=False, max_length=max_length) for _code in LANGUAGES)
        kwargs.setdefault("widget", TranslatedTextWidget(multiline=multiline))
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(fields=fields, require_all_fields=False, **kwargs)
        self.error_messages["required"] = _("Enter this in at least one language.")

    def compress(self, data_list: list[str]) -> Translated:
        return Translated(dict(zip(LANGUAGES, data_list or [], strict=False)))

    def validate(self, value: Translated) -> None:
        if self.required and not value:
            raise ValidationError(_("Enter this in at least one language."), code="required")


class UnicodeJSONEncoder(json.JSONEncoder):
    """Stores Cyrillic as itself, not as \\u escapes, so that SQLite's text search and LIKE see the letters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class TranslatedField(models.JSONField):
    """A model field holding kk/ru/en text; reads back as :class:`Translated`."""

    description = "Text in Kazakh, Russian and English"

    def __init__(self, *args: Any, multiline: bool = False, max_length: int | None = None, **kwargs: Any) -> None:
        self.multiline = multiline
        self.text_max_length = max_length
        kwargs.setdefault("default", dict)
        kwargs.setdefault("encoder", UnicodeJSONEncoder)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.multiline:
            kwargs["multiline"] = True
        if self.text_max_length:
            kwargs["max_length"] = self.text_max_length
        if kwargs.get("default") is dict:
            del kwargs["default"]
        if kwargs.get("encoder") is UnicodeJSONEncoder:
            del kwargs["encoder"]
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Translated:
        return to_translated(super().from_db_value(value, expression, connection))

    def to_python(self, value: Any) -> Translated:
        return to_translated(value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, Translated):
            value = value.as_dict()
        elif isinstance(value, Mapping):
            value = Translated(value).as_dict()
        return super().get_prep_value(value)

    def validate(self, value: Any, model_instance: Any) -> None:
        value = to_translated(value)
        if not self.blank and not value:
            raise ValidationError(self.error_messages["blank"], code="blank")
        if self.text_max_length:
            for code, text in value.items():
                if len(text) > self.text_max_length:
                    raise ValidationError(
                        _("The %(language)s text is longer than %(limit)d characters."),
                        code="max_length",
                        params={"language": code, "limit": self.text_max_length},
                    )

    def value_to_string(self, obj: Any) -> str:
        import json

        return json.dumps(to_translated(self.value_from_object(obj)).as_dict(), ensure_ascii=False)

    def formfield(self, **kwargs: Any) -> forms.Field:  # type: ignore[override]
        defaults: dict[str, Any] = {
            "form_class": TranslatedFormField,
            "multiline": self.multiline,
            "max_length": self.text_max_length,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        defaults.pop("encoder", None)
        defaults.pop("decoder", None)
        return form_class(**{k: v for k, v in defaults.items() if k in _FORMFIELD_KEYS})


_FORMFIELD_KEYS = {"multiline", "max_length", "required", "label", "help_text", "initial", "widget", "disabled"}
