"""Shared by the inventory commands: find the artist a ``--artist`` slug names."""

from __future__ import annotations

from django.core.management.base import CommandError

from dala.accounts.models import ArtistProfile


def artist_by_slug(slug: str) -> ArtistProfile:
    artist = ArtistProfile.objects.filter(slug=slug).first()
    if artist is None:
        raise CommandError(f"There is no artist with the slug {slug!r}.")
    return artist
