"""An artist's page names the galleries that represent the artist now and links to their pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.core.translation import Translated
from dala.market.models import Representation
from tests.factories import ArtistFactory, ArtworkFactory, GalleryFactory

pytestmark = pytest.mark.django_db


def _artist_page(client: Client, artist: Any) -> str:
    response = client.get(f"/en/artists/{artist.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_artist_page_links_to_the_galleries_representing_the_artist_now(client: Client) -> None:
    artist = ArtistFactory()
    ArtworkFactory(artist=artist)
    current = GalleryFactory(name=Translated(en="Steppe Gallery"), slug="steppe-gallery")
    former = GalleryFactory(name=Translated(en="Old Gallery"), slug="old-gallery")
    Representation.objects.create(artist=artist, gallery=current)
    Representation.objects.create(artist=artist, gallery=former, ended_at=timezone.now())

    html = _artist_page(client, artist)

    assert "Represented by" in html
    assert 'href="/en/galleries/steppe-gallery/"' in html and "Steppe Gallery" in html
    assert "Old Gallery" not in html


def test_an_artist_without_a_gallery_shows_no_panel(client: Client) -> None:
    artist = ArtistFactory()
    ArtworkFactory(artist=artist)
    assert "Represented by" not in _artist_page(client, artist)
