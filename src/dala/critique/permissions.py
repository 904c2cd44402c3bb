"""Who may do what with reviews: checked here, once, for services, views and the API."""

from __future__ import annotations

from typing import Any

from dala.accounts.models import ArtistProfile, CriticProfile

from .models import Reply, Review


def critic_of(user: Any) -> CriticProfile | None:
    """The user's critic profile: only critics write reviews."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return CriticProfile.objects.get(user_id=user.pk)
    except CriticProfile.DoesNotExist:
        return None


def artist_of(user: Any) -> ArtistProfile | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return ArtistProfile.objects.get(user_id=user.pk)
    except ArtistProfile.DoesNotExist:
        return None


def reviewed_artist_ids(review: Review) -> set[int]:
    """The artists (profile ids) the review is about: its artist and the artist of each of its works."""
    ids = {artwork.artist_id for artwork in review.artworks.all()}
    if review.artist_id is not None:
        ids.add(review.artist_id)
    return ids


def reviewed_artist_user_ids(review: Review) -> list[int]:
    ids = reviewed_artist_ids(review)
    return sorted(ArtistProfile.objects.filter(pk__in=ids).values_list("user_id", flat=True))


def is_review_author(user: Any, review: Review) -> bool:
    """Only the critic who signed a review may change it; nobody edits another's words."""
    return bool(getattr(user, "is_authenticated", False)) and review.critic.user_id == user.pk


def is_reply_author(user: Any, reply: Reply) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and reply.artist.user_id == user.pk


def may_reply(user: Any, review: Review) -> bool:
    """The reviewed artist may answer a review the public can read."""
    artist = artist_of(user)
    return artist is not None and review.is_visible and artist.pk in reviewed_artist_ids(review)


def may_moderate(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)
