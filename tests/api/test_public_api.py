"""The public catalogue API: artists and artworks, their pages, filters and languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork, EditionSet
from dala.core.translation import Translated
from tests.factories import (
    ArtistFactory,
    ArtworkFactory,
    ArtworkImageFactory,
    CityFactory,
    MediumFactory,
    SubjectFactory,
)

from .conftest import API, error_of

pytestmark = pytest.mark.django_db


def _all_pages(client: Client, url: str, **params: Any) -> list[dict[str, Any]]:
    """Follow ``next_cursor`` from the first page to the last; every item, in order."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        page = response.json()
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return items
    raise AssertionError("pagination never ended")


# Artworks -----------------------------------------------------------------------------------------

def test_browsing_artworks_pages_through_every_public_work_exactly_once(client: Client) -> None:
    works = ArtworkFactory.create_batch(7)
    items = _all_pages(client, f"{API}/artworks", page_size=3)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == 7
    assert set(ids) == {w.pk for w in works}
    assert ids == sorted(ids, reverse=True)  # newest first: the batch was created in id order


def test_previous_cursor_leads_back_to_the_page_before(client: Client) -> None:
    ArtworkFactory.create_batch(5)
    first = client.get(f"{API}/artworks", {"page_size": 2}).json()
    assert first["previous_cursor"] is None
    second = client.get(f"{API}/artworks", {"page_size": 2, "cursor": first["next_cursor"]}).json()
    back = client.get(f"{API}/artworks", {"page_size": 2, "cursor": second["previous_cursor"]}).json()
    assert [i["id"] for i in back["items"]] == [i["id"] for i in first["items"]]


def test_drafts_deleted_works_and_hidden_artists_are_not_listed(client: Client) -> None:
    public = ArtworkFactory()
    ArtworkFactory(availability="draft")
    ArtworkFactory(deleted_at=timezone.now())
    ArtworkFactory(artist=ArtistFactory(is_public=False))
    ids = [item["id"] for item in _all_pages(client, f"{API}/artworks")]
    assert ids == [public.pk]


def test_artwork_detail_of_a_draft_is_not_found(client: Client) -> None:
    draft = ArtworkFactory(availability="draft")
    response = client.get(f"{API}/artworks/{draft.pk}")
    assert response.status_code == 404
    assert error_of(response)["code"] == "artwork_not_found"


def test_artwork_detail_of_a_deleted_work_is_not_found(client: Client) -> None:
    gone = ArtworkFactory(deleted_at=timezone.now())
    assert client.get(f"{API}/artworks/{gone.pk}").status_code == 404


def test_public_artwork_never_shows_private_fields(client: Client) -> None:
    work = ArtworkFactory(private_notes="secret-note-4711", location="storage-room-B", inventory_number="INV-0815")
    ArtworkImageFactory(artwork=work)
    for url in (f"{API}/artworks/{work.pk}", f"{API}/artworks", f"{API}/artists/{work.artist.slug}/artworks"):
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        for secret in ("secret-note-4711", "storage-room-B", "INV-0815", "private_notes", "inventory_number",
                       "location"):
            assert secret not in text, (url, secret)


def test_artwork_detail_describes_the_work(client: Client) -> None:
    subject = SubjectFactory()
    work = ArtworkFactory(height_mm=600, width_mm=800, materials="oil on canvas",
                          description=Translated(en="A wide steppe", ru="Широкая степь"))
    work.subjects.set([subject])
    ArtworkImageFactory(artwork=work, alt_text=Translated(en="Steppe at dusk"))
    EditionSet.objects.create(artwork=work, label="Giclée", size=25, artist_proofs=2, price_amount=5_000_000)

    body = client.get(f"{API}/artworks/{work.pk}", {"lang": "en"}).json()

    assert body["title"] == {"kk": work.title["kk"], "ru": work.title["ru"], "en": work.title["en"]}
    assert body["title_display"] == work.title["en"]
    assert body["artist"]["slug"] == work.artist.slug
    assert body["medium"] == {"slug": "oil", "label": "Oil"}
    assert body["subjects"] == [{"slug": "steppe", "label": "Steppe"}]
    assert body["materials"] == "oil on canvas"
    assert body["dimensions"] == {"height_mm": 600, "width_mm": 800, "depth_mm": None, "cm": "60 × 80 cm",
                                  "inches": "23.6 × 31.5 in"}
    assert body["price"] == {"amount": 150_000_000, "currency": "KZT", "display": "1\u00a0500\u00a0000\u00a0₸"}
    assert body["price_on_request"] is False
    assert body["description_display"] == "A wide steppe"
    assert body["edition_sets"][0]["size"] == 25
    assert body["edition_sets"][0]["price"]["amount"] == 5_000_000
    [image] = body["images"]
    assert image["url"] is None and image["thumbnail_url"] is None  # pending: the original is never public
    assert image["is_primary"] is True
    assert image["alt"] == "Steppe at dusk"
    assert (image["width"], image["height"]) == (64, 48)
    assert body["image"]["id"] == image["id"]


