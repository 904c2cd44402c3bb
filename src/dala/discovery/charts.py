"""Bar charts as inline SVG, drawn on the server: readable without JavaScript or CSS.

The chart is a picture of numbers the page also shows in a table beside it; it carries its own
``<title>`` and ``<desc>`` (named by ``aria-labelledby``), axis tick labels, and a ``<title>`` per bar.
Every piece of text is escaped: the SVG is built as a string and marked safe only here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 220
PAD_LEFT = 48
PAD_RIGHT = 16
PAD_TOP = 14
PAD_BOTTOM = 40
BAR_COLOR = "#1d4f7a"
AXIS_COLOR = "#55524a"
GRID_COLOR = "#d9d4c7"
MAX_X_TICKS = 5


@dataclass(frozen=True)
class Bar:
    """One bar: the day (or first day of a week) it stands for, its label and its value."""

    day: date
    value: int


def y_scale(maximum: int) -> tuple[int, list[int]]:
    """The top of the value axis and its ticks: a round step (1, 2 or 5 × 10ⁿ) of about a fifth of the maximum,
    never less than 1 (a chart of zeros still has an axis from 0 to 1)."""
    maximum = max(int(maximum), 0)
    if maximum == 0:
        return 1, [0, 1]
    raw = maximum / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    top = math.ceil(maximum / step) * step
    return top, list(range(0, top + 1, step))


def x_tick_indexes(count: int, most: int = MAX_X_TICKS) -> list[int]:
    """Which bars get a date under them: the first, the last, and a few evenly between."""
    if count <= 0:
        return []
    if count <= most:
        return list(range(count))
    return sorted({round(i * (count - 1) / (most - 1)) for i in range(most)})


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, description: str, x_label: str,
              day_label: str = "j M") -> SafeString:
    """An ``<svg role="img">`` bar chart of ``bars``; ``chart_id`` makes its element ids unique on the page."""
    chart_id = "".join(c for c in chart_id if c.isalnum() or c in "-_") or "chart"
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    base_y = PAD_TOP + plot_h
    top, ticks = y_scale(max((bar.value for bar in bars), default=0))
    band = plot_w / max(len(bars), 1)
    bar_w = max(band * 0.75, 1.0)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="sans-serif" font-size="11">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        '<g class="chart__axis chart__axis--y">',
    ]
    for tick in ticks:
        y = base_y - plot_h * tick / top
        parts.append(f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{_num(y)}" y2="{_num(y)}" '
                     f'stroke="{GRID_COLOR}" stroke-width="1"/>')
        parts.append(f'<text x="{PAD_LEFT - 6}" y="{_num(y + 4)}" text-anchor="end" fill="{AXIS_COLOR}">'
                     f'{tick}</text>')
    parts.append("</g>")

    parts.append('<g class="chart__bars">')
    for index, bar in enumerate(bars):
        height = plot_h * bar.value / top
        x = PAD_LEFT + index * band + (band - bar_w) / 2
        label = date_format(bar.day, day_label)
        parts.append(f'<rect x="{_num(x)}" y="{_num(base_y - height)}" width="{_num(bar_w)}" '
                     f'height="{_num(height)}" fill="{BAR_COLOR}" data-value="{bar.value}">'
                     f'<title>{escape(label)}: {bar.value}</title></rect>')
    parts.append("</g>")

    parts.append('<g class="chart__axis chart__axis--x">')
    parts.append(f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{base_y}" y2="{base_y}" '
                 f'stroke="{AXIS_COLOR}" stroke-width="1"/>')
    indexes = x_tick_indexes(len(bars))
    for index in indexes:
        center = PAD_LEFT + index * band + band / 2
        anchor = "start" if index == 0 and len(bars) > 1 else "end" if index == len(bars) - 1 and len(bars) > 1 \
            else "middle"
        x = PAD_LEFT if anchor == "start" else WIDTH - PAD_RIGHT if anchor == "end" else center
        parts.append(f'<line x1="{_num(center)}" x2="{_num(center)}" y1="{base_y}" y2="{base_y + 4}" '
                     f'stroke="{AXIS_COLOR}" stroke-width="1"/>')
        parts.append(f'<text x="{_num(x)}" y="{base_y + 16}" text-anchor="{anchor}" fill="{AXIS_COLOR}">'
                     f'{escape(date_format(bars[index].day, day_label))}</text>')
    parts.append(f'<text x="{PAD_LEFT + plot_w / 2:.0f}" y="{HEIGHT - 6}" text-anchor="middle" '
                 f'fill="{AXIS_COLOR}">{escape(x_label)}</text>')
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text above is escaped
