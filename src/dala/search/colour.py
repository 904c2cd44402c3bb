"""Colour search: works whose palettes are closest to one or two colours, or to another work's palette.

A query colour is a hex (``#1e4fa0``), a named colour's slug, or its name in Kazakh, Russian or English
(``көк``, ``синий``, ``blue``). A work's closeness to a query colour q is the sum over its palette of
``weight × max(0, 1 − ΔE₀₀(colour, q) / RADIUS)``: a colour counts by its share of the picture, fully when
it is q, not at all from RADIUS away. Two colours must both be there (the geometric mean of the two);
"more like this palette" weighs each colour of the source palette by its own weight (the mean).

The palettes are kept in ``SearchColour`` rows, each in a CIELAB cell of CELL units. Without a text
query or filters, the candidates are the PER_CELL heaviest colours of each cell near a query colour (read
from the ``(bin, weight)`` index), so a million works cost a few thousand rows; with a query or filters,
the candidates are the matching works having a colour in a near cell (at most CANDIDATES of them). The
candidates' whole palettes are then scored exactly."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from dala.catalog.models import Artwork, ArtworkImage
from dala.core.colours import NAMED_COLOURS, Lab, delta_e_2000, hex_to_lab
from dala.core.errors import DomainError

from .backends import Page, ids_sql, ranked
from .models import SearchColour
from .normalise import fold

CELL = 20.0
RADIUS = 25.0  # ΔE₀₀ at which a colour stops counting
REACH = 2.0 * RADIUS  # cells within this CIE76 distance are read: ΔE76 can be twice ΔE₀₀ for vivid colours
PER_CELL = 60
CANDIDATES = 2000
MAX_COLOURS = 2
MIN_LIKE_WEIGHT = 0.08  # a source palette's colours lighter than this are left out of "more like this"
_L_CELLS, _AB_CELLS, _AB_OFFSET = 6, 14, 140.0


def cell_of(lab: Lab) -> int:
    lightness, green_red, blue_yellow = lab
    li = min(max(int(lightness // CELL), 0), _L_CELLS - 1)
    ai = min(max(int((green_red + _AB_OFFSET) // CELL), 0), _AB_CELLS - 1)
    bi = min(max(int((blue_yellow + _AB_OFFSET) // CELL), 0), _AB_CELLS - 1)
    return (li * _AB_CELLS + ai) * _AB_CELLS + bi


def near_cells(lab: Lab, reach: float = REACH) -> list[int]:
    """The cells with some point within ``reach`` (CIE76) of ``lab``."""
    def gap(value: float, index: int, offset: float) -> float:
        low = index * CELL - offset
        return max(low - value, 0.0, value - (low + CELL))

    cells = []
    for li in range(_L_CELLS):
        dl = gap(lab[0], li, 0.0)
        if dl > reach:
            continue
        for ai in range(_AB_CELLS):
            da = gap(lab[1], ai, _AB_OFFSET)
            if dl * dl + da * da > reach * reach:
                continue
            for bi in range(_AB_CELLS):
                db = gap(lab[2], bi, _AB_OFFSET)
                if dl * dl + da * da + db * db <= reach * reach:
                    cells.append((li * _AB_CELLS + ai) * _AB_CELLS + bi)
    return cells


# Query colours ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QueryColour:
    hex: str
    lab: Lab
    weight: float = 1.0
    label: str = ""


def _names() -> dict[str, tuple[str, str]]:
    names: dict[str, tuple[str, str]] = {}
    for colour in NAMED_COLOURS:
        names[colour.slug] = (colour.hex, colour.slug)
        for text in colour.name.as_dict().values():
            if text:
                names[fold(str(text))] = (colour.hex, colour.slug)
    return names


_NAMED = _names()


def parse_colours(text: str) -> list[QueryColour]:
    """One or two colours, comma-separated: hex, named-colour slug or name in any of the three languages.
    Raises DomainError (field ``palette``) for anything else."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if len(parts) > MAX_COLOURS:
        raise DomainError("invalid_colour", _("Choose one or two colours."), field="palette")
    colours = []
    for part in parts:
        named = _NAMED.get(part.lower()) or _NAMED.get(fold(part))
        value = named[0] if named else part if part.startswith("#") else f"#{part}"
        try:
            lab = hex_to_lab(value)
        except ValueError:
            raise DomainError("invalid_colour", _("“%(colour)s” is not a colour: give a name such as blue, көк "
                                                  "or синий, or a hex value such as #1e4fa0.") % {"colour": part[:30]},
                              field="palette") from None
        colours.append(QueryColour(hex=value.lower(), lab=lab, label=named[1] if named else value.lower()))
    return colours


def palette_of(artwork_id: int) -> list[QueryColour]:
    """A listed work's palette as query colours (its heavier colours, weights summing to 1)."""
    rows = list(SearchColour.objects.filter(artwork_id=artwork_id, weight__gte=MIN_LIKE_WEIGHT)
                .filter(artwork_id__in=Artwork.objects.listed().filter(pk=artwork_id).values("pk"))
                .values_list("lightness", "green_red", "blue_yellow", "weight"))
    total = sum(row[3] for row in rows)
    if not rows or total <= 0:
        raise DomainError("no_palette", _("This work has no palette yet, so there is nothing to compare."),
                          field="like")
    return [QueryColour(hex="", lab=(row[0], row[1], row[2]), weight=row[3] / total) for row in rows]


