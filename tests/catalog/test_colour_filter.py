"""Browsing and the API by named colour: Artwork.colours follows the primary image's palette."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from dala.catalog.models import Artwork, ArtworkImage
from dala.catalog.selectors import BrowseFilters, artworks_for_browse
from dala.catalog.services import delete_artwork_image, record_image_processing, set_primary_image
from tests.factories import ArtworkImageFactory

pytestmark = pytest.mark.django_db

BLUE_AND_OCHRE = [{"hex": "#2f6fd0", "weight": 0.5}, {"hex": "#c9962c", "weight": 0.3},
                  {"hex": "#ffffff", "weight": 0.15}, {"hex": "#ff0000", "weight": 0.05}]
RED = [{"hex": "#d02a2a", "weight": 0.7}, {"hex": "#000000", "weight": 0.3}]
BLUE_ONLY = [{"hex": "#0000ff", "weight": 0.95}, {"hex": "#c9962c", "weight": 0.05}]


def processed(image: ArtworkImage, palette: list[dict[str, Any]]) -> ArtworkImage:
    return record_image_processing(image=image, palette=palette, phash="0" * 16, duplicate_of=None,
                                   renditions=[{"name": "r.jpg", "format": "JPEG", "width": 10, "height": 10}])


def work_with(palette: list[dict[str, Any]]) -> Artwork:
    image = processed(ArtworkImageFactory(), palette)
    return Artwork.objects.get(pk=image.artwork_id)


def found(params: dict[str, str]) -> set[int]:
    return {work.pk for work in artworks_for_browse(BrowseFilters.from_params(params)).items}


def test_recording_a_palette_names_each_colour_and_the_works_main_colours() -> None:
    work = work_with(BLUE_AND_OCHRE)

    image = work.images.get()
    assert [c["name"] for c in image.palette] == ["blue", "ochre", "white", "red"]
    # Red weighs 0.05, under the 0.1 that counts for the filter.
    assert work.colours == " blue ochre white "


def test_works_with_blue_palettes_are_found_by_colour_blue_and_red_ones_are_not() -> None:
    blue, red = work_with(BLUE_AND_OCHRE), work_with(RED)

    assert found({"colour": "blue"}) == {blue.pk}
    assert found({"colour": "red"}) == {red.pk}


def test_two_colours_find_only_works_with_both() -> None:
    both, blue_only = work_with(BLUE_AND_OCHRE), work_with(BLUE_ONLY)

    assert found({"colour": "blue,ochre"}) == {both.pk}
    assert found({"colour": "blue"}) == {both.pk, blue_only.pk}
    assert BrowseFilters.from_params({"colour": "blue,ochre"}).as_params() == {"colour": "blue,ochre"}


@pytest.mark.parametrize("value", ["chartreuse", "blue,nope", "red,blue,green"])
def test_an_unknown_colour_is_a_problem_on_the_field_not_an_error(value: str, client: Client) -> None:
    filters = BrowseFilters.from_params({"colour": value})
    assert [p.field for p in filters.problems] == ["colour"] and filters.colours == []

    page = client.get("/en/artworks/", {"colour": value})
    api = client.get("/api/v1/artworks", {"colour": value})
    assert page.status_code == 200 and 'id="e-colour"' in page.content.decode()
    assert api.status_code == 422 and api.json()["error"]["field"] == "colour"


def test_a_new_primary_image_brings_its_colours_and_deleting_it_restores_the_others() -> None:
    work = work_with(RED)
    blue_image = processed(ArtworkImageFactory(artwork=work, is_primary=False, position=1), BLUE_ONLY)

    set_primary_image(image=blue_image)
    work.refresh_from_db()
    assert work.colours == " blue "

    delete_artwork_image(image=blue_image)
    work.refresh_from_db()
    assert work.colours == " red black "


def test_deleting_the_only_image_clears_the_colours() -> None:
    work = work_with(RED)
    delete_artwork_image(image=work.images.get())
    work.refresh_from_db()
    assert work.colours == ""


def test_the_browse_form_offers_named_colours_in_the_page_language(client: Client) -> None:
    blue = work_with(BLUE_AND_OCHRE)
    work_with(RED)

    page = client.get("/ru/artworks/", {"colour": "blue"}).content.decode()

    assert '<option value="blue" selected>синий</option>' in page
    assert '<option value="terracotta">терракотовый</option>' in page
    assert blue.get_absolute_url().split("/", 2)[2] in page


@pytest.mark.parametrize("count", [5, 30])
def test_browse_by_colour_query_count_does_not_grow_with_the_number_of_works(
        client: Client, django_assert_max_num_queries: type[DjangoAssertNumQueries], count: int) -> None:
    for _n in range(count):
        work_with(BLUE_AND_OCHRE)

    with django_assert_max_num_queries(13):  # 7 of them for the facets of the search app's panel
        response = client.get("/en/artworks/", {"colour": "blue,ochre", "currency": "USD", "price_min": "1"})

    assert response.status_code == 200


def test_the_artwork_page_and_api_name_the_palette_colours_in_the_request_language(client: Client) -> None:
    work = work_with(BLUE_AND_OCHRE)

    page = client.get(f"/kk{work.get_absolute_url()[3:]}").content.decode()
    body = client.get(f"/api/v1/artworks/{work.pk}", headers={"Accept-Language": "ru"}).json()

    assert ">көк</span>" in page and ">охра</span>" in page
    assert [(c["name"], c["label"]) for c in body["palette"]] == [
        ("blue", "синий"), ("ochre", "охра"), ("white", "белый"), ("red", "красный")]


def test_the_api_browses_by_colour(client: Client) -> None:
    blue, _red = work_with(BLUE_AND_OCHRE), work_with(RED)

    body = client.get("/api/v1/artworks", {"colour": "blue"}).json()

    assert [item["id"] for item in body["items"]] == [blue.pk]
