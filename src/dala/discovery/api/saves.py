"""The saves API (bearer token): my saved works, a collector's saved works (private unless they chose
otherwise), my saved searches with their alerts."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from dala.accounts.api import TokenAuth, current_user
from dala.catalog.schemas import ArtworkCardOut, PageQuery
from dala.core.errors import NotFound
from dala.core.pagination import numbered_page

from .. import errors
from ..models import SavedSearch, SavedWork
from ..selectors.saves import Vocabulary, browse_url, can_see_saves_of, describe_filters, saved_works_of, searches_of
from ..services import saves as services

router = Router(auth=TokenAuth(), tags=["saves"])


class SavedWorkIn(Schema):
    artwork_id: int = Field(..., description="A public work's id.")


class SavedWorkOut(Schema):
    artwork_id: int
    saved_at: datetime.datetime
    available: bool = Field(..., description="False once the work is no longer public (only its owner sees it "
                                             "then, without the card).")
    artwork: ArtworkCardOut | None = Field(..., description="The work's card; null when not available.")

    @classmethod
    def build(cls, save: SavedWork, request: HttpRequest) -> SavedWorkOut:
        available = bool(save.artwork.is_listed)
        return cls(artwork_id=save.artwork_id, saved_at=save.created_at, available=available,
                   artwork=ArtworkCardOut.build(save.artwork, request) if available else None)


class SavedWorkPageOut(Schema):
    items: list[SavedWorkOut]
    page: int
    page_size: int
    count: int
    next: int | None
    previous: int | None


class SavedSearchIn(Schema):
    name: str = Field("", max_length=120, description="Blank: a summary of the filters.")
    params: dict[str, str | int | bool] = Field(
        ..., description="Browse filters as GET /artworks takes them (medium, subject, country, city, "
                         "availability, career_stage, emerging, colour, currency, price_min, price_max, "
                         "year_min, year_max, sort). Stored normalised; a bad one is refused (422).")
    alerts: bool = Field(True, description="Notify me of each new public work that matches.")


class SavedSearchPatch(Schema):
    name: str | None = Field(None, max_length=120)
    alerts: bool | None = None


class SavedSearchOut(Schema):
    id: int
    name: str
    params: dict[str, str]
    summary: str = Field(..., description="The filters in words, in ?lang=.")
    alerts: bool
    created_at: datetime.datetime
    web_url: str = Field(..., description="The browse page with these filters.")

    @classmethod
    def build(cls, search: SavedSearch, request: HttpRequest, vocabulary: Vocabulary | None = None) -> SavedSearchOut:
        return cls(id=search.pk, name=search.name, params=search.params,
                   summary=describe_filters(search.params, vocabulary), alerts=search.alerts,
                   created_at=search.created_at, web_url=request.build_absolute_uri(browse_url(search.params)))


class SavedSearchListOut(Schema):
    items: list[SavedSearchOut]
    limit: int = Field(..., description="How many searches a user may keep.")


def _page(queryset: Any, request: HttpRequest, query: PageQuery) -> SavedWorkPageOut:
    page = numbered_page(queryset, page=query.page, page_size=query.page_size)
    return SavedWorkPageOut(items=[SavedWorkOut.build(s, request) for s in page.rows], page=query.page,
                            page_size=query.page_size, count=page.count, next=page.next, previous=page.previous)


@router.get("/saved-works", response=SavedWorkPageOut, summary="List my saved works")
def my_saved_works(request: HttpRequest, query: Query[PageQuery]) -> SavedWorkPageOut:
    """Newest save first. Works that are no longer public stay listed with ``available: false``."""
    return _page(saved_works_of(current_user(request), include_unavailable=True), request, query)


@router.post("/saved-works", response={200: SavedWorkOut, 201: SavedWorkOut}, summary="Save a work")
def save_work(request: HttpRequest, payload: SavedWorkIn) -> tuple[int, SavedWorkOut]:
    """Idempotent: saving again answers 200 with the existing save, a new one 201. A work that is not
    public is 404 ``saved_work_not_public``."""
    save, created = services.save_work(user=current_user(request), artwork_id=payload.artwork_id)
    save = saved_works_of(current_user(request)).get(pk=save.pk)
    return (201 if created else 200), SavedWorkOut.build(save, request)


@router.delete("/saved-works/{artwork_id}", response={204: None}, summary="Remove a work from my saved works")
def unsave_work(request: HttpRequest, artwork_id: int) -> tuple[int, None]:
    """Idempotent: 204 whether or not the work was saved."""
    services.unsave_work(user=current_user(request), artwork_id=artwork_id)
    return 204, None


@router.get("/users/{user_id}/saved-works", response=SavedWorkPageOut, summary="List a user's saved works")
def saved_works_of_user(request: HttpRequest, user_id: int, query: Query[PageQuery]) -> SavedWorkPageOut:
    """A collector's saved works are private (404 ``saves_private``, as if there were none) unless they
    made them public; only public works are listed (the owner and staff see every save)."""
    viewer = current_user(request)
    owner = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if owner is None or not can_see_saves_of(owner, viewer):
        raise NotFound(errors.SAVES_PRIVATE, _("This person keeps their saved works private."))
    return _page(saved_works_of(owner, include_unavailable=viewer.pk == owner.pk), request, query)


@router.get("/saved-searches", response=SavedSearchListOut, summary="List my saved searches")
def my_saved_searches(request: HttpRequest) -> SavedSearchListOut:
    vocabulary = Vocabulary()
    return SavedSearchListOut(items=[SavedSearchOut.build(s, request, vocabulary)
                                     for s in searches_of(current_user(request))],
                              limit=services.max_saved_searches())


@router.post("/saved-searches", response={201: SavedSearchOut}, summary="Save a search")
def save_search(request: HttpRequest, payload: SavedSearchIn) -> tuple[int, SavedSearchOut]:
    """Bad filters are 422 ``invalid_filter`` (each in ``details``); no filter at all 400
    ``saved_search_empty``; a name already used 409 ``saved_search_name_taken``; past the limit 400
    ``saved_search_limit``."""
    search = services.save_search(user=current_user(request), params=payload.params, name=payload.name,
                                  alerts=payload.alerts)
    return 201, SavedSearchOut.build(search, request)


@router.patch("/saved-searches/{search_id}", response=SavedSearchOut, summary="Rename a saved search or "
              "turn its alerts on or off")
def update_search(request: HttpRequest, search_id: int, payload: SavedSearchPatch) -> SavedSearchOut:
    """Someone else's search is 404, as if it did not exist."""
    search = services.update_search(user=current_user(request), search_id=search_id, name=payload.name,
                                    alerts=payload.alerts)
    return SavedSearchOut.build(search, request)


@router.delete("/saved-searches/{search_id}", response={204: None}, summary="Delete a saved search")
def delete_search(request: HttpRequest, search_id: int) -> tuple[int, None]:
    services.delete_search(user=current_user(request), search_id=search_id)
    return 204, None
