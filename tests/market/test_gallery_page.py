"""A gallery's public page: who it is, the artists it represents now (not those it no longer does), the
works it holds, the follow panel, a bounded query count and a 404 for no such gallery."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dala.accounts.models import City
from dala.core.translation import Translated
from dala.market.models import Representation
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory, GalleryFactory

pytestmark = pytest.mark.django_db


def test_the_gallery_page_shows_its_artists_and_the_works_it_holds(client: Client) -> None:
    city = City.objects.create(slug="almaty-g", name=Translated(en="Almaty", ru="Алматы", kk="Алматы"))
    gallery = GalleryFactory(city=city, description=Translated(en="Contemporary art from the steppe."))
    current, former, hidden = ArtistFactory(), ArtistFactory(), ArtistFactory(is_public=False)
    held, not_held = ArtworkFactory(artist=current), ArtworkFactory(artist=current)
    Representation.objects.create(gallery=gallery, artist=current).artworks.set([held])
    ended = Representation.objects.create(gallery=gallery, artist=former, ended_at=timezone.now())
    formerly_held = ArtworkFactory(artist=former)
    ended.artworks.set([formerly_held])
    Representation.objects.create(gallery=gallery, artist=hidden)

    html = client.get(f"/en/galleries/{gallery.slug}/").content.decode()

    assert f"{gallery.name['en']}</h1>" in html and "Almaty" in html and "Contemporary art from the steppe." in html
    assert current.name["en"] in html and former.name["en"] not in html and hidden.name["en"] not in html
    assert held.title["en"] in html
    assert not_held.title["en"] not in html and formerly_held.title["en"] not in html


def test_a_gallery_with_no_artists_says_so(client: Client) -> None:
    gallery = GalleryFactory()
    html = client.get(f"/en/galleries/{gallery.slug}/").content.decode()
    assert "This gallery represents no artists on dala at the moment." in html
    assert "The gallery holds no public works at the moment." in html


def test_an_unknown_gallery_is_not_found(client: Client) -> None:
    assert client.get("/en/galleries/no-such-gallery/").status_code == 404


def test_a_bad_cursor_shows_the_first_page(client: Client) -> None:
    gallery = GalleryFactory()
    response = client.get(f"/en/galleries/{gallery.slug}/", {"cursor": "garbage"})
    assert response.status_code == 400 and "Showing the first page instead." in response.content.decode()


def test_the_gallery_pages_query_count_does_not_grow_with_its_works(client: Client) -> None:
    gallery = GalleryFactory()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/galleries/{gallery.slug}/").status_code == 200
        return len(queries)

    def represent() -> None:
        artist = ArtistFactory()
        works = [ArtworkImageFactory(artwork=ArtworkFactory(artist=artist)).artwork for _ in range(3)]
        Representation.objects.create(gallery=gallery, artist=artist).artworks.set(works)

    represent()
    few = count()
    for _ in range(5):
        represent()
    # gallery, artists, works, their images, the follow panel, the programmes panel (exhibitions, calls)
    assert count() == few <= 7
