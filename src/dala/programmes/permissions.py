"""Who may organise programmes and act on which. Views, routers and services ask here, never templates.

Organisers are galleries, curators, artists and staff (the issue's list); an exhibition, a call or a
mentorship is managed by the user who made it (its ``organiser`` / ``mentor``) and by staff."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile, Role
from dala.core.errors import PermissionDenied

from . import errors

ORGANISER_ROLES = (Role.GALLERY, Role.CURATOR, Role.ARTIST, Role.STAFF)


def is_logged_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def require_login(user: Any) -> None:
    if not is_logged_in(user):
        raise PermissionDenied(errors.NOT_LOGGED_IN, _("Log in first."))


def can_organise(user: Any) -> bool:
    """Whether ``user`` may create exhibitions, viewing rooms and open calls."""
    if not is_logged_in(user):
        return False
    return bool(user.is_staff) or any(user.has_role(role) for role in ORGANISER_ROLES)


def require_organiser_role(user: Any) -> None:
    require_login(user)
    if not can_organise(user):
        raise PermissionDenied(errors.CANNOT_ORGANISE,
                               _("Only galleries, curators, artists and staff organise exhibitions and open calls."))


def manages(user: Any, thing: Any) -> bool:
    """Whether ``user`` manages ``thing`` (an Exhibition or OpenCall: its organiser, or staff)."""
    return is_logged_in(user) and (bool(user.is_staff) or thing.organiser_id == user.pk)


def require_manager(user: Any, thing: Any) -> None:
    require_login(user)
    if not manages(user, thing):
        raise PermissionDenied(errors.NOT_ORGANISER, _("Only the organiser may do this."))


def artist_of(user: Any) -> ArtistProfile | None:
    """The artist profile of ``user``, or None."""
    if not is_logged_in(user):
        return None
    try:
        return user.artist_profile  # type: ignore[no-any-return]
    except ArtistProfile.DoesNotExist:
        return None


def require_artist(user: Any) -> ArtistProfile:
    require_login(user)
    artist = artist_of(user)
    if artist is None:
        raise PermissionDenied(errors.NOT_AN_ARTIST, _("Only artists can do this; add an artist profile first."))
    return artist
