"""Reads for reviews, shaped so a page's query count does not grow with the number of reviews on it."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import ArtistProfile, CriticProfile
from dala.catalog.models import Artwork
from dala.core.errors import NotFound
from dala.programmes.models import Exhibition

from . import errors
from .models import Review, ReviewRevision

# The artwork and artist pages show this many reviews; the critic's page and the API paginate.
PANEL_SIZE = 5


def _shaped(queryset: QuerySet[Review]) -> QuerySet[Review]:
    return queryset.select_related("critic", "critic__user", "artist", "exhibition", "reply",
                                   "reply__artist").prefetch_related(
        Prefetch("artworks", queryset=Artwork.objects.select_related("artist").order_by("pk")),
    )


def readable_reviews(*, artwork_id: int | None = None, artist_id: int | None = None,
                     exhibition_id: int | None = None) -> QuerySet[Review]:
    """Reviews the public may read, optionally about a work, about an artist (the artist or any of
    their works) or about an exhibition; unordered and unshaped, so callers may count or group them."""
    reviews = Review.objects.visible()
    if exhibition_id is not None:
        reviews = reviews.filter(exhibition_id=exhibition_id)
    if artwork_id is not None:
        reviews = reviews.filter(artworks__pk=artwork_id)
    if artist_id is not None:
        # Either side of the OR may match through the join more than once: select the ids first.
        ids = Review.objects.filter(Q(artist_id=artist_id) | Q(artworks__artist_id=artist_id)).values("pk")
        reviews = reviews.filter(pk__in=ids)
    return reviews


def published_reviews(*, artwork_id: int | None = None, artist_id: int | None = None,
                      critic_id: int | None = None, exhibition_id: int | None = None) -> QuerySet[Review]:
    """Reviews the public may read, newest first, optionally about a work, about an artist (the artist
    or any of their works), about an exhibition or by a critic."""
    reviews = readable_reviews(artwork_id=artwork_id, artist_id=artist_id, exhibition_id=exhibition_id)
    if critic_id is not None:
        reviews = reviews.filter(critic_id=critic_id)
    return _shaped(reviews).order_by("-published_at", "-id")


def reviews_about(subject: Any, *, limit: int = PANEL_SIZE) -> list[Review]:
    """The newest public reviews of an artwork, an artist or an exhibition, for the panel on its page.

    Most pages have none: their ids are asked first, in a query that joins nothing, and the reviews
    shaped for the panel (six joins) only when there are some (0.4 ms instead of 1.2 ms for none)."""
    if isinstance(subject, Exhibition):
        readable = readable_reviews(exhibition_id=subject.pk)
    elif isinstance(subject, Artwork):
        readable = readable_reviews(artwork_id=subject.pk)
    elif isinstance(subject, ArtistProfile):
        readable = readable_reviews(artist_id=subject.pk)
    else:
        return []
    ids = list(readable.order_by("-published_at", "-id").values_list("pk", flat=True)[:limit])
    if not ids:
        return []
    by_id = {review.pk: review for review in _shaped(Review.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids]


def reviews_by_critic(critic: CriticProfile) -> QuerySet[Review]:
    """Everything a critic wrote, drafts included, for their own "My reviews" page."""
    return _shaped(Review.objects.filter(critic=critic)).order_by("-updated_at", "-id")


def review_for_reader(review_id: int, user: Any) -> Review:
    """One review with its revisions and reply: the public sees it once visible; its critic always (a
    preview); a hidden one is returned too, and the page shows the moderators' notice in its place."""
    review = (_shaped(Review.objects.filter(pk=review_id))
              .prefetch_related(Prefetch("revisions", queryset=ReviewRevision.objects.order_by("-corrected_at", "-id")))
              .first())
    if review is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such review."))
    own = getattr(user, "is_authenticated", False) and review.critic.user_id == user.pk
    if not own and (not review.is_published or review.is_embargoed):
        raise NotFound(errors.NOT_FOUND, _("There is no such review."))
    return review


def critic_by_slug(slug: str) -> CriticProfile:
    critic = CriticProfile.objects.filter(slug=slug).first()
    if critic is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such critic."))
    return critic
