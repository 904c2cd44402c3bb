"""Who may do what with accounts. Views ask here, never in a template."""

from __future__ import annotations

from typing import Any

from .models import ArtistProfile, Role
from .services import SELF_SERVICE_ROLES

# The order in which roles are offered on forms.
ROLE_ORDER = (Role.ARTIST, Role.COLLECTOR, Role.CRITIC, Role.GALLERY, Role.CURATOR)


def is_artist(user: Any) -> bool:
    """Whether ``user`` has an artist profile, and so a studio."""
    if not getattr(user, "is_authenticated", False):
        return False
    return ArtistProfile.objects.filter(user_id=user.pk).exists()


def roles_user_may_add(user: Any) -> list[Role]:
    """The self-service roles ``user`` does not hold yet, in the order forms offer them."""
    if not getattr(user, "is_authenticated", False):
        return []
    held = user.role_names
    return [role for role in ROLE_ORDER if role in SELF_SERVICE_ROLES and role not in held]
