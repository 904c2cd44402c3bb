"""Writes for exhibitions and viewing rooms: create and change them, hang works in order with wall texts,
add installation photos, publish (which writes each work's "exhibited" provenance line) and unpublish.

Each function is one transaction and raises a domain error (``dala.core.errors``) on bad input."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from dala.accounts.models import City, GalleryProfile
from dala.catalog.models import Artwork
from dala.core.errors import DomainError, NotFound, ValidationFailed
from dala.core.slugs import unique_slug
from dala.core.storage import storing
from dala.core.translation import Translated, to_translated
from dala.market.models import ProvenanceEvent, ProvenanceKind

from .. import errors
from ..models import Exhibition, ExhibitionKind, ExhibitionWork, InstallationPhoto, PublicationStatus
from ..permissions import require_manager, require_organiser_role
from ..signals import programmes_event

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
# Installation photos: large enough for a camera's JPEG, small enough to keep the media disk sane.
MAX_PHOTO_BYTES = 15 * 1_000_000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_WORKS = 200

# The fields of an exhibition the organiser sets (the same names in forms, the API and the services).
EDITABLE_FIELDS = (
    "kind", "title", "summary", "essay", "gallery_id", "curator_name", "is_physical", "is_online", "venue",
    "address", "city_id", "opens_on", "closes_on", "opening_at", "opening_note", "ends_at", "is_private",
)
_TRANSLATED = {"title", "summary", "essay", "opening_note"}
_TEXT_LIMITS = {"curator_name": 200, "venue": 200, "address": 300}


@dataclass(frozen=True)
class WorkPlacement:
    """A work to hang: its id and its wall text (kk/ru/en). Its place is its index in the list."""

    artwork_id: int
    wall_text: Mapping[str, str] = field(default_factory=dict)


# --- create and change ------------------------------------------------------------------------------

def _clean_values(user: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(errors.EXHIBITION_INVALID, _("Unknown field: %(name)s.") % {"name": sorted(unknown)[0]},
                          field=sorted(unknown)[0])
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name in _TRANSLATED:
            value = to_translated(value)
        elif name in _TEXT_LIMITS:
            value = str(value or "").strip()[: _TEXT_LIMITS[name]]
        elif name in ("is_physical", "is_online", "is_private"):
            value = bool(value)
        cleaned[name] = value
    return cleaned


def _check(exhibition: Exhibition, user: Any) -> None:
    """Every rule of an exhibition's fields; all problems at once."""
    problems: list[DomainError] = []

    def problem(message: str, name: str) -> None:
        problems.append(DomainError(errors.EXHIBITION_INVALID, message, field=name))

    if exhibition.kind not in ExhibitionKind.values:
        problem(_("Choose an exhibition or a viewing room."), "kind")
    if not to_translated(exhibition.title):
        problem(_("Give it a title in at least one language."), "title")
    if exhibition.kind == ExhibitionKind.VIEWING_ROOM:
        # A viewing room is online by definition; it may also have a venue.
        exhibition.is_online = True
    else:
        if exhibition.is_private:
            problem(_("Only a viewing room can be private."), "is_private")
        if exhibition.ends_at is not None:
            problem(_("Only a viewing room ends at a set moment; give an exhibition its closing date."), "ends_at")
    if not exhibition.is_physical and not exhibition.is_online:
        problem(_("An exhibition takes place in a venue, online, or both."), "is_physical")
    if exhibition.is_physical:
        if not exhibition.venue:
            problem(_("Name the venue."), "venue")
        if exhibition.city_id is None:
            problem(_("Choose the city."), "city_id")
        if exhibition.opens_on is None:
            problem(_("Give the opening date."), "opens_on")
    if exhibition.opens_on and exhibition.closes_on and exhibition.closes_on < exhibition.opens_on:
        problem(_("The closing date cannot be before the opening date."), "closes_on")
    for name in ("opening_at", "ends_at"):
        moment = getattr(exhibition, name)
        if moment is not None and timezone.is_naive(moment):
            problem(_("Give the time with its time zone."), name)
    if exhibition.city_id is not None and not City.objects.filter(pk=exhibition.city_id).exists():
        problem(_("There is no such city."), "city_id")
    if exhibition.gallery_id is not None:
        gallery = GalleryProfile.objects.filter(pk=exhibition.gallery_id).first()
        if gallery is None:
            problem(_("There is no such gallery."), "gallery_id")
        elif gallery.user_id != exhibition.organiser_id and not user.is_staff:
            problem(_("You can present an exhibition only as your own gallery."), "gallery_id")
    if problems:
        raise problems[0] if len(problems) == 1 else ValidationFailed(problems)


