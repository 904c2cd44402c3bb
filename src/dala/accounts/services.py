"""Writes about people: sign-up, roles, profiles and API tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.core.errors import DomainError, NotFound, ValidationFailed
from dala.core.slugs import unique_slug
from dala.core.translation import Translated, to_translated

from . import errors
from .models import (
    ApiToken,
    ArtistProfile,
    CareerStage,
    City,
    CollectorProfile,
    CriticProfile,
    GalleryProfile,
    Role,
    User,
    UserRole,
)
from .places import COUNTRY_CODES

SELF_SERVICE_ROLES = {Role.ARTIST, Role.CRITIC, Role.GALLERY, Role.COLLECTOR, Role.CURATOR}


@transaction.atomic
def register_user(*, email: str, password: str, display_name: str = "", roles: Iterable[str] = (),
                  language: str = "kk") -> User:
    """Create an account with the chosen roles and an empty profile for each role that has one."""
    problems: list[DomainError] = []
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        problems.append(DomainError("invalid_email", _("Enter a valid e-mail address."), field="email"))
    else:
        if User.objects.filter(email__iexact=email).exists():
            problems.append(DomainError(errors.EMAIL_TAKEN, _("An account with this e-mail already exists."),
                                        field="email"))
    roles = list(dict.fromkeys(roles))
    for role in roles:
        if role not in SELF_SERVICE_ROLES:
            problems.append(DomainError(errors.INVALID_ROLE, _("Unknown role “%(role)s”.") % {"role": role},
                                        field="roles"))
    try:
        validate_password(password, User(email=email, display_name=display_name))
    except ValidationError as exc:
        problems.append(DomainError("weak_password", " ".join(exc.messages), field="password"))
    if problems:
        raise ValidationFailed(problems)
    user = User.objects.create_user(email=email, password=password, display_name=display_name.strip()[:150],
                                    preferred_language=language if language in ("kk", "ru", "en") else "kk")
    for role in roles:
        grant_role(user=user, role=role)
    return user


@transaction.atomic
def grant_role(*, user: User, role: str) -> None:
    """Give ``user`` a role, with the profile that goes with it."""
    if role not in Role.values or role == Role.STAFF:
        raise DomainError(errors.INVALID_ROLE, _("Unknown role “%(role)s”.") % {"role": role}, field="roles")
    UserRole.objects.get_or_create(user=user, role=role)
    name = user.display_name or user.email.split("@")[0]
    names = Translated(kk=name, ru=name, en=name)
    if role == Role.ARTIST and not ArtistProfile.objects.filter(user=user).exists():
        ArtistProfile.objects.create(user=user, name=names, slug=unique_slug(ArtistProfile.objects, name,
                                                                             fallback="artist"))
    elif role == Role.GALLERY and not GalleryProfile.objects.filter(user=user).exists():
        GalleryProfile.objects.create(user=user, name=names, slug=unique_slug(GalleryProfile.objects, name,
                                                                              fallback="gallery"))
    elif role == Role.CRITIC and not CriticProfile.objects.filter(user=user).exists():
        CriticProfile.objects.create(user=user, name=names, slug=unique_slug(CriticProfile.objects, name,
                                                                             fallback="critic"))
    elif role == Role.COLLECTOR and not CollectorProfile.objects.filter(user=user).exists():
        CollectorProfile.objects.create(user=user, name=name)


# Public profiles ---------------------------------------------------------------------------------
# Each checker takes the raw value of one field and returns it clean, or raises a DomainError naming
# no field (``_apply_profile_changes`` names it). Artist, gallery and critic profiles share them.

NAME_LIMIT = 200
LONG_TEXT_LIMIT = 20_000
SHORT_TEXT_LIMIT = 200


def _problem(message: str) -> DomainError:
    return DomainError(errors.INVALID_PROFILE, message)


def _too_long(limit: int) -> DomainError:
    return _problem(_("Keep it under %(limit)d characters.") % {"limit": limit})


def _translated(value: Any) -> Translated:
    try:
        return to_translated(value)
    except ValidationError as error:
        raise _problem(" ".join(error.messages)) from None


def _checked_name(value: Any) -> Translated:
    text = _translated(value)
    if not text:
        raise _problem(_("Give your name in at least one language."))
    if any(len(part) > NAME_LIMIT for part in text.values()):
        raise _too_long(NAME_LIMIT)
    return text


def _checked_long_text(value: Any) -> Translated:
    text = _translated(value)
    if any(len(part) > LONG_TEXT_LIMIT for part in text.values()):
        raise _too_long(LONG_TEXT_LIMIT)
    return text


def _checked_short_text(value: Any) -> str:
    text = str(value or "").strip()
    if len(text) > SHORT_TEXT_LIMIT:
        raise _too_long(SHORT_TEXT_LIMIT)
    return text


def _checked_city(value: Any) -> City | None:
    """A City, its pk or its slug; empty clears the city."""
    if value in (None, ""):
        return None
    city = value if isinstance(value, City) else City.objects.filter(
        **({"pk": value} if isinstance(value, int) else {"slug": value})).first()
    if city is None:
        raise _problem(_("Unknown city."))
    return city


def _checked_country(value: Any) -> str:
    code = str(value or "").strip().upper()
    if code and code not in COUNTRY_CODES:
        raise _problem(_("Unknown country."))
    return code


def _checked_birth_year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 1850 <= year <= timezone.now().year:
        raise _problem(_("Give a year between 1850 and this year."))
    return year


def _checked_career_stage(value: Any) -> str:
    if value not in CareerStage.values:
        raise _problem(_("Choose emerging or established."))
    return str(value)


_web_address = URLValidator(schemes=["http", "https"])


def _checked_website(value: Any) -> str:
    """An http(s) address, or empty to clear it."""
    address = str(value or "").strip()
    if not address:
        return ""
    if len(address) > SHORT_TEXT_LIMIT:
        raise _too_long(SHORT_TEXT_LIMIT)
    try:
        _web_address(address)
    except ValidationError:
        raise _problem(_("Enter a web address that starts with http:// or https://.")) from None
    return address


ProfileChecker = Callable[[Any], Any]

ARTIST_PROFILE_FIELDS: dict[str, ProfileChecker] = {
    "name": _checked_name, "city": _checked_city, "country": _checked_country,
    "birth_year": _checked_birth_year, "career_stage": _checked_career_stage,
    "biography": _checked_long_text, "statement": _checked_long_text,
}
# No ``is_verified``: only staff verify a gallery (in the admin), so a gallery passing it is refused.
GALLERY_PROFILE_FIELDS: dict[str, ProfileChecker] = {
    "name": _checked_name, "city": _checked_city, "country": _checked_country,
    "description": _checked_long_text, "website": _checked_website,
}
CRITIC_PROFILE_FIELDS: dict[str, ProfileChecker] = {
    "name": _checked_name, "outlet": _checked_short_text, "biography": _checked_long_text,
}

PublicProfile = TypeVar("PublicProfile", ArtistProfile, GalleryProfile, CriticProfile)


def _apply_profile_changes(profile: PublicProfile, changes: dict[str, Any],
                           checkers: dict[str, ProfileChecker]) -> PublicProfile:
    """Check every change, then save them all, or raise ValidationFailed listing each bad field.

    Nothing is set on ``profile`` unless every change is good. A city sets the country too, and wins
    over a country given with it.
    """
    problems: list[DomainError] = []
    for name in sorted(set(changes) - set(checkers)):
        problems.append(DomainError(errors.INVALID_PROFILE, _("Unknown field."), field=name))
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in checkers:
            continue
        try:
            clean[name] = checkers[name](value)
        except DomainError as error:
            problems.append(DomainError(error.code, error.message, field=name))
    if problems:
        raise ValidationFailed(problems)
    for name, value in clean.items():
        setattr(profile, name, value)
    city = clean.get("city")
    if city is not None and isinstance(profile, ArtistProfile | GalleryProfile):
        profile.country = city.country
    profile.save()
    return profile


@transaction.atomic
def update_artist_profile(*, profile: ArtistProfile, **changes: Any) -> ArtistProfile:
    """Change an artist's public profile (the fields of ``ARTIST_PROFILE_FIELDS``); the slug stays."""
    return _apply_profile_changes(profile, changes, ARTIST_PROFILE_FIELDS)