def test_a_hidden_price_is_on_request(client: Client) -> None:
    work = ArtworkFactory(price_visible=False)
    EditionSet.objects.create(artwork=work, label="Print", size=10, price_amount=1_000)
    body = client.get(f"{API}/artworks/{work.pk}").json()
    assert body["price"] is None
    assert body["price_on_request"] is True
    assert body["edition_sets"][0]["price"] is None
    assert "150000000" not in client.get(f"{API}/artworks").content.decode()


def test_artworks_filter_like_the_browse_page(client: Client) -> None:
    watercolour = MediumFactory(slug="watercolour", label=Translated(en="Watercolour"))
    cheap_old = ArtworkFactory(price_amount=10_000_000, year=1990)  # 100 000 ₸
    dear_new = ArtworkFactory(price_amount=900_000_000, year=2023, medium=watercolour)
    in_dollars = ArtworkFactory(price_amount=100_000, price_currency="USD", year=2020)  # $1000 = 480 000 ₸

    def ids(**params: Any) -> list[int]:
        return [item["id"] for item in _all_pages(client, f"{API}/artworks", **params)]

    assert ids(medium="watercolour") == [dear_new.pk]
    assert ids(year_min=2000, year_max=2021) == [in_dollars.pk]
    assert set(ids(price_max=1_000_000)) == {cheap_old.pk, in_dollars.pk}
    assert ids(price_min=1000, price_max=1000, currency="USD") == [in_dollars.pk]
    assert ids(sort="price_asc") == [cheap_old.pk, in_dollars.pk, dear_new.pk]
    assert ids(sort="price_desc") == [dear_new.pk, in_dollars.pk, cheap_old.pk]


def test_artworks_filter_by_place_stage_subject_and_availability(client: Client) -> None:
    bishkek = CityFactory(slug="bishkek", name=Translated(en="Bishkek"), country="KG")
    kyrgyz = ArtworkFactory(artist=ArtistFactory(city=bishkek, country="KG", career_stage="emerging"),
                            availability="sold")
    steppe = ArtworkFactory()
    steppe.subjects.set([SubjectFactory()])

    def ids(**params: Any) -> list[int]:
        return [item["id"] for item in _all_pages(client, f"{API}/artworks", **params)]

    assert ids(country="KG") == [kyrgyz.pk]
    assert ids(city="bishkek") == [kyrgyz.pk]
    assert ids(career_stage="emerging") == [kyrgyz.pk]
    assert ids(availability="sold") == [kyrgyz.pk]
    assert ids(subject="steppe") == [steppe.pk]


@pytest.mark.parametrize("params, field", [
    ({"availability": "draft"}, "availability"),
    ({"country": "ZZ"}, "country"),
    ({"currency": "XXX"}, "currency"),
    ({"career_stage": "famous"}, "career_stage"),
    ({"sort": "random"}, "sort"),
    ({"price_min": "cheap"}, "price_min"),
    ({"price_min": "-5"}, "price_min"),
    ({"page_size": "101"}, "page_size"),
    ({"page_size": "0"}, "page_size"),
    ({"cursor": "not-a-cursor"}, "cursor"),
])
def test_a_bad_browse_parameter_is_refused_naming_it(client: Client, params: dict[str, str], field: str) -> None:
    ArtworkFactory()
    response = client.get(f"{API}/artworks", params)
    assert 400 <= response.status_code < 500
    error = error_of(response)
    assert error["field"] == field


