import pytest
from hypothesis import given
from hypothesis import strategies as st

from dala.core.errors import DomainError
from dala.core.money import Money, convert_minor


def test_major_amounts_are_parsed_exactly_into_minor_units() -> None:
    assert Money.from_major("1 250 000,50", "KZT") == Money(125_000_050, "KZT")
    assert Money.from_major("19.99", "usd") == Money(1999, "USD")


def test_more_decimals_than_the_currency_has_are_refused() -> None:
    with pytest.raises(DomainError) as error:
        Money.from_major("1.005", "USD")
    assert error.value.code == "invalid_amount"


def test_unknown_currency_is_refused_with_the_field_named() -> None:
    with pytest.raises(DomainError) as error:
        Money.from_major("10", "XYZ")
    assert error.value.code == "unknown_currency"
    assert error.value.field == "currency"


def test_not_a_number_is_refused() -> None:
    with pytest.raises(DomainError):
        Money.from_major("ten", "KZT")


def test_money_is_formatted_with_the_currency_sign() -> None:
    assert Money(150_000_000, "KZT").format() == "1\u00a0500\u00a0000\u00a0₸"
    assert Money(1999, "USD").format() == "$19.99"


def test_floats_are_not_money() -> None:
    with pytest.raises(TypeError):
        Money(10.5, "KZT")  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**12))
def test_converting_to_the_same_currency_changes_nothing(amount: int) -> None:
    assert convert_minor(amount, "USD", "USD") == amount


def test_conversion_uses_the_reference_rates(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DALA_EXCHANGE_RATES = {**settings.DALA_EXCHANGE_RATES, "USD": "500"}
    assert convert_minor(100, "USD", "KZT") == 50_000
