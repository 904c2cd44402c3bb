"""The exhibitions API: the public listing and an exhibition's page (a private viewing room needs its
``key``), and the organiser's studio (create, change, works in order, installation photos, publish)."""

from __future__ import annotations

import datetime
from typing import IO, Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import BaseModel, ConfigDict

from dala.accounts.api import TokenAuth, current_user
from dala.accounts.models import City, GalleryProfile
from dala.catalog.schemas import ArtistSummaryOut, ArtworkCardOut, CityOut, TranslatedIn, TranslatedOut
from dala.core.errors import NotFound
from dala.core.pagination import numbered_page

from .. import errors
from ..models import Exhibition, ExhibitionWork, InstallationPhoto
from ..permissions import manages
from ..selectors import exhibitions as selectors
from ..services import exhibitions as services

router = Router(tags=["exhibitions"])
studio = Router(auth=TokenAuth(), tags=["exhibitions"])


# --- shapes -----------------------------------------------------------------------------------------

class ExhibitionListQuery(Schema):
    when: str = Field("current", pattern="^(current|upcoming|past)$",
                      description="current (on now), upcoming or past; in Almaty dates. A viewing room is past "
                                  "once its end time has passed.")
    city: str = Field("", max_length=100, description="A city's slug, e.g. almaty.")
    kind: str = Field("", pattern="^(|exhibition|viewing_room)$")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(24, ge=1, le=100)


class ExhibitionOut(Schema):
    slug: str
    kind: str
    status: str
    title: TranslatedOut
    title_display: str
    summary: TranslatedOut
    curator: str = Field(..., description="As it reads on the page (the organiser's name if none was given).")
    gallery_slug: str | None
    is_physical: bool
    is_online: bool
    is_private: bool
    venue: str
    address: str
    city: CityOut | None
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    opening_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    published_at: datetime.datetime | None
    bucket: str = Field(..., description="current, upcoming or past.")
    source_call_slug: str | None = Field(..., description="The open call it was selected from, if any.")
    web_url: str

    @classmethod
    def build(cls, exhibition: Exhibition, request: HttpRequest) -> ExhibitionOut:
        call = exhibition.source_call if exhibition.source_call_id else None
        return cls(
            slug=exhibition.slug, kind=exhibition.kind, status=exhibition.status,
            title=TranslatedOut.build(exhibition.title), title_display=exhibition.title.get_text(),
            summary=TranslatedOut.build(exhibition.summary),
            curator=exhibition.curator_name or str(exhibition.organiser),
            gallery_slug=exhibition.gallery.slug if exhibition.gallery_id and exhibition.gallery else None,
            is_physical=exhibition.is_physical, is_online=exhibition.is_online, is_private=exhibition.is_private,
            venue=exhibition.venue, address=exhibition.address, city=CityOut.build(exhibition.city),
            opens_on=exhibition.opens_on, closes_on=exhibition.closes_on, opening_at=exhibition.opening_at,
            ends_at=exhibition.ends_at, published_at=exhibition.published_at, bucket=selectors.bucket_of(exhibition),
            source_call_slug=call.slug if call is not None and call.status != "draft" else None,
            web_url=request.build_absolute_uri(exhibition.get_absolute_url()))


class ExhibitionPageOut(Schema):
    items: list[ExhibitionOut]
    page: int
    page_size: int
    count: int
    next: int | None
    previous: int | None


class ExhibitedWorkOut(Schema):
    position: int
    wall_text: TranslatedOut
    wall_text_display: str
    artwork: ArtworkCardOut

    @classmethod
    def build(cls, row: ExhibitionWork, request: HttpRequest) -> ExhibitedWorkOut:
        return cls(position=row.position, wall_text=TranslatedOut.build(row.wall_text),
                   wall_text_display=row.wall_text.get_text(), artwork=ArtworkCardOut.build(row.artwork, request))


class PhotoOut(Schema):
    id: int
    url: str
    caption: TranslatedOut
    caption_display: str
    position: int

    @classmethod
    def build(cls, photo: InstallationPhoto, request: HttpRequest) -> PhotoOut:
        return cls(id=photo.pk, url=request.build_absolute_uri(photo.image.url),
                   caption=TranslatedOut.build(photo.caption), caption_display=photo.caption.get_text(),
                   position=photo.position)


class ExhibitionDetailOut(ExhibitionOut):
    essay: TranslatedOut
    opening_note: TranslatedOut
    ended: bool = Field(..., description="A viewing room past its end: no works are listed.")
    works: list[ExhibitedWorkOut]
    photos: list[PhotoOut]
    artists: list[ArtistSummaryOut] = Field(..., description="The artists of the works, in order of first work.")

    @classmethod
    def build_detail(cls, page: selectors.ExhibitionPage, request: HttpRequest) -> ExhibitionDetailOut:
        exhibition = page.exhibition
        return cls(**ExhibitionOut.build(exhibition, request).model_dump(),
                   essay=TranslatedOut.build(exhibition.essay),
                   opening_note=TranslatedOut.build(exhibition.opening_note),
                   ended=page.ended, works=[ExhibitedWorkOut.build(row, request) for row in page.works],
                   photos=[PhotoOut.build(photo, request) for photo in page.photos],
                   artists=[ArtistSummaryOut.build(artist) for artist in page.artists])


