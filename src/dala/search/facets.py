"""Filters and facets of the works a search finds.

The filters are the catalogue's browse filters (:class:`dala.catalog.selectors.BrowseFilters`: medium,
subject, country, city, availability, price in the viewer's currency, year, career stage, colours),
written here as SQL over the work (alias ``o``) and its artist (alias ``ar``) so that the search engine
applies them in the same statement as the text query.

Facets count, for each value of each filter, how many of the found works have it. They are counted
over at most :data:`FACET_CAP` matching works: at a million works a common word matches hundreds of
thousands, and counting them all would cost more than the search. When more match, each count is a
lower bound and is shown with "+" (like the totals). A facet with a value chosen is counted without its
own filter (the other filters still apply), so its other values keep their counts and can replace it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dala.accounts.models import ArtistProfile, CareerStage, City
from dala.accounts.places import COUNTRIES
from dala.catalog.models import Artwork, Availability, Medium, Subject
from dala.catalog.selectors import PUBLIC_AVAILABILITIES, BrowseFilters, vocabularies
from dala.core.colours import NAMED_COLOURS
from dala.core.money import Money

from .backends import ids_sql

FACET_CAP = 500
ARTIST_JOIN = f"JOIN {ArtistProfile._meta.db_table} ar ON ar.id = o.artist_id"
# Price bands, as edges in major units of the base currency (tenge); shown and filtered in the viewer's
# currency, each edge rounded to two significant figures there.
PRICE_EDGES_BASE = (100_000, 300_000, 1_000_000, 3_000_000)
FACET_NAMES = ("availability", "medium", "subject", "price", "year", "colour", "career_stage", "country", "city")


def filter_conditions(filters: BrowseFilters) -> list[tuple[str, str, list[Any]]]:
    """The SQL conditions (over ``o`` and ``ar``) of ``filters``, each with the facet it belongs to ("" for
    a condition that is no facet's, such as "emerging") and its parameters."""
    conditions: list[tuple[str, str, list[Any]]] = []

    def add(name: str, condition: str, *values: Any) -> None:
        conditions.append((name, condition, list(values)))

    through = Artwork.subjects.through._meta.db_table
    if filters.medium:
        add("medium", f"o.medium_id = (SELECT id FROM {Medium._meta.db_table} WHERE slug = %s)", filters.medium)
    if filters.subject:
        add("subject", f"EXISTS (SELECT 1 FROM {through} t JOIN {Subject._meta.db_table} s ON s.id = t.subject_id "
            f"WHERE t.artwork_id = o.id AND s.slug = %s)", filters.subject)
    if filters.country:
        add("country", "ar.country = %s", filters.country)
    if filters.city:
        add("city", f"ar.city_id = (SELECT id FROM {City._meta.db_table} WHERE slug = %s)", filters.city)
    if filters.availability:
        add("availability", "o.availability = %s", filters.availability)
    if filters.career_stage:
        add("career_stage", "ar.career_stage = %s", filters.career_stage)
    if filters.emerging:
        from dala.catalog.selectors import emerging_artist_ids

        add("", f"o.artist_id IN ({ids_sql(emerging_artist_ids())})")
    for colour in filters.colours:
        add("colour", "o.colours LIKE %s", f"% {colour} %")
    if filters.year_min is not None:
        add("year", "o.year >= %s", filters.year_min)
    if filters.year_max is not None:
        add("year", "o.year <= %s", filters.year_max)
    if filters.price_min is not None:
        add("price", "o.price_base >= %s", base_amount(filters.price_min, filters.currency))
    if filters.price_max is not None:
        add("price", "o.price_base <= %s", base_amount(filters.price_max, filters.currency))
    if filters.sort != "newest":
        add("", "o.price_base IS NOT NULL")
    return conditions


def filter_sql(filters: BrowseFilters, *, without: str = "") -> tuple[list[str], list[Any]]:
    """The SQL conditions (over ``o`` and ``ar``) and parameters of ``filters``, leaving out the facet
    named ``without``."""
    kept = [(condition, params) for name, condition, params in filter_conditions(filters)
            if not (without and name == without)]
    return [condition for condition, _ in kept], [value for _, params in kept for value in params]


# Facet terms -------------------------------------------------------------------------------------
# A work's filter values are also written into its search document (column ``facets``) as terms such as
# "zzmoil" (medium oil) or "zzaforsale", so that on SQLite the engine applies a filter while it matches
# (an intersection of its lists) instead of the database checking each match afterwards: a broad word
# with a narrow filter ("portrait", blue) reads only what it returns. The SQL conditions above still
# decide: a term can only make the engine look at fewer rows, never show a row the filters exclude.

TERM_CODES = {"medium": "m", "subject": "s", "availability": "a", "colour": "c", "country": "n", "city": "t",
              "career_stage": "g", "year": "d", "price": "p"}


def term(facet: str, value: object) -> str:
    return "zz" + TERM_CODES[facet] + re.sub(r"[^0-9a-z]", "", str(value).lower())


def facet_of(term: str) -> str:
    """The facet a term (made by ``term``) is of."""
    return next(name for name, code in TERM_CODES.items() if term[2:3] == code)


def _band_edges() -> list[int]:
    """The tenge band edges in minor units: band i holds the prices from edge i−1 (included) to edge i."""
    base = settings.DALA_BASE_CURRENCY
    return [base_amount(edge, base) for edge in price_edges(base)]


def price_band(price_base: int | None) -> int | None:
    """The index of the tenge price band (see ``price_bands``) a base-currency price falls in."""
    return None if price_base is None else bisect_right(_band_edges(), price_base)


def artist_terms(artist: ArtistProfile) -> list[str]:
    terms = [term("career_stage", artist.career_stage)]
    if artist.country:
        terms.append(term("country", artist.country))
    if artist.city is not None:
        terms.append(term("city", artist.city.slug))
    return terms


def artwork_terms(artwork: Artwork, subjects: list[str]) -> list[str]:
    """The facet terms of a work (with its artist, city and medium loaded) and its subjects' slugs."""
    terms = [term("medium", artwork.medium.slug), term("availability", artwork.availability),
             *(term("subject", slug) for slug in subjects),
             *(term("colour", colour) for colour in (artwork.colours or "").split()),
             *artist_terms(artwork.artist)]
    if artwork.year:
        terms.append(term("year", artwork.year // 10 * 10))
    band = price_band(artwork.price_base)
    if band is not None:
        terms.append(term("price", band))
    return terms


MAX_DECADES = 30  # a wider year range is left to the SQL condition alone


def filter_terms(filters: BrowseFilters, *, without: str = "") -> list[tuple[str, ...]]:
    """Groups of facet terms that every work ``filters`` let through has one of in each group (the
    filters that have terms; a range gives the bands or decades it overlaps, a superset of it)."""
    groups: list[tuple[str, ...]] = [(term(name, getattr(filters, name)),)
              for name in ("medium", "subject", "availability", "country", "career_stage")
              if getattr(filters, name) and without != name]
    if filters.city and without != "city":
        groups.append((term("city", filters.city),))
    if without != "colour":
        groups += [(term("colour", colour),) for colour in filters.colours]
    if without != "year" and (filters.year_min is not None or filters.year_max is not None):
        first = (filters.year_min if filters.year_min is not None else 0) // 10 * 10
        last = (filters.year_max if filters.year_max is not None else 2100) // 10 * 10
        if 0 <= (last - first) // 10 < MAX_DECADES:
            groups.append(tuple(term("year", decade) for decade in range(first, last + 1, 10)))
    if without != "price" and (filters.price_min is not None or filters.price_max is not None):
        low = base_amount(filters.price_min, filters.currency) if filters.price_min is not None else None
        high = base_amount(filters.price_max, filters.currency) if filters.price_max is not None else None
        edges = _band_edges()
        first = bisect_right(edges, low) if low is not None else 0
        last = bisect_right(edges, high) if high is not None else len(edges)
        bands = [term("price", index) for index in range(first, last + 1)]
        groups.append(tuple(bands))
    return groups


def base_amount(major: int, currency: str) -> int:
    return Money.from_major(major, currency).convert(settings.DALA_BASE_CURRENCY).amount


def has_filters(filters: BrowseFilters) -> bool:
    return bool(set(filters.as_params()) - {"currency", "sort"})


def selected_facets(filters: BrowseFilters) -> list[str]:
    chosen = {"medium": filters.medium, "subject": filters.subject, "country": filters.country,
              "city": filters.city, "availability": filters.availability, "career_stage": filters.career_stage,
              "colour": filters.colours,
              "year": filters.year_min is not None or filters.year_max is not None,
              "price": filters.price_min is not None or filters.price_max is not None}
    return [name for name in FACET_NAMES if chosen[name]]


def vocabulary() -> dict[str, list[tuple[int, str, str]]]:
    """(id, slug, label in the active language) of every medium, subject and city, from the catalogue's
    cached vocabularies."""
    terms = vocabularies()
    return {"medium": [(medium.pk, medium.slug, str(medium.label)) for medium in terms["media"]],
            "subject": [(subject.pk, subject.slug, str(subject.label)) for subject in terms["subjects"]],
            "city": [(city.pk, city.slug, str(city.name)) for city in terms["cities"]]}


# Counting ----------------------------------------------------------------------------------------

@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    changes: dict[str, str | None]  # the filter parameters that choose this value (None: remove)


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    capped: bool = False  # counted over FACET_CAP works of more: each count is a lower bound

    @property
    def selected(self) -> list[FacetValue]:
        return [value for value in self.values if value.selected]


class Row(NamedTuple):  # a tuple: a search reads up to a thousand of them
    id: int
    medium_id: int
    availability: str
    year: int | None
    price_base: int | None
    colours: str
    country: str
    city_id: int | None
    career_stage: str


ROW_COLUMNS = "o.id, o.medium_id, o.availability, o.year, o.price_base, o.colours, ar.country, ar.city_id, " \
              "ar.career_stage"


def fetch_rows(source: str, params: list[Any], *, cap: int | None = None) -> tuple[list[Row], bool]:
    """Up to ``cap`` (FACET_CAP) matching works (the source must join the artist as ``ar``), and whether
    there are more."""
    cap = FACET_CAP if cap is None else cap
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {ROW_COLUMNS} {source} LIMIT %s", [*params, cap + 1])
        rows = [Row._make(row) for row in cursor.fetchall()]
    return rows[:cap], len(rows) > cap


def subject_counts(ids: list[int]) -> Counter[int]:
    if not ids:
        return Counter()
    through = Artwork.subjects.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT subject_id, COUNT(*) FROM {through} WHERE artwork_id IN "
                       f"({ids_sql(ids)}) GROUP BY subject_id")
        return Counter(dict(cursor.fetchall()))


def _round_figures(value: Decimal, figures: int = 2) -> int:
    if value <= 0:
        return 0
    exponent = value.adjusted() - figures + 1
    step = Decimal(10) ** max(exponent, 0)
    return int((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def price_edges(currency: str) -> list[int]:
    """The band edges in major units of ``currency``: the tenge edges converted, two significant figures."""
    base = settings.DALA_BASE_CURRENCY
    return [_round_figures(Money.from_major(edge, base).convert(currency).major) for edge in PRICE_EDGES_BASE]


def _money(major: int, currency: str) -> str:
    return Money.from_major(major, currency).format()


def count_facets(filters: BrowseFilters, rows_without: Callable[[str], tuple[list[Row], bool]]) -> list[Facet]:
    """Every facet with its values' counts; ``rows_without(name)`` gives the matching works with the
    filter ``name`` left out ("" for all filters applied)."""
    cache: dict[str, tuple[list[Row], bool]] = {}
    chosen = set(selected_facets(filters))

    def rows(name: str) -> tuple[list[Row], bool]:
        key = name if name in chosen else ""
        if key not in cache:
            cache[key] = rows_without(key)
        return cache[key]

    terms = vocabulary()  # once: each call reads the cache
    builders: dict[str, Callable[[list[Row]], tuple[str, list[FacetValue]]]] = {
        "availability": lambda found: _availability(filters, found),
        "medium": lambda found: _medium(filters, found, terms["medium"]),
        "subject": lambda found: _subject(filters, found, terms["subject"]),
        "price": lambda found: _price(filters, found),
        "year": lambda found: _year(filters, found),
        "colour": lambda found: _colour(filters, found),
        "career_stage": lambda found: _career_stage(filters, found),
        "country": lambda found: _country(filters, found),
        "city": lambda found: _city(filters, found, terms["city"]),
    }
    facets = []
    for name in FACET_NAMES:
        found, capped = rows(name)
        label, values = builders[name](found)
        shown = [value for value in values if value.count or value.selected]
        if shown:
            facets.append(Facet(name=name, label=label, values=shown, capped=capped))
    return facets


def _choices(name: str, counts: Counter[Any], options: list[tuple[Any, str, str]], current: str
             ) -> list[FacetValue]:
    """Values in ``options`` order: (key counted, parameter value, label)."""
    return [FacetValue(value=value, label=label, count=counts.get(key, 0), selected=value == current,
                       changes={name: None if value == current else value}) for key, value, label in options]


def _availability(filters: BrowseFilters, rows: list[Row]) -> tuple[str, list[FacetValue]]:
    counts = Counter(row.availability for row in rows)
    labels = dict(Availability.choices)
    options = [(value, value, str(labels[value])) for value in PUBLIC_AVAILABILITIES]
    return _("Availability"), _choices("availability", counts, options, filters.availability)


def _medium(filters: BrowseFilters, rows: list[Row], terms: list[tuple[int, str, str]]
            ) -> tuple[str, list[FacetValue]]:
    counts = Counter(row.medium_id for row in rows)
    values = _choices("medium", counts, terms, filters.medium)
    return _("Medium"), sorted(values, key=lambda value: -value.count)


def _subject(filters: BrowseFilters, rows: list[Row], terms: list[tuple[int, str, str]]
             ) -> tuple[str, list[FacetValue]]:
    counts = subject_counts([row.id for row in rows])
    values = _choices("subject", counts, terms, filters.subject)
    return _("Subject"), sorted(values, key=lambda value: -value.count)


def _career_stage(filters: BrowseFilters, rows: list[Row]) -> tuple[str, list[FacetValue]]:
    counts = Counter(row.career_stage for row in rows)
    options = [(value, value, str(label)) for value, label in CareerStage.choices]
    return _("Career stage"), _choices("career_stage", counts, options, filters.career_stage)


def _country(filters: BrowseFilters, rows: list[Row]) -> tuple[str, list[FacetValue]]:
    counts = Counter(row.country for row in rows if row.country)
    options = [(code, code, str(label)) for code, label in COUNTRIES]
    values = _choices("country", counts, options, filters.country)
    return _("Country"), sorted(values, key=lambda value: -value.count)


def _city(filters: BrowseFilters, rows: list[Row], terms: list[tuple[int, str, str]]
          ) -> tuple[str, list[FacetValue]]:
    counts = Counter(row.city_id for row in rows if row.city_id)
    values = _choices("city", counts, terms, filters.city)
    return _("City"), sorted(values, key=lambda value: -value.count)


def _colour(filters: BrowseFilters, rows: list[Row]) -> tuple[str, list[FacetValue]]:
    counts = Counter(colour for row in rows for colour in set((row.colours or "").split()))
    values = []
    for colour in NAMED_COLOURS:
        selected = colour.slug in filters.colours
        # Choosing adds the colour to those chosen (at most two: both must be present); choosing it again
        # removes it.
        others = [slug for slug in filters.colours if slug != colour.slug]
        chosen = others if selected else [*others[-1:], colour.slug]
        values.append(FacetValue(value=colour.slug, label=str(colour.name), count=counts.get(colour.slug, 0),
                                 selected=selected, changes={"colour": ",".join(chosen) or None}))
    return _("Colour"), values


def _year(filters: BrowseFilters, rows: list[Row]) -> tuple[str, list[FacetValue]]:
    counts = Counter(row.year // 10 * 10 for row in rows if row.year)
    decades = sorted(set(counts) | ({filters.year_min} if filters.year_min is not None else set()), reverse=True)
    values = []
    for decade in decades:
        if decade is None:
            continue
        selected = filters.year_min == decade and filters.year_max == decade + 9
        # Translators: a decade in the year facet, e.g. "2010s".
        label = pgettext("decade", "%(decade)ss") % {"decade": decade}
        values.append(FacetValue(value=str(decade), label=label, count=counts.get(decade, 0), selected=selected,
                                 changes={"year_min": None, "year_max": None} if selected
                                 else {"year_min": str(decade), "year_max": str(decade + 9)}))
    return _("Year"), values


def price_bands(currency: str) -> list[tuple[int | None, int | None]]:
    """(low, high) in major units of ``currency``, both included; None where a band is open."""
    edges = price_edges(currency)
    bands: list[tuple[int | None, int | None]] = [(None, edges[0] - 1)]
    bands += [(low, high - 1) for low, high in zip(edges, edges[1:], strict=False)]
    bands.append((edges[-1], None))
    return bands


def _price(filters: BrowseFilters, rows: list[Row]) -> tuple[str, list[FacetValue]]:
    currency = filters.currency
    values = []
    prices = [row.price_base for row in rows if row.price_base is not None]
    for low, high in price_bands(currency):
        low_base = base_amount(low, currency) if low is not None else None
        high_base = base_amount(high, currency) if high is not None else None
        count = sum(1 for price in prices if (low_base is None or price >= low_base)
                    and (high_base is None or price <= high_base))
        if low is None:
            label = _("under %(amount)s") % {"amount": _money(high + 1 if high is not None else 0, currency)}
        elif high is None:
            label = _("%(amount)s and more") % {"amount": _money(low, currency)}
        else:
            label = f"{_money(low, currency)} – {_money(high, currency)}"
        selected = filters.price_min == low and filters.price_max == high
        changes: dict[str, str | None] = {"price_min": None, "price_max": None}
        if not selected:
            changes = {"price_min": None if low is None else str(low), "price_max": None if high is None else str(high)}
        values.append(FacetValue(value=f"{low or ''}-{high or ''}", label=label, count=count, selected=selected,
                                 changes=changes))
    return _("Price (%(currency)s)") % {"currency": currency}, values



# Links ----------------------------------------------------------------------------------------------

def link(params: dict[str, str], changes: dict[str, str | None]) -> str:
    """``?query`` of ``params`` with ``changes`` made (None: the parameter removed)."""
    merged = dict(params)
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return "?" + urlencode(merged)


def facet_links(facets: list[Facet], params: dict[str, str]) -> list[dict[str, Any]]:
    """The facets as a template shows them: each value with the link that chooses (or removes) it."""
    return [{"name": facet.name, "label": facet.label, "capped": facet.capped,
             "values": [{"label": value.label, "count": value.count, "selected": value.selected,
                         "value": value.value, "url": link(params, value.changes)} for value in facet.values]}
            for facet in facets]