# Scoring -------------------------------------------------------------------------------------------

Entry = tuple[float, float, float, float]  # L, a, b, weight


def closeness(entries: Iterable[Entry], colour: QueryColour) -> float:
    total = 0.0
    ql, qa, qb = colour.lab
    for lightness, green_red, blue_yellow, weight in entries:
        # CIE76 first: a colour further than REACH cannot be within RADIUS by ΔE₀₀ (see REACH).
        if (lightness - ql) ** 2 + (green_red - qa) ** 2 + (blue_yellow - qb) ** 2 > REACH * REACH:
            continue
        distance = delta_e_2000((lightness, green_red, blue_yellow), colour.lab)
        if distance < RADIUS:
            total += weight * (1.0 - distance / RADIUS)
    return total


def score(entries: list[Entry], colours: list[QueryColour], *, like: bool) -> float:
    values = [closeness(entries, colour) for colour in colours]
    if like:
        return sum(colour.weight * value for colour, value in zip(colours, values, strict=True))
    return math.prod(values) ** (1.0 / len(values))


def _heaviest_near(colours: list[QueryColour]) -> set[int]:
    cells = sorted({cell for colour in colours for cell in near_cells(colour.lab)})
    if not cells:
        return set()
    table = SearchColour._meta.db_table
    parts = [f"SELECT * FROM (SELECT artwork_id FROM {table} WHERE bin = {cell} ORDER BY weight DESC "
             f"LIMIT {PER_CELL}) AS c{cell}" for cell in cells]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {row[0] for row in cursor.fetchall()}


def _listed(ids: set[int]) -> list[int]:
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Artwork._meta.db_table} WHERE is_listed AND id IN ({ids_sql(ids)})")
        return [row[0] for row in cursor.fetchall()]


def near_condition(colours: list[QueryColour]) -> str:
    """SQL over a work (alias ``o``): it has a colour in a cell near one of ``colours``."""
    cells = sorted({cell for colour in colours for cell in near_cells(colour.lab)})
    return (f"EXISTS (SELECT 1 FROM {SearchColour._meta.db_table} sc WHERE sc.artwork_id = o.id "
            f"AND sc.bin IN ({', '.join(str(cell) for cell in cells) or 'NULL'}))")


def rank(colours: list[QueryColour], *, like: bool = False, source: tuple[str, list[Any]] | None = None,
         exclude: int | None = None, limit: int, offset: int, seed: int, count_cap: int) -> Page:
    """A page of works by closeness to ``colours``; ``source`` (``FROM … WHERE …`` over works ``o``)
    restricts them to a text query's or the filters' matches."""
    if source is None:
        candidates = _listed(_heaviest_near(colours))
    else:
        sql, params = source
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT o.id {sql} AND {near_condition(colours)} LIMIT %s", [*params, CANDIDATES])
            candidates = [row[0] for row in cursor.fetchall()]
    palettes: dict[int, list[Entry]] = defaultdict(list)
    if candidates:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT artwork_id, lightness, green_red, blue_yellow, weight "
                           f"FROM {SearchColour._meta.db_table} WHERE artwork_id IN ({ids_sql(candidates)})")
            for artwork_id, *entry in cursor.fetchall():
                palettes[artwork_id].append(tuple(entry))  # type: ignore[arg-type]
    # Closest first, with the same daily tie-break as a text search; a work none of whose colours is near
    # (score 0 when rounded) is not listed.
    scored = [match for match in ranked(((artwork_id, score(entries, colours, like=like), 1.0)
                                         for artwork_id, entries in palettes.items() if artwork_id != exclude), seed)
              if match.score > 0]
    return Page(matches=scored[offset:offset + limit], total=min(len(scored), count_cap),
                capped=len(scored) > count_cap)


# Writing --------------------------------------------------------------------------------------------

def entries(artwork_id: int, palette: list[dict[str, Any]]) -> list[SearchColour]:
    rows = []
    for colour in palette:
        try:
            lab = hex_to_lab(str(colour["hex"]))
            weight = float(colour["weight"])
        except (KeyError, TypeError, ValueError):
            continue
        rows.append(SearchColour(artwork_id=artwork_id, bin=cell_of(lab), lightness=lab[0], green_red=lab[1],
                                 blue_yellow=lab[2], weight=weight))
    return rows


@transaction.atomic
def index_palette(artwork_id: int, palette: list[dict[str, Any]]) -> None:
    SearchColour.objects.filter(artwork_id=artwork_id).delete()
    SearchColour.objects.bulk_create(entries(artwork_id, palette))


def reindex_palettes(artwork_ids: list[int]) -> None:
    """Rewrite the colours of these works from their primary images (one transaction: the caller's)."""
    palettes = dict(ArtworkImage.objects.filter(artwork_id__in=artwork_ids, is_primary=True)
                    .values_list("artwork_id", "palette"))
    SearchColour.objects.filter(artwork_id__in=artwork_ids).delete()
    rows = [row for pk in artwork_ids for row in entries(pk, list(palettes.get(pk) or []))]
    SearchColour.objects.bulk_create(rows, batch_size=1000)
