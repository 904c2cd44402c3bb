"""The collaboration API (bearer token, artists only): a work's credits, set by its lead artist, and
the invitations to collaborate an artist answers. The pages' twins (``views/collaboration.py``)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from dala.accounts.api import TokenAuth, current_user

from . import collaboration
from .models import ArtworkCredit, CreditRole
from .permissions import studio_artist
from .schemas import ArtistSummaryOut
from .selectors import studio_artwork

router = Router(auth=TokenAuth(check=studio_artist), tags=["collaborations"])


class CreditIn(Schema):
    artist: str = Field(..., description="The credited artist's slug (or id).")
    role: str = Field(CreditRole.CO_AUTHOR, description="co_author, contributor or fabricator "
                                                        "(the work's own artist is always the lead).")
    role_note: str = Field("", max_length=200, description="What they did, e.g. “ornament”.")
    share_bp: int = Field(..., description="Share of the artist's proceeds in basis points (100 = 1 %).")


class CreditsIn(Schema):
    credits: list[CreditIn] = Field(..., description="Every credited artist. The shares sum to 10 000; leave "
                                                     "yourself out to keep the rest. An empty list ends the "
                                                     "collaboration.")


class StudioCreditOut(Schema):
    id: int
    artist: ArtistSummaryOut
    role: str
    role_label: str
    role_note: str
    share_bp: int
    status: str = Field(..., description="invited, accepted or declined.")
    invited_at: datetime.datetime
    responded_at: datetime.datetime | None

    @classmethod
    def build(cls, credit: ArtworkCredit) -> StudioCreditOut:
        return cls(id=credit.pk, artist=ArtistSummaryOut.build(credit.artist), role=credit.role,
                   role_label=str(CreditRole(credit.role).label), role_note=credit.role_note,
                   share_bp=credit.share_bp, status=credit.status, invited_at=credit.invited_at,
                   responded_at=credit.responded_at)


class CreditsOut(Schema):
    artwork_id: int
    credits_pending: bool = Field(..., description="True while a collaborator has not accepted: the work "
                                                   "is not public.")
    credits: list[StudioCreditOut]


class InvitationOut(Schema):
    id: int
    artwork_id: int
    artwork_title: str
    lead: ArtistSummaryOut
    role: str
    role_label: str
    role_note: str
    share_bp: int
    status: str
    invited_at: datetime.datetime

    @classmethod
    def build(cls, credit: ArtworkCredit) -> InvitationOut:
        return cls(id=credit.pk, artwork_id=credit.artwork_id, artwork_title=credit.artwork.title.get_text(),
                   lead=ArtistSummaryOut.build(credit.artwork.artist), role=credit.role,
                   role_label=str(CreditRole(credit.role).label), role_note=credit.role_note,
                   share_bp=credit.share_bp, status=credit.status, invited_at=credit.invited_at)


def _credits_out(artwork_id: int, request: HttpRequest) -> CreditsOut:
    artwork = studio_artwork(studio_artist(current_user(request)), artwork_id)
    return CreditsOut(artwork_id=artwork.pk, credits_pending=artwork.credits_pending,
                      credits=[StudioCreditOut.build(c) for c in collaboration.credits_of(artwork)])


@router.get("/studio/artworks/{artwork_id}/credits", response=CreditsOut, summary="Get a work's credits")
def get_credits(request: HttpRequest, artwork_id: int) -> CreditsOut:
    """The credits of one of your works with each collaborator's answer; empty when it is not a collaboration."""
    return _credits_out(artwork_id, request)


@router.put("/studio/artworks/{artwork_id}/credits", response=CreditsOut, summary="Set a work's credits")
def put_credits(request: HttpRequest, artwork_id: int, payload: CreditsIn) -> CreditsOut:
    """Replace your work's credits. New collaborators, and those whose share changed, are invited and must
    accept before the work is public."""
    user = current_user(request)
    artwork = studio_artwork(studio_artist(user), artwork_id)
    collaboration.set_credits(user=user, artwork=artwork,
                              credits=[credit.model_dump() for credit in payload.credits])
    return _credits_out(artwork_id, request)


@router.get("/studio/collaborations", response=list[InvitationOut], summary="List my collaboration invitations")
def list_invitations(request: HttpRequest) -> list[InvitationOut]:
    """Your credits on other artists' works: open invitations first, then the ones you answered."""
    artist = studio_artist(current_user(request))
    return [InvitationOut.build(c) for c in collaboration.invitations_for(artist)]


@router.post("/studio/collaborations/{credit_id}/accept", response=InvitationOut, summary="Accept an invitation")
def accept_invitation(request: HttpRequest, credit_id: int) -> InvitationOut:
    """Agree to the credit and its share. Once every collaborator has, the work may be public."""
    credit = collaboration.accept_credit(user=current_user(request), credit_id=credit_id)
    return InvitationOut.build(credit)


@router.post("/studio/collaborations/{credit_id}/decline", response=InvitationOut,
             summary="Decline an invitation")
def decline_invitation(request: HttpRequest, credit_id: int) -> InvitationOut:
    """Refuse the credit; the work stays hidden until its lead artist changes the credits."""
    credit = collaboration.decline_credit(user=current_user(request), credit_id=credit_id)
    return InvitationOut.build(credit)

