"""Inquiries: a buyer asks about a work; a message thread between the buyer and the seller's side."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.catalog.models import Artwork
from dala.core.errors import DomainError, NotFound, PermissionDenied

from .. import audit, errors
from ..models import Inquiry, InquiryMessage
from ..permissions import require_login, seller_side, seller_user_ids

MAX_MESSAGE = 5000


def inquiry_url(inquiry: Inquiry) -> str:
    return reverse("market:inquiry", kwargs={"pk": inquiry.pk})


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(errors.MESSAGE_EMPTY, _("Write a message."), field="body")
    if len(body) > MAX_MESSAGE:
        raise DomainError(errors.MESSAGE_EMPTY, _("A message has at most %(n)d characters.") % {"n": MAX_MESSAGE},
                          field="body")
    return body


@transaction.atomic
def ask_about(*, buyer: Any, artwork_id: int, body: str) -> Inquiry:
    """Start (or continue) the buyer's thread about a work with a message."""
    require_login(buyer)
    body = _clean_body(body)
    try:
        artwork = Artwork.objects.select_related("artist").get(pk=artwork_id, is_listed=True)
    except Artwork.DoesNotExist:
        raise NotFound(errors.NOT_FOUND, _("This work is not on the market.")) from None
    if seller_side(buyer, artwork)[0]:  # the artist, or a gallery that holds the work: they answer, not ask
        raise DomainError(errors.OWN_WORK, _("You cannot ask about your own work."))
    inquiry, _created = Inquiry.objects.get_or_create(artwork=artwork, buyer=buyer)
    return _post(inquiry, buyer, body, notify=seller_user_ids(artwork))


@transaction.atomic
def reply_to_inquiry(*, inquiry_id: int, user: Any, body: str) -> Inquiry:
    """Add a message to a thread: the buyer or anyone on the seller's side."""
    require_login(user)
    body = _clean_body(body)
    inquiry = Inquiry.objects.select_for_update().select_related("artwork__artist").get(pk=inquiry_id)
    if inquiry.buyer_id == user.pk:
        notify = seller_user_ids(inquiry.artwork)
    elif seller_side(user, inquiry.artwork)[0]:
        notify = [inquiry.buyer_id, *seller_user_ids(inquiry.artwork)]
    else:
        raise PermissionDenied(errors.NOT_A_PARTY, _("Only the buyer and the seller see this conversation."))
    return _post(inquiry, user, body, notify=notify)


def _post(inquiry: Inquiry, author: Any, body: str, *, notify: list[int]) -> Inquiry:
    message = InquiryMessage.objects.create(inquiry=inquiry, author=author, body=body)
    inquiry.last_message_at = message.created_at or timezone.now()
    inquiry.save(update_fields=["last_message_at", "updated_at"])
    audit.record(actor=author, action="inquiry.message", subject=inquiry, artwork_id=inquiry.artwork_id,
                 notify=notify, url=inquiry_url(inquiry))
    return inquiry
