"""Reads of the catalogue, shaped so that a page's query count does not grow with its length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile, CareerStage, City
from dala.accounts.places import COUNTRY_CODES
from dala.core.colours import COLOURS_BY_SLUG
from dala.core.errors import DomainError, NotFound
from dala.core.money import CURRENCIES, Money
from dala.core.pagination import KeysetPage, keyset_paginate

from . import errors
from .models import Artwork, ArtworkImage, Availability, EditionCopy, EditionSet, EditionType, Medium, Subject

PUBLIC_AVAILABILITIES = [value for value in Availability.values if value != Availability.DRAFT]

# Sort name → keyset keys (field, descending); the last key is unique.
SORTS: dict[str, list[tuple[str, bool]]] = {
    "newest": [("created_at", True), ("id", True)],
    "price_asc": [("price_base", False), ("id", False)],
    "price_desc": [("price_base", True), ("id", True)],
}


def _with_cards(queryset: QuerySet[Artwork]) -> QuerySet[Artwork]:
    """What an artwork card shows: artist, city, medium and the primary image, in three queries."""
    return queryset.select_related("artist", "artist__city", "medium").prefetch_related(
        Prefetch("images", queryset=ArtworkImage.objects.filter(is_primary=True), to_attr="primary_images")
    )


# The colour filter takes one named colour, or two that must both be present.
MAX_COLOURS = 2


@dataclass
class BrowseFilters:
    """Public browse filters, parsed from a query string (web) or query parameters (API)."""

    medium: str = ""
    subject: str = ""
    country: str = ""
    city: str = ""
    availability: str = ""
    currency: str = "KZT"
    price_min: int | None = None  # major units in ``currency``
    price_max: int | None = None
    year_min: int | None = None
    year_max: int | None = None
    career_stage: str = ""
    emerging: bool = False  # only artists emerging by career stage or by few sales (emerging_artist_ids)
    colours: list[str] = field(default_factory=list)  # named-colour slugs, all of which must be present
    sort: str = "newest"
    problems: list[DomainError] = field(default_factory=list)

    @classmethod
    def from_params(cls, params: Any) -> BrowseFilters:
        """Read filters leniently: a bad value is dropped and reported in ``problems``, never a 500."""
        filters = cls()
        for name in ("medium", "subject", "city"):
            setattr(filters, name, str(params.get(name, "") or "").strip()[:100])
        country = str(params.get("country", "") or "").strip().upper()
        if country:
            if country in COUNTRY_CODES:
                filters.country = country
            else:
                filters.problems.append(DomainError("invalid_filter", _("Unknown country."), field="country"))
        availability = str(params.get("availability", "") or "")
        if availability:
            if availability in PUBLIC_AVAILABILITIES:
                filters.availability = availability
            else:
                filters.problems.append(DomainError("invalid_filter", _("Unknown availability."),
                                                    field="availability"))
        stage = str(params.get("career_stage", "") or "")
        if stage:
            if stage in CareerStage.values:
                filters.career_stage = stage
            else:
                filters.problems.append(DomainError("invalid_filter", _("Unknown career stage."),
                                                    field="career_stage"))
        filters.emerging = str(params.get("emerging", "") or "").lower() in {"1", "true", "on", "yes"}
        colour = str(params.get("colour", "") or "").strip().lower()
        if colour:
            slugs = [slug.strip() for slug in colour.split(",")]
            if len(slugs) <= MAX_COLOURS and all(slug in COLOURS_BY_SLUG for slug in slugs):
                filters.colours = list(dict.fromkeys(slugs))
            else:
                filters.problems.append(DomainError("invalid_filter", _("Unknown colour."), field="colour"))
        currency = str(params.get("currency", "") or "KZT").upper()
        if currency in CURRENCIES:
            filters.currency = currency
        else:
            filters.problems.append(DomainError("unknown_currency", _("Unknown currency."), field="currency"))
        sort = str(params.get("sort", "") or "newest")
        if sort in SORTS:
            filters.sort = sort
        else:
            filters.problems.append(DomainError("invalid_filter", _("Unknown sort order."), field="sort"))
        for name in ("price_min", "price_max", "year_min", "year_max"):
            raw = params.get(name)
            if raw in (None, ""):
                continue
            try:
                number = int(str(raw).replace(" ", "").replace("\u00a0", ""))
                if number < 0 or number > 10**13:
                    raise ValueError
                setattr(filters, name, number)
            except (TypeError, ValueError):
                filters.problems.append(DomainError("invalid_filter", _("Enter a whole number."), field=name))
        return filters

    def as_params(self) -> dict[str, str]:
        params = {}
        for name in ("medium", "subject", "country", "city", "availability", "career_stage", "price_min",
                     "price_max", "year_min", "year_max"):
            value = getattr(self, name)
            if value not in (None, ""):
                params[name] = str(value)
        if self.emerging:
            params["emerging"] = "1"
        if self.colours:
            params["colour"] = ",".join(self.colours)
        if self.price_min is not None or self.price_max is not None or self.currency != "KZT":
            params["currency"] = self.currency
        if self.sort != "newest":
            params["sort"] = self.sort
        return params

    def _base_amount(self, major: int) -> int:
        return Money.from_major(major, self.currency).convert(settings.DALA_BASE_CURRENCY).amount

    def apply(self, queryset: QuerySet[Artwork]) -> QuerySet[Artwork]:
        if self.medium:
            queryset = queryset.filter(medium__slug=self.medium)
        if self.subject:
            queryset = queryset.filter(Exists(Artwork.subjects.through.objects.filter(
                artwork_id=OuterRef("pk"), subject__slug=self.subject)))
        if self.country:
            queryset = queryset.filter(artist__country=self.country)
        if self.city:
            queryset = queryset.filter(artist__city__slug=self.city)
        if self.availability:
            queryset = queryset.filter(availability=self.availability)
        if self.career_stage:
            queryset = queryset.filter(artist__career_stage=self.career_stage)
        if self.emerging:
            queryset = queryset.filter(artist_id__in=emerging_artist_ids())
        for colour in self.colours:
            queryset = queryset.filter(colours__contains=f" {colour} ")
        ranges: dict[str, int] = {}
        if self.year_min is not None:
            ranges["year__gte"] = self.year_min
        if self.year_max is not None:
            ranges["year__lte"] = self.year_max
        if self.price_min is not None:
            ranges["price_base__gte"] = self._base_amount(self.price_min)
        if self.price_max is not None:
            ranges["price_base__lte"] = self._base_amount(self.price_max)
        if ranges and self.sort == "newest" and _range_is_dense(ranges):
            # A dense range under newest-first: compare through `column + 0`, which no index matches,
            # so SQLite walks the newest-first index and stops after one page, instead of reading the
            # whole range from the year or price index and sorting it (~300 ms at a million works).
            queryset = queryset.alias(year_unindexed=F("year") + 0, price_unindexed=F("price_base") + 0)
            ranges = {name.replace("year__", "year_unindexed__").replace("price_base__", "price_unindexed__"): value
                      for name, value in ranges.items()}
        queryset = queryset.filter(**ranges)
        if self.sort != "newest":
            queryset = queryset.filter(price_base__isnull=False)
        return queryset


# A range with at least this many listed works fills a page within a few thousand rows of the
# newest-first index; a sparser one is cheaper to read from its own index and sort.
DENSE_RANGE_ROWS = 5000


def _range_is_dense(ranges: dict[str, int]) -> bool:
    """Whether the listed works in ``ranges`` number at least DENSE_RANGE_ROWS (a bounded index read)."""
    probe = Artwork.objects.listed().filter(**ranges).order_by().values("pk")[:DENSE_RANGE_ROWS]
    return probe.count() >= DENSE_RANGE_ROWS


# What a card never shows: the long texts, left unread on lists of search results.
CARD_UNREAD = ("description", "private_notes", "materials", "location", "inventory_number",
               "artist__biography", "artist__statement")


def artwork_cards(ids: list[int]) -> list[Artwork]:
    """Listed works shaped as cards, in the order of ``ids`` (a search's ranking); others are left out.

    Each search result page draws them, so they are read in two plain queries: the works with their
    artists, cities and media but without the texts a card never shows, then their primary images."""
    works = list(Artwork.objects.listed().filter(pk__in=ids).select_related("artist", "artist__city", "medium")
                 .defer(*CARD_UNREAD))
    images: dict[int, list[ArtworkImage]] = {}
    for image in ArtworkImage.objects.filter(artwork_id__in=[work.pk for work in works], is_primary=True):
        images.setdefault(image.artwork_id, []).append(image)
    for work in works:
        work.primary_images = images.get(work.pk, [])  # type: ignore[attr-defined]
    by_id = {work.pk: work for work in works}
    return [by_id[pk] for pk in ids if pk in by_id]


def artworks_for_browse(filters: BrowseFilters, *, cursor: str | None = None,
                        page_size: int | None = None) -> KeysetPage[Artwork]:
    queryset = _with_cards(filters.apply(Artwork.objects.listed()))
    return keyset_paginate(queryset, keys=SORTS[filters.sort], cursor=cursor,
                           page_size=page_size or settings.DALA_PAGE_SIZE)


def artist_for_page(slug: str) -> ArtistProfile:
    artist = ArtistProfile.objects.select_related("city").filter(slug=slug, is_public=True).first()
    if artist is None:
        raise NotFound("artist_not_found", _("There is no artist at this address."))
    return artist


def artworks_of_artist(artist: ArtistProfile, *, cursor: str | None = None,
                       page_size: int | None = None) -> KeysetPage[Artwork]:
    queryset = _with_cards(Artwork.objects.listed().filter(artist=artist))
    return keyset_paginate(queryset, keys=SORTS["newest"], cursor=cursor,
                           page_size=page_size or settings.DALA_PAGE_SIZE)


def artwork_for_page(artist_slug: str, slug: str) -> Artwork:
    """A listed artwork with everything its page shows (images, subjects, series, editions)."""
    artwork = (
        Artwork.objects.listed()
        .select_related("artist", "artist__city", "medium", "series")
        .prefetch_related("images", "subjects", "edition_sets")
        .filter(artist__slug=artist_slug, slug=slug)
        .first()
    )
    if artwork is None:
        raise NotFound(errors.NOT_FOUND, _("There is no public artwork at this address."))
    return artwork


def artwork_by_id(artwork_id: int) -> Artwork:
    artwork = (
        Artwork.objects.listed()
        .select_related("artist", "artist__city", "medium", "series")
        .prefetch_related("images", "subjects", "edition_sets")
        .filter(pk=artwork_id)
        .first()
    )
    if artwork is None:
        raise NotFound(errors.NOT_FOUND, _("There is no public artwork with this id."))
    return artwork


def more_by_artist(artwork: Artwork, *, limit: int = 6) -> list[Artwork]:
    return list(_with_cards(Artwork.objects.listed().filter(artist_id=artwork.artist_id)
                            .exclude(pk=artwork.pk)).order_by("-created_at", "-id")[:limit])


EMERGING_CACHE_KEY = "catalog:emerging-artist-ids"
EMERGING_CACHE_SECONDS = 600


def emerging_artist_ids() -> list[int]:
    """Public artists with public works who are emerging: by career stage, or by having sold at most
    ``DALA_EMERGING_MAX_SALES`` works and copies. In id order; cached for ten minutes (the home page and
    the browse filter ask on every request, and sales change it rarely)."""
    cached = cache.get(EMERGING_CACHE_KEY)
    if cached is not None:
        return list(cached)
    sold_works = (Artwork.objects.filter(artist=OuterRef("pk"), availability=Availability.SOLD,
                                         edition_type=EditionType.UNIQUE)
                  .order_by().values("artist").annotate(n=Count("pk")).values("n"))
    sold_copies = (EditionCopy.objects.filter(edition_set__artwork__artist=OuterRef("pk"),
                                              availability=Availability.SOLD)
                   .order_by().values("edition_set__artwork__artist").annotate(n=Count("pk")).values("n"))
    ids = list(
        ArtistProfile.objects.filter(is_public=True)
        .filter(Exists(Artwork.objects.listed().filter(artist=OuterRef("pk"))))
        .annotate(sold=Coalesce(Subquery(sold_works, output_field=IntegerField()), 0)
                  + Coalesce(Subquery(sold_copies, output_field=IntegerField()), 0))
        .filter(Q(career_stage=CareerStage.EMERGING) | Q(sold__lte=settings.DALA_EMERGING_MAX_SALES))
        .order_by("id").values_list("id", flat=True))
    cache.set(EMERGING_CACHE_KEY, ids, EMERGING_CACHE_SECONDS)
    return ids


# A work listed or sold, or an artist's stage or visibility changed, shows at once, not after ten minutes.
# (Bulk writes that skip save(), such as the demo loader and set_artist_visibility's UPDATE, wait for
# the expiry, or call forget_emerging_artists.)
@receiver(post_save, sender=Artwork)
@receiver(post_save, sender=EditionCopy)
@receiver(post_save, sender=ArtistProfile)
def forget_emerging_artists(**kwargs: Any) -> None:
    cache.delete(EMERGING_CACHE_KEY)


def rotation(ids: list[int], size: int, now: datetime.datetime) -> list[int]:
    """``size`` of ``ids``, taken in turn: the day is cut into as many equal windows as it takes to show
    every id once, and each window shows the next ``size``, so each id is shown in some window every day."""
    if not ids or size <= 0:
        return []
    windows = -(-len(ids) // size)
    local = timezone.localtime(now)
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    window = seconds * windows // 86_400
    start = window * size
    return (ids[start:] + ids[:start])[:size] if len(ids) > size else list(ids)


@dataclass
class HomeShelves:
    new_works: list[Artwork]
    featured_artists: list[ArtistProfile]
    emerging_artists: list[ArtistProfile]


def home_shelves(*, now: datetime.datetime | None = None, size: int = 8, works: int = 12) -> HomeShelves:
    """The home page's shelves. Emerging artists always get ``DALA_HOME_EMERGING_SHARE`` of the new
    works' slots (one work each, of the artists whose turn it is now) and the emerging shelf."""
    now = now or timezone.now()
    emerging_ids = emerging_artist_ids()
    turn = rotation(emerging_ids, size, now)
    share = min(int(settings.DALA_HOME_EMERGING_SHARE), works)
    # Each emerging artist whose turn it is shows their newest public work, newest artists' works first.
    # Asked per artist (a handful), so each is one step down artwork_artist_idx; asked per listed work,
    # it walked every listed work (40 ms at 20 000 works on SQLite).
    newest_of_artist = (Artwork.objects.listed().filter(artist_id=OuterRef("pk"))
                        .order_by("-created_at", "-id").values("pk")[:1])
    emerging_work_ids = [pk for pk in ArtistProfile.objects.filter(pk__in=turn[:share])
                         .annotate(newest=Subquery(newest_of_artist)).values_list("newest", flat=True) if pk]
    other_ids = list(Artwork.objects.listed().exclude(pk__in=emerging_work_ids).order_by("-created_at", "-id")
                     .values_list("pk", flat=True)[:works - len(emerging_work_ids)])
    # One query (and its image prefetch) for every card of the shelf.
    cards = {work.pk: work for work in _with_cards(Artwork.objects.filter(pk__in=emerging_work_ids + other_ids))}
    emerging_works = sorted((cards[pk] for pk in emerging_work_ids if pk in cards),
                            key=lambda work: (work.created_at, work.pk), reverse=True)
    others = [cards[pk] for pk in other_ids if pk in cards]
    # Interleaved, so the emerging share is seen among the first cards, not after them.
    new_works: list[Artwork] = []
    step = max(1, works // max(1, len(emerging_works))) if emerging_works else works
    pending = list(emerging_works)
    for index, work in enumerate(others):
        if pending and index % step == 0:
            new_works.append(pending.pop(0))
        new_works.append(work)
    new_works.extend(pending)
    featured = list(ArtistProfile.objects.filter(is_public=True, is_featured=True)
                    .select_related("city").order_by("id")[:size])
    by_id = {a.pk: a for a in ArtistProfile.objects.filter(pk__in=turn).select_related("city")}
    emerging = [by_id[pk] for pk in turn if pk in by_id]
    return HomeShelves(new_works[:works], featured, emerging)


def artists_for_list() -> QuerySet[ArtistProfile]:
    # A correlated count per artist shown, not a GROUP BY over every artwork: the paginator's COUNT(*)
    # then reads only the artist table, and a page counts 48 artists' works (~5 ms at a million works).
    listed_works = (Artwork.objects.listed().filter(artist=OuterRef("pk")).order_by().values("artist")
                    .annotate(n=Count("pk")).values("n"))
    return ArtistProfile.objects.filter(is_public=True).select_related("city").annotate(
        work_count=Coalesce(Subquery(listed_works, output_field=IntegerField()), 0)).order_by("slug")


VOCABULARY_CACHE_KEY = "catalog:vocabularies"
VOCABULARY_CACHE_SECONDS = 300


def vocabularies() -> dict[str, list[Any]]:
    """The media, subjects and cities, cached: they change rarely, and every browse and search page shows
    them (the search app's facets name them too)."""
    terms: dict[str, list[Any]] | None = cache.get(VOCABULARY_CACHE_KEY)
    if terms is None:
        terms = {
            "media": list(Medium.objects.all()),
            "subjects": list(Subject.objects.all()),
            "cities": list(City.objects.all()),
        }
        cache.set(VOCABULARY_CACHE_KEY, terms, VOCABULARY_CACHE_SECONDS)
    return terms


# A changed term shows at once, not after the cache expires.
@receiver([post_save, post_delete], sender=Medium, dispatch_uid="catalog.vocabularies.medium")
@receiver([post_save, post_delete], sender=Subject, dispatch_uid="catalog.vocabularies.subject")
@receiver([post_save, post_delete], sender=City, dispatch_uid="catalog.vocabularies.city")
def forget_vocabularies(**kwargs: Any) -> None:
    cache.delete(VOCABULARY_CACHE_KEY)


# The studio (private) -----------------------------------------------------------------------------

@dataclass
class StudioFilters:
    availability: str = ""
    medium: str = ""
    series: int | None = None
    q: str = ""

    @classmethod
    def from_params(cls, params: Any) -> StudioFilters:
        filters = cls()
        availability = str(params.get("availability", "") or "")
        filters.availability = availability if availability in Availability.values else ""
        filters.medium = str(params.get("medium", "") or "")[:100]
        try:
            filters.series = int(params["series"]) if params.get("series") else None
        except (TypeError, ValueError):
            filters.series = None
        filters.q = str(params.get("q", "") or "").strip()[:100]
        return filters


MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class StorageUse:
    """How many bytes of originals an artist keeps, against ``DALA_STORAGE_QUOTA_BYTES``."""

    used: int
    limit: int

    @property
    def used_mb(self) -> float:
        return self.used / MEGABYTE

    @property
    def limit_mb(self) -> float:
        return self.limit / MEGABYTE


def storage_use(artist: ArtistProfile) -> StorageUse:
    """The bytes of the images of ``artist``'s works that are not deleted, and the quota."""
    used = (ArtworkImage.objects.filter(artwork__artist=artist, artwork__deleted_at__isnull=True)
            .aggregate(total=Sum("byte_size"))["total"]) or 0
    return StorageUse(used=int(used), limit=settings.DALA_STORAGE_QUOTA_BYTES)


def studio_artworks(artist: ArtistProfile, filters: StudioFilters | None = None) -> QuerySet[Artwork]:
    """An artist's own inventory (drafts included, deleted excluded), newest first."""
    queryset = Artwork.objects.alive().filter(artist=artist)
    if filters:
        if filters.availability:
            queryset = queryset.filter(availability=filters.availability)
        if filters.medium:
            queryset = queryset.filter(medium__slug=filters.medium)
        if filters.series:
            queryset = queryset.filter(series_id=filters.series)
        if filters.q:
            queryset = queryset.filter(Q(inventory_number__icontains=filters.q) | Q(title__icontains=filters.q)
                                       | Q(location__icontains=filters.q))
    return _with_cards(queryset).prefetch_related("subjects").select_related("series").order_by("-created_at", "-id")


def studio_artwork(artist: ArtistProfile, artwork_id: int) -> Artwork:
    """One of ``artist``'s own works; another artist's work is reported as not found."""
    artwork = (Artwork.objects.alive().select_related("artist", "medium", "series")
               .prefetch_related("images", "subjects", "edition_sets").filter(pk=artwork_id, artist=artist).first())
    if artwork is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such work in your studio."))
    return artwork


def studio_image(artist: ArtistProfile, image_id: int) -> ArtworkImage:
    """One image of one of ``artist``'s own (not deleted) works; anyone else's is reported as not found."""
    image = (ArtworkImage.objects.select_related("artwork")
             .filter(pk=image_id, artwork__artist=artist, artwork__deleted_at__isnull=True).first())
    if image is None:
        raise NotFound(errors.IMAGE_NOT_FOUND, _("There is no such image in your studio."))
    return image


def studio_edition_sets(artwork: Artwork) -> QuerySet[EditionSet]:
    """The work's edition runs, each with ``copy_count``, in one query."""
    return EditionSet.objects.filter(artwork=artwork).annotate(copy_count=Count("copies")).order_by("id")
