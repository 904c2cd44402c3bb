"""Money: an integer amount in minor units with an ISO 4217 currency code. Never floats."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

# ISO 4217 code → (minor-unit exponent, symbol). dala prices in these; more can be added here.
CURRENCIES: dict[str, tuple[int, str]] = {
    "KZT": (2, "₸"),
    "USD": (2, "$"),
    "EUR": (2, "€"),
    "RUB": (2, "₽"),
    "KGS": (2, "сом"),
    "UZS": (2, "soʻm"),
    "GBP": (2, "£"),
}
CURRENCY_CHOICES = [(code, code) for code in CURRENCIES]


def check_currency(code: str, *, field: str = "currency") -> str:
    code = (code or "").strip().upper()
    if code not in CURRENCIES:
        raise DomainError(
            "unknown_currency",
            _("Unknown currency “%(code)s”; use one of %(codes)s.") % {"code": code, "codes": ", ".join(CURRENCIES)},
            field=field,
        )
    return code


@dataclass(frozen=True, slots=True)
class Money:
    amount: int  # minor units
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError("Money amounts are whole minor units")
        check_currency(self.currency)

    @classmethod
    def from_major(cls, value: str | int | Decimal, currency: str) -> Money:
        """Parse a major-unit amount (``"1 250 000.50"``) exactly; more decimals than the currency has fail."""
        currency = check_currency(currency)
        exponent = CURRENCIES[currency][0]
        try:
            number = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except Exception as exc:
            raise DomainError("invalid_amount", _("Enter the amount as a number."), field="price") from exc
        if not number.is_finite():
            raise DomainError("invalid_amount", _("Enter the amount as a number."), field="price")
        minor = number.scaleb(exponent)
        if minor != minor.to_integral_value():
            raise DomainError(
                "invalid_amount",
                _("%(currency)s has at most %(digits)d decimal places.") % {"currency": currency, "digits": exponent},
                field="price",
            )
        return cls(int(minor), currency)

    @property
    def major(self) -> Decimal:
        return Decimal(self.amount).scaleb(-CURRENCIES[self.currency][0])

    def convert(self, currency: str) -> Money:
        """Convert at the configured reference rates (``DALA_EXCHANGE_RATES``), rounding half-even."""
        currency = check_currency(currency)
        if currency == self.currency:
            return self
        return Money(convert_minor(self.amount, self.currency, currency), currency)

    def format(self) -> str:
        exponent, symbol = CURRENCIES[self.currency]
        major = self.major
        whole = int(major)
        text = f"{whole:,}".replace(",", "\u00a0")
        if exponent and major != whole:
            fraction = f"{abs(major - whole):.{exponent}f}"[1:]
            text += fraction.replace(".", ",") if False else fraction
        return f"{text}\u00a0{symbol}" if self.currency in {"KZT", "RUB", "KGS", "UZS"} else f"{symbol}{text}"

    def __str__(self) -> str:
        return self.format()


def rate_to_base(currency: str) -> Decimal:
    """How many units of the base currency one major unit of ``currency`` is worth."""
    rates: dict[str, str] = settings.DALA_EXCHANGE_RATES
    return Decimal(rates[check_currency(currency)])


def convert_minor(amount: int, source: str, target: str) -> int:
    """Convert minor units between currencies at the reference rates (both have the exponent given)."""
    if source == target:
        return amount
    source_exp = CURRENCIES[source][0]
    target_exp = CURRENCIES[target][0]
    value = Decimal(amount).scaleb(-source_exp) * rate_to_base(source) / rate_to_base(target)
    return int(value.scaleb(target_exp).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def to_base_minor(amount: int | None, currency: str) -> int | None:
    """The amount in the base currency's minor units, for sorting and filtering across currencies."""
    if amount is None:
        return None
    return convert_minor(amount, currency, settings.DALA_BASE_CURRENCY)
