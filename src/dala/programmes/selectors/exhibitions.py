"""Reads of exhibitions and viewing rooms: the public listing (current / upcoming / past), one
exhibition's page in a fixed number of queries, who may see a private viewing room, and the panels
(exhibitions of an artist, a gallery, an artwork)."""

from __future__ import annotations

import datetime
import hmac
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile, GalleryProfile
from dala.catalog.models import Artwork, ArtworkImage
from dala.core.errors import NotFound

from .. import errors
from ..models import (
    CallStatus,
    Exhibition,
    ExhibitionKind,
    ExhibitionWork,
    InstallationPhoto,
    OpenCall,
    PublicationStatus,
)
from ..permissions import manages

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
WHEN = ("current", "upcoming", "past")
PANEL_LIMIT = 12


def almaty_today(now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localtime(now or timezone.now(), ALMATY).date()


def _past(now: datetime.datetime) -> Q:
    # An exhibition is past the day after it closes (Almaty); a viewing room the moment it ends.
    return Q(closes_on__lt=almaty_today(now)) | Q(ends_at__lte=now)


def _upcoming(now: datetime.datetime) -> Q:
    return Q(opens_on__gt=almaty_today(now))


def public_exhibitions() -> QuerySet[Exhibition]:
    """Published and listed: a private viewing room is never listed, only reached by its link."""
    return Exhibition.objects.filter(status=PublicationStatus.PUBLISHED, is_private=False)


@dataclass(frozen=True)
class ListingFilters:
    city: str = ""
    kind: str = ""

    @classmethod
    def from_params(cls, params: Any) -> ListingFilters:
        city = str(params.get("city", "") or "").strip()[:100]
        kind = str(params.get("kind", "") or "").strip()
        return cls(city=city, kind=kind if kind in ExhibitionKind.values else "")


def exhibitions_when(when: str, filters: ListingFilters | None = None,
                     now: datetime.datetime | None = None) -> QuerySet[Exhibition]:
    """One bucket of the public listing, ordered as readers expect: current ones closing soonest
    first, upcoming ones opening soonest first, past ones most recently closed first."""
    now = now or timezone.now()
    filters = filters or ListingFilters()
    rows = public_exhibitions().select_related("city", "gallery")
    if filters.city:
        rows = rows.filter(city__slug=filters.city)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if when == "past":
        return rows.filter(_past(now)).order_by("-closes_on", "-ends_at", "-published_at", "-id")
    rows = rows.exclude(_past(now))
    if when == "upcoming":
        return rows.filter(_upcoming(now)).order_by("opens_on", "id")
    return rows.exclude(_upcoming(now)).order_by("closes_on", "ends_at", "-published_at", "-id")


def bucket_of(exhibition: Exhibition, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    today = almaty_today(now)
    if (exhibition.closes_on and exhibition.closes_on < today) or (exhibition.ends_at and exhibition.ends_at <= now):
        return "past"
    if exhibition.opens_on and exhibition.opens_on > today:
        return "upcoming"
    return "current"


def has_ended(exhibition: Exhibition, now: datetime.datetime | None = None) -> bool:
    """A viewing room past its end: its page says so instead of showing the works."""
    return bool(exhibition.is_viewing_room and exhibition.ends_at and exhibition.ends_at <= (now or timezone.now()))


# --- one exhibition ---------------------------------------------------------------------------------

def key_matches(exhibition: Exhibition, key: str | None) -> bool:
    # Constant time: the token must not be guessable from how fast a wrong one is refused.
    return bool(key) and hmac.compare_digest(str(key).encode(), exhibition.access_token.encode())


def can_view(exhibition: Exhibition, user: Any, key: str | None = None) -> bool:
    if manages(user, exhibition):
        return True
    if not exhibition.is_published:
        return False
    return not exhibition.is_private or key_matches(exhibition, key)


def visible_exhibition(slug: str, user: Any, key: str | None = None) -> Exhibition:
    """The exhibition at ``slug`` if ``user`` may see it (drafts: its organiser and staff; a private
    viewing room: also whoever holds its link); NotFound otherwise, as if it did not exist."""
    exhibition = (Exhibition.objects.select_related("city", "gallery", "organiser", "source_call")
                  .filter(slug=slug).first())
    if exhibition is None or not can_view(exhibition, user, key):
        raise NotFound(errors.EXHIBITION_NOT_FOUND, _("There is no such exhibition."))
    return exhibition


def _work_rows() -> QuerySet[ExhibitionWork]:
    return ExhibitionWork.objects.select_related(
        "artwork", "artwork__artist", "artwork__artist__city", "artwork__medium",
    ).prefetch_related(
        Prefetch("artwork__images", queryset=ArtworkImage.objects.filter(is_primary=True), to_attr="primary_images"),
    ).order_by("position", "id")


@dataclass
class ExhibitionPage:
    exhibition: Exhibition
    works: list[ExhibitionWork]
    photos: list[InstallationPhoto]
    artists: list[ArtistProfile]
    ended: bool
    bucket: str


def exhibition_page(exhibition: Exhibition, *, include_hidden_works: bool = False) -> ExhibitionPage:
    """The works in sequence (with artist and primary image), photos and artists: three or four queries
    whatever the number of works. Works no longer public are left out unless ``include_hidden_works``
    (the organiser's studio); an ended viewing room shows no works."""
    ended = has_ended(exhibition)
    works: list[ExhibitionWork] = []
    if not ended:
        rows = _work_rows().filter(exhibition=exhibition)
        if not include_hidden_works:
            rows = rows.filter(artwork__is_listed__in=[True])
        works = list(rows)
    artists: list[ArtistProfile] = []
    seen: set[int] = set()
    for row in works:
        if row.artwork.artist_id not in seen:
            seen.add(row.artwork.artist_id)
            artists.append(row.artwork.artist)
    photos = list(exhibition.photos.order_by("position", "id"))
    return ExhibitionPage(exhibition=exhibition, works=works, photos=photos, artists=artists, ended=ended,
                          bucket=bucket_of(exhibition))


def studio_exhibitions(user: Any) -> QuerySet[Exhibition]:
    """The exhibitions ``user`` organises, newest first (staff see only their own here; the admin has all)."""
    return Exhibition.objects.filter(organiser=user).select_related("city").order_by("-created_at", "-id")


def work_choices(query: str, *, exclude: Exhibition | None = None, limit: int = 24) -> list[Artwork]:
    """Public works to add to an exhibition: by title in any language, else the newest."""
    rows = Artwork.objects.listed().select_related("artist", "medium").prefetch_related(
        Prefetch("images", queryset=ArtworkImage.objects.filter(is_primary=True), to_attr="primary_images"))
    query = query.strip()[:100]
    if query:
        rows = rows.filter(Q(title__icontains=query) | Q(artist__name__icontains=query))
    if exclude is not None:
        rows = rows.exclude(exhibition_entries__exhibition=exclude)
    return list(rows.order_by("-created_at", "-id")[:limit])


# --- panels -----------------------------------------------------------------------------------------

def _panel(rows: QuerySet[Exhibition], limit: int) -> list[Exhibition]:
    return list(rows.select_related("city").distinct().order_by("-opens_on", "-published_at", "-id")[:limit])


def exhibitions_of_artist(artist: ArtistProfile, limit: int = PANEL_LIMIT) -> list[Exhibition]:
    """Public exhibitions showing at least one of the artist's public works."""
    return _panel(public_exhibitions().filter(works__artwork__artist=artist, works__artwork__is_listed__in=[True]),
                  limit)


def exhibitions_of_artwork(artwork: Artwork, limit: int = PANEL_LIMIT) -> list[Exhibition]:
    return _panel(public_exhibitions().filter(works__artwork=artwork), limit)


def exhibitions_of_gallery(gallery: GalleryProfile, limit: int = PANEL_LIMIT) -> list[Exhibition]:
    return _panel(public_exhibitions().filter(gallery=gallery), limit)


def open_calls_of_gallery(gallery: GalleryProfile, limit: int = PANEL_LIMIT) -> list[OpenCall]:
    """The gallery's published calls (open, judging, or with results), soonest deadline first."""
    return list(OpenCall.objects.filter(gallery=gallery, status__in=[CallStatus.PUBLISHED, CallStatus.RESULTS])
                .order_by("-deadline", "-id")[:limit])
