"""Helpers for the similar works and artists tests: subjects, media and works described in one call."""

from __future__ import annotations

from typing import Any

from dala.catalog.models import Artwork, Medium, Subject
from dala.core.translation import Translated
from dala.social.models import Follow
from tests.factories import ArtworkFactory, MediumFactory, SubjectFactory


def subject(slug: str) -> Subject:
    return SubjectFactory(slug=slug, label=Translated(en=slug.title(), kk=slug, ru=slug))


def medium(slug: str) -> Medium:
    return MediumFactory(slug=slug, label=Translated(en=slug.title(), kk=slug, ru=slug))


def work(*, subjects: tuple[str, ...] = (), medium_slug: str = "oil", colours: tuple[str, ...] = (),
         **kwargs: Any) -> Artwork:
    """A public work (unless told otherwise) with these subjects, medium and named colours."""
    artwork = ArtworkFactory(medium=medium(medium_slug),
                             colours=f" {' '.join(colours)} " if colours else "", **kwargs)
    if subjects:
        artwork.subjects.add(*[subject(slug) for slug in subjects])
    return artwork


def follow_artist(user: Any, artist: Any) -> Follow:
    return Follow.objects.create(follower=user, artist=artist)
