"""The catalogue API: public artists and artworks, and the artist's studio (bearer token, artists only).

Routers here only parse, authorise and call a selector or service; the shapes are in ``schemas.py``.
"""

from __future__ import annotations

from typing import IO, Any, TypeVar, cast

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from dala.accounts.api import TokenAuth, current_user
from dala.accounts.models import ArtistProfile, City
from dala.core.errors import ValidationFailed
from dala.core.pagination import numbered_page
from dala.core.translation import Translated

from .collaboration_api import router as collaboration_router
from .models import Artwork, Medium, Subject
from .permissions import studio_artist
from .schemas import (
    ArtistDetailOut,
    ArtistListItemOut,
    ArtistPageOut,
    ArtworkBrowseQuery,
    ArtworkCardOut,
    ArtworkCreateIn,
    ArtworkCursorPageOut,
    ArtworkDetailOut,
    ArtworkPatchIn,
    CityOut,
    CursorQuery,
    ImageOut,
    PageQuery,
    StudioArtworkItemOut,
    StudioArtworkOut,
    StudioArtworkPageOut,
    StudioListQuery,
    TermOut,
    VocabulariesOut,
)
from .selectors import (
    BrowseFilters,
    StudioFilters,
    artist_for_page,
    artists_for_list,
    artwork_by_id,
    artworks_for_browse,
    artworks_of_artist,
    studio_artwork,
    studio_artworks,
    studio_image,
    vocabularies,
)
from .services import (
    add_artwork_image,
    create_artwork,
    delete_artwork,
    delete_artwork_image,
    set_primary_image,
    update_artwork,
)

M = TypeVar("M", bound=Model)

router = Router()
studio = Router(auth=TokenAuth(check=studio_artist), tags=["studio"])
router.add_router("/studio", studio)
router.add_router("", collaboration_router)

_TRANSLATED_FIELDS = ("title", "description")


def _page(queryset: QuerySet[M], query: PageQuery) -> tuple[list[M], int, int | None, int | None]:
    """One numbered page: its rows, the total count, and the next and previous page numbers."""
    page = numbered_page(queryset, page=query.page, page_size=query.page_size)
    return page.rows, page.count, page.next, page.previous


# Public -------------------------------------------------------------------------------------------

@router.get("/artists", response=ArtistPageOut, summary="List artists", tags=["artists"])
def list_artists(request: HttpRequest, query: Query[PageQuery]) -> ArtistPageOut:
    """Public artists by slug, with how many public works each has."""
    rows, count, next_page, previous_page = _page(artists_for_list(), query)
    return ArtistPageOut(items=[ArtistListItemOut.build_item(a) for a in rows], page=query.page,
                         page_size=query.page_size, count=count, next=next_page, previous=previous_page)


@router.get("/artists/{slug}", response=ArtistDetailOut, summary="Get an artist", tags=["artists"])
def get_artist(request: HttpRequest, slug: str) -> ArtistDetailOut:
    """An artist's public profile; names and texts in every language and in the request's."""
    return ArtistDetailOut.build_detail(artist_for_page(slug), request)


@router.get("/artists/{slug}/artworks", response=ArtworkCursorPageOut, summary="List an artist's artworks",
            tags=["artists"])
def list_artist_artworks(request: HttpRequest, slug: str, query: Query[CursorQuery]) -> ArtworkCursorPageOut:
    """An artist's public works, newest first, a cursor page at a time."""
    page = artworks_of_artist(artist_for_page(slug), cursor=query.cursor, page_size=query.page_size)
    return ArtworkCursorPageOut(items=[ArtworkCardOut.build(a, request) for a in page.items],
                                next_cursor=page.next_cursor, previous_cursor=page.previous_cursor)


@router.get("/artworks", response=ArtworkCursorPageOut, summary="Browse artworks", tags=["artworks"])
def list_artworks(request: HttpRequest, query: Query[ArtworkBrowseQuery]) -> ArtworkCursorPageOut:
    """Public works with the browse page's filters, a cursor page at a time."""
    filters = BrowseFilters.from_params(query.dict(exclude={"cursor", "page_size"}))
    if filters.problems:
        raise ValidationFailed(filters.problems)
    page = artworks_for_browse(filters, cursor=query.cursor, page_size=query.page_size)
    return ArtworkCursorPageOut(items=[ArtworkCardOut.build(a, request) for a in page.items],
                                next_cursor=page.next_cursor, previous_cursor=page.previous_cursor)


@router.get("/artworks/{artwork_id}", response=ArtworkDetailOut, summary="Get an artwork", tags=["artworks"])
def get_artwork(request: HttpRequest, artwork_id: int) -> ArtworkDetailOut:
    """A public work with its images, editions and subjects. Drafts and deleted works are not found."""
    return ArtworkDetailOut.build_detail(artwork_by_id(artwork_id), request)


@router.get("/vocabularies", response=VocabulariesOut, summary="List media, subjects and cities",
            tags=["artworks"])
