"""Named colours: sRGB → CIELAB, CIEDE2000, and snapping a colour to the fixed palette."""

import pytest
from django.utils import translation

from dala.core.colours import NAMED_COLOURS, delta_e_2000, hex_to_lab, named_colour, nearest_named_colour


def test_pure_red_converts_to_its_known_cielab_value() -> None:
    lightness, a, b = hex_to_lab("#ff0000")
    assert lightness == pytest.approx(53.24, abs=0.01)
    assert a == pytest.approx(80.09, abs=0.01)
    assert b == pytest.approx(67.20, abs=0.01)


def test_white_is_full_lightness_with_no_chroma() -> None:
    lightness, a, b = hex_to_lab("#FFFFFF")
    assert lightness == pytest.approx(100, abs=0.01)
    assert abs(a) < 0.01 and abs(b) < 0.01


def test_ciede2000_matches_a_published_test_pair() -> None:
    # Sharma, Wu and Dalal (2005), pair 1.
    assert delta_e_2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)


@pytest.mark.parametrize(("value", "expected"), [
    ("#ff0000", {"red"}),
    ("#1e3a8a", {"navy", "blue"}),
    ("#0000ff", {"blue"}),
    ("#ffffff", {"white"}),
    ("#000000", {"black"}),
    ("#808080", {"grey"}),
    ("#c0c0c0", {"grey"}),
    ("#40e0d0", {"turquoise"}),
    ("#d4af37", {"ochre"}),
    ("#e2725b", {"terracotta"}),
    ("#8b4513", {"brown"}),
    ("#f5f5dc", {"beige"}),
])
def test_a_colour_snaps_to_the_name_people_would_give_it(value: str, expected: set[str]) -> None:
    assert nearest_named_colour(value) in expected


def test_every_named_colour_snaps_to_itself_and_has_three_names() -> None:
    for colour in NAMED_COLOURS:
        assert nearest_named_colour(colour.hex) == colour.slug
        assert set(colour.name) == {"kk", "ru", "en"}
    assert len({colour.slug for colour in NAMED_COLOURS}) == len(NAMED_COLOURS)


def test_a_named_colour_reads_in_the_active_language() -> None:
    red = named_colour("red")
    assert red is not None
    with translation.override("ru"):
        assert str(red.name) == "красный"
    with translation.override("kk"):
        assert str(red.name) == "қызыл"
    assert named_colour("chartreuse") is None


def test_a_malformed_hex_is_refused() -> None:
    with pytest.raises(ValueError):
        nearest_named_colour("blue")
