"""How a price splits between the platform, a representing gallery and the artist: exactly, in minor
units, for every price and rate; and the database refuses an order whose shares do not add up."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from dala.market.commission import BASIS_POINTS, split_price
from dala.market.models import Order, OrderSource
from tests.factories import ArtworkFactory, UserFactory

amounts = st.integers(min_value=1, max_value=10**15)
rates = st.integers(min_value=0, max_value=BASIS_POINTS)


@st.composite
def rate_pairs(draw: st.DrawFn) -> tuple[int, int]:
    platform = draw(rates)
    gallery = draw(st.integers(min_value=0, max_value=BASIS_POINTS - platform))
    return platform, gallery


@given(amount=amounts, pair=rate_pairs())
def test_the_three_shares_always_add_up_to_the_price_and_none_is_negative(amount: int,
                                                                          pair: tuple[int, int]) -> None:
    platform, gallery = pair
    split = split_price(amount, platform_rate_bp=platform, gallery_rate_bp=gallery)

    assert split.platform_fee + split.gallery_fee + split.artist_proceeds == amount == split.total
    assert split.platform_fee >= 0 and split.gallery_fee >= 0 and split.artist_proceeds >= 0


@given(amount=amounts, pair=rate_pairs())
def test_the_platform_and_the_gallery_each_take_their_rate_to_within_one_minor_unit(amount: int,
                                                                                     pair: tuple[int, int]) -> None:
    platform, gallery = pair
    split = split_price(amount, platform_rate_bp=platform, gallery_rate_bp=gallery)

    assert abs(split.platform_fee - Fraction(amount * platform, BASIS_POINTS)) <= 1
    assert abs(split.gallery_fee - Fraction(amount * gallery, BASIS_POINTS)) <= 1


@given(amount=amounts)
def test_without_a_gallery_the_artist_keeps_everything_but_the_platform_fee(amount: int) -> None:
    split = split_price(amount, platform_rate_bp=1000)

    assert split.gallery_fee == 0
    assert split.artist_proceeds == amount - split.platform_fee


def test_a_ten_percent_commission_on_a_round_price_is_exact() -> None:
    split = split_price(1_500_000_00, platform_rate_bp=1000, gallery_rate_bp=3000)

    assert (split.platform_fee, split.gallery_fee, split.artist_proceeds) == (150_000_00, 450_000_00, 900_000_00)


def test_half_a_minor_unit_rounds_up_and_the_artist_absorbs_it_when_the_rates_take_everything() -> None:
    # 1 × 50 % = 0.5 for each side: both round up to 1, which would be 2 of a price of 1.
    split = split_price(1, platform_rate_bp=5000, gallery_rate_bp=5000)

    assert (split.platform_fee, split.gallery_fee, split.artist_proceeds) == (1, 0, 0)


@given(amount=amounts, rate=st.one_of(st.integers(max_value=-1), st.integers(min_value=BASIS_POINTS + 1)))
def test_a_rate_below_zero_or_above_one_hundred_percent_is_refused(amount: int, rate: int) -> None:
    with pytest.raises(ValueError):
        split_price(amount, platform_rate_bp=rate)
    with pytest.raises(ValueError):
        split_price(amount, platform_rate_bp=0, gallery_rate_bp=rate)


@given(amount=amounts, platform=st.integers(min_value=1, max_value=BASIS_POINTS), data=st.data())
def test_rates_that_together_pass_one_hundred_percent_are_refused(amount: int, platform: int,
                                                                   data: st.DataObject) -> None:
    gallery = data.draw(st.integers(min_value=BASIS_POINTS - platform + 1, max_value=BASIS_POINTS))

    with pytest.raises(ValueError):
        split_price(amount, platform_rate_bp=platform, gallery_rate_bp=gallery)


@given(amount=st.integers(max_value=0))
def test_a_price_of_zero_or_less_is_refused(amount: int) -> None:
    with pytest.raises(ValueError):
        split_price(amount, platform_rate_bp=1000)


@pytest.mark.django_db
def test_the_database_refuses_an_order_whose_shares_do_not_add_up_to_its_price() -> None:
    artwork = ArtworkFactory()
    fields = {"artwork": artwork, "buyer": UserFactory(), "source": OrderSource.BUY_NOW, "amount": 1_000_00,
              "currency": "KZT", "platform_rate_bp": 1000,
              "hold_until": timezone.now() + datetime.timedelta(hours=72)}

    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(**fields, platform_fee=100_00, gallery_fee=0, artist_proceeds=899_99)

    Order.objects.create(**fields, platform_fee=100_00, gallery_fee=0, artist_proceeds=900_00)
    assert Order.objects.count() == 1
