"""The similar panels on the artwork and artist pages, the API and the admin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from dala.accounts.models import User
from dala.catalog.models import Artwork
from dala.catalog.services import set_artwork_availability
from dala.discovery.models import SimilarArtist, SimilarArtwork
from dala.discovery.services.similar import recompute_similar_artists, recompute_similar_works
from tests.factories import ArtworkImageFactory

from .factories_similar import work

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def url_of(obj: object) -> str:
    with translation.override("en"):
        return obj.get_absolute_url()  # type: ignore[attr-defined]


def with_similar(count: int) -> Artwork:
    base = work(subjects=("steppe",))
    for _ in range(count):
        ArtworkImageFactory(artwork=work(subjects=("steppe",)))
    recompute_similar_works(artwork_id=base.pk)
    recompute_similar_artists(artist_id=base.artist_id)
    return base


def page_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_artwork_page_shows_similar_works_and_the_artist_page_similar_artists(client: Client) -> None:
    base = with_similar(2)
    others = Artwork.objects.exclude(pk=base.pk).select_related("artist")

    _n, content = page_queries(client, url_of(base))
    assert "Similar works" in content
    assert all(url_of(other) in content for other in others)

    _n, content = page_queries(client, url_of(base.artist))
    assert "Similar artists" in content
    assert all(url_of(other.artist) in content for other in others)


def test_without_similar_rows_the_panels_render_nothing(client: Client) -> None:
    lonely = work(subjects=("steppe",))

    _n, content = page_queries(client, url_of(lonely))
    assert "Similar works" not in content
    _n, content = page_queries(client, url_of(lonely.artist))
    assert "Similar artists" not in content
    assert render_to_string("discovery/panels/similar_works.html", {"artwork": lonely}).strip() == ""


def test_a_work_made_private_after_the_computation_is_not_shown(client: Client) -> None:
    base = with_similar(1)
    other = Artwork.objects.exclude(pk=base.pk).get()
    set_artwork_availability(artwork=other, availability="draft")

    _n, content = page_queries(client, url_of(base))
    assert url_of(other) not in content and "Similar works" not in content


def test_the_panels_cost_the_same_queries_for_one_or_eight(
        client: Client, django_assert_max_num_queries: type[DjangoAssertNumQueries]) -> None:
    one, eight = with_similar(1), with_similar(8)
    assert SimilarArtwork.objects.filter(artwork=eight).count() == 8

    with django_assert_max_num_queries(2):
        render_to_string("discovery/panels/similar_works.html", {"artwork": eight})
    with django_assert_max_num_queries(1):
        render_to_string("discovery/panels/similar_artists.html", {"artist": eight.artist})
    assert page_queries(client, url_of(one))[0] == page_queries(client, url_of(eight))[0]
    assert page_queries(client, url_of(one.artist))[0] == page_queries(client, url_of(eight.artist))[0]


def test_the_pages_compute_nothing(client: Client) -> None:
    base = work(subjects=("steppe",))
    work(subjects=("steppe",))

    page_queries(client, url_of(base))
    page_queries(client, url_of(base.artist))

    assert not SimilarArtwork.objects.exists() and not SimilarArtist.objects.exists()


# API ----------------------------------------------------------------------------------------------


def test_the_api_lists_similar_works_and_artists_without_a_token(client: Client) -> None:
    base = with_similar(2)
    expected = list(SimilarArtwork.objects.filter(artwork=base).order_by("rank").values_list("similar_id", flat=True))

    body = client.get(f"{API}/artworks/{base.pk}/similar").json()
    assert [item["id"] for item in body["items"]] == expected
    assert all(item["artist"]["slug"] != base.artist.slug for item in body["items"])

    body = client.get(f"{API}/artists/{base.artist.slug}/similar").json()
    assert {item["slug"] for item in body["items"]} == set(
        Artwork.objects.exclude(artist=base.artist).values_list("artist__slug", flat=True))
    assert body["items"][0]["web_url"].startswith("http")


def test_the_api_does_not_find_private_works_or_unknown_artists(client: Client) -> None:
    draft = work(subjects=("steppe",), availability="draft")

    response = client.get(f"{API}/artworks/{draft.pk}/similar")
    assert response.status_code == 404 and response.json()["error"]["code"] == "artwork_not_found"
    assert client.get(f"{API}/artists/nobody-here/similar").status_code == 404
    assert client.get(f"{API}/artworks/abc/similar").status_code in {400, 422}


def test_the_api_documents_the_similar_operations(client: Client) -> None:
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    operation = paths["/api/v1/artworks/{artwork_id}/similar"]["get"]
    assert operation["summary"] == "List similar works" and operation["description"]
    assert paths["/api/v1/artists/{slug}/similar"]["get"]["summary"] == "List similar artists"


# Admin --------------------------------------------------------------------------------------------


def test_staff_see_the_lists_read_only_and_can_recompute(client: Client) -> None:
    client.force_login(User.objects.create_superuser(email="staff@example.com", password="x"))
    base = with_similar(2)
    row = SimilarArtwork.objects.filter(artwork=base).first()
    assert row is not None

    assert client.get("/admin/discovery/similarartwork/").status_code == 200
    assert client.get("/admin/discovery/similarartist/").status_code == 200
    assert client.get("/admin/discovery/similarartwork/add/").status_code == 403

    newcomer = work(subjects=("steppe",))
    response = client.post("/admin/discovery/similarartwork/",
                           {"action": "recompute", "_selected_action": [row.pk]}, follow=True)
    assert response.status_code == 200
    assert SimilarArtwork.objects.filter(artwork=base, similar=newcomer, rank=1).exists()
