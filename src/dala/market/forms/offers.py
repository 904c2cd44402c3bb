"""Forms for offers: making one on a work, and answering the other side (decline, counter).

Amounts are typed in major units ("1 250 000" or "1250000,50") and parsed exactly into minor units;
the services check every rule, and their errors land next to the field at fault."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dala.catalog.models import Artwork
from dala.core.errors import DomainError
from dala.core.money import CURRENCY_CHOICES, Money

from ..models import DeclineReason
from ..services.offers import MAX_EXPIRY_HOURS


def _parse_amount(form: forms.Form, currency: str) -> Money | None:
    """The amount field as Money, or None with the error added to the form."""
    raw = form.cleaned_data.get("amount")
    if not raw:
        return None
    try:
        return Money.from_major(raw, currency)
    except DomainError as error:
        field = "currency" if error.code == "unknown_currency" and "currency" in form.fields else "amount"
        form.add_error(field, str(error.message))
        return None


class OfferForm(forms.Form):
    """A buyer's first offer on a work (or on one of its editions)."""

    amount = forms.CharField(label=_("Your offer"), max_length=40,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    edition_set = forms.TypedChoiceField(label=_("Edition"), coerce=int, empty_value=None, required=False)
    note = forms.CharField(label=_("Note to the seller (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, artwork: Artwork, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "offer-%s")
        super().__init__(*args, **kwargs)
        self.fields["currency"].initial = artwork.price_currency
        editions = list(artwork.edition_sets.all())
        if editions:
            edition_field = cast(forms.TypedChoiceField, self.fields["edition_set"])
            edition_field.choices = [(e.pk, e.label or str(e)) for e in editions]
            edition_field.required = True
        else:
            del self.fields["edition_set"]
        self.money: Money | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("currency"):
            self.money = _parse_amount(self, cleaned["currency"])
        return cleaned

    def service_kwargs(self) -> dict[str, Any]:
        assert self.money is not None
        return {"amount": self.money.amount, "currency": self.money.currency,
                "note": self.cleaned_data.get("note", ""),
                "edition_set_id": self.cleaned_data.get("edition_set")}


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why do you decline?"), choices=DeclineReason.choices)
    note = forms.CharField(label=_("A few words for the other side"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Required when the reason is “Other”."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "decline-%s")
        super().__init__(*args, **kwargs)


class CounterForm(forms.Form):
    """Another amount in the same currency as the offer it answers."""

    amount = forms.CharField(label=_("Your counter-offer"), max_length=40,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    expires_in_hours = forms.IntegerField(label=_("Open for (hours)"), min_value=1, max_value=MAX_EXPIRY_HOURS)

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "counter-%s")
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["amount"].help_text = _("In %(currency)s.") % {"currency": currency}
        self.fields["expires_in_hours"].initial = int(settings.DALA_OFFER_HOURS)
        self.money: Money | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.money = _parse_amount(self, self.currency)
        return cleaned
