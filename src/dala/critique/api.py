"""The reviews API: public reading of published reviews; critics write and publish; artists reply.

Routers here only parse, authorise and call a selector or service; the shapes are in ``schemas.py``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from dala.accounts.api import TokenAuth, current_user
from dala.accounts.models import CriticProfile
from dala.core.errors import NotFound
from dala.core.pagination import numbered_page
from dala.programmes.models import Exhibition

from . import errors
from .models import Reply, Review
from .permissions import critic_of
from .schemas import PublishIn, ReplyIn, ReplyOut, ReviewIn, ReviewOut, ReviewPageOut, ReviewQuery, ReviewUpdateIn
from .selectors import published_reviews, review_for_reader, reviews_by_critic
from .services import create_review, publish_review, reply_to_review, update_reply, update_review

router = Router(tags=["reviews"])


def _page(queryset: QuerySet[Review], query: ReviewQuery) -> ReviewPageOut:
    numbered = numbered_page(queryset, page=query.page, page_size=query.page_size)
    return ReviewPageOut(items=[ReviewOut.build(r) for r in numbered.rows], page=query.page,
                         page_size=query.page_size, count=numbered.count, next=numbered.next,
                         previous=numbered.previous)


@router.get("/reviews", response=ReviewPageOut, summary="List published reviews")
def list_reviews(request: HttpRequest, query: Query[ReviewQuery]) -> ReviewPageOut:
    """Published reviews the public may read, newest first; hidden and embargoed ones are left out."""
    critic_id = None
    if query.critic:
        # An unknown critic has no reviews: an empty page, like any filter that matches nothing.
        critic_id = CriticProfile.objects.filter(slug=query.critic).values_list("pk", flat=True).first() or -1
    exhibition_id = None
    if query.exhibition:
        exhibition_id = Exhibition.objects.filter(slug=query.exhibition).values_list("pk", flat=True).first() or -1
    return _page(published_reviews(artwork_id=query.artwork, artist_id=query.artist, critic_id=critic_id,
                                   exhibition_id=exhibition_id), query)


@router.get("/reviews/mine", response=ReviewPageOut, summary="List my reviews", auth=TokenAuth())
def my_reviews(request: HttpRequest, query: Query[ReviewQuery]) -> ReviewPageOut:
    """The reviews I wrote as a critic, drafts included, last changed first."""
    critic = critic_of(current_user(request))
    if critic is None:
        return ReviewPageOut(items=[], page=query.page, page_size=query.page_size, count=0, next=None, previous=None)
    return _page(reviews_by_critic(critic), query)


@router.get("/reviews/{int:review_id}", response=ReviewOut, summary="Get a review")
def get_review(request: HttpRequest, review_id: int) -> ReviewOut:
    """One published review with its corrections and the artist's reply; 404 if hidden or under embargo."""
    review = review_for_reader(review_id, None)
    if not review.is_visible:
        raise NotFound(errors.NOT_FOUND, _("There is no such review."))
    return ReviewOut.build(review, with_revisions=True)


def _mine(request: HttpRequest, review_id: int) -> ReviewOut:
    return ReviewOut.build(review_for_reader(review_id, current_user(request)), with_revisions=True)


@router.post("/reviews", response={201: ReviewOut}, summary="Write a review (a draft)", auth=TokenAuth())
def create(request: HttpRequest, payload: ReviewIn) -> tuple[int, ReviewOut]:
    """A critic's draft about public works, a public artist and/or a public exhibition (``exhibition_id``);
    publish it with ``/publish``."""
    review = create_review(user=current_user(request), title=payload.title, body=payload.body,
                           language=payload.language, conflict_of_interest=payload.conflict_of_interest,
                           artwork_ids=payload.artwork_ids, artist_id=payload.artist_id,
                           exhibition_id=payload.exhibition_id)
    return 201, _mine(request, review.pk)


@router.put("/reviews/{int:review_id}", response=ReviewOut, summary="Change my review", auth=TokenAuth())
def update(request: HttpRequest, review_id: int, payload: ReviewUpdateIn) -> ReviewOut:
    """Replace the review's fields; on a published review the previous words become a visible correction."""
    update_review(user=current_user(request), review_id=review_id, title=payload.title, body=payload.body,
                  language=payload.language, conflict_of_interest=payload.conflict_of_interest,
                  artwork_ids=payload.artwork_ids, artist_id=payload.artist_id, note=payload.note,
                  exhibition_id=payload.exhibition_id)
    return _mine(request, review_id)


@router.post("/reviews/{int:review_id}/publish", response=ReviewOut, summary="Publish my review", auth=TokenAuth())
def publish(request: HttpRequest, review_id: int, payload: PublishIn) -> ReviewOut:
    """Publish a draft, now or under embargo until ``publish_at``; the reviewed artists are notified."""
    publish_review(user=current_user(request), review_id=review_id, publish_at=payload.publish_at)
    return _mine(request, review_id)


@router.post("/reviews/{int:review_id}/reply", response={201: ReplyOut}, summary="Reply to a review of my work",
             auth=TokenAuth())
def reply(request: HttpRequest, review_id: int, payload: ReplyIn) -> tuple[int, ReplyOut]:
    """The reviewed artist's one reply, shown under the review; the critic is notified."""
    created = reply_to_review(user=current_user(request), review_id=review_id, body=payload.body)
    return 201, ReplyOut.build(created)


@router.patch("/reviews/{int:review_id}/reply", response=ReplyOut, summary="Correct my reply to a review",
              auth=TokenAuth())
def edit_reply(request: HttpRequest, review_id: int, payload: ReplyIn) -> ReplyOut:
    """The artist who wrote the review's reply replaces its text; readers see when it was edited
    (``edited_at``). 403 for anyone else, 404 without a reply, 409 once the moderators hid it."""
    review = review_for_reader(review_id, None)
    reply = Reply.objects.filter(review_id=review.pk).select_related("artist").first()
    if reply is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such reply."))
    return ReplyOut.build(update_reply(user=current_user(request), reply_id=reply.pk, body=payload.body))