def list_vocabularies(request: HttpRequest) -> VocabulariesOut:
    """The slugs that filters and studio writes accept, with labels in the request's language."""
    terms: dict[str, list[Any]] = vocabularies()
    return VocabulariesOut(media=[TermOut.build(cast(Medium, m)) for m in terms["media"]],
                           subjects=[TermOut.build(cast(Subject, s)) for s in terms["subjects"]],
                           cities=[c for c in (CityOut.build(cast(City, c)) for c in terms["cities"]) if c])


# The studio ---------------------------------------------------------------------------------------

def _artist(request: HttpRequest) -> ArtistProfile:
    return studio_artist(current_user(request))


def _studio_detail(request: HttpRequest, artist: ArtistProfile, artwork_id: int) -> StudioArtworkOut:
    return StudioArtworkOut.build_detail(studio_artwork(artist, artwork_id), request)


def _merge_translated(current: Translated, patch: dict[str, str | None]) -> dict[str, str]:
    """JSON merge-patch for one translated text: languages sent replace, ``null`` removes."""
    merged = current.as_dict()
    for code, text in patch.items():
        if text is None:
            merged.pop(code, None)
        else:
            merged[code] = text
    return merged


@studio.get("/artworks", response=StudioArtworkPageOut, summary="List my artworks")
def list_studio_artworks(request: HttpRequest, query: Query[StudioListQuery]) -> StudioArtworkPageOut:
    """Your own works, drafts included, newest first."""
    filters = StudioFilters(availability=query.availability or "", medium=query.medium, q=query.q.strip())
    rows, count, next_page, previous_page = _page(studio_artworks(_artist(request), filters), query)
    return StudioArtworkPageOut(items=[StudioArtworkItemOut.build(a, request) for a in rows], page=query.page,
                                page_size=query.page_size, count=count, next=next_page, previous=previous_page)


@studio.post("/artworks", response={201: StudioArtworkOut}, summary="Create an artwork")
def create_studio_artwork(request: HttpRequest, payload: ArtworkCreateIn) -> tuple[int, StudioArtworkOut]:
    """Add a work to your studio. Without ``availability`` it is a draft, seen only by you."""
    artist = _artist(request)
    artwork = create_artwork(artist=artist, **payload.model_dump(exclude_unset=True))
    return 201, _studio_detail(request, artist, artwork.pk)


@studio.get("/artworks/{artwork_id}", response=StudioArtworkOut, summary="Get one of my artworks")
def get_studio_artwork(request: HttpRequest, artwork_id: int) -> StudioArtworkOut:
    """One of your works with its private fields. Another artist's work is not found."""
    return _studio_detail(request, _artist(request), artwork_id)


@studio.patch("/artworks/{artwork_id}", response=StudioArtworkOut, summary="Change one of my artworks")
def update_studio_artwork(request: HttpRequest, artwork_id: int, payload: ArtworkPatchIn) -> StudioArtworkOut:
    """Change the fields sent; the others stay as they are."""
    artist = _artist(request)
    artwork = studio_artwork(artist, artwork_id)
    changes = payload.model_dump(exclude_unset=True)
    for name in _TRANSLATED_FIELDS:
        if isinstance(changes.get(name), dict):
            changes[name] = _merge_translated(getattr(artwork, name), changes[name])
    update_artwork(artwork=artwork, **changes)
    return _studio_detail(request, artist, artwork_id)


@studio.delete("/artworks/{artwork_id}", response={204: None}, summary="Delete one of my artworks")
def delete_studio_artwork(request: HttpRequest, artwork_id: int) -> tuple[int, None]:
    """Remove the work from your studio and from the public site."""
    delete_artwork(artwork=studio_artwork(_artist(request), artwork_id))
    return 204, None


@studio.post("/artworks/{artwork_id}/images", response={201: ImageOut}, summary="Upload an image")
def upload_studio_image(
    request: HttpRequest,
    artwork_id: int,
    image: File[UploadedFile],
    alt_kk: Form[str] = "",
    alt_ru: Form[str] = "",
    alt_en: Form[str] = "",
    make_primary: Form[bool] = False,
) -> tuple[int, ImageOut]:
    """A still JPEG, PNG, WebP, TIFF or HEIC/HEIF image for one of your works (multipart form, file field ``image``).

    The first image of a work becomes its primary one."""
    artwork: Artwork = studio_artwork(_artist(request), artwork_id)
    added = add_artwork_image(artwork=artwork, upload=cast(IO[bytes], image),
                              alt_text={"kk": alt_kk, "ru": alt_ru, "en": alt_en}, make_primary=make_primary)
    return 201, ImageOut.build(added, request)


@studio.post("/images/{image_id}/primary", response=ImageOut, summary="Make an image the primary one")
def make_studio_image_primary(request: HttpRequest, image_id: int) -> ImageOut:
    """The primary image is the one lists and cards show."""
    return ImageOut.build(set_primary_image(image=studio_image(_artist(request), image_id)), request)


@studio.delete("/images/{image_id}", response={204: None}, summary="Delete an image")
def delete_studio_image(request: HttpRequest, image_id: int) -> tuple[int, None]:
    """Remove an image and its files; if it was primary, the next one takes its place."""
    delete_artwork_image(image=studio_image(_artist(request), image_id))
    return 204, None
