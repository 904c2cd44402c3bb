"""Shapes of the accounts API: token requests and the current user."""

from __future__ import annotations

import datetime

from ninja import Field, Schema
from pydantic import ConfigDict


class TokenRequestIn(Schema):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(..., max_length=254, examples=["aigerim@example.kz"])
    password: str = Field(..., max_length=4096)
    name: str = Field("", max_length=100, description="A label to recognise the token by later, e.g. the app.")


class TokenOut(Schema):
    key: str = Field(..., description="The bearer key. It is shown only now; only its hash is stored.")
    name: str
    prefix: str = Field(..., description="The key's first characters, to tell tokens apart.")
    created_at: datetime.datetime


class ArtistRefOut(Schema):
    slug: str
    name_display: str


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    preferred_language: str
    roles: list[str] = Field(..., description="Sorted role names: artist, critic, gallery, collector, curator, "
                                                "staff.")
    artist: ArtistRefOut | None = Field(None, description="The user's artist profile, if they are an artist.")
