"""Each market action reads as its own sentence, in the reader's language, from the notification's context."""

from __future__ import annotations

import pytest

from dala.social.models import Notification
from dala.social.texts import notification_text

CONTEXT = {"artwork": {"kk": "Таңғы дала", "ru": "Степь на рассвете", "en": "Steppe at dawn"},
           "amount": 900_000_00, "currency": "KZT"}
AMOUNT = "900\u00a0000\u00a0₸"

EXPECTED = {
    "offer.made": f"New offer of {AMOUNT} on “Steppe at dawn”",
    "offer.countered": f"Counter-offer of {AMOUNT} on “Steppe at dawn”",
    "offer.accepted": f"Your offer of {AMOUNT} on “Steppe at dawn” has been accepted",
    "offer.declined": f"Your offer of {AMOUNT} on “Steppe at dawn” has been declined",
    "offer.expired": f"The offer of {AMOUNT} on “Steppe at dawn” has expired",
    "offer.withdrawn": f"The offer of {AMOUNT} on “Steppe at dawn” has been withdrawn",
    "order.created": f"Order for “Steppe at dawn” at {AMOUNT} is awaiting payment",
    "order.paid": f"Payment of {AMOUNT} for “Steppe at dawn” has been received",
    "order.cancelled": f"The order for “Steppe at dawn” at {AMOUNT} has been cancelled",
    "order.lapsed": f"The order for “Steppe at dawn” at {AMOUNT} lapsed unpaid",
    "inquiry.message": "New message about “Steppe at dawn”",
    "bid.placed": f"You have been outbid on “Steppe at dawn”: the bid is now {AMOUNT}",
    "lot.closed": "Bidding on “Steppe at dawn” has closed",
}


@pytest.mark.parametrize(("action", "expected"), EXPECTED.items())
def test_each_action_has_its_own_sentence(action: str, expected: str) -> None:
    assert notification_text(Notification(action=action, context=CONTEXT), "en") == expected


def test_the_title_is_the_one_in_the_readers_language() -> None:
    notification = Notification(action="inquiry.message", context=CONTEXT)
    assert "Степь на рассвете" in notification_text(notification, "ru")
    assert "Таңғы дала" in notification_text(notification, "kk")


def test_an_unknown_action_reads_as_a_generic_sentence() -> None:
    assert notification_text(Notification(action="critique.posted", context=CONTEXT), "en") == (
        "Something new about “Steppe at dawn”")
    assert notification_text(Notification(action="follow.started", context={}), "en") == (
        "You have a new notification")


def test_a_missing_amount_never_leaves_a_hole_in_the_sentence() -> None:
    context = {"artwork": CONTEXT["artwork"]}
    assert notification_text(Notification(action="offer.made", context=context), "en") == (
        "Something new about “Steppe at dawn”")
    bad_currency = {**CONTEXT, "currency": "XXX"}
    assert "%(" not in notification_text(Notification(action="order.paid", context=bad_currency), "en")


def test_a_passed_lot_says_it_did_not_sell() -> None:
    notification = Notification(action="lot.closed", recipient_id=5, context={**CONTEXT, "result": "passed"})
    assert notification_text(notification, "en") == "Bidding on “Steppe at dawn” closed without a sale"
