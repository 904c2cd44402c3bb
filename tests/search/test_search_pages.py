"""The search page and the search API."""

from __future__ import annotations

import pytest
from django.test import Client

from dala.core.translation import Translated
from tests.factories import ArtistFactory, ArtworkFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("either_path")]


@pytest.fixture
def naoko() -> object:
    artist = ArtistFactory(name=Translated(kk="Бақыт Наоко", ru="Бахыт Наоко", en="Bakhyt Naoko"))
    ArtworkFactory(artist=artist, title=Translated(kk="Дала", ru="Степь", en="Steppe at dawn"))
    return artist


def test_the_page_lists_works_with_the_match_highlighted_and_tabs_with_counts(client: Client, naoko: object) -> None:
    page = client.get("/en/search/", {"q": "steppe"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark>Steppe</mark> at dawn" in html
    assert "Works <span class=\"search-tabs__count\">(1)</span>" in html


def test_the_artists_tab_finds_her_by_a_russian_spelling(client: Client, naoko: object) -> None:
    html = client.get("/en/search/", {"q": "Бахыт", "kind": "artist"}).content.decode()
    assert "<mark>Bakhyt</mark> Naoko" in html


def test_an_unknown_kind_or_a_huge_page_is_not_an_error(client: Client, naoko: object) -> None:
    page = client.get("/en/search/", {"q": "steppe", "kind": "planets", "page": "9999999"})
    assert page.status_code == 200
    assert "There is no such kind of result" in page.content.decode()
    assert client.get("/en/search/", {"q": "x" * 5000}).status_code == 200


def test_nothing_found_says_so(client: Client, naoko: object) -> None:
    html = client.get("/en/search/", {"q": "zzzzqqq"}).content.decode()
    assert "Nothing matches" in html


def test_the_header_has_a_search_box_that_works_without_javascript(client: Client) -> None:
    html = client.get("/en/").content.decode()
    assert 'action="/en/search/"' in html and 'name="q"' in html


def test_the_api_returns_one_kind_with_counts_and_highlight_runs(client: Client, naoko: object) -> None:
    body = client.get("/api/v1/search", {"q": "Baqyt"}).json()
    assert body["kind"] == "artist" and body["counts"]["artist"] == 1 and body["counts"]["artwork"] == 1
    item = body["items"][0]
    assert item["artist"]["slug"] == naoko.slug  # type: ignore[attr-defined]
    assert {"text": "Bakhyt", "match": True} in item["label_runs"]
    works = client.get("/api/v1/search", {"q": "Baqyt", "kind": "artwork"}).json()
    assert works["items"][0]["artwork"]["slug"]


def test_the_api_refuses_bad_parameters_with_422(client: Client) -> None:
    assert client.get("/api/v1/search", {"q": "a", "kind": "planets"}).status_code == 422
    assert client.get("/api/v1/search", {"q": "a" * 201}).status_code == 422
    assert client.get("/api/v1/search", {"q": "a", "page": 0}).status_code == 422


def test_suggestions_in_the_api(client: Client, naoko: object) -> None:
    body = client.get("/api/v1/search/suggest", {"q": "Бах"}).json()
    assert body[0]["kind"] == "artist" and body[0]["web_url"].endswith(f"/artists/{naoko.slug}/")  # type: ignore[attr-defined]


def test_the_page_stays_within_a_fixed_number_of_queries(client: Client, naoko: object,
                                                          django_assert_max_num_queries: object) -> None:
    for n in range(30):
        ArtworkFactory(artist=naoko, title=Translated(en=f"Steppe {n}"))
    with django_assert_max_num_queries(18):  # type: ignore[operator]  # 5 of them count the facets
        assert client.get("/en/search/", {"q": "steppe"}).status_code == 200
