"""The artist's form to add an event to a work's provenance (sales are added by paid orders)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dala.core.translation import TranslatedFormField

from ..models import ProvenanceKind

ADDABLE_KINDS = [(kind.value, kind.label) for kind in
                 (ProvenanceKind.EXHIBITION, ProvenanceKind.LOAN, ProvenanceKind.TRANSFER)]


class ProvenanceEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=ADDABLE_KINDS)
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False,
                            help_text=_("E.g. “Kasteyev State Museum of Arts, Almaty”."))
    from_party = forms.CharField(label=_("From"), max_length=200, required=False)
    to_party = forms.CharField(label=_("To"), max_length=200, required=False)
    description = TranslatedFormField(label=_("Description"), max_length=1000, required=False)
    is_public = forms.BooleanField(label=_("Show it in the public provenance"), required=False, initial=True)

    # Service field → form field.
    FIELD_NAMES = {"occurred_at": "occurred_on"}

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        # A date is noon in Almaty on that day, so it reads as the same day in every time zone we show.
        noon = datetime.datetime.combine(data["occurred_on"], datetime.time(12), timezone.get_current_timezone())
        return {"kind": data["kind"], "occurred_at": noon, "place": data["place"], "from_party": data["from_party"],
                "to_party": data["to_party"], "description": data["description"], "is_public": data["is_public"]}
