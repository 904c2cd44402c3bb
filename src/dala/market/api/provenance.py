"""The market API: a work's provenance (public), and adding transfers, loans and exhibitions."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from dala.accounts.api import TokenAuth, current_user
from dala.catalog.models import Artwork

from ..models import ProvenanceEvent
from ..selectors.orders import public_artwork, public_provenance
from ..services.provenance import add_provenance_event

router = Router(tags=["market"])


class ProvenanceEventIn(Schema):
    kind: Literal["created", "transfer", "loan", "exhibition"]
    occurred_at: datetime.datetime | None = Field(None, description="Defaults to now.")
    from_party: str = Field("", max_length=200)
    to_party: str = Field("", max_length=200)
    place: str = Field("", max_length=200)
    description: dict[Literal["kk", "ru", "en"], str] = Field(default_factory=dict)
    is_public: bool = True


class ProvenanceEventOut(Schema):
    id: int
    kind: str
    occurred_at: datetime.datetime
    edition_copy: str | None
    from_party: str
    to_party: str
    place: str
    description: dict[str, str]

    @staticmethod
    def build(event: ProvenanceEvent) -> ProvenanceEventOut:
        return ProvenanceEventOut(id=event.pk, kind=event.kind, occurred_at=event.occurred_at,
                                  edition_copy=str(event.edition_copy) if event.edition_copy_id else None,
                                  from_party=event.from_party, to_party=event.to_party, place=event.place,
                                  description=event.description.as_dict())


@router.get("/artworks/{artwork_id}/provenance", response=list[ProvenanceEventOut], auth=None,
            summary="List a work's provenance")
def list_provenance(request: HttpRequest, artwork_id: int) -> list[ProvenanceEventOut]:
    """A public work's public provenance events, oldest first. Prices and private collectors never appear."""
    artwork = public_artwork(artwork_id)
    return [ProvenanceEventOut.build(event) for event in public_provenance(artwork.pk)]


@router.post("/artworks/{artwork_id}/provenance", response={201: ProvenanceEventOut}, auth=TokenAuth(),
             summary="Add a provenance event")
def add_event(request: HttpRequest, artwork_id: int, payload: ProvenanceEventIn) -> tuple[int, ProvenanceEventOut]:
    """The artist or staff record a transfer, loan, exhibition or the work's creation. Sales enter the
    provenance only when an order is paid."""
    artwork = Artwork.objects.alive().select_related("artist").get(pk=artwork_id)
    description = {str(code): text for code, text in payload.description.items()}
    event = add_provenance_event(artwork=artwork, user=current_user(request), kind=payload.kind,
                                 occurred_at=payload.occurred_at, from_party=payload.from_party,
                                 to_party=payload.to_party, place=payload.place,
                                 description=description, is_public=payload.is_public)
    return 201, ProvenanceEventOut.build(event)
