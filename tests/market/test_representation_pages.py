"""The representation page: the artist grants a gallery representation and chooses its works; the gallery
sees whom it represents; either ends it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from dala.catalog.models import Availability
from dala.market.models import AuditEntry, Representation
from dala.market.services.representation import grant_representation
from tests.factories import ArtistFactory, ArtworkFactory, GalleryFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "market:representation"


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def artist() -> Any:
    return ArtistFactory()


@pytest.fixture
def gallery() -> Any:
    return GalleryFactory()


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    response = Client().get(reverse(PAGE))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_user_who_is_neither_artist_nor_gallery_is_told_so() -> None:
    response = logged_in(UserFactory()).get(reverse(PAGE))

    assert response.status_code == 200
    assert "neither an artist" in response.content.decode()
    assert "Grant representation" not in response.content.decode()


def test_the_artist_grants_a_gallery_representation_with_a_share_in_percent(artist: Any, gallery: Any) -> None:
    work, draft = ArtworkFactory(artist=artist), ArtworkFactory(artist=artist, availability=Availability.DRAFT)
    client = logged_in(artist.user)

    form_page = client.get(reverse(PAGE)).content.decode()
    response = client.post(reverse(PAGE), {"gallery": gallery.pk, "commission": "12.34", "artworks": [work.pk]})

    assert f'value="{work.pk}"' in form_page and f'value="{draft.pk}"' not in form_page
    assert response.status_code == 302
    representation = Representation.objects.get()
    assert (representation.gallery, representation.commission_bp) == (gallery, 1234)
    assert list(representation.artworks.all()) == [work]
    page = client.get(reverse(PAGE)).content.decode()
    assert str(gallery.name) in page and "12.34 %" in page and str(work.title) in page


def test_a_share_above_the_limit_is_shown_next_to_the_field(artist: Any, gallery: Any, settings: Settings) -> None:
    settings.DALA_PLATFORM_COMMISSION_BP = 1000

    response = logged_in(artist.user).post(reverse(PAGE), {"gallery": gallery.pk, "commission": "95"})

    assert response.status_code == 400
    assert "between 0 and 90 percent" in response.content.decode()
    assert not Representation.objects.exists()


def test_a_second_grant_to_the_same_gallery_is_refused_on_the_form(artist: Any, gallery: Any) -> None:
    grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500)

    response = logged_in(artist.user).post(reverse(PAGE), {"gallery": gallery.pk, "commission": "30"})

    assert response.status_code == 409
    assert "already represents you" in response.content.decode()


def test_a_gallery_cannot_grant_itself_from_the_page(gallery: Any) -> None:
    client = logged_in(gallery.user)

    page = client.get(reverse(PAGE)).content.decode()
    response = client.post(reverse(PAGE), {"gallery": gallery.pk, "commission": "30"})

    assert "Grant representation" not in page
    assert response.status_code == 302
    assert not Representation.objects.exists()


def test_the_gallery_sees_the_artists_it_represents_and_the_works_it_holds(artist: Any, gallery: Any,
                                                                           django_assert_max_num_queries: Any) -> None:
    for _i in range(3):
        other = ArtistFactory()
        grant_representation(artist_user=other.user, gallery_id=gallery.pk, commission_bp=2000,
                             artwork_ids=[ArtworkFactory(artist=other).pk, ArtworkFactory(artist=other).pk])
    work = ArtworkFactory(artist=artist)
    grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500, artwork_ids=[work.pk])
    client = logged_in(gallery.user)

    with django_assert_max_num_queries(12):
        page = client.get(reverse(PAGE)).content.decode()

    assert str(artist.name) in page and str(work.title) in page and "25 %" in page
    assert "Stop representing" in page


def test_the_artist_changes_the_works_the_gallery_holds(artist: Any, gallery: Any) -> None:
    first, second = ArtworkFactory(artist=artist), ArtworkFactory(artist=artist)
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500,
                                          artwork_ids=[first.pk])
    url = reverse("market:representation_edit", args=[representation.pk])
    client = logged_in(artist.user)

    shown = client.get(url)
    response = client.post(url, {"artworks": [second.pk]})

    assert shown.status_code == 200 and "checked" in shown.content.decode()
    assert response.status_code == 302
    assert list(representation.artworks.all()) == [second]


def test_only_the_artist_sees_the_works_page(artist: Any, gallery: Any) -> None:
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500)
    url = reverse("market:representation_edit", args=[representation.pk])

    assert logged_in(gallery.user).get(url).status_code == 404
    assert logged_in(UserFactory()).get(url).status_code == 404


def test_the_gallery_ends_the_representation_and_the_artist_sees_it_ended(artist: Any, gallery: Any) -> None:
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500)

    response = logged_in(gallery.user).post(reverse("market:representation_end", args=[representation.pk]))

    assert response.status_code == 302
    representation.refresh_from_db()
    assert not representation.is_active
    page = logged_in(artist.user).get(reverse(PAGE)).content.decode()
    assert "Ended on" in page
    assert AuditEntry.objects.filter(action="representation.ended", actor=gallery.user).exists()


def test_a_stranger_cannot_end_a_representation(artist: Any, gallery: Any) -> None:
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500)

    response = logged_in(UserFactory()).post(reverse("market:representation_end", args=[representation.pk]))

    assert response.status_code == 404
    representation.refresh_from_db()
    assert representation.is_active
