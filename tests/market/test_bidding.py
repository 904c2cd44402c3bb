"""Auction arithmetic (``dala.market.bidding``): the increment table and proxy bidding, as properties."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dala.market.bidding import (
    BidTooLow,
    LotState,
    check_increments,
    increment_at,
    minimum_bid,
    place_bid,
    replay,
)

TABLE = [[0, 100], [1_000, 500], [10_000, 1_000]]


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    """A valid increment table: starts at 0, strictly ascending, every increment positive."""
    starts = draw(st.lists(st.integers(1, 1_000_000), max_size=5, unique=True))
    steps = draw(st.lists(st.integers(1, 50_000), min_size=len(starts) + 1, max_size=len(starts) + 1))
    return [[start, step] for start, step in zip([0, *sorted(starts)], steps, strict=True)]


bids = st.lists(st.tuples(st.integers(0, 5), st.integers(1, 2_000_000)), max_size=40)


@dataclass
class Ledger:
    """What the bids accepted so far say the outcome must be, worked out without proxy bidding."""

    maximums: dict[int, int] = field(default_factory=dict)
    reached_at: dict[int, int] = field(default_factory=dict)  # when each bidder's maximum was placed

    def accept(self, bidder: int, amount: int, when: int) -> None:
        if amount > self.maximums.get(bidder, 0):
            self.maximums[bidder] = amount
            self.reached_at[bidder] = when

    def expected_leader(self) -> int:
        return min(self.maximums, key=lambda bidder: (-self.maximums[bidder], self.reached_at[bidder]))

    def second_highest(self) -> int | None:
        ordered = sorted(self.maximums.values(), reverse=True)
        return ordered[1] if len(ordered) > 1 else None


def run(bid_list: list[tuple[int, int]], *, starting: int, reserve: int | None,
        table: list[list[int]]) -> tuple[LotState, Ledger]:
    state, ledger = LotState(), Ledger()
    for when, (bidder, amount) in enumerate(bid_list):
        try:
            state = place_bid(state, bidder=bidder, max_amount=amount, starting=starting, reserve=reserve, table=table)
        except BidTooLow as refusal:
            assert amount < refusal.minimum
            continue
        ledger.accept(bidder, amount, when)
    return state, ledger


@settings(max_examples=300, deadline=None)
@given(bid_list=bids, starting=st.integers(1, 100_000), table=tables())
def test_proxy_bidding_never_charges_the_leader_more_than_their_maximum(
        bid_list: list[tuple[int, int]], starting: int, table: list[list[int]]) -> None:
    state, _ledger = run(bid_list, starting=starting, reserve=None, table=table)
    if state.leader is not None:
        assert state.price is not None and state.leader_max is not None
        assert starting <= state.price <= state.leader_max


@settings(max_examples=300, deadline=None)
@given(bid_list=bids, starting=st.integers(1, 100_000), table=tables(),
       reserve=st.none() | st.integers(1, 2_000_000))
def test_the_price_is_at_least_the_second_highest_maximum(
        bid_list: list[tuple[int, int]], starting: int, table: list[list[int]], reserve: int | None) -> None:
    state, ledger = run(bid_list, starting=starting, reserve=reserve, table=table)
    second = ledger.second_highest()
    if second is not None:
        assert state.price is not None and state.price >= second


@settings(max_examples=300, deadline=None)
@given(bid_list=bids, starting=st.integers(1, 100_000), table=tables(),
       reserve=st.none() | st.integers(1, 2_000_000))
def test_the_leader_is_the_highest_maximum_and_the_earlier_one_on_a_tie(
        bid_list: list[tuple[int, int]], starting: int, table: list[list[int]], reserve: int | None) -> None:
    state, ledger = run(bid_list, starting=starting, reserve=reserve, table=table)
    if not ledger.maximums:
        assert state == LotState()
        return
    assert state.leader == ledger.expected_leader()
    assert state.leader_max == max(ledger.maximums.values())


@settings(max_examples=300, deadline=None)
@given(bid_list=bids, starting=st.integers(1, 100_000), table=tables(), reserve=st.integers(1, 2_000_000))
def test_the_reserve_is_met_exactly_when_the_leaders_maximum_reaches_it(
        bid_list: list[tuple[int, int]], starting: int, table: list[list[int]], reserve: int) -> None:
    state, _ledger = run(bid_list, starting=starting, reserve=reserve, table=table)
    if state.leader is not None:
        assert state.price is not None and state.leader_max is not None
        assert (state.price >= reserve) == (state.leader_max >= reserve)


@settings(max_examples=200, deadline=None)
@given(bid_list=bids, starting=st.integers(1, 100_000), table=tables(),
       reserve=st.none() | st.integers(1, 2_000_000))
def test_replay_gives_the_state_of_placing_the_bids_one_by_one(
        bid_list: list[tuple[int, int]], starting: int, table: list[list[int]], reserve: int | None) -> None:
    state, _ledger = run(bid_list, starting=starting, reserve=reserve, table=table)
    assert replay(bid_list, starting=starting, reserve=reserve, table=table) == state


@settings(max_examples=300, deadline=None)
@given(table=tables(), amount=st.integers(0, 2_000_000))
def test_the_increment_is_the_step_of_the_last_row_at_or_below_the_price(table: list[list[int]], amount: int) -> None:
    expected = [step for start, step in table if start <= amount][-1]
    assert increment_at(amount, table) == expected


@settings(max_examples=200, deadline=None)
@given(table=tables())
def test_a_valid_increment_table_is_accepted_as_it_is(table: list[list[int]]) -> None:
    assert check_increments(table) == [tuple(row) for row in table]


@settings(max_examples=200, deadline=None)
@given(table=tables(), how=st.sampled_from(["first_not_zero", "not_ascending", "step_not_positive"]),
       data=st.data())
def test_an_invalid_increment_table_is_refused(table: list[list[int]], how: str, data: st.DataObject) -> None:
    broken = [list(row) for row in table]
    if how == "first_not_zero":
        broken[0][0] = data.draw(st.integers(1, 1_000))
        broken = [broken[0], *(row for row in broken[1:] if row[0] > broken[0][0])]
    elif how == "not_ascending":
        broken.append([data.draw(st.integers(0, broken[-1][0])), 1])
    else:
        index = data.draw(st.integers(0, len(broken) - 1))
        broken[index][1] = data.draw(st.integers(-1_000, 0))
    with pytest.raises(ValueError):
        check_increments(broken)


def test_an_empty_increment_table_is_refused() -> None:
    with pytest.raises(ValueError):
        check_increments([])


def test_the_first_bid_opens_at_the_starting_amount_whatever_its_maximum() -> None:
    state = place_bid(LotState(), bidder="a", max_amount=50_000, starting=1_000, reserve=None, table=TABLE)
    assert state == LotState(price=1_000, leader="a", leader_max=50_000)


def test_a_second_bidder_lifts_the_price_one_increment_over_the_lower_maximum() -> None:
    state = place_bid(LotState(), bidder="a", max_amount=5_000, starting=1_000, reserve=None, table=TABLE)
    state = place_bid(state, bidder="b", max_amount=3_000, starting=1_000, reserve=None, table=TABLE)
    assert state == LotState(price=3_500, leader="a", leader_max=5_000)
    state = place_bid(state, bidder="b", max_amount=8_000, starting=1_000, reserve=None, table=TABLE)
    assert state == LotState(price=5_500, leader="b", leader_max=8_000)


def test_a_bid_below_the_next_increment_is_refused_with_the_minimum() -> None:
    state = place_bid(LotState(), bidder="a", max_amount=5_000, starting=1_000, reserve=None, table=TABLE)
    assert minimum_bid(state, starting=1_000, table=TABLE) == 1_500
    with pytest.raises(BidTooLow) as refusal:
        place_bid(state, bidder="b", max_amount=1_499, starting=1_000, reserve=None, table=TABLE)
    assert refusal.value.minimum == 1_500


def test_a_maximum_reaching_the_reserve_lifts_the_price_to_the_reserve() -> None:
    state = place_bid(LotState(), bidder="a", max_amount=4_000, starting=1_000, reserve=6_000, table=TABLE)
    assert state.price == 1_000  # below the reserve: not met
    state = place_bid(state, bidder="a", max_amount=7_000, starting=1_000, reserve=6_000, table=TABLE)
    assert state == LotState(price=6_000, leader="a", leader_max=7_000)


def test_the_leader_cannot_lower_or_repeat_their_own_maximum() -> None:
    state = place_bid(LotState(), bidder="a", max_amount=4_000, starting=1_000, reserve=None, table=TABLE)
    with pytest.raises(BidTooLow) as refusal:
        place_bid(state, bidder="a", max_amount=4_000, starting=1_000, reserve=None, table=TABLE)
    assert refusal.value.minimum == 4_001
