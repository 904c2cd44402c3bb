"""The market API: gallery representation (bearer token). The artist grants it and chooses the works
the gallery holds; the artist or the gallery may end it.

Granting reads the ``Idempotency-Key`` header: a retry with the same key returns the first answer."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Header, Router, Schema

from dala.accounts.api import TokenAuth, current_user

from ..idempotency import run_once
from ..models import Representation
from ..selectors.representation import representation_seen_by, representations_of
from ..services.representation import end_representation, grant_representation, set_held_works

router = Router(tags=["market"], auth=TokenAuth())

IDEMPOTENCY_HELP = "Any unique string (≤ 100 ASCII characters); a retry with the same key returns the first answer."


class RepresentationIn(Schema):
    gallery_id: int
    commission_bp: int = Field(..., description="The gallery's share in basis points (2500 is 25 %); at most "
                                                "10 000 minus the platform's commission.")
    artwork_ids: list[int] = Field(default_factory=list, description="The artist's own works the gallery holds.")


class HeldWorksIn(Schema):
    artwork_ids: list[int] = Field(..., description="All the works the gallery holds from now on (may be empty).")


class RepresentationOut(Schema):
    id: int
    your_side: str | None = Field(..., description="artist or gallery: which side of it I am; null for staff.")
    gallery_id: int
    gallery_name: str
    artist_id: int
    artist_name: str
    commission_bp: int
    artwork_ids: list[int]
    active: bool
    created_at: datetime.datetime
    ended_at: datetime.datetime | None

    @staticmethod
    def build(representation: Representation, user: Any) -> RepresentationOut:
        side = ("artist" if representation.artist.user_id == user.pk
                else "gallery" if representation.gallery.user_id == user.pk else None)
        return RepresentationOut(
            id=representation.pk, your_side=side, gallery_id=representation.gallery_id,
            gallery_name=str(representation.gallery.name), artist_id=representation.artist_id,
            artist_name=str(representation.artist.name), commission_bp=representation.commission_bp,
            artwork_ids=sorted(work.pk for work in representation.artworks.all()),
            active=representation.is_active, created_at=representation.created_at,
            ended_at=representation.ended_at,
        )


def _out(user: Any, representation_id: int) -> RepresentationOut:
    return RepresentationOut.build(representation_seen_by(user, representation_id), user)


@router.get("/representations", response=list[RepresentationOut], summary="List my representations")
def list_representations(request: HttpRequest) -> list[RepresentationOut]:
    """Representations I am a side of, as the artist or as the gallery; active ones first."""
    user = current_user(request)
    return [RepresentationOut.build(r, user) for r in representations_of(user)]


@router.post("/representations", response={201: RepresentationOut}, summary="Grant a gallery representation")
def grant(request: HttpRequest, payload: RepresentationIn,
          idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=IDEMPOTENCY_HELP),
          ) -> tuple[int, Any]:
    """The artist (me) lets a gallery represent them and hold the given works. 409 if that gallery already
    represents me; 403 for a user who is not an artist."""
    user = current_user(request)

    def act() -> tuple[int, Any]:
        representation = grant_representation(artist_user=user, gallery_id=payload.gallery_id,
                                              commission_bp=payload.commission_bp, artwork_ids=payload.artwork_ids)
        return 201, _out(user, representation.pk).model_dump(mode="json")

    return run_once(user=user, key=idempotency_key, operation="representation.grant", payload=payload.model_dump(),
                    act=act)


@router.put("/representations/{representation_id}/works", response=RepresentationOut,
            summary="Set the works a gallery holds")
def put_works(request: HttpRequest, representation_id: int, payload: HeldWorksIn) -> RepresentationOut:
    """The artist replaces the set of works the gallery holds. 409 once the representation has ended."""
    user = current_user(request)
    representation_seen_by(user, representation_id)  # 404 before anything for someone outside it
    set_held_works(representation_id=representation_id, user=user, artwork_ids=payload.artwork_ids)
    return _out(user, representation_id)


@router.post("/representations/{representation_id}/end", response=RepresentationOut,
             summary="End a representation")
def end(request: HttpRequest, representation_id: int) -> RepresentationOut:
    """The artist or the gallery ends it; the gallery no longer acts for the artist. 409 if already ended."""
    user = current_user(request)
    representation_seen_by(user, representation_id)
    end_representation(representation_id=representation_id, user=user)
    return _out(user, representation_id)
