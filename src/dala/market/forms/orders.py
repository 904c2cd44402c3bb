"""Forms of the order pages: buy now, record a payment, cancel, check a certificate code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dala.core.money import CURRENCY_CHOICES

from ..payments import MANUAL_METHODS


class BuyNowForm(forms.Form):
    """The hidden fields the artwork page's buy-now button posts: the price the buyer saw."""

    edition_set = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    expected_amount = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    expected_currency = forms.ChoiceField(choices=CURRENCY_CHOICES, widget=forms.HiddenInput)


class PaymentForm(forms.Form):
    method = forms.ChoiceField(label=_("How it was paid"), choices=MANUAL_METHODS, initial="bank_transfer")
    reference = forms.CharField(label=_("Payment reference"), max_length=200, required=False,
                                help_text=_("The bank transfer's number or another note to find the payment by."))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40, help_text=_(
                           "The 16 letters and digits printed on the certificate, e.g. ABCD-EFGH-JKMN-PQRS."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                         "autocapitalize": "characters"}))