@transaction.atomic
def create_exhibition(*, user: Any, values: Mapping[str, Any]) -> Exhibition:
    """A draft exhibition or viewing room organised by ``user``. ``values`` holds any of EDITABLE_FIELDS."""
    require_organiser_role(user)
    cleaned = _clean_values(user, values)
    if cleaned.get("kind") == ExhibitionKind.VIEWING_ROOM:
        cleaned.setdefault("is_physical", False)
        cleaned.setdefault("is_online", True)
    exhibition = Exhibition(organiser=user, **cleaned)
    _check(exhibition, user)
    exhibition.slug = unique_slug(Exhibition.objects.all(), to_translated(exhibition.title).get_text("en"),
                                  fallback="exhibition", max_length=120)
    exhibition.save()
    return exhibition


def _locked(exhibition_id: int) -> Exhibition:
    found = Exhibition.objects.select_for_update().filter(pk=exhibition_id).first()
    if found is None:
        raise NotFound(errors.EXHIBITION_NOT_FOUND, _("There is no such exhibition."))
    return found


@transaction.atomic
def update_exhibition(*, user: Any, exhibition_id: int, values: Mapping[str, Any]) -> Exhibition:
    """Change the fields in ``values`` (the others stay); the whole is checked again."""
    exhibition = _locked(exhibition_id)
    require_manager(user, exhibition)
    for name, value in _clean_values(user, values).items():
        setattr(exhibition, name, value)
    _check(exhibition, user)
    exhibition.save()
    if exhibition.is_published:
        # The provenance lines follow the room's visibility: a private room is not announced in provenance.
        ProvenanceEvent.objects.filter(pk__in=exhibition.works.values("provenance_event")).update(
            is_public=not exhibition.is_private)
    return exhibition


# --- works ------------------------------------------------------------------------------------------

def _provenance_place(exhibition: Exhibition) -> str:
    if exhibition.is_physical and exhibition.venue:
        city = exhibition.city.name.get_text("en") if exhibition.city else ""
        return ", ".join(part for part in (exhibition.venue, city) if part)[:200]
    return "Online"


def _provenance_moment(exhibition: Exhibition) -> datetime.datetime:
    if exhibition.opening_at is not None:
        return exhibition.opening_at
    if exhibition.opens_on is not None:
        return datetime.datetime.combine(exhibition.opens_on, datetime.time(12), tzinfo=ALMATY)
    return exhibition.published_at or timezone.now()


def write_provenance(exhibition: Exhibition, rows: Iterable[ExhibitionWork], user: Any) -> None:
    """The "exhibited" line of each work that has none yet from this exhibition (once per work)."""
    presenter = str(exhibition.gallery) if exhibition.gallery_id else ""
    title = to_translated(exhibition.title)
    for row in rows:
        if row.provenance_event_id is not None:
            continue
        row.provenance_event = ProvenanceEvent.objects.create(
            artwork_id=row.artwork_id, kind=ProvenanceKind.EXHIBITION, occurred_at=_provenance_moment(exhibition),
            to_party=presenter[:200], place=_provenance_place(exhibition),
            description=Translated({code: text[:1000] for code, text in title.items()}),
            is_public=not exhibition.is_private, recorded_by=user,
        )
        row.save(update_fields=["provenance_event"])


def _delete_provenance(rows: Iterable[ExhibitionWork]) -> None:
    ids = [row.provenance_event_id for row in rows if row.provenance_event_id is not None]
    if ids:
        ProvenanceEvent.objects.filter(pk__in=ids, kind=ProvenanceKind.EXHIBITION).delete()


