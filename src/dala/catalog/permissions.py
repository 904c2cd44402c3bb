"""Who may do what in the catalogue. Views and routers ask here, never in a template."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile
from dala.core.errors import PermissionDenied

from . import errors
from .models import Artwork


def studio_artist(user: Any) -> ArtistProfile:
    """The artist profile whose studio ``user`` works in, or PermissionDenied."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(errors.NOT_AN_ARTIST, _("Log in as an artist to use the studio."))
    try:
        return user.artist_profile
    except ArtistProfile.DoesNotExist:
        raise PermissionDenied(errors.NOT_AN_ARTIST, _("Only artists have a studio. Create an artist profile first.")) \
            from None


def can_edit_artwork(user: Any, artwork: Artwork) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    return artwork.artist.user_id == user.pk


def can_view_artwork(user: Any, artwork: Artwork) -> bool:
    return artwork.is_listed or (artwork.deleted_at is None and can_edit_artwork(user, artwork))


def can_download_original(user: Any) -> bool:
    """Only staff may fetch an image's original as uploaded (it may carry GPS and other metadata)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)
