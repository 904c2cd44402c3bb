"""Shapes of the catalogue API: what the public and the studio read, and what the studio sends.

Outputs are built explicitly from model rows by each schema's ``build`` (text in the active language,
absolute URLs for the request), so a field is public only when a public schema names it: the private
fields (location, inventory number, private notes) appear in the ``Studio*`` schemas alone.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from dala.accounts.models import ArtistProfile, City
from dala.core.money import Money
from dala.core.translation import Translated

from .collaboration import accepted_credits
from .models import (
    Artwork,
    ArtworkCredit,
    ArtworkImage,
    Availability,
    CreditRole,
    EditionSet,
    Medium,
    Subject,
)

MAX_PAGE_SIZE = 100

# Inputs -------------------------------------------------------------------------------------------


class TranslatedIn(BaseModel):
    """Text in up to three languages; give at least one."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kk: str | None = None
    ru: str | None = None
    en: str | None = None


class ArtworkPatchIn(BaseModel):
    """Fields of an artwork; on PATCH only the fields sent are changed. Sizes are whole millimetres,
    prices whole minor units (tiyn, cents). Translated texts are merged per language; ``null`` for a
    language removes it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: TranslatedIn | None = None
    medium: str | None = Field(None, description="A medium slug (see GET /vocabularies).")
    subjects: list[str] | None = Field(None, description="Subject slugs (see GET /vocabularies).")
    year: int | None = None
    materials: str | None = None
    height_mm: int | None = None
    width_mm: int | None = None
    depth_mm: int | None = None
    edition_type: str | None = Field(None, description="unique, limited or open.")
    series: int | None = Field(None, description="The id of one of your series.")
    description: TranslatedIn | None = None
    price_amount: int | None = Field(None, description="In minor units: 150000000 is 1 500 000.00.")
    price_currency: str | None = Field(None, description="ISO 4217: KZT, USD, EUR, RUB, KGS, UZS, GBP.")
    price_visible: bool | None = Field(None, description="False: the public sees “price on request”.")
    buy_now: bool | None = Field(None, description="True: buyers may buy at the listed price without an offer.")
    availability: str | None = Field(None, description="draft, for_sale, on_hold, sold, not_for_sale, on_loan.")
    location: str | None = None
    inventory_number: str | None = None
    private_notes: str | None = None


class ArtworkCreateIn(ArtworkPatchIn):
    """A new work for the studio; ``title`` and ``medium`` are required, it starts as a draft."""

    title: TranslatedIn  # type: ignore[assignment]
    medium: str = Field(..., description="A medium slug (see GET /vocabularies).")  # type: ignore[assignment]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(settings.DALA_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class CursorQuery(Schema):
    cursor: str | None = Field(None, max_length=1000, description="next_cursor or previous_cursor of a page.")
    page_size: int = Field(settings.DALA_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class WorkFilters(Schema):
    """The filters of the public works (browse, search). Prices are whole major units of ``currency``."""

    medium: str = Field("", description="A medium slug.")
    subject: str = Field("", description="A subject slug.")
    country: str = Field("", description="The artist's country, ISO 3166 alpha-2 (KZ, KG, UZ…).")
    city: str = Field("", description="The artist's city slug.")
    availability: str = Field("", description="for_sale, on_hold, sold, not_for_sale or on_loan.")
    currency: str = Field("KZT", description="The currency of price_min and price_max.")
    price_min: int | None = Field(None, ge=0)
    price_max: int | None = Field(None, ge=0)
    year_min: int | None = Field(None, ge=0)
    year_max: int | None = Field(None, ge=0)
    career_stage: str = Field("", description="emerging or established.")
    emerging: bool = Field(False, description="Only works by emerging artists: by career stage, or with at most "
                                              "DALA_EMERGING_MAX_SALES works sold.")
    colour: str = Field("", max_length=100,
                        description="A named colour's slug (red, ochre, blue…), or two separated by a comma that "
                                    "must both be among the primary image's main colours.")


class ArtworkBrowseQuery(CursorQuery, WorkFilters):
    """The filters of the public browse page, a cursor page at a time."""

    sort: Literal["newest", "price_asc", "price_desc"] = "newest"


class StudioListQuery(PageQuery):
    availability: Availability | None = None
    medium: str = Field("", max_length=100, description="A medium slug.")
    q: str = Field("", max_length=100, description="Searches titles, inventory numbers and locations.")


# Building blocks ----------------------------------------------------------------------------------


class TranslatedOut(Schema):
    kk: str | None
    ru: str | None
    en: str | None

    @classmethod
    def build(cls, value: Translated) -> TranslatedOut:
        return cls(kk=value.get("kk"), ru=value.get("ru"), en=value.get("en"))


class TermOut(Schema):
    slug: str
    label: str = Field(..., description="In the request's language.")

    @classmethod
    def build(cls, term: Medium | Subject) -> TermOut:
        return cls(slug=term.slug, label=term.label.get_text())


class CityOut(Schema):
    slug: str
    name: str
    country: str

    @classmethod
    def build(cls, city: City | None) -> CityOut | None:
        return cls(slug=city.slug, name=city.name.get_text(), country=city.country) if city else None


class PriceOut(Schema):
    amount: int = Field(..., description="Whole minor units of the currency.")
    currency: str
    display: str = Field(..., description="Formatted for people, e.g. “1 500 000 ₸”.")

    @classmethod
    def build(cls, money: Money | None) -> PriceOut | None:
        return cls(amount=money.amount, currency=money.currency, display=money.format()) if money else None


class RenditionOut(Schema):
    url: str
    width: int
    height: int
    format: str = Field(..., description="JPEG or WEBP.")


class ImageOut(Schema):
    id: int
    url: str | None = Field(..., description="The largest rendition; the thumbnail until renditions are made; "
                                             "null before either (the original is never public).")
    thumbnail_url: str | None = Field(..., description="A small JPEG; null until the thumbnail is made.")
    width: int
    height: int
    is_primary: bool
    alt: str = Field(..., description="A description for screen readers, in the request's language.")
    processing_state: str = Field(..., description="pending, ready or failed.")
    renditions: list[RenditionOut] = Field(..., description="Sizes made for the web, narrowest first.")

    @classmethod
    def build(cls, image: ArtworkImage, request: HttpRequest) -> ImageOut:
        renditions = [RenditionOut(url=request.build_absolute_uri(url), width=width, height=height, format=fmt)
                      for fmt in ("JPEG", "WEBP") for width, height, url in image.rendition_urls(fmt)]
        large, small = image.large_url, image.small_url
        return cls(id=image.pk, url=request.build_absolute_uri(large) if large else None,
                   thumbnail_url=request.build_absolute_uri(small) if small else None, width=image.width,
                   height=image.height, is_primary=image.is_primary, alt=image.alt_text.get_text(),
                   processing_state=image.processing_state, renditions=renditions)


class PaletteColourOut(Schema):
    hex: str = Field(..., description="#rrggbb in sRGB.")
    weight: float = Field(..., description="The share of the picture; the weights sum to 1.")
    name: str = Field(..., description="The slug of the nearest named colour (the browse filter's colour).")
    label: str = Field(..., description="The named colour in the request's language.")


class DimensionsOut(Schema):
    height_mm: int | None
    width_mm: int | None
    depth_mm: int | None
    cm: str = Field(..., description="E.g. “60 × 80 cm”; empty when no size is known.")
    inches: str = Field(..., description="E.g. “23.6 × 31.5 in”.")

    @classmethod
    def build(cls, artwork: Artwork) -> DimensionsOut:
        return cls(height_mm=artwork.height_mm, width_mm=artwork.width_mm, depth_mm=artwork.depth_mm,
                   cm=artwork.dimensions_cm, inches=artwork.dimensions_in)


class EditionSetOut(Schema):
    id: int
    label: str
    size: int | None = Field(..., description="Null for an open edition.")
    artist_proofs: int
    price: PriceOut | None

    @classmethod
    def build(cls, edition: EditionSet, *, show_price: bool) -> EditionSetOut:
        money = (Money(edition.price_amount, edition.price_currency)
                 if show_price and edition.price_amount is not None else None)
        return cls(id=edition.pk, label=edition.label, size=edition.size, artist_proofs=edition.artist_proofs,
                   price=PriceOut.build(money))


def _primary_image(artwork: Artwork) -> ArtworkImage | None:
    # Lists prefetch only the primary image (``primary_images``); detail pages prefetch them all.
    images = getattr(artwork, "primary_images", None)
    if images is None:
        images = [image for image in artwork.images.all() if image.is_primary]
    return images[0] if images else None


# Artists ------------------------------------------------------------------------------------------


class ArtistSummaryOut(Schema):
    slug: str
    name: TranslatedOut
    name_display: str = Field(..., description="The name in the request's language (fallback kk → ru → en).")
    city: CityOut | None
    country: str

    @classmethod
    def build(cls, artist: ArtistProfile) -> ArtistSummaryOut:
        return cls(slug=artist.slug, name=TranslatedOut.build(artist.name), name_display=artist.name.get_text(),
                   city=CityOut.build(artist.city), country=artist.country)


class ArtistListItemOut(ArtistSummaryOut):
    career_stage: str
    work_count: int = Field(..., description="Public works.")

    @classmethod
    def build_item(cls, artist: ArtistProfile) -> ArtistListItemOut:
        summary = ArtistSummaryOut.build(artist)
        return cls(**summary.model_dump(), career_stage=artist.career_stage,
                   work_count=getattr(artist, "work_count", 0))


class ArtistDetailOut(ArtistSummaryOut):
    birth_year: int | None
    career_stage: str
    biography: TranslatedOut
    biography_display: str
    statement: TranslatedOut
    statement_display: str
    web_url: str

    @classmethod
    def build_detail(cls, artist: ArtistProfile, request: HttpRequest) -> ArtistDetailOut:
        summary = ArtistSummaryOut.build(artist)
        return cls(**summary.model_dump(), birth_year=artist.birth_year, career_stage=artist.career_stage,
                   biography=TranslatedOut.build(artist.biography), biography_display=artist.biography.get_text(),
                   statement=TranslatedOut.build(artist.statement), statement_display=artist.statement.get_text(),
                   web_url=request.build_absolute_uri(artist.get_absolute_url()))


class ArtistPageOut(Schema):
    items: list[ArtistListItemOut]
    page: int
    page_size: int
    count: int
    next: int | None = Field(..., description="The next page number, or null on the last page.")
    previous: int | None


# Public artworks ----------------------------------------------------------------------------------


class ArtworkCardOut(Schema):
    id: int
    slug: str
    title: TranslatedOut
    title_display: str
    artist: ArtistSummaryOut
    year: int | None
    medium: TermOut
    availability: str
    availability_label: str
    price: PriceOut | None = Field(..., description="Null when the price is on request.")
    price_on_request: bool
    image: ImageOut | None = Field(..., description="The primary image.")
    web_url: str

    @classmethod
    def build(cls, artwork: Artwork, request: HttpRequest) -> ArtworkCardOut:
        image = _primary_image(artwork)
        price = artwork.public_price
        return cls(id=artwork.pk, slug=artwork.slug, title=TranslatedOut.build(artwork.title),
                   title_display=artwork.title.get_text(), artist=ArtistSummaryOut.build(artwork.artist),
                   year=artwork.year, medium=TermOut.build(artwork.medium), availability=artwork.availability,
                   availability_label=str(Availability(artwork.availability).label), price=PriceOut.build(price),
                   price_on_request=price is None,
                   image=ImageOut.build(image, request) if image else None,
                   web_url=request.build_absolute_uri(artwork.get_absolute_url()))


class CreditOut(Schema):
    artist: ArtistSummaryOut
    role: str = Field(..., description="lead, co_author, contributor or fabricator.")
    role_label: str
    role_note: str

    @classmethod
    def build(cls, credit: ArtworkCredit) -> CreditOut:
        return cls(artist=ArtistSummaryOut.build(credit.artist), role=credit.role,
                   role_label=str(CreditRole(credit.role).label), role_note=credit.role_note)


class ArtworkCursorPageOut(Schema):
    items: list[ArtworkCardOut]
    next_cursor: str | None = Field(..., description="Pass as ?cursor= for the next page; null on the last.")
    previous_cursor: str | None


class ArtworkDetailOut(ArtworkCardOut):
    materials: str
    dimensions: DimensionsOut
    edition_type: str
    edition_sets: list[EditionSetOut]
    subjects: list[TermOut]
    description: TranslatedOut
    description_display: str
    images: list[ImageOut]
    palette: list[PaletteColourOut] = Field(..., description="The primary image's main colours, heaviest first.")
    iiif_manifest: str = Field(..., description="The IIIF Presentation 3.0 manifest of the work (see docs/iiif.md).")
    buy_now: bool = Field(..., description="Whether it can be bought at the listed price "
                                           "(POST /api/v1/market/orders/buy-now); otherwise make an offer.")
    credits: list[CreditOut] = Field(..., description="A collaboration's credited artists (the lead first), "
                                                      "each of whom has accepted; empty for a work by one artist.")

    @classmethod
    def build_detail(cls, artwork: Artwork, request: HttpRequest) -> ArtworkDetailOut:
        card = ArtworkCardOut.build(artwork, request)
        primary = _primary_image(artwork)
        return cls(**card.model_dump(), materials=artwork.materials, dimensions=DimensionsOut.build(artwork),
                   edition_type=artwork.edition_type, buy_now=bool(artwork.buy_now and artwork.public_price),
                   credits=[CreditOut.build(c) for c in accepted_credits(artwork)],
                   edition_sets=[EditionSetOut.build(e, show_price=artwork.price_visible)
                                 for e in artwork.edition_sets.all()],
                   subjects=[TermOut.build(s) for s in artwork.subjects.all()],
                   description=TranslatedOut.build(artwork.description),
                   description_display=artwork.description.get_text(),
                   images=[ImageOut.build(i, request) for i in artwork.images.all()],
                   palette=[PaletteColourOut(hex=c["hex"], weight=c["weight"], name=c["name"], label=str(c["label"]))
                            for c in primary.named_palette] if primary else [],
                   # Reversed by name: the manifest is served by imaging, which catalog does not import.
                   iiif_manifest=request.build_absolute_uri(reverse("iiif:manifest", args=[artwork.pk])))


class VocabulariesOut(Schema):
    media: list[TermOut]
    subjects: list[TermOut]
    cities: list[CityOut]


# The studio ---------------------------------------------------------------------------------------


class StudioArtworkItemOut(Schema):
    id: int
    slug: str
    title: TranslatedOut
    title_display: str
    year: int | None
    medium: TermOut
    subjects: list[TermOut]
    series: int | None
    dimensions: DimensionsOut
    edition_type: str
    availability: str
    price_amount: int | None
    price_currency: str
    price_visible: bool
    buy_now: bool
    price: PriceOut | None = Field(..., description="The price, shown or not.")
    location: str
    inventory_number: str
    is_listed: bool = Field(..., description="Whether the public can see the work now.")
    image: ImageOut | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @classmethod
    def build(cls, artwork: Artwork, request: HttpRequest) -> StudioArtworkItemOut:
        image = _primary_image(artwork)
        return cls(id=artwork.pk, slug=artwork.slug, title=TranslatedOut.build(artwork.title),
                   title_display=artwork.title.get_text(), year=artwork.year, medium=TermOut.build(artwork.medium),
                   subjects=[TermOut.build(s) for s in artwork.subjects.all()], series=artwork.series_id,
                   dimensions=DimensionsOut.build(artwork), edition_type=artwork.edition_type,
                   availability=artwork.availability, price_amount=artwork.price_amount,
                   price_currency=artwork.price_currency, price_visible=artwork.price_visible,
                   buy_now=artwork.buy_now, price=PriceOut.build(artwork.price), location=artwork.location,
                   inventory_number=artwork.inventory_number, is_listed=artwork.is_listed,
                   image=ImageOut.build(image, request) if image else None,
                   created_at=artwork.created_at, updated_at=artwork.updated_at)


class StudioArtworkOut(StudioArtworkItemOut):
    materials: str
    description: TranslatedOut
    private_notes: str
    edition_sets: list[EditionSetOut]
    images: list[ImageOut]

    @classmethod
    def build_detail(cls, artwork: Artwork, request: HttpRequest) -> StudioArtworkOut:
        item = StudioArtworkItemOut.build(artwork, request)
        return cls(**item.model_dump(), materials=artwork.materials,
                   description=TranslatedOut.build(artwork.description), private_notes=artwork.private_notes,
                   edition_sets=[EditionSetOut.build(e, show_price=True) for e in artwork.edition_sets.all()],
                   images=[ImageOut.build(i, request) for i in artwork.images.all()])


class StudioArtworkPageOut(Schema):
    items: list[StudioArtworkItemOut]
    page: int
    page_size: int
    count: int
    next: int | None
    previous: int | None