@transaction.atomic
def set_works(*, user: Any, exhibition_id: int, works: Sequence[WorkPlacement]) -> list[ExhibitionWork]:
    """Hang exactly ``works``, in this order, with these wall texts. New works must be public (listed);
    a work already hanging may stay even if it has left public view since. A work appears at most once.
    Works taken down lose the provenance line this exhibition wrote; works added to a published
    exhibition get theirs."""
    exhibition = _locked(exhibition_id)
    require_manager(user, exhibition)
    if len(works) > MAX_WORKS:
        raise DomainError(errors.BAD_ORDER, _("An exhibition holds at most %(count)d works.") % {"count": MAX_WORKS},
                          field="works")
    ids = [int(work.artwork_id) for work in works]
    if len(set(ids)) != len(ids):
        raise DomainError(errors.WORK_ALREADY_SHOWN, _("A work can hang only once in an exhibition."), field="works")
    current = {row.artwork_id: row for row in ExhibitionWork.objects.filter(exhibition=exhibition)}
    new_ids = [pk for pk in ids if pk not in current]
    listed = set(Artwork.objects.listed().filter(pk__in=new_ids).values_list("pk", flat=True))
    if len(listed) != len(new_ids):
        raise DomainError(errors.WORK_NOT_PUBLIC, _("Only works the public can see can be exhibited."),
                          field="works")
    removed = [row for pk, row in current.items() if pk not in set(ids)]
    _delete_provenance(removed)
    ExhibitionWork.objects.filter(pk__in=[row.pk for row in removed]).delete()
    rows: list[ExhibitionWork] = []
    for position, work in enumerate(works):
        row = current.get(work.artwork_id)
        wall_text = to_translated(work.wall_text)
        if row is None:
            row = ExhibitionWork.objects.create(exhibition=exhibition, artwork_id=work.artwork_id, position=position,
                                                wall_text=wall_text)
        elif (row.position, to_translated(row.wall_text)) != (position, wall_text):
            row.position, row.wall_text = position, wall_text
            row.save(update_fields=["position", "wall_text"])
        rows.append(row)
    if exhibition.is_published:
        write_provenance(exhibition, rows, user)
    return rows


def placements_of(exhibition: Exhibition) -> list[WorkPlacement]:
    """The works now hanging, as placements (to add one to or take one from)."""
    return [WorkPlacement(row.artwork_id, to_translated(row.wall_text).as_dict())
            for row in ExhibitionWork.objects.filter(exhibition=exhibition).order_by("position", "id")]


def add_work(*, user: Any, exhibition_id: int, artwork_id: int, wall_text: Mapping[str, str] | None = None
             ) -> list[ExhibitionWork]:
    """Hang one more work at the end of the sequence."""
    with transaction.atomic():
        exhibition = _locked(exhibition_id)
        require_manager(user, exhibition)
        placements = placements_of(exhibition)
        if any(p.artwork_id == artwork_id for p in placements):
            raise DomainError(errors.WORK_ALREADY_SHOWN, _("This work already hangs in the exhibition."),
                              field="works")
        return set_works(user=user, exhibition_id=exhibition_id,
                         works=[*placements, WorkPlacement(artwork_id, wall_text or {})])


# --- installation photos ----------------------------------------------------------------------------

