"""Colour search: works closest to one or two colours (hex or a name in kk/ru/en), or to a work's palette."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from dala.catalog.services import refresh_artwork_colours
from dala.core.colours import hex_to_lab
from dala.core.errors import DomainError
from dala.core.translation import Translated
from dala.search import colour, selectors
from dala.search.models import SearchColour
from tests.factories import ArtworkFactory, ArtworkImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("either_path")]


def _work(title: str, palette: list[tuple[str, float]]) -> Any:
    work = ArtworkFactory(title=Translated(en=title))
    ArtworkImageFactory(artwork=work, palette=[{"hex": value, "weight": weight} for value, weight in palette])
    refresh_artwork_colours(artwork=work)  # what the image pipeline calls once the palette is made
    return work


@pytest.fixture
def works() -> dict[str, Any]:
    return {
        "blue_sky": _work("Blue sky", [("#2f6fd0", 0.7), ("#f7f7f4", 0.3)]),
        "bit_of_blue": _work("A little blue", [("#2f6fd0", 0.1), ("#6b4226", 0.9)]),
        "navy_night": _work("Night", [("#1f2f6b", 0.8), ("#f2d53c", 0.2)]),
        "red_and_gold": _work("Red and gold", [("#d02a2a", 0.5), ("#f2d53c", 0.5)]),
        "steppe_blue": _work("Steppe under blue", [("#2f6fd0", 0.4), ("#c9962c", 0.6)]),
    }


def _titles(results: selectors.Results) -> list[str]:
    return [str(item.title) for item in results.items]


def test_the_heaviest_and_closest_colour_comes_first(works: dict[str, Any]) -> None:
    found = _titles(selectors.search("", colours=colour.parse_colours("#3070d0")))
    assert found[0] == "Blue sky"  # 70 % of nearly this blue
    assert found.index("Steppe under blue") < found.index("A little blue")  # the weight counts
    assert "Red and gold" not in found


@pytest.mark.parametrize("name", ["blue", "көк", "синий", "BLUE", "Синий"])
def test_a_named_colour_in_any_language_finds_the_same_works(works: dict[str, Any], name: str) -> None:
    assert _titles(selectors.search("", colours=colour.parse_colours(name)))[0] == "Blue sky"


def test_two_colours_must_both_be_there(works: dict[str, Any]) -> None:
    found = _titles(selectors.search("", colours=colour.parse_colours("red,yellow")))
    assert found[0] == "Red and gold"
    assert "Night" not in found  # yellow without red


def test_colour_combines_with_words_and_filters(works: dict[str, Any]) -> None:
    assert _titles(selectors.search("steppe", colours=colour.parse_colours("blue"))) == ["Steppe under blue"]


def test_more_like_this_palette_finds_the_nearest_palettes_and_not_the_work_itself(works: dict[str, Any]) -> None:
    found = _titles(selectors.search("", like=works["blue_sky"].pk))
    assert "Blue sky" not in found
    assert found[0] == "Steppe under blue"
    no_palette = ArtworkFactory()
    with pytest.raises(DomainError):
        selectors.search("", like=no_palette.pk)


def test_the_colour_index_follows_the_palette_and_the_work(works: dict[str, Any]) -> None:
    work = works["red_and_gold"]
    image = work.images.get()
    image.palette = [{"hex": "#2f6fd0", "weight": 1.0}]
    image.save()
    refresh_artwork_colours(artwork=work)
    assert _titles(selectors.search("", colours=colour.parse_colours("blue")))[0] == "Red and gold"
    work.delete()
    assert not SearchColour.objects.filter(artwork_id=work.pk).exists()


def test_hidden_works_are_never_found_by_colour(works: dict[str, Any]) -> None:
    works["blue_sky"].availability = "draft"
    works["blue_sky"].is_listed = False
    works["blue_sky"].save()
    assert "Blue sky" not in _titles(selectors.search("", colours=colour.parse_colours("blue")))


@pytest.mark.parametrize("text", ["mauve-ish", "#12345", "blue,red,green", "#gggggg"])
def test_what_is_not_one_or_two_colours_is_refused(text: str) -> None:
    with pytest.raises(DomainError) as refused:
        colour.parse_colours(text)
    assert refused.value.field == "palette"


@given(st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)))
def test_a_colour_is_always_within_its_own_near_cells(rgb: tuple[int, int, int]) -> None:
    lab = hex_to_lab("#" + bytes(rgb).hex())
    assert colour.cell_of(lab) in colour.near_cells(lab)


def test_the_page_and_the_api_search_by_colour(client: Client, works: dict[str, Any]) -> None:
    page = client.get("/en/search/", {"palette": "синий"})
    assert page.status_code == 200 and "Blue sky" in page.content.decode()
    two = client.get("/en/search/", {"palette": ["#d02a2a", "#f2d53c"]})  # two colour pickers
    assert "Red and gold" in two.content.decode() and "Night" not in two.content.decode()
    bad = client.get("/en/search/", {"palette": "mauve-ish"})
    assert bad.status_code == 400 and "is not a colour" in bad.content.decode()
    body = client.get("/api/v1/search", {"palette": "blue"}).json()
    assert body["sort"] == "colour" and body["items"][0]["label"] == "Blue sky"
    like = client.get("/api/v1/search", {"like": works["blue_sky"].pk}).json()
    assert like["items"][0]["label"] == "Steppe under blue"
    assert client.get("/api/v1/search", {"palette": "x,y,z"}).status_code == 422


def test_every_artwork_page_links_to_more_like_its_palette(client: Client, works: dict[str, Any]) -> None:
    work = works["blue_sky"]
    html = client.get(work.get_absolute_url()).content.decode()
    assert f"/en/search/?like={work.pk}" in html
