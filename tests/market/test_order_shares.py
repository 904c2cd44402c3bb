"""A collaborative work's sale splits the artist's proceeds among its credited artists by the agreed shares,
exactly; the seller side sees the shares on the order page and staff in the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from dala.accounts.models import ArtistProfile
from dala.catalog import collaboration
from dala.catalog.models import Artwork
from dala.core.errors import Conflict
from dala.market.commission import BASIS_POINTS, split_among
from dala.market.models import Order, OrderShare, OrderSource
from dala.market.services import orders
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory


@st.composite
def shares(draw: st.DrawFn) -> list[int]:
    """Basis points summing to 10 000, each above 0, 1 to 8 of them."""
    count = draw(st.integers(min_value=1, max_value=8))
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=BASIS_POINTS - 1), min_size=count - 1,
                               max_size=count - 1)))
    edges = [0, *cuts, BASIS_POINTS]
    return [b - a for a, b in zip(edges, edges[1:], strict=False)]


@given(amount=st.integers(min_value=0, max_value=10**15), parts_bp=shares())
def test_the_parts_always_sum_to_the_amount_and_each_is_within_one_unit_of_its_exact_share(
        amount: int, parts_bp: list[int]) -> None:
    parts = split_among(amount, parts_bp)

    assert sum(parts) == amount and len(parts) == len(parts_bp)
    for part, share in zip(parts, parts_bp, strict=True):
        exact = amount * share / BASIS_POINTS
        assert part >= 0 and abs(part - exact) < 1 + 1e-6 * max(1, exact)


@given(amount=st.integers(min_value=0, max_value=10**12), parts_bp=shares())
def test_the_split_is_exact_when_it_can_be(amount: int, parts_bp: list[int]) -> None:
    parts = split_among(amount * BASIS_POINTS, parts_bp)

    assert parts == [amount * share for share in parts_bp]


def test_the_odd_units_go_to_the_largest_remainders_and_on_a_tie_to_the_earlier_artist() -> None:
    assert split_among(100, [3334, 3333, 3333]) == [34, 33, 33]
    assert split_among(1, [5000, 5000]) == [1, 0]
    assert split_among(10, [1500, 8500]) == [2, 8]  # 1.5 and 8.5: the tie goes to the first


@pytest.mark.parametrize("parts_bp", [[5000, 4000], [5000, 5001], [11_000, -1000]])
def test_shares_not_summing_to_100_percent_cannot_be_split(parts_bp: list[int]) -> None:
    with pytest.raises(ValueError):
        split_among(1000, parts_bp)


def _collaboration(*, accept: bool = True) -> tuple[Artwork, ArtistProfile, ArtistProfile]:
    work = ArtworkFactory(buy_now=True, price_amount=1_000_001, price_currency="KZT")
    one, two = ArtistFactory(), ArtistFactory()
    credits = collaboration.set_credits(user=work.artist.user, artwork=work, credits=[
        {"artist": work.artist.slug, "share_bp": 5000}, {"artist": one.slug, "share_bp": 3333},
        {"artist": two.slug, "share_bp": 1667}])
    if accept:
        for credit, artist in zip(credits[1:], (one, two), strict=True):
            collaboration.accept_credit(user=artist.user, credit_id=credit.pk)
    work.refresh_from_db()
    return work, one, two


@pytest.mark.django_db
def test_buying_a_collaboration_writes_each_artists_part_of_the_proceeds() -> None:
    work, one, two = _collaboration()

    order = orders.buy_now(buyer=UserFactory(), artwork_id=work.pk)

    parts = {share.artist_id: (share.share_bp, share.amount) for share in order.shares.all()}
    assert set(parts) == {work.artist.pk, one.pk, two.pk}
    assert sum(amount for _bp, amount in parts.values()) == order.artist_proceeds
    assert parts[one.pk][0] == 3333
    assert parts == dict(zip((work.artist.pk, one.pk, two.pk), (
        (bp, amount) for bp, amount in zip((5000, 3333, 1667),
                                           split_among(order.artist_proceeds, [5000, 3333, 1667]), strict=True)),
        strict=True))


@pytest.mark.django_db
def test_a_work_by_one_artist_has_no_shares() -> None:
    order = orders.buy_now(buyer=UserFactory(), artwork_id=ArtworkFactory(buy_now=True).pk)

    assert not order.shares.exists()


@pytest.mark.django_db
def test_no_order_is_made_while_a_collaborator_has_not_accepted() -> None:
    work, _one, _two = _collaboration(accept=False)

    with pytest.raises(Conflict) as refused, transaction.atomic():
        orders.create_order(artwork=work, buyer=UserFactory(), amount=500_000, currency="KZT",
                            source=OrderSource.OFFER)

    assert refused.value.code == collaboration.CREDITS_PENDING
    assert "every credited artist must accept" in str(refused.value.message)
    assert not Order.objects.exists() and not OrderShare.objects.exists()


@pytest.mark.django_db
def test_the_seller_sees_the_shares_on_the_order_page_and_the_buyer_does_not(client: Client) -> None:
    work, one, _two = _collaboration()
    buyer = UserFactory()
    order = orders.buy_now(buyer=buyer, artwork_id=work.pk)
    url = reverse("market:order", kwargs={"number": order.number})

    client.force_login(work.artist.user)
    seller_page = client.get(url).content.decode()
    client.force_login(buyer)
    buyer_page = client.get(url).content.decode()

    assert "shared among the collaborators" in seller_page and str(one.name) in seller_page
    assert "33.33 %" in seller_page
    assert "shared among the collaborators" not in buyer_page


@pytest.mark.django_db
def test_staff_see_the_shares_inside_the_order_in_the_admin(client: Client) -> None:
    work, one, _two = _collaboration()
    order = orders.buy_now(buyer=UserFactory(), artwork_id=work.pk)
    staff: Any = get_user_model().objects.create_superuser(email="staff@example.com", password="x")
    client.force_login(staff)

    page = client.get(reverse("admin:market_order_change", args=[order.pk])).content.decode()

    assert str(one.name) in page and "33.33 %" in page