@transaction.atomic
def update_gallery_profile(*, profile: GalleryProfile, **changes: Any) -> GalleryProfile:
    """Change a gallery's public profile; whether it is verified is not the gallery's to change."""
    return _apply_profile_changes(profile, changes, GALLERY_PROFILE_FIELDS)


@transaction.atomic
def update_critic_profile(*, profile: CriticProfile, **changes: Any) -> CriticProfile:
    """Change a critic's public profile: name, outlet and biography."""
    return _apply_profile_changes(profile, changes, CRITIC_PROFILE_FIELDS)


# API tokens --------------------------------------------------------------------------------------

@transaction.atomic
def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the key is returned once and only its hash is kept."""
    name = (name or "").strip()[:100] or _("API token")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key), key_prefix=key[:12])
    return token, key


def user_for_token(key: str) -> User | None:
    """The active user a bearer key belongs to, or None; marks the token as used."""
    if not key or not key.startswith(ApiToken.PREFIX) or len(key) > 200:
        return None
    token = ApiToken.objects.active().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.active().filter(pk=token_id, user=user).update(revoked_at=timezone.now())
    if not updated:
        raise NotFound(errors.TOKEN_NOT_FOUND, _("There is no such token."))




# Account settings --------------------------------------------------------------------------------

@transaction.atomic
def update_account(*, user: User, display_name: str, preferred_language: str) -> User:
    """Change the name shown for ``user`` and the language dala writes to them in."""
    problems: list[DomainError] = []
    display_name = (display_name or "").strip()
    if len(display_name) > 150:
        problems.append(DomainError(errors.INVALID_PROFILE, _("Keep it under %(limit)d characters.")
                                    % {"limit": 150}, field="display_name"))
    if preferred_language not in ("kk", "ru", "en"):
        problems.append(DomainError(errors.INVALID_PROFILE, _("Choose Kazakh, Russian or English."),
                                    field="preferred_language"))
    if problems:
        raise ValidationFailed(problems)
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user


@transaction.atomic
def set_collector_privacy(*, user: User, is_private: bool) -> CollectorProfile:
    """Hide (or show) a collector's name and collection from the public."""
    profile = CollectorProfile.objects.filter(user=user).first()
    if profile is None:
        raise NotFound(errors.INVALID_PROFILE, _("You have no collector profile."))
    profile.is_private = bool(is_private)
    profile.save(update_fields=["is_private", "updated_at"])
    return profile
