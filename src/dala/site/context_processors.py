from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from dala.accounts.models import User


def _profiles(user: Any) -> dict[str, bool]:
    # One query for both (the menu asks for each on every page), made only if a template asks.
    if not getattr(user, "is_authenticated", False):
        return {"artist": False, "gallery": False}
    row = User.objects.filter(pk=user.pk).values_list("artist_profile", "gallery_profile").first()
    artist, gallery = row if row is not None else (None, None)
    return {"artist": artist is not None, "gallery": gallery is not None}


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"SITE_NAME": "dala", "TIME_ZONE_NAME": settings.TIME_ZONE,
            # Which of the signed-in user's profiles the menu links to: {"artist": bool, "gallery": bool}.
            "user_profiles": SimpleLazyObject(lambda: _profiles(user))}
