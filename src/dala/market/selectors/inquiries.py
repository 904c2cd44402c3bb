"""Reads for inquiry pages and the inquiries API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from dala.core.errors import NotFound

from .. import errors
from ..models import Inquiry, InquiryMessage, Side
from ..permissions import seller_side
from .offers import works_held_by


def inquiries_of(user: Any) -> QuerySet[Inquiry]:
    """Threads ``user`` takes part in, as the buyer or on the seller's side, latest message first."""
    return (Inquiry.objects
            .filter(Q(buyer_id=user.pk) | Q(artwork__artist__user_id=user.pk) | Q(artwork_id__in=works_held_by(user)))
            .select_related("artwork__artist", "buyer")
            .annotate(message_count=Count("messages"))
            .order_by("-last_message_at", "-pk"))


@dataclass(frozen=True)
class Thread:
    inquiry: Inquiry
    messages: list[InquiryMessage]
    side: str  # the viewer's side (Side value)


def thread_for(user: Any, inquiry_id: int) -> Thread:
    """One thread with its messages, for the buyer or the seller's side; NotFound for anyone else."""
    inquiry = Inquiry.objects.select_related("artwork__artist", "buyer").filter(pk=inquiry_id).first()
    if inquiry is None or not getattr(user, "is_authenticated", False):
        raise NotFound(errors.NOT_FOUND, _("No such conversation."))
    if inquiry.buyer_id == user.pk:
        side = Side.BUYER
    elif seller_side(user, inquiry.artwork)[0]:
        side = Side.SELLER
    else:
        raise NotFound(errors.NOT_FOUND, _("No such conversation."))
    messages = list(inquiry.messages.select_related("author").order_by("created_at", "pk"))
    return Thread(inquiry=inquiry, messages=messages, side=side)

