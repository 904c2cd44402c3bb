"""The bid form: a maximum in major units (tenge, not tiyn), turned into minor units for the service."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from dala.core.errors import DomainError
from dala.core.money import Money

# Far above any real bid, well inside a 64-bit column even in minor units.
MAX_MAJOR_AMOUNT = Decimal("1000000000000")


class MajorAmountField(forms.DecimalField):
    """A decimal amount as people type it here: "2 500", "2 500,50" or "2500.50"."""

    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        return super().to_python(value)  # type: ignore[return-value]


class BidForm(forms.Form):
    max_amount = MajorAmountField(
        label=_("Your maximum bid"), min_value=Decimal("0.01"), max_value=MAX_MAJOR_AMOUNT, decimal_places=2,
        help_text=_("Enter the most you are willing to pay: we bid for you one increment at a time, only as far "
                    "as needed to keep you in the lead."),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )

    def __init__(self, *args: object, currency: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.currency = currency

    def clean_max_amount(self) -> int:
        value: Decimal = self.cleaned_data["max_amount"]
        try:
            return Money.from_major(value, self.currency).amount
        except DomainError as error:
            raise forms.ValidationError(str(error.message), code=error.code) from None