def test_the_artwork_list_costs_the_same_queries_for_5_and_30_works(
        client: Client, django_assert_max_num_queries: Any) -> None:
    artist = ArtistFactory()
    for count in (5, 30):
        for work in ArtworkFactory.create_batch(count - Artwork.objects.count(), artist=artist):
            ArtworkImageFactory(artwork=work)
        with django_assert_max_num_queries(2):
            response = client.get(f"{API}/artworks", {"page_size": 100})
        assert len(response.json()["items"]) == count


# Artists ------------------------------------------------------------------------------------------

def test_artists_are_listed_by_page_with_their_public_work_count(client: Client) -> None:
    artists = [ArtistFactory(slug=f"a-{n}") for n in range(5)]
    ArtworkFactory.create_batch(2, artist=artists[0])
    ArtworkFactory(artist=artists[0], availability="draft")
    ArtistFactory(slug="hidden", is_public=False)

    first = client.get(f"{API}/artists", {"page_size": 2}).json()
    assert [a["slug"] for a in first["items"]] == ["a-0", "a-1"]
    assert first["items"][0]["work_count"] == 2
    assert (first["page"], first["count"], first["next"], first["previous"]) == (1, 5, 2, None)
    last = client.get(f"{API}/artists", {"page_size": 2, "page": 3}).json()
    assert [a["slug"] for a in last["items"]] == ["a-4"]
    assert (last["next"], last["previous"]) == (None, 2)


def test_artist_detail_gives_every_language_and_the_asked_one(client: Client) -> None:
    artist = ArtistFactory(name=Translated(kk="Айгерім", ru="Айгерим", en="Aigerim"))
    url = f"{API}/artists/{artist.slug}"

    body = client.get(url, {"lang": "ru"}).json()
    assert body["name"] == {"kk": "Айгерім", "ru": "Айгерим", "en": "Aigerim"}
    assert body["name_display"] == "Айгерим"
    assert client.get(url, headers={"Accept-Language": "en-GB,en;q=0.9"}).json()["name_display"] == "Aigerim"
    assert client.get(url).json()["name_display"] == "Айгерім"
    assert client.get(url, {"lang": "en"}).headers["Content-Language"] == "en"


def test_a_missing_translation_falls_back_kazakh_then_russian(client: Client) -> None:
    russian_only = ArtistFactory(name=Translated(ru="Художник"))
    assert client.get(f"{API}/artists/{russian_only.slug}", {"lang": "en"}).json()["name_display"] == "Художник"
    english_only = ArtistFactory(name=Translated(en="Painter"))
    assert client.get(f"{API}/artists/{english_only.slug}", {"lang": "ru"}).json()["name_display"] == "Painter"


def test_a_hidden_or_unknown_artist_is_not_found(client: Client) -> None:
    hidden: ArtistProfile = ArtistFactory(is_public=False)
    for slug in (hidden.slug, "nobody"):
        response = client.get(f"{API}/artists/{slug}")
        assert response.status_code == 404
        assert error_of(response)["code"] == "artist_not_found"


def test_an_artists_artworks_are_only_their_public_ones(client: Client) -> None:
    artist = ArtistFactory()
    mine = ArtworkFactory.create_batch(3, artist=artist)
    ArtworkFactory(artist=artist, availability="draft")
    ArtworkFactory()
    items = _all_pages(client, f"{API}/artists/{artist.slug}/artworks", page_size=2)
    assert sorted(i["id"] for i in items) == sorted(w.pk for w in mine)


def test_vocabularies_list_the_slugs_writes_accept(client: Client) -> None:
    MediumFactory()
    SubjectFactory()
    CityFactory()
    body = client.get(f"{API}/vocabularies", {"lang": "en"}).json()
    assert {"slug": "oil", "label": "Oil"} in body["media"]
    assert {"slug": "steppe", "label": "Steppe"} in body["subjects"]
    assert {"slug": "almaty", "name": "Almaty", "country": "KZ"} in body["cities"]
