"""The accounts API: exchange an e-mail and password for a bearer token; who am I.

:class:`TokenAuth` is the bearer authentication every app's router uses; it lives here, in the
lowest app with an API, so that routers above can import it without reaching into ``dala.api``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.security import HttpBearer

from dala.core.errors import DomainError

from . import errors
from .models import ArtistProfile, User
from .schemas import ArtistRefOut, MeOut, TokenOut, TokenRequestIn
from .services import create_api_token, user_for_token
from .throttle import refuse_if_locked


class TokenAuth(HttpBearer):
    """``Authorization: Bearer dala_…``; the authenticated user becomes ``request.auth`` and ``request.user``.

    ``check`` (optional) is called with the user and may raise a :class:`DomainError` (say, a 403 for a
    user without the right role); it runs before the body is parsed, so a refusal is never hidden
    behind a validation error.
    """

    def __init__(self, *, check: Callable[[User], object] | None = None) -> None:
        super().__init__()
        self.check = check

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token.strip())
        if user is None:
            return None
        request.user = user
        if self.check is not None:
            self.check(user)
        return user


def current_user(request: HttpRequest) -> User:
    """The user a :class:`TokenAuth`-protected operation was called by."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


router = Router(tags=["auth"])


@router.post("/auth/token", response={201: TokenOut}, auth=None, summary="Create an API token")
def create_token(request: HttpRequest, payload: TokenRequestIn) -> tuple[int, TokenOut]:
    """Log in with e-mail and password and get a new bearer token. The key is returned only once."""
    refuse_if_locked(request, payload.email)
    user = authenticate(request, email=payload.email.strip().lower(), password=payload.password)
    if user is None:
        raise DomainError(errors.INVALID_CREDENTIALS, _("The e-mail address or the password is wrong."))
    token, key = create_api_token(user=cast(User, user), name=payload.name)
    return 201, TokenOut(key=key, name=token.name, prefix=token.key_prefix, created_at=token.created_at)


@router.get("/me", response=MeOut, auth=TokenAuth(), summary="The current user")
def me(request: HttpRequest) -> MeOut:
    """The user the token belongs to, with their roles and artist profile."""
    user = current_user(request)
    artist: Any
    try:
        artist = user.artist_profile
    except ArtistProfile.DoesNotExist:
        artist = None
    return MeOut(
        id=user.pk,
        email=user.email,
        display_name=user.display_name,
        preferred_language=user.preferred_language,
        roles=sorted(user.role_names),
        artist=ArtistRefOut(slug=artist.slug, name_display=str(artist.name)) if artist else None,
    )
