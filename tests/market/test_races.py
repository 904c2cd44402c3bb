"""The market under real concurrency: many threads, each with its own database connection, released at
once by a barrier against the same work. Whatever the interleaving, a unique work is held by one order,
an edition sells no more copies than it has, and a retried request acts once.

SQLite: dala's test database is in memory by default, where threads share one cache with table locks
that fail at once instead of waiting; ``shared_database`` (tests/market/conftest.py) moves each test
onto a file (WAL, BEGIN IMMEDIATE, busy timeout — as in production). PostgreSQL: run with ``bin/with-postgres``.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection

from dala.catalog.models import Artwork, Availability, EditionCopy, EditionType
from dala.catalog.services import add_edition_set
from dala.core.errors import DomainError
from dala.market import errors, idempotency
from dala.market.models import IdempotencyKey, Offer, OfferStatus, Order, OrderStatus
from dala.market.services import offers, orders
from tests.factories import ArtworkFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PRICE = 1_500_000_00


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    refusal: DomainError | None = None
    crash: BaseException | None = None


def connection_budget(wanted: int) -> int:
    """How many threads may hold a connection at once: all of them on SQLite; on PostgreSQL what the
    server has left (bin/with-postgres allows 50 connections, 3 of them kept for superusers)."""
    if connection.vendor != "postgresql":
        return wanted
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int"
            " - current_setting('superuser_reserved_connections')::int"
            " - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"
        )
        free = int(cursor.fetchone()[0])
    return max(2, min(wanted, free - 2))


def race(jobs: list[Callable[[], Any]]) -> list[Outcome]:
    """Run ``jobs`` on as many threads as the database allows (one job each when it can), all threads
    starting together; return each job's outcome in the order of ``jobs``."""
    workers = connection_budget(len(jobs))
    barrier = threading.Barrier(workers)
    outcomes: list[Outcome | None] = [None] * len(jobs)
    shared: list[bool] = []

    def work(first: int) -> None:
        try:
            shared.append(connection.vendor != "sqlite" or not connection.is_in_memory_db())
            barrier.wait(timeout=60)
            for index in range(first, len(jobs), workers):
                try:
                    outcomes[index] = Outcome(value=jobs[index]())
                except DomainError as exc:
                    outcomes[index] = Outcome(refusal=exc)
                except BaseException as exc:  # noqa: BLE001 - a crash is what the test looks for
                    outcomes[index] = Outcome(crash=exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting on the database"
    assert all(outcome is not None for outcome in outcomes)
    assert shared == [True] * workers, "the threads did not share a database they can wait on"
    return [outcome for outcome in outcomes if outcome is not None]


def crashes(outcomes: list[Outcome]) -> list[BaseException]:
    return [outcome.crash for outcome in outcomes if outcome.crash is not None]


def refusal_codes(outcomes: list[Outcome]) -> Counter[tuple[int, str]]:
    return Counter((o.refusal.status, o.refusal.code) for o in outcomes if o.refusal is not None)


def test_fifty_buyers_buying_one_unique_work_at_once_make_one_order_and_forty_nine_clean_refusals(
        shared_database: None) -> None:
    artwork = ArtworkFactory(buy_now=True, price_amount=PRICE)
    buyers = [UserFactory() for _ in range(50)]

    outcomes = race([lambda buyer=buyer: orders.buy_now(buyer=buyer, artwork_id=artwork.pk,
                                                        expected_amount=PRICE, expected_currency="KZT")
                     for buyer in buyers])

    assert crashes(outcomes) == []
    [won] = [outcome.value for outcome in outcomes if outcome.refusal is None]
    assert refusal_codes(outcomes) == {(409, errors.ALREADY_HELD): 49}
    assert list(Order.objects.values_list("pk", "buyer_id", "status")) == [(won.pk, won.buyer_id,
                                                                           OrderStatus.PENDING)]
    assert Artwork.objects.get(pk=artwork.pk).availability == Availability.ON_HOLD


def test_fifty_offers_on_one_unique_work_accepted_at_once_by_seller_and_buyers_make_one_order(
        shared_database: None) -> None:
    artwork = ArtworkFactory(price_amount=PRICE)
    artist = artwork.artist.user
    buyers = [UserFactory() for _ in range(50)]
    acceptances: list[Callable[[], Order]] = []
    for n, buyer in enumerate(buyers):
        offer = offers.make_offer(buyer=buyer, artwork_id=artwork.pk, amount=PRICE - n * 100_00, currency="KZT")
        if n % 2:
            # Half the chains end with the seller's counter-offer, which its buyer accepts.
            counter = offers.counter_offer(offer_id=offer.pk, user=artist, amount=PRICE - n * 50_00)
            acceptances.append(lambda offer_id=counter.pk, user=buyer: offers.accept_offer(offer_id=offer_id,
                                                                                           user=user))
        else:
            acceptances.append(lambda offer_id=offer.pk: offers.accept_offer(offer_id=offer_id, user=artist))

    outcomes = race(acceptances)

    assert crashes(outcomes) == []
    [won] = [outcome.value for outcome in outcomes if outcome.refusal is None]
    codes = refusal_codes(outcomes)
    assert sum(codes.values()) == 49
    assert {status for status, _code in codes} == {409}
    assert {code for _status, code in codes} <= {errors.NOT_FOR_SALE, errors.ALREADY_HELD}
    accepted = list(Offer.objects.filter(status=OfferStatus.ACCEPTED).values_list("pk", flat=True))
    assert accepted == [won.offer_id]
    assert list(Order.objects.values_list("pk", flat=True)) == [won.pk]
    assert Artwork.objects.get(pk=artwork.pk).availability == Availability.ON_HOLD


def test_thirty_buyers_of_an_edition_of_ten_at_once_get_the_ten_copies_and_twenty_are_told_it_sold_out(
        shared_database: None) -> None:
    artwork = ArtworkFactory(buy_now=True, edition_type=EditionType.LIMITED, price_amount=PRICE)
    edition = add_edition_set(artwork=artwork, size=10, artist_proofs=2, price_amount=250_000_00)
    buyers = [UserFactory() for _ in range(30)]

    outcomes = race([lambda buyer=buyer: orders.buy_now(buyer=buyer, artwork_id=artwork.pk,
                                                        edition_set_id=edition.pk)
                     for buyer in buyers])

    assert crashes(outcomes) == []
    sold = [outcome.value for outcome in outcomes if outcome.refusal is None]
    assert refusal_codes(outcomes) == {(409, errors.SOLD_OUT): 20}
    assert len(sold) == 10 and Order.objects.count() == 10
    assert sorted(Order.objects.values_list("edition_copy__number", flat=True)) == list(range(1, 11))
    assert len({order.buyer_id for order in sold}) == 10
    copies = EditionCopy.objects.filter(edition_set=edition)
    assert set(copies.filter(is_artist_proof=False).values_list("availability", flat=True)) == {Availability.ON_HOLD}
    # The artist's proofs are not for sale through buy-now.
    assert set(copies.filter(is_artist_proof=True).values_list("availability", flat=True)) == {Availability.FOR_SALE}


def test_ten_retries_of_one_offer_with_the_same_idempotency_key_at_once_make_one_offer_and_one_answer(
        shared_database: None) -> None:
    artwork = ArtworkFactory(price_amount=PRICE)
    buyer = UserFactory()
    payload = {"artwork_id": artwork.pk, "amount": 1_200_000_00, "currency": "KZT"}

    def make() -> tuple[int, Any]:
        offer = offers.make_offer(buyer=buyer, artwork_id=artwork.pk, amount=1_200_000_00, currency="KZT")
        return 201, {"id": offer.pk, "amount": offer.amount, "status": offer.status}

    outcomes = race([lambda: idempotency.run_once(user=buyer, key="9f1c-offer", operation="offer.make",
                                                  payload=payload, act=make)
                     for _ in range(10)])

    assert crashes(outcomes) == []
    assert [outcome.refusal for outcome in outcomes] == [None] * 10
    [offer] = Offer.objects.all()
    answer = (201, {"id": offer.pk, "amount": 1_200_000_00, "status": "open"})
    assert [outcome.value for outcome in outcomes] == [answer] * 10
    assert IdempotencyKey.objects.filter(user=buyer).count() == 1