class StudioExhibitionOut(ExhibitionDetailOut):
    access_token: str | None = Field(..., description="The key of a private viewing room's link (?key=).")


class ExhibitionPatchIn(BaseModel):
    """Fields of an exhibition; on PATCH only the fields sent change. Times carry their zone."""

    model_config = ConfigDict(extra="forbid")

    kind: str | None = Field(None, pattern="^(exhibition|viewing_room)$")
    title: TranslatedIn | None = None
    summary: TranslatedIn | None = None
    essay: TranslatedIn | None = Field(None, description="Markdown; raw HTML is shown as text.")
    curator_name: str | None = Field(None, max_length=200)
    gallery_slug: str | None = Field(None, max_length=100, description="Your gallery's slug; \"\" for none.")
    is_physical: bool | None = None
    is_online: bool | None = None
    venue: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    city: str | None = Field(None, max_length=100, description="A city's slug; \"\" for none.")
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    opening_at: datetime.datetime | None = None
    opening_note: TranslatedIn | None = None
    ends_at: datetime.datetime | None = None
    is_private: bool | None = None


class ExhibitionIn(ExhibitionPatchIn):
    kind: str | None = Field("exhibition", pattern="^(exhibition|viewing_room)$")
    title: TranslatedIn | None = Field(..., description="At least one language.")


class WorkIn(Schema):
    artwork_id: int
    wall_text: TranslatedIn | None = None


class WorksIn(Schema):
    works: list[WorkIn] = Field(..., description="Every work, in order; works left out are taken down.")


class KeyQuery(Schema):
    key: str | None = Field(None, max_length=100, description="A private viewing room's access key.")


# --- helpers ----------------------------------------------------------------------------------------

def _values(payload: ExhibitionPatchIn) -> dict[str, Any]:
    sent = payload.model_dump(exclude_unset=True)
    if isinstance(payload, ExhibitionIn):
        sent.setdefault("kind", payload.kind)
    values: dict[str, Any] = {}
    for name, value in sent.items():
        if name == "city":
            city_id = City.objects.filter(slug=value).values_list("pk", flat=True).first() if value else None
            if value and city_id is None:
                values["city_id"] = -1  # the service names the unknown city
            else:
                values["city_id"] = city_id
        elif name == "gallery_slug":
            gallery_id = (GalleryProfile.objects.filter(slug=value).values_list("pk", flat=True).first()
                          if value else None)
            values["gallery_id"] = -1 if value and gallery_id is None else gallery_id
        elif name in ("title", "summary", "essay", "opening_note"):
            values[name] = {code: text for code, text in (value or {}).items() if text is not None}
        else:
            values[name] = value
    return values


def _managed(request: HttpRequest, slug: str) -> Exhibition:
    exhibition = Exhibition.objects.filter(slug=slug).first()
    if exhibition is None or not manages(current_user(request), exhibition):
        raise NotFound(errors.EXHIBITION_NOT_FOUND, _("There is no such exhibition."))
    return exhibition


def _studio_out(exhibition_id: int, request: HttpRequest) -> StudioExhibitionOut:
    exhibition = Exhibition.objects.select_related("city", "gallery", "organiser", "source_call").get(pk=exhibition_id)
    page = selectors.exhibition_page(exhibition, include_hidden_works=True)
    detail = ExhibitionDetailOut.build_detail(page, request)
    return StudioExhibitionOut(**detail.model_dump(),
                               access_token=exhibition.access_token if exhibition.is_private else None)


# --- public -----------------------------------------------------------------------------------------

@router.get("/exhibitions", response=ExhibitionPageOut, summary="List exhibitions and viewing rooms")
def list_exhibitions(request: HttpRequest, query: Query[ExhibitionListQuery]) -> ExhibitionPageOut:
    """Published exhibitions and public viewing rooms in one bucket (``when``), by city and kind. Private
    viewing rooms are never listed."""
    filters = selectors.ListingFilters(city=query.city, kind=query.kind)
    page = numbered_page(selectors.exhibitions_when(query.when, filters).select_related("organiser", "source_call"),
                         page=query.page, page_size=query.page_size)
    return ExhibitionPageOut(items=[ExhibitionOut.build(row, request) for row in page.rows], page=query.page,
                             page_size=query.page_size, count=page.count, next=page.next, previous=page.previous)


@router.get("/exhibitions/{slug}", response=ExhibitionDetailOut, summary="Get an exhibition")
def get_exhibition(request: HttpRequest, slug: str, query: Query[KeyQuery]) -> ExhibitionDetailOut:
    """The works in order with wall texts, installation photos and artists. A draft, or a private viewing
    room without its ``key``, is 404 ``exhibition_not_found``. An ended viewing room lists no works."""
    exhibition = selectors.visible_exhibition(slug, None, query.key)
    return ExhibitionDetailOut.build_detail(selectors.exhibition_page(exhibition), request)


