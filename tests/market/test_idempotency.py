"""``Idempotency-Key``: a retried API call answers as the first one did and never acts twice."""

from __future__ import annotations

from typing import Any

import pytest

from dala.core.errors import Conflict, DomainError
from dala.market import errors
from dala.market.idempotency import MAX_KEY_LENGTH, run_once
from dala.market.models import IdempotencyKey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Action:
    """A stand-in for an API call's work: counts its runs and answers with the run number."""

    def __init__(self, refusal: DomainError | None = None) -> None:
        self.runs = 0
        self.refusal = refusal

    def __call__(self) -> tuple[int, Any]:
        self.runs += 1
        if self.refusal is not None:
            raise self.refusal
        return 201, {"id": self.runs, "amount": 800_000_00}


PAYLOAD = {"artwork_id": 7, "amount": 800_000_00, "currency": "KZT"}


def test_without_a_key_every_call_acts() -> None:
    user, act = UserFactory(), Action()

    first = run_once(user=user, key=None, operation="offer.make", payload=PAYLOAD, act=act)
    second = run_once(user=user, key=None, operation="offer.make", payload=PAYLOAD, act=act)

    assert (first, second) == ((201, {"id": 1, "amount": 800_000_00}), (201, {"id": 2, "amount": 800_000_00}))
    assert act.runs == 2
    assert not IdempotencyKey.objects.exists()


def test_a_retry_with_the_same_key_and_request_gets_the_first_answer_without_acting_again() -> None:
    user, act = UserFactory(), Action()

    first = run_once(user=user, key="offer-1", operation="offer.make", payload=PAYLOAD, act=act)
    retry = run_once(user=user, key="offer-1", operation="offer.make", payload=dict(PAYLOAD), act=act)

    assert first == retry == (201, {"id": 1, "amount": 800_000_00})
    assert act.runs == 1


def test_the_same_key_with_a_different_request_is_refused() -> None:
    user, act = UserFactory(), Action()
    run_once(user=user, key="offer-1", operation="offer.make", payload=PAYLOAD, act=act)

    with pytest.raises(DomainError) as other_amount:
        run_once(user=user, key="offer-1", operation="offer.make", payload={**PAYLOAD, "amount": 1}, act=act)
    with pytest.raises(DomainError) as other_operation:
        run_once(user=user, key="offer-1", operation="bid.place", payload=PAYLOAD, act=act)

    assert other_amount.value.code == other_operation.value.code == errors.IDEMPOTENCY_MISMATCH
    assert other_amount.value.field == "Idempotency-Key"
    assert act.runs == 1


def test_a_refusal_is_remembered_and_a_retry_is_refused_the_same_way_without_acting_again() -> None:
    user = UserFactory()
    act = Action(refusal=Conflict(errors.ALREADY_HELD, "This work is on hold for another buyer."))

    with pytest.raises(DomainError) as first:
        run_once(user=user, key="buy-1", operation="order.buy_now", payload=PAYLOAD, act=act)
    act.refusal = None  # the work is free again: a retry must still not turn the refusal into a sale
    with pytest.raises(DomainError) as retry:
        run_once(user=user, key="buy-1", operation="order.buy_now", payload=PAYLOAD, act=act)

    assert act.runs == 1
    assert (retry.value.status, retry.value.code, str(retry.value.message)) == (
        409, errors.ALREADY_HELD, "This work is on hold for another buyer.")
    assert first.value.code == retry.value.code


def test_keys_are_per_user_so_another_user_may_use_the_same_key() -> None:
    alice, bob, act = UserFactory(), UserFactory(), Action()

    for_alice = run_once(user=alice, key="offer-1", operation="offer.make", payload=PAYLOAD, act=act)
    for_bob = run_once(user=bob, key="offer-1", operation="offer.make", payload={**PAYLOAD, "amount": 5}, act=act)

    assert for_alice == (201, {"id": 1, "amount": 800_000_00})
    assert for_bob == (201, {"id": 2, "amount": 800_000_00})
    assert act.runs == 2


@pytest.mark.parametrize("key", ["", "   ", "k" * (MAX_KEY_LENGTH + 1), "ключ-1", "key\u00a0one"],
                         ids=["empty", "blank", "too-long", "cyrillic", "non-breaking-space"])
def test_an_empty_overlong_or_non_ascii_key_is_refused_before_acting(key: str) -> None:
    act = Action()

    with pytest.raises(DomainError) as refused:
        run_once(user=UserFactory(), key=key, operation="offer.make", payload=PAYLOAD, act=act)

    assert refused.value.code == errors.IDEMPOTENCY_INVALID
    assert refused.value.field == "Idempotency-Key"
    assert act.runs == 0


def test_a_key_of_the_longest_allowed_length_is_accepted() -> None:
    act = Action()

    answer = run_once(user=UserFactory(), key="k" * MAX_KEY_LENGTH, operation="offer.make", payload=PAYLOAD, act=act)

    assert answer == (201, {"id": 1, "amount": 800_000_00}) and act.runs == 1
