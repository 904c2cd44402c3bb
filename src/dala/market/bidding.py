"""Auction arithmetic: the increment table and proxy bidding. Pure functions, no database, so the
same rules run in the service, in the tests' one-by-one replay, and in property tests."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass


def check_increments(table: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """An increment table as [(from amount, increment), …]: starts at 0, strictly ascending, each
    increment positive. Raises ValueError otherwise."""
    rows = [(int(start), int(step)) for start, step in table]
    if not rows or rows[0][0] != 0:
        raise ValueError("the first row must start at 0")
    for (start, _step), (next_start, _next_step) in zip(rows, rows[1:], strict=False):
        if next_start <= start:
            raise ValueError("rows must be in ascending order of amount")
    if any(step <= 0 for _start, step in rows):
        raise ValueError("every increment must be positive")
    return rows


def increment_at(amount: int, table: Sequence[Sequence[int]]) -> int:
    """The increment that applies when the current price is ``amount``."""
    step = int(table[0][1])
    for start, row_step in table:
        if amount >= int(start):
            step = int(row_step)
        else:
            break
    return step


@dataclass(frozen=True, slots=True)
class LotState:
    """What proxy bidding needs of a lot: the shown price, the leader and the leader's secret maximum."""

    price: int | None = None
    leader: Hashable | None = None
    leader_max: int | None = None


def minimum_bid(state: LotState, *, starting: int, table: Sequence[Sequence[int]]) -> int:
    """The least a new bidder may bid: the opening bid, or the price plus one increment."""
    if state.price is None:
        return starting
    return state.price + increment_at(state.price, table)


class BidTooLow(ValueError):
    def __init__(self, minimum: int) -> None:
        super().__init__(f"the least bid is {minimum}")
        self.minimum = minimum


def place_bid(state: LotState, *, bidder: Hashable, max_amount: int, starting: int, reserve: int | None,
              table: Sequence[Sequence[int]]) -> LotState:
    """The lot's state after ``bidder`` bids up to ``max_amount``.

    The platform bids for each bidder only as far as needed to lead: the price is one increment over
    the second-highest maximum, never over the leader's own maximum. An equal maximum loses to the one
    placed first. If the leader's maximum reaches the reserve, the price rises to at least the reserve.
    """
    if state.leader is not None and bidder == state.leader:
        # The leader raises their own maximum; the price moves only to meet the reserve.
        assert state.leader_max is not None and state.price is not None
        if max_amount <= state.leader_max:
            raise BidTooLow(state.leader_max + 1)
        return LotState(price=_with_reserve(state.price, max_amount, reserve), leader=bidder, leader_max=max_amount)
    least = minimum_bid(state, starting=starting, table=table)
    if max_amount < least:
        raise BidTooLow(least)
    if state.leader is None:
        return LotState(price=_with_reserve(starting, max_amount, reserve), leader=bidder, leader_max=max_amount)
    assert state.leader_max is not None
    if max_amount > state.leader_max:
        price = min(max_amount, state.leader_max + increment_at(state.leader_max, table))
        return LotState(price=_with_reserve(price, max_amount, reserve), leader=bidder, leader_max=max_amount)
    # The leader's maximum covers this bid: the leader stays, the price rises to meet it.
    price = min(state.leader_max, max_amount + increment_at(max_amount, table))
    return LotState(price=_with_reserve(price, state.leader_max, reserve), leader=state.leader,
                    leader_max=state.leader_max)


def _with_reserve(price: int, leader_max: int, reserve: int | None) -> int:
    if reserve is not None and leader_max >= reserve > price:
        return reserve
    return price


def replay(bids: Sequence[tuple[Hashable, int]], *, starting: int, reserve: int | None,
           table: Sequence[Sequence[int]]) -> LotState:
    """Apply bids one by one (refused ones are skipped), as a check of what the service stored."""
    state = LotState()
    for bidder, amount in bids:
        try:
            state = place_bid(state, bidder=bidder, max_amount=amount, starting=starting, reserve=reserve,
                              table=table)
        except BidTooLow:
            continue
    return state
