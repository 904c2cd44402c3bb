"""Pictures for the demo works, drawn with Pillow from a seeded random generator (nothing downloaded).

Four kinds: a steppe horizon (sky gradient, rolling hills, sun; mountains, a yurt or horses when
asked or by chance), an ornament in the spirit of *qoshqar müiz* (ram's-horn curls, mirrored four ways, bold
colours), a stylised portrait, and an abstract composition. Each is a JPEG about 1200 px wide.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

RGB = tuple[int, int, int]
WIDTH = 1200

# Palettes the region's textiles and skies suggest: felt reds, turquoise, gold, deep blue, ochre.
ORNAMENT_PALETTES: list[tuple[RGB, RGB, RGB]] = [
    ((178, 34, 34), (250, 214, 89), (20, 40, 110)),
    ((15, 110, 120), (245, 240, 225), (190, 60, 30)),
    ((30, 30, 30), (230, 180, 40), (160, 20, 40)),
    ((0, 90, 160), (255, 255, 255), (230, 160, 0)),
    ((120, 20, 60), (240, 200, 150), (20, 110, 80)),
    ((60, 40, 120), (250, 120, 40), (250, 230, 200)),
]
SKIES: list[tuple[RGB, RGB]] = [
    ((40, 90, 170), (250, 200, 140)),   # evening
    ((70, 140, 210), (200, 230, 250)),  # clear noon
    ((30, 20, 70), (240, 110, 60)),     # sunset
    ((120, 160, 200), (235, 235, 230)), # winter haze
    ((20, 60, 120), (120, 200, 230)),   # high summer
]
STEPPE_GROUNDS: list[list[RGB]] = [
    [(190, 160, 80), (160, 130, 60), (120, 100, 50)],  # autumn grass
    [(110, 150, 70), (80, 120, 55), (60, 95, 45)],     # spring
    [(225, 225, 230), (200, 205, 215), (170, 175, 190)],  # snow
    [(200, 120, 60), (170, 90, 50), (120, 60, 40)],    # red earth
]


def _jpeg(image: Image.Image, quality: int = 86) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality, optimize=False, progressive=False)
    return out.getvalue()


def _jitter(rng: random.Random, colour: RGB, amount: int = 18) -> RGB:
    r, g, b = (max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)
    return (r, g, b)


def _vertical_gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    # A 1-pixel-wide gradient stretched sideways: far quicker than drawing line by line.
    strip = Image.new("RGB", (1, 256))
    strip.putdata([tuple(int(t + (b - t) * y / 255) for t, b in zip(top, bottom, strict=True))  # type: ignore[misc]
                   for y in range(256)])
    return strip.resize(size, Image.Resampling.BILINEAR)


def _chance(rng: random.Random, asked: bool | None, probability: float) -> bool:
    return asked if asked is not None else rng.random() < probability


def draw_steppe(rng: random.Random, width: int = WIDTH, *, mountains: bool | None = None,
                horses: bool | None = None, yurt: bool | None = None) -> Image.Image:
    """A steppe horizon; each of mountains, horses and a yurt is drawn when asked, or by chance."""
    height = int(width * rng.choice([0.6, 0.66, 0.75]))
    top, bottom = SKIES[rng.randrange(len(SKIES))]
    image = _vertical_gradient((width, height), _jitter(rng, top), _jitter(rng, bottom))
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.5, 0.68))
    # The sun (or a low moon), with a soft halo.
    sun_x, sun_y = rng.randint(width // 8, width * 7 // 8), rng.randint(height // 10, horizon - height // 10)
    radius = rng.randint(width // 30, width // 14)
    halo = Image.new("L", image.size, 0)
    ImageDraw.Draw(halo).ellipse((sun_x - radius * 3, sun_y - radius * 3, sun_x + radius * 3, sun_y + radius * 3),
                                 fill=90)
    halo = halo.filter(ImageFilter.BoxBlur(radius))
    image.paste((255, 236, 180), (0, 0), halo)
    draw.ellipse((sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius), fill=(255, 230, 160))
    if _chance(rng, mountains, 0.35):  # far mountains: the Alatau, the Tien Shan
        peaks = [(0, horizon)]
        x = 0
        while x < width:
            x += rng.randint(width // 14, width // 6)
            peaks.append((x, horizon - rng.randint(height // 10, height // 3)))
        peaks += [(width, horizon), (0, horizon)]
        draw.polygon(peaks, fill=_jitter(rng, (95, 105, 140)))
        for px, py in peaks[1:-2]:
            cap = height // 28
            draw.polygon([(px, py), (px - cap, py + cap), (px + cap, py + cap)], fill=(240, 242, 248))
    ground = STEPPE_GROUNDS[rng.randrange(len(STEPPE_GROUNDS))]
    for layer, colour in enumerate(ground):
        base = horizon + layer * (height - horizon) // 4
        amplitude = rng.randint(height // 60, height // 18)
        phase, period = rng.uniform(0, math.tau), rng.uniform(0.6, 1.6) * width
        points = [(x, base + amplitude * math.sin(phase + math.tau * x / period)) for x in range(0, width + 24, 24)]
        draw.polygon([*points, (width, height), (0, height)], fill=_jitter(rng, colour, 10))
    if _chance(rng, yurt, 0.25):
        _draw_yurt(draw, rng, width, height, horizon)
    if _chance(rng, horses, 0.3):
        for _ in range(rng.randint(2, 7)):
            _draw_horse(draw, rng.randint(0, width), rng.randint(horizon + 10, height - 20),
                        rng.randint(width // 60, width // 30), _jitter(rng, (50, 35, 25), 20))
    return image


def _draw_yurt(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int, horizon: int) -> None:
    size = rng.randint(width // 16, width // 9)
    x = rng.randint(size, width - size * 2)
    y = horizon + (height - horizon) // 5
    draw.rectangle((x, y - size // 2, x + size, y), fill=(240, 234, 220))
    draw.pieslice((x - size // 8, y - size, x + size + size // 8, y), 180, 360, fill=(225, 215, 195))
    draw.rectangle((x + size * 2 // 5, y - size // 3, x + size * 3 // 5, y), fill=(170, 40, 40))
    for k in range(1, 6):  # the lattice band (kerege) in red
        draw.line((x + k * size // 6, y - size // 2, x + k * size // 6 - size // 10, y), fill=(150, 50, 40), width=2)


def _draw_horse(draw: ImageDraw.ImageDraw, x: int, y: int, s: int, colour: RGB) -> None:
    draw.ellipse((x, y - s, x + 3 * s, y + s // 3), fill=colour)  # body
    draw.polygon([(x + 3 * s - s // 3, y - s // 2), (x + 4 * s, y - 2 * s), (x + 4 * s + s // 2, y - s * 3 // 2),
                  (x + 3 * s + s // 2, y - s // 4)], fill=colour)  # neck and head
    for leg in (x + s // 3, x + s, x + 2 * s, x + 2 * s + s * 2 // 3):
        draw.line((leg, y, leg + s // 6, y + s * 3 // 2), fill=colour, width=max(2, s // 4))
    draw.line((x, y - s // 2, x - s, y + s // 2), fill=colour, width=max(2, s // 3))  # tail


def _ram_horn(cx: float, cy: float, size: float, turns: float, start: float) -> list[tuple[float, float]]:
    """A spiral curl opening outwards, the ram's horn of the *qoshqar müiz* motif."""
    points = []
    steps = 60
    for i in range(steps + 1):
        t = i / steps
        angle = start + t * turns * math.tau
        radius = size * (0.15 + 0.85 * (1 - t))
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw_ornament(rng: random.Random, width: int = WIDTH) -> Image.Image:
    ground, figure, accent = ORNAMENT_PALETTES[rng.randrange(len(ORNAMENT_PALETTES))]
    if rng.random() < 0.5:
        ground, figure = figure, ground
    tile = width // rng.choice([2, 3, 4])
    half = tile // 2
    quarter = Image.new("RGB", (half, half), ground)
    draw = ImageDraw.Draw(quarter)
    stroke = max(6, tile // 22)
    # Two horns spring from the centre stem and curl outwards; mirrored four ways they make the motif.
    stem = [(half, half), (half * 0.55, half * 0.55)]
    draw.line(stem, fill=figure, width=stroke)
    turns = rng.uniform(0.9, 1.4)
    for cx, cy, start in ((half * 0.42, half * 0.72, -math.pi / 2), (half * 0.72, half * 0.42, math.pi)):
        curl = _ram_horn(cx, cy, half * 0.3, turns, start)
        draw.line([(half * 0.55, half * 0.55), *curl], fill=figure, width=stroke, joint="curve")
    draw.polygon([(half, half * 0.78), (half * 0.78, half), (half, half)], fill=accent)
    r = half * 0.09
    draw.ellipse((half * 0.12 - r, half * 0.12 - r, half * 0.12 + r, half * 0.12 + r), fill=accent)
    top = Image.new("RGB", (tile, half))
    top.paste(quarter, (0, 0))
    top.paste(quarter.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (half, 0))
    motif = Image.new("RGB", (tile, tile))
    motif.paste(top, (0, 0))
    motif.paste(top.transpose(Image.Transpose.FLIP_TOP_BOTTOM), (0, half))
    height = tile * max(1, round(width * rng.choice([0.75, 1.0, 1.25]) / tile))
    image = Image.new("RGB", (width, height), ground)
    for y in range(0, height, tile):
        for x in range(0, width, tile):
            image.paste(motif, (x, y))
    border = ImageDraw.Draw(image)
    band = max(10, width // 40)
    border.rectangle((0, 0, width - 1, height - 1), outline=accent, width=band)
    border.rectangle((band, band, width - 1 - band, height - 1 - band), outline=figure, width=max(3, band // 3))
    return image


def draw_portrait(rng: random.Random, width: int = WIDTH) -> Image.Image:
    height = int(width * 1.25)
    backdrop = ORNAMENT_PALETTES[rng.randrange(len(ORNAMENT_PALETTES))]
    image = _vertical_gradient((width, height), _jitter(rng, backdrop[0], 30), _jitter(rng, backdrop[2], 30))
    draw = ImageDraw.Draw(image)
    cx = width // 2 + rng.randint(-width // 12, width // 12)
    head_w, head_h = int(width * rng.uniform(0.26, 0.32)), int(width * rng.uniform(0.34, 0.4))
    head_top = int(height * rng.uniform(0.18, 0.26))
    skin = _jitter(rng, rng.choice([(224, 180, 140), (200, 150, 110), (170, 120, 85)]), 12)
    robe = _jitter(rng, rng.choice([(120, 20, 30), (20, 50, 110), (30, 90, 60), (90, 60, 20)]), 15)
    # Shoulders and a chapan (robe) with a gold border.
    shoulders = [(cx - width * 0.42, height), (cx - width * 0.3, head_top + head_h * 1.25),
                 (cx + width * 0.3, head_top + head_h * 1.25), (cx + width * 0.42, height)]
    draw.polygon(shoulders, fill=robe)
    draw.line([(cx - width * 0.08, head_top + head_h * 1.1), (cx - width * 0.02, height)], fill=(220, 180, 60),
              width=width // 60)
    draw.line([(cx + width * 0.08, head_top + head_h * 1.1), (cx + width * 0.02, height)], fill=(220, 180, 60),
              width=width // 60)
    draw.rectangle((cx - head_w // 5, head_top + head_h * 0.8, cx + head_w // 5, head_top + head_h * 1.2), fill=skin)
    draw.ellipse((cx - head_w // 2, head_top, cx + head_w // 2, head_top + head_h), fill=skin)
    hat = rng.choice(["borik", "kalpak", "none"])
    if hat == "borik":  # a fur-trimmed cap
        draw.pieslice((cx - head_w * 0.6, head_top - head_h * 0.35, cx + head_w * 0.6, head_top + head_h * 0.45), 180,
                      360, fill=robe)
        draw.rectangle((cx - head_w * 0.62, head_top + head_h * 0.02, cx + head_w * 0.62, head_top + head_h * 0.16),
                       fill=(90, 60, 40))
    elif hat == "kalpak":  # the tall white felt hat
        draw.polygon([(cx - head_w * 0.55, head_top + head_h * 0.15), (cx, head_top - head_h * 0.55),
                      (cx + head_w * 0.55, head_top + head_h * 0.15)], fill=(245, 242, 235))
        draw.line([(cx - head_w * 0.5, head_top + head_h * 0.12), (cx + head_w * 0.5, head_top + head_h * 0.12)],
                  fill=(20, 20, 20), width=width // 80)
    else:
        draw.chord((cx - head_w * 0.52, head_top - head_h * 0.05, cx + head_w * 0.52, head_top + head_h * 0.6), 180,
                   360, fill=(30, 25, 25))
    eye_y = head_top + head_h * 0.5
    for side in (-1, 1):
        ex = cx + side * head_w * 0.2
        draw.line([(ex - head_w * 0.08, eye_y), (ex + head_w * 0.08, eye_y - side * 2)], fill=(30, 25, 25),
                  width=max(3, width // 150))
    draw.line([(cx - head_w * 0.1, head_top + head_h * 0.77), (cx + head_w * 0.1, head_top + head_h * 0.77)],
              fill=(130, 60, 50), width=max(3, width // 150))
    if rng.random() < 0.5:  # a moustache
        draw.arc((cx - head_w * 0.22, head_top + head_h * 0.62, cx + head_w * 0.22, head_top + head_h * 0.86), 200,
                 340, fill=(40, 30, 25), width=max(4, width // 100))
    return image


def draw_abstract(rng: random.Random, width: int = WIDTH) -> Image.Image:
    height = int(width * rng.choice([0.75, 1.0, 1.33]))
    palette = [colour for trio in rng.sample(ORNAMENT_PALETTES, 2) for colour in trio]
    image = Image.new("RGB", (width, height), _jitter(rng, palette[0], 25))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(6, 16)):
        colour = _jitter(rng, rng.choice(palette), 30)
        x, y = rng.randint(-width // 4, width), rng.randint(-height // 4, height)
        w, h = rng.randint(width // 10, width // 2), rng.randint(height // 10, height // 2)
        shape = rng.random()
        if shape < 0.4:
            draw.rectangle((x, y, x + w, y + h), fill=colour)
        elif shape < 0.75:
            draw.ellipse((x, y, x + w, y + h), fill=colour)
        else:
            draw.line([(x, y), (x + w, y + h)], fill=colour, width=rng.randint(8, width // 30))
    if rng.random() < 0.5:
        image = image.filter(ImageFilter.BoxBlur(rng.randint(1, 4)))
    return image


DRAWINGS: dict[str, Callable[[random.Random, int], Image.Image]] = {
    "steppe": draw_steppe,
    "mountains": lambda rng, width: draw_steppe(rng, width, mountains=True),
    "horses": lambda rng, width: draw_steppe(rng, width, horses=True),
    "yurt": lambda rng, width: draw_steppe(rng, width, yurt=True),
    "ornament": draw_ornament,
    "portrait": draw_portrait,
    "abstract": draw_abstract,
}


def draw_jpeg(kind: str, rng: random.Random, width: int = WIDTH) -> bytes:
    """A JPEG of ``kind`` (one of :data:`DRAWINGS`), the same bytes for the same generator state."""
    return _jpeg(DRAWINGS[kind](rng, width))
