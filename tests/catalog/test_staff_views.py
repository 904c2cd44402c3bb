"""The staff-only download of an image's private original."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from dala.accounts.models import User
from tests.factories import ArtworkImageFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(pk: int) -> str:
    return reverse("catalog:image_original", args=[pk])


def test_staff_download_the_original_as_an_uncached_attachment(client: Client, originals_root: Path) -> None:
    image = ArtworkImageFactory()
    client.force_login(User.objects.create_user(email="staff@example.com", password="x", is_staff=True))

    response = client.get(_url(image.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="artwork-image-{image.pk}.jpg"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == (originals_root / image.file.name).read_bytes()


def test_a_user_who_is_not_staff_is_refused_the_original(client: Client) -> None:
    image = ArtworkImageFactory()
    client.force_login(image.artwork.artist.user)  # not even the artist: the original is for staff only

    assert client.get(_url(image.pk)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    image = ArtworkImageFactory()

    response = client.get(_url(image.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_missing_original_is_not_found(client: Client, originals_root: Path) -> None:
    image = ArtworkImageFactory()
    (originals_root / image.file.name).unlink()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(_url(image.pk)).status_code == 404
    assert client.get(_url(image.pk + 1)).status_code == 404
