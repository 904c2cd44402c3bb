"""Count the views of public artwork and artist pages (the catalogue signals them; discovery stores them)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.http import HttpRequest

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork
from dala.catalog.signals import artist_viewed, artwork_viewed

from ..services.views import count_view


@receiver(artwork_viewed, dispatch_uid="discovery.count_artwork_view")
def count_artwork_view(sender: Any, request: HttpRequest, artwork: Artwork, **kwargs: Any) -> None:
    count_view(request=request, artist=artwork.artist, artwork=artwork)


@receiver(artist_viewed, dispatch_uid="discovery.count_artist_view")
def count_artist_view(sender: Any, request: HttpRequest, artist: ArtistProfile, **kwargs: Any) -> None:
    count_view(request=request, artist=artist)
