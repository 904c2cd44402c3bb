"""A notification's words: made when it is shown, from its ``action`` and ``context``, in the reader's language.

The row keeps only what happened and the facts of the moment (the work's title in every language, the
amount), so the same notification reads in Kazakh on the page and in Russian in an e-mail.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext_lazy as _

from dala.core.errors import DomainError
from dala.core.money import Money
from dala.core.translation import Translated

from .models import Notification

# Each sentence names the placeholders it needs; a notification whose context lacks one gets the
# generic sentence rather than a hole.
_WITH_AMOUNT: dict[str, Promise] = {
    "offer.made": _("New offer of %(amount)s on “%(artwork)s”"),
    "offer.countered": _("Counter-offer of %(amount)s on “%(artwork)s”"),
    "offer.accepted": _("Your offer of %(amount)s on “%(artwork)s” has been accepted"),
    "offer.declined": _("Your offer of %(amount)s on “%(artwork)s” has been declined"),
    "offer.expired": _("The offer of %(amount)s on “%(artwork)s” has expired"),
    "offer.withdrawn": _("The offer of %(amount)s on “%(artwork)s” has been withdrawn"),
    "order.created": _("Order for “%(artwork)s” at %(amount)s is awaiting payment"),
    "order.paid": _("Payment of %(amount)s for “%(artwork)s” has been received"),
    "order.cancelled": _("The order for “%(artwork)s” at %(amount)s has been cancelled"),
    "order.lapsed": _("The order for “%(artwork)s” at %(amount)s lapsed unpaid"),
    "bid.placed": _("You have been outbid on “%(artwork)s”: the bid is now %(amount)s"),
}
_WITH_ARTWORK: dict[str, Promise] = {
    "inquiry.message": _("New message about “%(artwork)s”"),
    "lot.closed": _("Bidding on “%(artwork)s” has closed"),
}
_LOT_WON = _("You won “%(artwork)s” at %(amount)s")
_LOT_SOLD = _("“%(artwork)s” sold at auction for %(amount)s")
_LOT_PASSED = _("Bidding on “%(artwork)s” closed without a sale")
_GENERIC_ON_ARTWORK = _("Something new about “%(artwork)s”")
_GENERIC = _("You have a new notification")


def _facts(context: dict[str, Any]) -> dict[str, str]:
    facts: dict[str, str] = {}
    title = Translated(context.get("artwork") or {}).get_text() if isinstance(context.get("artwork"), dict) else ""
    if title:
        facts["artwork"] = title
    amount, currency = context.get("amount"), context.get("currency")
    if isinstance(amount, int) and not isinstance(amount, bool) and isinstance(currency, str):
        try:
            facts["amount"] = Money(amount, currency).format()
        except (TypeError, DomainError):
            pass  # a currency since retired: say it without the amount
    return facts


def _lot_closed(notification: Notification, facts: dict[str, str]) -> str | None:
    context = notification.context or {}
    if context.get("result") == "passed" and "artwork" in facts:
        return str(_LOT_PASSED) % facts
    if context.get("result") == "sold" and {"artwork", "amount"} <= facts.keys():
        won = context.get("winner_id") == notification.recipient_id
        return str(_LOT_WON if won else _LOT_SOLD) % facts
    return None


def notification_text(notification: Notification, language: str | None = None) -> str:
    """The sentence for ``notification`` in ``language`` (default: the active language)."""
    with translation.override(language or translation.get_language()):
        context = notification.context if isinstance(notification.context, dict) else {}
        facts = _facts(context)
        action = notification.action
        if action == "lot.closed" and (text := _lot_closed(notification, facts)) is not None:
            return text
        if action in _WITH_AMOUNT and {"artwork", "amount"} <= facts.keys():
            return str(_WITH_AMOUNT[action]) % facts
        if action in _WITH_ARTWORK and "artwork" in facts:
            return str(_WITH_ARTWORK[action]) % facts
        if "artwork" in facts:
            return str(_GENERIC_ON_ARTWORK) % facts
        return str(_GENERIC)


def notification_path(notification: Notification, language: str | None = None) -> str:
    """Where the notification leads, in ``language``: the stored path carries the language of whoever
    acted (``/ru/…``), and the reader should land on the page in their own."""
    if not notification.url:
        return ""
    # translate_url resolves the path in the active language, so resolve it in the one it was written in.
    target = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(get_language_from_path(notification.url) or target):
        return translate_url(notification.url, target)