# --- studio -----------------------------------------------------------------------------------------

@studio.get("/studio/exhibitions", response=list[ExhibitionOut], summary="List my exhibitions")
def my_exhibitions(request: HttpRequest) -> list[ExhibitionOut]:
    rows = selectors.studio_exhibitions(current_user(request)).select_related("gallery", "organiser", "source_call")
    return [ExhibitionOut.build(row, request) for row in rows]


@studio.post("/studio/exhibitions", response={201: StudioExhibitionOut}, summary="Create an exhibition")
def create_exhibition(request: HttpRequest, payload: ExhibitionIn) -> tuple[int, StudioExhibitionOut]:
    """A draft. A physical exhibition needs ``venue``, ``city`` and ``opens_on``; ``closes_on`` is not before
    ``opens_on``; only a viewing room may be private or have ``ends_at``. Refusals: 403 ``cannot_organise``,
    400/422 ``exhibition_invalid`` naming the fields."""
    exhibition = services.create_exhibition(user=current_user(request), values=_values(payload))
    return 201, _studio_out(exhibition.pk, request)


@studio.get("/studio/exhibitions/{slug}", response=StudioExhibitionOut, summary="Get one of my exhibitions")
def my_exhibition(request: HttpRequest, slug: str) -> StudioExhibitionOut:
    return _studio_out(_managed(request, slug).pk, request)


@studio.patch("/studio/exhibitions/{slug}", response=StudioExhibitionOut, summary="Change an exhibition")
def update_exhibition(request: HttpRequest, slug: str, payload: ExhibitionPatchIn) -> StudioExhibitionOut:
    exhibition = _managed(request, slug)
    services.update_exhibition(user=current_user(request), exhibition_id=exhibition.pk, values=_values(payload))
    return _studio_out(exhibition.pk, request)


@studio.put("/studio/exhibitions/{slug}/works", response=StudioExhibitionOut, summary="Set the works in order")
def set_works(request: HttpRequest, slug: str, payload: WorksIn) -> StudioExhibitionOut:
    """Exactly these works, in this order, with their wall texts. New works must be public (422/400
    ``work_not_public``); a work at most once (``work_already_shown``). On a published exhibition, works
    added get their "exhibited" provenance line and works taken down lose it."""
    exhibition = _managed(request, slug)
    placements = [services.WorkPlacement(work.artwork_id, {code: text for code, text in
                                                           (work.wall_text.model_dump() if work.wall_text else {})
                                                           .items() if text})
                  for work in payload.works]
    services.set_works(user=current_user(request), exhibition_id=exhibition.pk, works=placements)
    return _studio_out(exhibition.pk, request)


@studio.post("/studio/exhibitions/{slug}/photos", response={201: PhotoOut}, summary="Add an installation photo")
def add_photo(request: HttpRequest, slug: str, image: File[UploadedFile], caption_kk: Form[str] = "",
              caption_ru: Form[str] = "", caption_en: Form[str] = "") -> tuple[int, PhotoOut]:
    """Multipart form, file field ``image``: a JPEG, PNG or WebP up to 15 MB (else 400 ``bad_image``)."""
    exhibition = _managed(request, slug)
    photo = services.add_photo(user=current_user(request), exhibition_id=exhibition.pk,
                               image=cast(Any, cast(IO[bytes], image)),
                               caption={"kk": caption_kk, "ru": caption_ru, "en": caption_en})
    return 201, PhotoOut.build(photo, request)


@studio.delete("/studio/exhibitions/{slug}/photos/{photo_id}", response={204: None},
               summary="Delete an installation photo")
def delete_photo(request: HttpRequest, slug: str, photo_id: int) -> tuple[int, None]:
    exhibition = _managed(request, slug)
    services.remove_photo(user=current_user(request), exhibition_id=exhibition.pk, photo_id=photo_id)
    return 204, None


@studio.post("/studio/exhibitions/{slug}/publish", response=StudioExhibitionOut, summary="Publish an exhibition")
def publish(request: HttpRequest, slug: str) -> StudioExhibitionOut:
    """Needs at least one work (400 ``exhibition_has_no_works``). Writes each work's "exhibited" provenance
    line once and tells the artists."""
    exhibition = _managed(request, slug)
    services.publish_exhibition(user=current_user(request), exhibition_id=exhibition.pk)
    return _studio_out(exhibition.pk, request)


@studio.post("/studio/exhibitions/{slug}/unpublish", response=StudioExhibitionOut,
             summary="Unpublish an exhibition")
def unpublish(request: HttpRequest, slug: str) -> StudioExhibitionOut:
    exhibition = _managed(request, slug)
    services.unpublish_exhibition(user=current_user(request), exhibition_id=exhibition.pk)
    return _studio_out(exhibition.pk, request)


router.add_router("", studio)
