"""Named colours: a fixed palette with kk/ru/en names, and snapping any sRGB colour to its nearest name.

Pure computation, no I/O. Distances are CIEDE2000 ΔE in CIELAB (D65 white): unlike plain Euclidean
CIE76 it does not overstate differences between saturated colours and does not understate them among
near-greys, so a dark navy stays navy and a warm grey does not turn beige.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .translation import Translated

Lab = tuple[float, float, float]

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
# The D65 reference white in XYZ, scaled so that Y = 1.
_WHITE = (0.95047, 1.0, 1.08883)


@dataclass(frozen=True)
class NamedColour:
    """One colour of the fixed palette: a slug for URLs and filters, its names, the sRGB hex its swatch
    shows, and further sRGB anchors that also snap to it (pure screen primaries, dark or light variants)."""

    slug: str
    name: Translated
    hex: str
    anchors: tuple[str, ...] = ()


# Chosen for paintings, textiles and ceramics of the region: earth tones (ochre, terracotta, brown,
# beige) have their own names because k-means palettes of such works are mostly made of them.
NAMED_COLOURS: tuple[NamedColour, ...] = (
    NamedColour("red", Translated(kk="қызыл", ru="красный", en="red"), "#d02a2a", ("#ff0000", "#8b1a1a")),
    NamedColour("terracotta", Translated(kk="терракота", ru="терракотовый", en="terracotta"), "#b5573a"),
    NamedColour("orange", Translated(kk="қызғылт сары", ru="оранжевый", en="orange"), "#f08a24"),
    NamedColour("ochre", Translated(kk="охра", ru="охра", en="ochre"), "#c9962c"),
    NamedColour("yellow", Translated(kk="сары", ru="жёлтый", en="yellow"), "#f2d53c", ("#ffff00",)),
    NamedColour("green", Translated(kk="жасыл", ru="зелёный", en="green"), "#3f8f3a",
                ("#00ff00", "#1f6b2a", "#7cc46a")),
    NamedColour("turquoise", Translated(kk="бирюза", ru="бирюзовый", en="turquoise"), "#2fb5b0",
                ("#40e0d0", "#008080")),
    NamedColour("blue", Translated(kk="көк", ru="синий", en="blue"), "#2f6fd0", ("#0000ff", "#4169e1", "#6fa8dc")),
    NamedColour("navy", Translated(kk="қою көк", ru="тёмно-синий", en="navy"), "#1f2f6b"),
    NamedColour("purple", Translated(kk="күлгін", ru="фиолетовый", en="purple"), "#7b3fa0", ("#4b0082", "#b57edc")),
    NamedColour("pink", Translated(kk="қызғылт", ru="розовый", en="pink"), "#ec8fb5", ("#ff69b4",)),
    NamedColour("brown", Translated(kk="қоңыр", ru="коричневый", en="brown"), "#6b4226"),
    NamedColour("beige", Translated(kk="беж", ru="бежевый", en="beige"), "#e3d3b0", ("#f5f5dc",)),
    NamedColour("white", Translated(kk="ақ", ru="белый", en="white"), "#f7f7f4"),
    NamedColour("grey", Translated(kk="сұр", ru="серый", en="grey"), "#8c8c8c", ("#c0c0c0", "#5a5a5a")),
    NamedColour("black", Translated(kk="қара", ru="чёрный", en="black"), "#141414"),
)

COLOURS_BY_SLUG: dict[str, NamedColour] = {colour.slug: colour for colour in NAMED_COLOURS}


def named_colour(slug: str) -> NamedColour | None:
    """The named colour with ``slug``, or None if there is none."""
    return COLOURS_BY_SLUG.get(slug)


def hex_to_rgb(value: str) -> tuple[int, int, int]:
    """``#rrggbb`` (the ``#`` optional, any case) as three 0–255 integers; ValueError if malformed."""
    match = _HEX.match(value.strip())
    if match is None:
        raise ValueError(f"not an sRGB hex colour: {value!r}")
    digits = match.group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _f(t: float) -> float:
    return math.cbrt(t) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29


def rgb_to_lab(rgb: tuple[int, int, int]) -> Lab:
    """sRGB (0–255) to CIELAB with the D65 white point."""
    r, g, b = (_linear(c) for c in rgb)
    x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b
    fx, fy, fz = _f(x / _WHITE[0]), _f(y / _WHITE[1]), _f(z / _WHITE[2])
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def hex_to_lab(value: str) -> Lab:
    return rgb_to_lab(hex_to_rgb(value))


def delta_e_2000(lab1: Lab, lab2: Lab) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), after Sharma, Wu and Dalal (2005)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0

    dl = l2 - l1
    dc = c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    elif h2p - h1p > 180:
        dh = h2p - h1p - 360
    else:
        dh = h2p - h1p + 360
    big_dh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))

    l_bar = (l1 + l2) / 2
    cp_bar = (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_bar = (h1p + h2p + 360) / 2
    else:
        h_bar = (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6)) - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar**7 / (cp_bar**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (big_dh / s_h) ** 2
                     + r_t * (dc / s_c) * (big_dh / s_h))


@lru_cache(maxsize=4096)
def nearest_named_colour(value: str) -> str:
    """The slug of the named colour nearest to the sRGB colour ``value`` (``#rrggbb``) by CIEDE2000."""
    lab = hex_to_lab(value)
    slug, _distance = min(((slug, delta_e_2000(lab, anchor)) for slug, anchor in _REFERENCE_LABS),
                          key=lambda pair: pair[1])
    return slug


_REFERENCE_LABS: list[tuple[str, Lab]] = [(colour.slug, hex_to_lab(value)) for colour in NAMED_COLOURS
                                          for value in (colour.hex, *colour.anchors)]
