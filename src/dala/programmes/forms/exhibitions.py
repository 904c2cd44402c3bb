"""Web forms for exhibitions and viewing rooms. The rules live in ``services.exhibitions``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import City
from dala.core.translation import TranslatedFormField

from ..models import Exhibition, ExhibitionKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

# Form field → service field where they differ.
ERROR_FIELDS = {"city_id": "city", "gallery_id": "as_gallery"}


class ExhibitionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExhibitionKind.choices, widget=forms.RadioSelect)
    title = TranslatedFormField(label=_("Title"), max_length=300)
    summary = TranslatedFormField(label=_("Summary"), max_length=1000, required=False, multiline=True)
    essay = TranslatedFormField(label=_("Curator's essay"), multiline=True, required=False,
                                help_text=_("Markdown: # heading, *emphasis*, **strong**, [link](https://…). "
                                            "HTML is shown as text."))
    curator_name = forms.CharField(label=_("Curated by"), max_length=200, required=False,
                                   help_text=_("As it should read on the page; your name if empty."))
    as_gallery = forms.BooleanField(label=_("Presented by my gallery"), required=False)
    is_physical = forms.BooleanField(label=_("In a venue"), required=False)
    is_online = forms.BooleanField(label=_("Online"), required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), required=False,
                                  empty_label=_("— choose —"))
    opens_on = forms.DateField(label=_("Opens"), required=False, widget=_DATE)
    closes_on = forms.DateField(label=_("Closes"), required=False, widget=_DATE)
    opening_at = forms.DateTimeField(label=_("Opening event"), required=False, widget=_MOMENT,
                                     input_formats=_MOMENT_FORMATS, help_text=_("Almaty time."))
    opening_note = TranslatedFormField(label=_("About the opening"), max_length=1000, required=False)
    ends_at = forms.DateTimeField(label=_("Viewing room ends"), required=False, widget=_MOMENT,
                                  input_formats=_MOMENT_FORMATS,
                                  help_text=_("Almaty time. Viewing rooms only; empty: it stays open."))
    is_private = forms.BooleanField(label=_("Private: only people with the link see it"), required=False,
                                    help_text=_("Viewing rooms only."))

    def __init__(self, *args: Any, gallery: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gallery = gallery
        if gallery is None:
            del self.fields["as_gallery"]

    @classmethod
    def initial_of(cls, exhibition: Exhibition) -> dict[str, Any]:
        return {"kind": exhibition.kind, "title": exhibition.title, "summary": exhibition.summary,
                "essay": exhibition.essay, "curator_name": exhibition.curator_name,
                "as_gallery": exhibition.gallery_id is not None, "is_physical": exhibition.is_physical,
                "is_online": exhibition.is_online, "venue": exhibition.venue, "address": exhibition.address,
                "city": exhibition.city_id, "opens_on": exhibition.opens_on, "closes_on": exhibition.closes_on,
                "opening_at": exhibition.opening_at, "opening_note": exhibition.opening_note,
                "ends_at": exhibition.ends_at, "is_private": exhibition.is_private}

    def values(self) -> dict[str, Any]:
        """The service's ``values`` from the cleaned data."""
        data = self.cleaned_data
        city = data.get("city")
        values = {name: data.get(name) for name in (
            "kind", "title", "summary", "essay", "curator_name", "is_physical", "is_online", "venue", "address",
            "opens_on", "closes_on", "opening_at", "opening_note", "ends_at", "is_private")}
        values["city_id"] = city.pk if city else None
        if "as_gallery" in self.fields:
            values["gallery_id"] = self.gallery.pk if data.get("as_gallery") else None
        return values


class PhotoForm(forms.Form):
    # A plain file field: the service checks the image (and says what is wrong) the same way for the API.
    image = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, up to 15 MB."))
    caption = TranslatedFormField(label=_("Caption"), max_length=500, required=False)
