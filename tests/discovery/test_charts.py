"""The server-drawn SVG bar chart: well-formed, a bar per point, scaled, labelled and escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.utils import translation

from dala.discovery.charts import HEIGHT, PAD_BOTTOM, PAD_TOP, Bar, bar_chart, x_tick_indexes, y_scale

SVG = "{http://www.w3.org/2000/svg}"


def chart(values: list[int], **kwargs: str) -> ET.Element:
    start = date(2026, 3, 1)
    bars = [Bar(start + timedelta(days=i), v) for i, v in enumerate(values)]
    options = {"chart_id": "c", "title": "Views", "description": "Views by day", "x_label": "Day", **kwargs}
    with translation.override("en"):
        return ET.fromstring(str(bar_chart(bars, **options)))


def test_the_chart_is_well_formed_svg_named_by_its_title_and_description() -> None:
    svg = chart([1, 2, 3])
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    labelled_by = svg.get("aria-labelledby", "").split()
    ids = {el.get("id"): el for el in svg.iter() if el.get("id")}
    assert [ids[i].tag for i in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    assert ids[labelled_by[0]].text == "Views"


def test_there_is_a_bar_per_point_as_tall_as_its_value() -> None:
    svg = chart([0, 5, 10, 2])
    bars = svg.findall(f".//{SVG}rect")
    assert [int(b.get("data-value", "")) for b in bars] == [0, 5, 10, 2]
    heights = [float(b.get("height", "")) for b in bars]
    assert heights[0] == 0 and heights[2] == pytest.approx(2 * heights[1]) and heights[2] == pytest.approx(
        HEIGHT - PAD_TOP - PAD_BOTTOM)
    assert [b.find(f"{SVG}title").text for b in bars][1] == "2 Mar: 5"  # type: ignore[union-attr]


def test_a_chart_of_zeros_still_has_an_axis_and_flat_bars() -> None:
    svg = chart([0] * 30)
    bars = svg.findall(f".//{SVG}rect")
    assert len(bars) == 30 and {b.get("height") for b in bars} == {"0"}
    ticks = [t.text for t in svg.findall(f".//{SVG}g[@class='chart__axis chart__axis--y']/{SVG}text")]
    assert ticks == ["0", "1"]


def test_the_axes_carry_a_few_round_ticks_and_some_dates() -> None:
    svg = chart(list(range(90)))
    y_ticks = [t.text for t in svg.findall(f".//{SVG}g[@class='chart__axis chart__axis--y']/{SVG}text")]
    x_texts = [t.text for t in svg.findall(f".//{SVG}g[@class='chart__axis chart__axis--x']/{SVG}text")]
    assert y_ticks == ["0", "20", "40", "60", "80", "100"]
    assert x_texts[0] == "1 Mar" and x_texts[-2] == "29 May" and x_texts[-1] == "Day"
    assert len(x_texts) == 6


def test_text_is_escaped_so_the_svg_cannot_carry_markup() -> None:
    svg = chart([1], title="<script>alert(1)</script>", description="a & b", x_label='"x"',
                chart_id='c" onload="alert(1)')
    assert svg.find(f".//{SVG}script") is None
    assert svg.find(f"{SVG}title").text == "<script>alert(1)</script>"  # type: ignore[union-attr]
    assert all(not name.startswith("on") for el in svg.iter() for name in el.attrib)


@pytest.mark.parametrize(("maximum", "top", "ticks"), [
    (0, 1, [0, 1]), (1, 1, [0, 1]), (3, 3, [0, 1, 2, 3]), (7, 8, [0, 2, 4, 6, 8]), (12, 15, [0, 5, 10, 15]),
    (1234, 1500, [0, 500, 1000, 1500]),
])
def test_the_value_axis_rounds_up_to_a_round_step(maximum: int, top: int, ticks: list[int]) -> None:
    assert y_scale(maximum) == (top, ticks)


def test_dates_go_under_the_first_the_last_and_a_few_between() -> None:
    assert x_tick_indexes(3) == [0, 1, 2]
    assert x_tick_indexes(30) == [0, 7, 14, 22, 29]
    assert x_tick_indexes(0) == []
