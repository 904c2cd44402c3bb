"""Shapes of the reviews API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from dala.core.markup import render_markdown

from .models import Reply, Review
from .services import reply_edited_at


class CriticOut(Schema):
    id: int
    slug: str
    name: str
    outlet: str


class ArtworkRefOut(Schema):
    id: int
    title: str
    artist_id: int


class ReplyOut(Schema):
    id: int
    artist_id: int
    artist_name: str
    body: str
    body_html: str
    created_at: datetime
    updated_at: datetime
    edited_at: datetime | None = Field(description="When the artist last corrected the reply; null if never.")

    @staticmethod
    def build(reply: Reply) -> ReplyOut:
        return ReplyOut(id=reply.pk, artist_id=reply.artist_id, artist_name=str(reply.artist.name), body=reply.body,
                        body_html=str(render_markdown(reply.body)), created_at=reply.created_at,
                        updated_at=reply.updated_at, edited_at=reply_edited_at(reply))


class RevisionOut(Schema):
    title: str
    body: str
    note: str
    corrected_at: datetime


class ExhibitionRefOut(Schema):
    slug: str
    title: str


class ReviewOut(Schema):
    id: int
    status: str
    language: str
    title: str
    body: str
    body_html: str = Field(description="The body rendered to HTML; raw HTML is escaped, script links dropped.")
    conflict_of_interest: str
    critic: CriticOut
    artworks: list[ArtworkRefOut]
    artist_id: int | None
    exhibition: ExhibitionRefOut | None = Field(description="The exhibition or viewing room the review is about.")
    published_at: datetime | None
    publish_at: datetime | None = Field(description="The embargo: the public sees the review from then.")
    corrected_at: datetime | None
    reply: ReplyOut | None = Field(description="The artist's reply; null when there is none or it is hidden.")
    revisions: list[RevisionOut] = Field(description="Corrections, newest first (only on a single review).")

    @staticmethod
    def build(review: Review, *, with_revisions: bool = False) -> ReviewOut:
        try:
            reply = review.reply
        except Review.reply.RelatedObjectDoesNotExist:
            reply = None
        return ReviewOut(
            id=review.pk, status=review.status, language=review.language, title=review.title, body=review.body,
            body_html=str(render_markdown(review.body)), conflict_of_interest=review.conflict_of_interest,
            critic=CriticOut(id=review.critic.pk, slug=review.critic.slug, name=str(review.critic.name),
                             outlet=review.critic.outlet),
            artworks=[ArtworkRefOut(id=a.pk, title=str(a.title), artist_id=a.artist_id) for a in review.artworks.all()],
            artist_id=review.artist_id,
            exhibition=(ExhibitionRefOut(slug=review.exhibition.slug, title=str(review.exhibition.title))
                        if review.exhibition_id and review.exhibition else None),
            published_at=review.published_at, publish_at=review.publish_at,
            corrected_at=review.corrected_at,
            reply=ReplyOut.build(reply) if reply is not None and reply.hidden_at is None else None,
            revisions=[RevisionOut(title=r.title, body=r.body, note=r.note, corrected_at=r.corrected_at)
                       for r in review.revisions.all()] if with_revisions else [],
        )


class ReviewPageOut(Schema):
    items: list[ReviewOut]
    page: int
    page_size: int
    count: int
    next: int | None
    previous: int | None


class ReviewQuery(Schema):
    artwork: int | None = Field(None, description="Only reviews discussing this artwork (id).")
    artist: int | None = Field(None, description="Only reviews about this artist (id) or any of their works.")
    critic: str | None = Field(None, description="Only reviews by this critic (slug).")
    exhibition: str | None = Field(None, description="Only reviews about this exhibition (slug).")
    page: int = Field(1, ge=1, le=100_000)  # as the catalogue's lists: the offset must fit the database
    page_size: int = Field(20, ge=1, le=100)


class ReviewIn(Schema):
    title: str = Field(max_length=300)
    body: str = Field(description="Markdown: headings, emphasis, links, quotes, lists; raw HTML is shown as text.")
    language: str = Field(description="kk, ru or en: the one language the review is written in.")
    conflict_of_interest: str = Field(max_length=1000, description="Any conflict of interest; “None” if none.")
    artwork_ids: list[int] = []
    artist_id: int | None = None
    exhibition_id: int | None = Field(None, description="A published, public exhibition or viewing room (id).")


class ReviewUpdateIn(ReviewIn):
    note: str = Field("", max_length=500, description="What was corrected; required for a published review.")


class PublishIn(Schema):
    publish_at: datetime | None = Field(None, description="Embargo: published now, visible from this time.")


class ReplyIn(Schema):
    body: str
