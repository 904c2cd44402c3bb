"""Helpers for exhibition tests: an organiser, a published show with works, image uploads."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dala.accounts.models import Role, UserRole
from dala.programmes.models import Exhibition, ExhibitionWork
from tests.factories import ArtworkFactory, ExhibitionFactory, UserFactory, image_bytes


def organiser(**kwargs: Any) -> Any:
    """A curator (may organise exhibitions)."""
    user = UserFactory(**kwargs)
    UserRole.objects.get_or_create(user=user, role=Role.CURATOR)
    return user


def show_with_works(count: int = 2, **kwargs: Any) -> Exhibition:
    """An exhibition (draft unless ``status`` is passed) with ``count`` public works hanging."""
    if kwargs.get("status") == "published":
        kwargs.setdefault("published_at", timezone.now())
    kwargs.setdefault("organiser", organiser())
    exhibition = ExhibitionFactory(**kwargs)
    for position in range(count):
        ExhibitionWork.objects.create(exhibition=exhibition, artwork=ArtworkFactory(), position=position)
    return exhibition


def photo_upload(name: str = "view.jpg", fmt: str = "JPEG") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(fmt), content_type="image/jpeg")
