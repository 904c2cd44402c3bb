"""Reads about people."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken, ArtistProfile, CollectorProfile, CriticProfile, GalleryProfile, User


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """All of ``user``'s API tokens, revoked ones included, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def artist_profile_of(user: User) -> ArtistProfile | None:
    return ArtistProfile.objects.select_related("city").filter(user=user).first()


def collector_profile_of(user: User) -> CollectorProfile | None:
    return CollectorProfile.objects.filter(user=user).first()


def gallery_profile_of(user: User) -> GalleryProfile | None:
    return GalleryProfile.objects.select_related("city").filter(user=user).first()


def critic_profile_of(user: User) -> CriticProfile | None:
    return CriticProfile.objects.filter(user=user).first()
