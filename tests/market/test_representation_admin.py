"""The representation admin: staff edits keep the share's limit and leave an entry in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from dala.accounts.models import User
from dala.market.models import AuditEntry, Representation
from tests.factories import ArtworkFactory, GalleryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> User:
    user = User.objects.create_superuser(email="staff@example.com", password="x")
    client.force_login(user)
    return user


def _data(gallery: Any, work: Any, commission_bp: int) -> dict[str, Any]:
    return {"gallery": gallery.pk, "artist": work.artist_id, "commission_bp": commission_bp,
            "ended_at_0": "", "ended_at_1": "", "artworks": [work.pk]}


def test_staff_adding_a_representation_is_logged(client: Client, staff: User, settings: Settings) -> None:
    settings.DALA_PLATFORM_COMMISSION_BP = 1000
    gallery, work = GalleryFactory(), ArtworkFactory()
    url = reverse("admin:market_representation_add")

    refused = client.post(url, _data(gallery, work, 9500))
    saved = client.post(url, _data(gallery, work, 3000))

    assert refused.status_code == 200 and "between 0 and 90 percent" in refused.content.decode()
    assert saved.status_code == 302
    representation = Representation.objects.get()
    entry = AuditEntry.objects.get(object_type="representation", object_id=representation.pk)
    assert (entry.action, entry.actor_id) == ("representation.granted", staff.pk)
    assert entry.details["works"] == [work.pk] and entry.details["by_staff"] is True
