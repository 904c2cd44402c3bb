"""Reads for the representation page and API: whom a gallery represents, who represents an artist."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile, GalleryProfile
from dala.catalog.models import Artwork, Availability
from dala.core.errors import NotFound

from .. import errors
from ..models import Representation


def _shaped(queryset: QuerySet[Representation]) -> QuerySet[Representation]:
    # Active ones first, then the latest; the held works come in one query for the whole list.
    works = Artwork.objects.select_related("artist").order_by("-created_at", "-pk")
    return (queryset.select_related("gallery__user", "artist__user")
            .prefetch_related(Prefetch("artworks", queryset=works))
            .order_by(F("ended_at").desc(nulls_first=True), "-created_at", "-pk"))


def representations_of(user: Any) -> QuerySet[Representation]:
    """Representations ``user`` is a side of, as the artist or as the gallery."""
    return _shaped(Representation.objects.filter(Q(artist__user_id=user.pk) | Q(gallery__user_id=user.pk)))


def representations_granted_by(artist: ArtistProfile) -> QuerySet[Representation]:
    return _shaped(Representation.objects.filter(artist=artist))


def representations_held_by(gallery: GalleryProfile) -> QuerySet[Representation]:
    return _shaped(Representation.objects.filter(gallery=gallery))


def representation_seen_by(user: Any, representation_id: int) -> Representation:
    """One representation for its artist, its gallery or staff; NotFound for anyone else."""
    representation = _shaped(Representation.objects.filter(pk=representation_id)).first()
    if (representation is None or not getattr(user, "is_authenticated", False)
            or (user.pk not in (representation.artist.user_id, representation.gallery.user_id)
                and not user.is_staff)):
        raise NotFound(errors.NOT_FOUND, _("No such representation."))
    return representation


def artist_profile_of(user: Any) -> ArtistProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ArtistProfile.objects.filter(user_id=user.pk).first()


def gallery_profile_of(user: Any) -> GalleryProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return GalleryProfile.objects.filter(user_id=user.pk).first()


def galleries_to_choose(artist: ArtistProfile) -> QuerySet[GalleryProfile]:
    """Every gallery an artist may grant representation to (not one of their own)."""
    return GalleryProfile.objects.exclude(user_id=artist.user_id).order_by("slug", "pk")


def works_to_hold(artist: ArtistProfile, *, also: Any = ()) -> QuerySet[Artwork]:
    """The artist's works a gallery may be given to hold: not deleted and not drafts, plus ``also``
    (the works held already, so that an edit does not silently drop a held work that became a draft)."""
    return (Artwork.objects.alive().filter(artist=artist)
            .filter(~Q(availability=Availability.DRAFT) | Q(pk__in=list(also)))
            .select_related("artist").order_by("-created_at", "-pk"))
