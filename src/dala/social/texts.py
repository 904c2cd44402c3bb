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

from .models import FeedEvent, FeedVerb, Notification, NotificationGroup

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
_WITH_ARTIST: dict[str, Promise] = {
    "artwork.published": _("%(artist)s has published a new work: “%(artwork)s”"),
    "search.matched": _("A new work matches your saved search: “%(artwork)s” by %(artist)s"),
}
_WITH_TITLE: dict[str, Promise] = {
    "review.published": _("A review of your work has been published: “%(title)s”"),
    "review.replied": _("The artist has replied to your review “%(title)s”"),
}
# Programmes (open calls, juries, exhibitions, mentorship): told by the call's, show's or mentorship's title.
_PROGRAMMES: dict[str, Promise] = {
    "jury.invited": _("You are invited to the jury of “%(title)s”"),
    "call.deadline_soon": _("The deadline of “%(title)s” is in 48 hours; your entry is not submitted yet"),
    "call.results": _("Results of “%(title)s” are published"),
    "exhibition.published": _("Your work is in the exhibition “%(title)s”"),
    "mentorship.applied": _("New application to your mentorship “%(title)s”"),
    "mentorship.accepted": _("Your application to “%(title)s” was accepted"),
    "mentorship.declined": _("Your application to “%(title)s” was declined"),
}
_PROGRAMMES_GENERIC: dict[str, Promise] = {
    "jury.invited": _("You are invited to a jury"),
    "call.deadline_soon": _("An open call's deadline is in 48 hours; your entry is not submitted yet"),
    "call.results": _("Results of an open call are published"),
    "exhibition.published": _("Your work is in an exhibition"),
    "mentorship.applied": _("New application to your mentorship"),
    "mentorship.accepted": _("Your mentorship application was accepted"),
    "mentorship.declined": _("Your mentorship application was declined"),
}
# Collaborations: the invitation names the work's lead artist; the answer, the credited artist.
_CREDIT_INVITED = _("%(lead)s invites you to collaborate on “%(artwork)s”")
_CREDIT_ANSWERED: dict[str, Promise] = {
    "credit.accepted": _("%(artist)s accepted your invitation to collaborate on “%(artwork)s”"),
    "credit.declined": _("%(artist)s declined your invitation to collaborate on “%(artwork)s”"),
}
_CREDIT_GENERIC: dict[str, Promise] = {
    "credit.invited": _("You are invited to collaborate on “%(artwork)s”"),
    "credit.accepted": _("Your invitation to collaborate on “%(artwork)s” was accepted"),
    "credit.declined": _("Your invitation to collaborate on “%(artwork)s” was declined"),
}
_REVIEW_GENERIC: dict[str, Promise] = {
    "review.published": _("A review of your work has been published"),
    "review.replied": _("The artist has replied to your review"),
}
_LOT_WON = _("You won “%(artwork)s” at %(amount)s")
_LOT_SOLD = _("“%(artwork)s” sold at auction for %(amount)s")
_LOT_PASSED = _("Bidding on “%(artwork)s” closed without a sale")
_GENERIC_ON_ARTWORK = _("Something new about “%(artwork)s”")
_GENERIC = _("You have a new notification")


def _translated(value: Any) -> str:
    if isinstance(value, dict):
        return Translated(value).get_text()
    return value if isinstance(value, str) else ""


def _facts(context: dict[str, Any]) -> dict[str, str]:
    facts: dict[str, str] = {}
    for name in ("artwork", "artist", "title", "lead"):
        if text := _translated(context.get(name)):
            facts[name] = text
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


def _credit_text(action: str, facts: dict[str, str]) -> str | None:
    if "artwork" not in facts:
        return None
    if action == "credit.invited" and "lead" in facts:
        return str(_CREDIT_INVITED) % facts
    if action in _CREDIT_ANSWERED and "artist" in facts:
        return str(_CREDIT_ANSWERED[action]) % facts
    return str(_CREDIT_GENERIC[action]) % facts


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
        if action in _WITH_ARTIST and {"artist", "artwork"} <= facts.keys():
            return str(_WITH_ARTIST[action]) % facts
        if action in _PROGRAMMES:
            return str(_PROGRAMMES[action] if "title" in facts else _PROGRAMMES_GENERIC[action]) % facts
        if action in _CREDIT_GENERIC and (text := _credit_text(action, facts)) is not None:
            return text
        if action in _WITH_TITLE:
            return str(_WITH_TITLE[action] if "title" in facts else _REVIEW_GENERIC[action]) % facts
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


