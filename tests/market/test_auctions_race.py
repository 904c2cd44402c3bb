"""200 bids at once on one lot, from threads with their own database connections: the lot must end
exactly where replaying the stored bids one by one ends, and count every accepted bid.

Runs on SQLite and, under ``bin/with-postgres``, on PostgreSQL."""

from __future__ import annotations

import random
import threading
from typing import Any

import pytest
from django.db import connections

from dala.core.errors import DomainError
from dala.market import bidding
from dala.market.bidding import LotState, replay
from dala.market.models import Bid, Lot
from dala.market.services.auctions import place_bid
from tests.factories import UserFactory
from tests.market.factories_auctions import make_auction, make_lot

BIDDERS = 20
BIDS_PER_BIDDER = 10  # 200 bids in all


def _bid_from_thread(lot_id: int, bidder: Any, amounts: list[int], start: threading.Barrier,
                     accepted: list[int], refused: list[str]) -> None:
    try:
        for amount in amounts:
            start.wait()  # every round of bids starts together
            try:
                place_bid(lot_id=lot_id, bidder=bidder, max_amount=amount)
            except DomainError as refusal:
                refused.append(refusal.code)
            else:
                accepted.append(amount)
    except BaseException as failure:
        refused.append(f"failed: {failure!r}")  # e.g. a lock timeout: the assertion below shows it
        start.abort()  # and the other threads stop instead of waiting for this one
    finally:
        connections.close_all()  # this thread's own connection


@pytest.mark.django_db(transaction=True)
def test_two_hundred_concurrent_bids_end_where_replaying_them_one_by_one_ends(shared_database: None) -> None:
    lot = make_lot(make_auction(increments=[[0, 1_000], [5_000_000, 5_000]]), starting_amount=100_000,
                   reserve_amount=5_000_000)
    bidders = [UserFactory() for _i in range(BIDDERS)]
    generator = random.Random(4)
    # The bids go in rounds, all bidders at once, each round climbing past the last, so that many bids are
    # accepted (a race between refusals would prove little); the jitter makes bids out of order common.
    plans = [[100_000 + (round_ * BIDDERS + i) * 60_000 + generator.randrange(0, 120_000, 1_000)
              for round_ in range(BIDS_PER_BIDDER)] for i in range(BIDDERS)]
    start = threading.Barrier(BIDDERS, timeout=30)
    accepted: list[int] = []
    refused: list[str] = []
    threads = [threading.Thread(target=_bid_from_thread, args=(lot.pk, bidder, plan, start, accepted, refused))
               for bidder, plan in zip(bidders, plans, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    assert len(accepted) + len(refused) == BIDDERS * BIDS_PER_BIDDER
    assert set(refused) <= {"bid_too_low"}, refused  # never a lost or failed bid, only a bid too low
    lot = Lot.objects.get(pk=lot.pk)
    stored = list(Bid.objects.filter(lot=lot).order_by("pk").values_list("bidder_id", "max_amount"))
    assert len(stored) == len(accepted) == lot.bid_count
    expected = replay(stored, starting=lot.starting_amount, reserve=lot.reserve_amount, table=lot.auction.increments)
    assert (lot.current_amount, lot.leader_id, lot.leader_max) == (expected.price, expected.leader, expected.leader_max)
    # Each stored bid is one the one-by-one rules accept, and it recorded the state they give after it:
    # no bid was applied to a stale state.
    state = LotState()
    for bid in Bid.objects.filter(lot=lot).order_by("pk"):
        state = bidding.place_bid(state, bidder=bid.bidder_id, max_amount=bid.max_amount,
                                  starting=lot.starting_amount, reserve=lot.reserve_amount,
                                  table=lot.auction.increments)
        assert (bid.resulting_amount, bid.resulting_leader_id) == (state.price, state.leader)