def _check_image(upload: IO[bytes], size: int | None) -> None:
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    upload.seek(0)
    if size == 0:
        raise DomainError(errors.BAD_IMAGE, _("The file is empty."), field="image")
    if size > MAX_PHOTO_BYTES:
        raise DomainError(errors.BAD_IMAGE, _("The photo is larger than %(limit)d MB.")
                          % {"limit": MAX_PHOTO_BYTES // 1_000_000}, field="image")
    try:
        with Image.open(upload) as image:
            fmt = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DomainError(errors.BAD_IMAGE, _("This file is not an image we can read (JPEG, PNG or WebP)."),
                          field="image") from None
    finally:
        upload.seek(0)
    if fmt not in PHOTO_FORMATS:
        raise DomainError(errors.BAD_IMAGE, _("Upload a JPEG, PNG or WebP photo."), field="image")


@transaction.atomic
def add_photo(*, user: Any, exhibition_id: int, image: File[Any], caption: Mapping[str, str] | str | None = None
              ) -> InstallationPhoto:
    """An installation photo at the end of the exhibition's photos; only a readable JPEG/PNG/WebP image."""
    exhibition = _locked(exhibition_id)
    require_manager(user, exhibition)
    _check_image(image, getattr(image, "size", None))
    last = exhibition.photos.aggregate(last=Max("position"))["last"]
    photo = InstallationPhoto(exhibition=exhibition, caption=to_translated(caption or {}),
                              position=0 if last is None else last + 1)
    with storing(field="image"):
        photo.image.save(getattr(image, "name", None) or "photo.jpg", image, save=False)
    photo.save()
    return photo


@transaction.atomic
def remove_photo(*, user: Any, exhibition_id: int, photo_id: int) -> None:
    exhibition = _locked(exhibition_id)
    require_manager(user, exhibition)
    photo = exhibition.photos.filter(pk=photo_id).first()
    if photo is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such photo in this exhibition."))
    name, storage = photo.image.name, photo.image.storage
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- publishing -------------------------------------------------------------------------------------

def _announce(exhibition: Exhibition, actor_id: int | None) -> None:
    recipients = sorted({pk for pk in ExhibitionWork.objects.filter(exhibition=exhibition)
                         .values_list("artwork__artist__user_id", flat=True) if pk is not None and pk != actor_id})
    if not recipients:
        return
    url = exhibition.get_absolute_url()
    transaction.on_commit(lambda: programmes_event.send(
        sender=Exhibition, action="exhibition.published", actor_id=actor_id, recipient_ids=recipients,
        subject=exhibition, url=url))


@transaction.atomic
def publish_exhibition(*, user: Any, exhibition_id: int) -> Exhibition:
    """Make it public (a private viewing room: to those with its link). Needs at least one work. Each work
    gets its "exhibited" provenance line once; the artists are told."""
    exhibition = _locked(exhibition_id)
    require_manager(user, exhibition)
    rows = list(ExhibitionWork.objects.filter(exhibition=exhibition).order_by("position", "id"))
    if not rows:
        raise DomainError(errors.EXHIBITION_HAS_NO_WORKS, _("Hang at least one work before publishing."),
                          field="works")
    _check(exhibition, user)
    if exhibition.is_published:
        return exhibition
    # Works taken from an open call's entries may be drafts of the artist's inventory: a show hangs only
    # what the public may see, so name the others rather than publish a wall with holes.
    hidden = Artwork.objects.filter(pk__in=[row.artwork_id for row in rows]).exclude(is_listed__in=[True])
    if hidden_titles := [str(work.title) for work in hidden]:
        raise DomainError(errors.WORK_NOT_PUBLIC,
                          _("These works are not public, so the exhibition cannot show them: %(titles)s. Remove "
                            "them, or ask their artists to make them public.") % {"titles": ", ".join(hidden_titles)},
                          field="works")
    exhibition.status = PublicationStatus.PUBLISHED
    exhibition.published_at = timezone.now()
    exhibition.save(update_fields=["status", "published_at", "updated_at"])
    # Lines kept from an earlier publication come back into view; the others are written now.
    ProvenanceEvent.objects.filter(pk__in=[row.provenance_event_id for row in rows if row.provenance_event_id]
                                   ).update(is_public=not exhibition.is_private)
    write_provenance(exhibition, rows, user)
    _announce(exhibition, getattr(user, "pk", None))
    return exhibition


@transaction.atomic
def unpublish_exhibition(*, user: Any, exhibition_id: int) -> Exhibition:
    """Back to a draft: out of public view. The provenance lines stay (so publishing again does not write
    them twice) but are hidden from the public meanwhile."""
    exhibition = _locked(exhibition_id)
    require_manager(user, exhibition)
    if not exhibition.is_published:
        return exhibition
    exhibition.status = PublicationStatus.DRAFT
    exhibition.published_at = None
    exhibition.save(update_fields=["status", "published_at", "updated_at"])
    ProvenanceEvent.objects.filter(pk__in=exhibition.works.values("provenance_event")).update(is_public=False)
    return exhibition
