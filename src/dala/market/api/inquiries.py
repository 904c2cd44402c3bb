"""The market API: inquiries, a conversation about a work between a buyer and the seller's side."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from dala.accounts.api import TokenAuth, current_user
from dala.core import ratelimit

from ..selectors.inquiries import Thread, inquiries_of, thread_for
from ..services.inquiries import ask_about, reply_to_inquiry
from .offers import page_of
from .schemas_offers import (
    InquiryDetailOut,
    InquiryIn,
    InquiryOut,
    InquiryPageOut,
    InquiryPageQuery,
    MessageIn,
    MessageOut,
)

router = Router(tags=["market"], auth=TokenAuth())


def _detail(thread: Thread) -> InquiryDetailOut:
    inquiry = thread.inquiry
    return InquiryDetailOut(
        id=inquiry.pk, artwork_id=inquiry.artwork_id, artwork_title=str(inquiry.artwork.title),
        buyer_id=inquiry.buyer_id, last_message_at=inquiry.last_message_at, your_side=thread.side,
        messages=[MessageOut.build(m, inquiry) for m in thread.messages],
    )


@router.get("/inquiries", response=InquiryPageOut, summary="List my conversations")
def list_inquiries(request: HttpRequest, query: Query[InquiryPageQuery]) -> InquiryPageOut:
    """Conversations I take part in, as the buyer or on the seller's side, latest message first."""
    rows, count, next_page, previous = page_of(inquiries_of(current_user(request)), query.page, query.page_size)
    return InquiryPageOut(items=[InquiryOut.build(i) for i in rows], page=query.page, page_size=query.page_size,
                          count=count, next=next_page, previous=previous)


@router.post("/inquiries", response={201: InquiryDetailOut}, summary="Ask about a work")
def ask(request: HttpRequest, payload: InquiryIn) -> tuple[int, InquiryDetailOut]:
    """Start the conversation about a work (or add to it, if I already asked about it)."""
    user = current_user(request)
    ratelimit.hit_for("message", request)
    inquiry = ask_about(buyer=user, artwork_id=payload.artwork_id, body=payload.body)
    return 201, _detail(thread_for(user, inquiry.pk))


@router.get("/inquiries/{inquiry_id}", response=InquiryDetailOut, summary="Get a conversation")
def get_inquiry(request: HttpRequest, inquiry_id: int) -> InquiryDetailOut:
    """The conversation with its messages, oldest first; 404 for anyone but its two sides."""
    return _detail(thread_for(current_user(request), inquiry_id))


@router.post("/inquiries/{inquiry_id}/messages", response={201: InquiryDetailOut}, summary="Reply in a conversation")
def reply(request: HttpRequest, inquiry_id: int, payload: MessageIn) -> tuple[int, InquiryDetailOut]:
    """Add a message; the other side is notified."""
    user = current_user(request)
    thread_for(user, inquiry_id)  # 404 before anything for someone outside the conversation
    ratelimit.hit_for("message", request)
    reply_to_inquiry(inquiry_id=inquiry_id, user=user, body=payload.body)
    return 201, _detail(thread_for(user, inquiry_id))
