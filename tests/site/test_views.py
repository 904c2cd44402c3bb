"""The home page and the health check."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from dala.core.translation import Translated
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_home_renders_in_each_language(client: Client, language: str) -> None:
    work = ArtworkFactory(title=Translated(kk="Таң", ru="Рассвет", en="Dawn"))

    response = client.get(f"/{language}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert {"kk": "Таң", "ru": "Рассвет", "en": "Dawn"}[language] in content
    assert f"/{language}/artists/{work.artist.slug}/{work.slug}/" in content
    assert f'hreflang="{language}"' in content


def test_home_shows_featured_and_emerging_artists(client: Client) -> None:
    ArtistFactory(is_featured=True, name=Translated(en="Featured Painter"))
    ArtworkFactory(artist=ArtistFactory(career_stage="emerging", name=Translated(en="Young Weaver")))

    content = client.get("/en/").content.decode()

    assert "Featured artists" in content and "Featured Painter" in content
    assert "Emerging artists" in content and "Young Weaver" in content


def test_home_query_count_does_not_grow_with_the_shelves(
    client: Client, django_assert_max_num_queries: type[DjangoAssertNumQueries]
) -> None:
    for image in ArtworkImageFactory.create_batch(15):
        image.artwork.artist.is_featured = True
        image.artwork.artist.career_stage = "emerging"
        image.artwork.artist.save()

    # The new works' ids, the emerging share's ids, their cards with images, the featured artists, the
    # emerging artists' ids and profiles: 7, however full the shelves; the trending shelf's scores with
    # their works and those works' images (dala.discovery): 2 more.
    with django_assert_max_num_queries(9):
        response = client.get("/en/")

    assert response.status_code == 200


def test_healthz_reports_database_and_storage_ok(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_leaves_no_probe_file_behind(client: Client) -> None:
    client.get("/healthz")

    assert not default_storage.exists("healthz") or default_storage.listdir("healthz")[1] == []


def test_healthz_answers_503_naming_storage_when_it_cannot_write(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(default_storage, "save", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "storage": "error"}


def test_healthz_answers_503_naming_the_database_when_it_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise OSError("database is gone")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "error"


@pytest.mark.parametrize(("language", "artworks", "artists"), [
    ("kk", "Туындылар", "Суретшілер"),
    ("ru", "Работы", "Художники"),
    ("en", "Artworks", "Artists"),
])
def test_the_navigation_speaks_the_language_of_the_address(client: Client, language: str, artworks: str,
                                                           artists: str) -> None:
    response = client.get(f"/{language}/")
    navigation = response.content.decode().split('aria-label="', 2)[1].split("</nav>")[0]
    assert artworks in navigation
    assert artists in navigation
