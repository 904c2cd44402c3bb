"""Filters and facets of the works a search finds, on the page and in the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from dala.catalog.selectors import BrowseFilters
from dala.core.translation import Translated
from dala.search import selectors
from dala.search.facets import FACET_CAP, price_bands
from tests.factories import ArtistFactory, ArtworkFactory, CityFactory, MediumFactory, SubjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("either_path")]


@pytest.fixture
def works() -> dict[str, Any]:
    """Five steppes: three oils by an Almaty artist (one sold), two watercolours by an emerging artist in Bishkek;
    and one oil of a city."""
    oil = MediumFactory(slug="oil", label=Translated(en="Oil"))
    water = MediumFactory(slug="watercolour", label=Translated(en="Watercolour"))
    steppe = SubjectFactory(slug="steppe", label=Translated(en="Steppe"))
    bishkek = CityFactory(slug="bishkek", name=Translated(en="Bishkek"), country="KG")
    almaty_artist = ArtistFactory(name=Translated(en="Aigul Sadykova"))
    young = ArtistFactory(name=Translated(en="Timur Aliev"), city=bishkek, country="KG", career_stage="emerging")
    made = {
        "cheap": ArtworkFactory(artist=almaty_artist, medium=oil, title=Translated(en="Steppe at dawn"),
                                price_amount=5_000_000, year=2021),  # 50 000 ₸
        "mid": ArtworkFactory(artist=almaty_artist, medium=oil, title=Translated(en="Steppe at noon"),
                              price_amount=50_000_000, year=2015),  # 500 000 ₸
        "sold": ArtworkFactory(artist=almaty_artist, medium=oil, title=Translated(en="Steppe at dusk"),
                               availability="sold", year=1998),
        "water1": ArtworkFactory(artist=young, medium=water, title=Translated(en="Steppe in rain"),
                                 price_amount=20_000_000, year=2023),  # 200 000 ₸
        "water2": ArtworkFactory(artist=young, medium=water, title=Translated(en="Steppe in snow"),
                                 price_amount=400_000_000, year=2024),  # 4 000 000 ₸
        "city": ArtworkFactory(artist=almaty_artist, medium=oil, title=Translated(en="City lights"), year=2024),
    }
    for key in ("cheap", "mid", "water1"):
        made[key].subjects.add(steppe)
    return made


def _counts(results: selectors.Results, name: str) -> dict[str, int]:
    facet = next(facet for facet in results.facets if facet.name == name)
    return {value.value: value.count for value in facet.values}


def test_facets_count_the_works_a_query_finds(works: dict[str, Any]) -> None:
    results = selectors.search("steppe", facets=True)
    assert results.total == 5
    assert _counts(results, "medium") == {"oil": 3, "watercolour": 2}
    assert _counts(results, "availability") == {"for_sale": 4, "sold": 1}
    assert _counts(results, "country") == {"KZ": 3, "KG": 2}
    assert _counts(results, "career_stage") == {"established": 3, "emerging": 2}
    assert _counts(results, "year") == {"2020": 3, "2010": 1, "1990": 1}
    assert _counts(results, "subject") == {"steppe": 3}
    assert not any(facet.capped for facet in results.facets)


def test_a_filter_narrows_the_text_search_and_its_own_facet_keeps_the_other_values(works: dict[str, Any]) -> None:
    results = selectors.search("steppe", filters=BrowseFilters.from_params({"medium": "watercolour"}), facets=True)
    assert {item.pk for item in results.items} == {works["water1"].pk, works["water2"].pk}
    # The medium facet is counted without its own filter, so oil can be chosen instead …
    assert _counts(results, "medium") == {"oil": 3, "watercolour": 2}
    # … while the other facets count only the watercolours.
    assert _counts(results, "country") == {"KG": 2}
    medium = next(facet for facet in results.facets if facet.name == "medium")
    chosen = next(value for value in medium.values if value.selected)
    assert chosen.value == "watercolour" and chosen.changes == {"medium": None}


def test_price_bands_are_in_the_viewers_currency_and_count_what_they_filter(works: dict[str, Any]) -> None:
    results = selectors.search("steppe", facets=True)
    tenge = next(facet for facet in results.facets if facet.name == "price")
    assert [value.count for value in tenge.values] == [1, 1, 1, 1, 1]  # 50k, 200k, 500k, 1.5M (sold), 4M ₸
    in_dollars = selectors.search("steppe", filters=BrowseFilters.from_params({"currency": "USD"}), facets=True)
    dollars = next(facet for facet in in_dollars.facets if facet.name == "price")
    assert "$" in dollars.values[0].label and "USD" in dollars.label
    # Choosing a band filters exactly the works it counted.
    band = next(value for value in dollars.values if value.count == 1 and value.changes.get("price_min"))
    narrowed = selectors.search("steppe", filters=BrowseFilters.from_params(
        {"currency": "USD", **{k: v for k, v in band.changes.items() if v}}))
    assert narrowed.total == 1
    low, high = price_bands("USD")[1]
    assert low is not None and high is not None and low < high


@pytest.mark.parametrize("params", [{"medium": "watercolour"}, {"medium": "oil", "availability": "for_sale"},
                                    {"country": "KZ", "year_min": "2010", "year_max": "2029"},
                                    {"medium": "oil", "price_max": "999999", "subject": "steppe"}])
@pytest.mark.parametrize("sort", ["relevance", "price_asc"])
def test_a_search_finds_the_same_works_whether_its_facets_are_counted_or_not(
        works: dict[str, Any], monkeypatch: pytest.MonkeyPatch, params: dict[str, str], sort: str) -> None:
    # Counting the facets reads each chosen facet's works first, and the search's own works are then taken
    # from the fewest of them when those were read whole; with a cap of one, most are not.
    filters = BrowseFilters.from_params(params)
    plain = selectors.search("steppe", filters=filters, sort=sort)
    counted = selectors.search("steppe", filters=filters, sort=sort, facets=True)
    monkeypatch.setattr("dala.search.facets.FACET_CAP", 1)
    capped = selectors.search("steppe", filters=filters, sort=sort, facets=True)
    found = [work.pk for work in plain.items]
    assert found and [work.pk for work in counted.items] == found == [work.pk for work in capped.items]
    assert plain.total == counted.total == capped.total == len(found)


def test_filters_without_words_browse_the_works(works: dict[str, Any]) -> None:
    results = selectors.search("", filters=BrowseFilters.from_params({"medium": "oil"}), sort="price_asc")
    # Priced oils only, cheapest first (the sold one has a price but is not priced for sale? it keeps its price).
    prices = [item.price_base for item in results.items]
    assert prices == sorted(prices) and all(item.medium.slug == "oil" for item in results.items)
    assert results.kind == "artwork" and results.sort == "price_asc"
    everything = selectors.search("", facets=True)
    assert everything.total == 6 and _counts(everything, "medium") == {"oil": 4, "watercolour": 2}


def test_counts_beyond_the_cap_are_lower_bounds(works: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dala.search.facets.FACET_CAP", 2)
    monkeypatch.setattr("dala.search.works.FACET_CAP", 2)
    results = selectors.search("steppe", facets=True)
    assert all(facet.capped for facet in results.facets)
    assert sum(_counts(results, "medium").values()) == 2
    assert FACET_CAP > 2


def test_the_page_links_every_facet_value_and_reports_bad_filters(client: Client, works: dict[str, Any]) -> None:
    page = client.get("/en/search/", {"q": "steppe"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Watercolour" in html and "medium=watercolour" in html and "Kyrgyzstan" in html
    chosen = client.get("/en/search/", {"q": "steppe", "medium": "watercolour"})
    html = chosen.content.decode()
    assert "in rain" in html and "at dawn" not in html
    assert 'aria-current="true"' in html  # the chosen value, a link that removes it
    bad = client.get("/en/search/", {"q": "steppe", "price_min": "lots", "sort": "sideways"})
    assert bad.status_code == 400
    assert "Enter a whole number." in bad.content.decode() and "Unknown sort order." in bad.content.decode()
    assert "at dawn" in bad.content.decode()  # the rest of the search still runs


def test_the_api_filters_and_counts(client: Client, works: dict[str, Any]) -> None:
    body = client.get("/api/v1/search", {"q": "steppe", "medium": "oil", "facets": "true"}).json()
    assert body["counts"]["artwork"] == 3 and body["kind"] == "artwork"
    medium = next(facet for facet in body["facets"] if facet["name"] == "medium")
    assert {value["value"]: value["count"] for value in medium["values"]} == {"oil": 3, "watercolour": 2}
    assert next(value for value in medium["values"] if value["value"] == "oil")["filter"] == {"medium": None}
    refused = client.get("/api/v1/search", {"q": "steppe", "country": "XX"})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_filter"


def test_the_browse_page_shows_the_facet_counts_and_links_back_to_itself(client: Client,
                                                                          works: dict[str, Any]) -> None:
    html = client.get("/en/artworks/", {"medium": "oil"}).content.decode()
    assert "Refine the works" in html
    assert 'href="?medium=watercolour"' in html  # another medium, on the browse page itself
    assert 'href="?" aria-current="true"' in html and "✓ Oil" in html  # the chosen one removes itself


def test_the_browse_page_keeps_its_facet_counts_a_minute_and_its_works_none(
        client: Client, works: dict[str, Any], settings: Any) -> None:
    from django.core.cache import cache

    def oil_count(html: str) -> str:
        return html.split('href="?medium=oil">Oil</a> <span class="muted">')[1].split("<")[0]

    settings.DALA_FACET_CACHE_SECONDS = 60
    first = client.get("/en/artworks/").content.decode()
    counted = oil_count(first)
    added = ArtworkFactory(medium=works["cheap"].medium, title=Translated(en="A new oil"))
    again = client.get("/en/artworks/").content.decode()
    assert "A new oil" in again  # the works are read afresh
    assert oil_count(again) == counted  # the counts come from the cache
    cache.clear()  # as when the minute is over
    assert int(oil_count(client.get("/en/artworks/").content.decode())) == int(counted) + 1
    # Other filters are counted apart.
    assert "✓ Oil" in client.get("/en/artworks/", {"medium": "oil"}).content.decode()
    settings.DALA_FACET_CACHE_SECONDS = 0
    added.delete()
    assert int(oil_count(client.get("/en/artworks/").content.decode())) == int(counted)


def test_the_filters_follow_a_sale_and_an_artist_who_moves(works: dict[str, Any]) -> None:
    from dala.catalog.services import set_artwork_availability

    set_artwork_availability(artwork=works["cheap"], availability="sold")  # saves only a few fields
    sold = selectors.search("steppe", filters=BrowseFilters.from_params({"availability": "sold"}))
    assert {item.pk for item in sold.items} == {works["cheap"].pk, works["sold"].pk}
    astana = CityFactory(slug="astana", name=Translated(en="Astana"), country="KZ")
    artist = works["water1"].artist
    artist.city = astana
    artist.save()
    moved = selectors.search("steppe", filters=BrowseFilters.from_params({"city": "astana"}))
    assert {item.pk for item in moved.items} == {works["water1"].pk, works["water2"].pk}


@given(price=st.integers(0, 10**10), low=st.one_of(st.none(), st.integers(0, 10**8)),
       high=st.one_of(st.none(), st.integers(0, 10**8)), currency=st.sampled_from(["KZT", "USD", "EUR"]))
def test_the_price_terms_of_a_range_hold_every_price_the_range_lets_through(
        price: int, low: int | None, high: int | None, currency: str) -> None:
    from dala.search.facets import base_amount, filter_terms, price_band, term

    filters = BrowseFilters(currency=currency, price_min=low, price_max=high)
    inside = (low is None or price >= base_amount(low, currency)) \
        and (high is None or price <= base_amount(high, currency))
    groups = filter_terms(filters)
    if inside and groups:
        assert term("price", price_band(price)) in groups[0]


@given(year=st.integers(1900, 2030), low=st.one_of(st.none(), st.integers(1900, 2030)),
       high=st.one_of(st.none(), st.integers(1900, 2030)))
def test_the_decade_terms_of_a_year_range_hold_every_year_it_lets_through(
        year: int, low: int | None, high: int | None) -> None:
    from dala.search.facets import filter_terms, term

    groups = filter_terms(BrowseFilters(year_min=low, year_max=high))
    if (low is None or year >= low) and (high is None or year <= high) and groups:
        assert term("year", year // 10 * 10) in groups[0]