def group_of(action: str) -> str:
    """The e-mail setting (NotificationGroup) that governs notifications of ``action``."""
    if action.startswith("review."):
        return NotificationGroup.REVIEWS
    if action == "artwork.published":
        return NotificationGroup.FOLLOWS
    if action == "search.matched":
        return NotificationGroup.SEARCHES
    if action in _PROGRAMMES or action.startswith("credit."):
        return NotificationGroup.PROGRAMMES
    return NotificationGroup.MARKET


_FEED_NEW_WORK = _("%(artist)s published a new work: “%(artwork)s”")
_FEED_NEW_IN_SUBJECT = _("New in %(subject)s: “%(artwork)s” by %(artist)s")
_FEED_GALLERY_NEW_WORK = _("%(gallery)s: new work by %(artist)s “%(artwork)s”")
_FEED_GALLERY_REPRESENTS = _("%(gallery)s now represents %(artist)s")
_FEED_REVIEW = _("%(critic)s published a review: “%(title)s”")
_FEED_REVIEW_UNTITLED = _("%(critic)s published a review")


def _new_work_text(event: FeedEvent, facts: dict[str, str], context: dict[str, Any]) -> str:
    if event.artwork is not None:
        facts["artwork"] = event.artwork.title.get_text()
        facts["artist"] = event.artwork.artist.name.get_text()
    words = {"artist": facts.get("artist", ""), "artwork": facts.get("artwork", "")}
    # Subjects and galleries are told by the name kept when it happened (no query per line).
    if event.actor_kind == "subject" and (subject := _translated(context.get("subject"))):
        return str(_FEED_NEW_IN_SUBJECT) % {**words, "subject": subject}
    if event.actor_kind == "gallery" and (gallery := _translated(context.get("gallery"))):
        return str(_FEED_GALLERY_NEW_WORK) % {**words, "gallery": gallery}
    return str(_FEED_NEW_WORK) % words


def feed_text(event: FeedEvent, language: str | None = None) -> str:
    """The feed line of ``event`` in ``language`` (default: the active one). A new work is told from the
    live artwork row when loaded (its current title), else from the words kept when it happened; in a
    subject's or a gallery's feed it names the subject or the gallery too."""
    with translation.override(language or translation.get_language()):
        context = event.context if isinstance(event.context, dict) else {}
        facts = _facts(context)
        if event.verb == FeedVerb.NEW_WORK:
            return _new_work_text(event, facts, context)
        if event.verb == FeedVerb.REPRESENTS:
            gallery = _translated(context.get("gallery"))
            if event.artist is not None:
                facts["artist"] = event.artist.name.get_text()
            if gallery and "artist" in facts:
                return str(_FEED_GALLERY_REPRESENTS) % {"gallery": gallery, "artist": facts["artist"]}
            return str(_GENERIC)
        facts["critic"] = _translated(context.get("critic")) or str(_("A critic"))
        if event.verb == FeedVerb.REVIEW:
            return str(_FEED_REVIEW if "title" in facts else _FEED_REVIEW_UNTITLED) % facts
        return str(_GENERIC)


def feed_path(event: FeedEvent, language: str | None = None) -> str:
    """Where a feed line leads, in ``language``: the work's page, or the stored address (e.g. the review)."""
    if event.verb == FeedVerb.NEW_WORK and event.artwork is not None:
        with translation.override(language or translation.get_language()):
            return event.artwork.get_absolute_url()
    if event.verb == FeedVerb.REPRESENTS and event.artist is not None:
        with translation.override(language or translation.get_language()):
            return event.artist.get_absolute_url()
    if not event.url:
        return ""
    target = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(get_language_from_path(event.url) or target):
        return translate_url(event.url, target)
