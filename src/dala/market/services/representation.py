"""Representation: an artist lets a gallery act for them on the works the gallery holds.

The artist decides: only the artist grants a representation and chooses the works the gallery holds;
a gallery cannot appoint itself. Either side (or staff) may end it; an ended representation is kept
as a record (offers made through it point to it) and is never changed again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile, GalleryProfile
from dala.catalog.models import Artwork
from dala.core.errors import Conflict, DomainError, NotFound, PermissionDenied

from .. import audit, errors
from ..locks import lock_offers, lock_representation
from ..models import BASIS_POINTS, Offer, OfferStatus, Representation
from ..permissions import require_login
from .offers import offer_url


def representation_url() -> str:
    return reverse("market:representation")


def max_commission_bp() -> int:
    """The most a gallery may take: what the platform's own commission leaves of the price."""
    return max(0, BASIS_POINTS - int(settings.DALA_PLATFORM_COMMISSION_BP))


def check_commission(commission_bp: Any) -> int:
    """``commission_bp`` as basis points between 0 and :func:`max_commission_bp`, or a DomainError."""
    limit = max_commission_bp()
    if isinstance(commission_bp, bool) or not isinstance(commission_bp, int) or not 0 <= commission_bp <= limit:
        raise DomainError(errors.INVALID_COMMISSION,
                          _("The gallery's share is between 0 and %(max)s percent of the price.")
                          % {"max": f"{limit / 100:g}"}, field="commission_bp")
    return commission_bp


def _artist_profile_of(user: Any) -> ArtistProfile:
    require_login(user)
    artist = ArtistProfile.objects.filter(user_id=user.pk).first()
    if artist is None:
        raise PermissionDenied(errors.NOT_AN_ARTIST, _("Only an artist grants a gallery representation."))
    return artist


def _own_works(artist: ArtistProfile, artwork_ids: Iterable[int]) -> list[Artwork]:
    wanted = set(artwork_ids)
    works = list(Artwork.objects.alive().filter(artist=artist, pk__in=wanted).order_by("pk"))
    if len(works) != len(wanted):
        raise DomainError(errors.NOT_OWN_WORK, _("A gallery may hold only your own works."), field="artwork_ids")
    return works


def _require_active(representation: Representation) -> None:
    if not representation.is_active:
        raise Conflict(errors.REPRESENTATION_ENDED, _("This representation has ended and cannot be changed."))


@transaction.atomic
def grant_representation(*, artist_user: Any, gallery_id: int, commission_bp: int,
                         artwork_ids: Iterable[int] = ()) -> Representation:
    """The artist lets a gallery represent them, taking ``commission_bp`` of each sale of the works it holds."""
    artist = _artist_profile_of(artist_user)
    commission_bp = check_commission(commission_bp)
    gallery = GalleryProfile.objects.filter(pk=gallery_id).first()
    if gallery is None:
        raise DomainError(errors.UNKNOWN_GALLERY, _("Choose a gallery."), field="gallery_id")
    if gallery.user_id == artist.user_id:
        # One person on both sides would let a gallery appoint itself and take a share of its own sales.
        raise PermissionDenied(errors.NOT_ALLOWED, _("You cannot be represented by your own gallery."),
                               field="gallery_id")
    works = _own_works(artist, artwork_ids)
    if Representation.objects.filter(gallery=gallery, artist=artist, ended_at__isnull=True).exists():
        raise Conflict(errors.REPRESENTATION_EXISTS, _("This gallery already represents you."), field="gallery_id")
    try:
        with transaction.atomic():
            representation = Representation.objects.create(gallery=gallery, artist=artist,
                                                           commission_bp=commission_bp)
    except IntegrityError:
        # The constraint is the last line: the same grant committed meanwhile.
        raise Conflict(errors.REPRESENTATION_EXISTS, _("This gallery already represents you."),
                       field="gallery_id") from None
    representation.artworks.set(works)
    audit.record(actor=artist_user, action="representation.granted", subject=representation,
                 gallery=gallery.pk, commission_bp=commission_bp, works=[work.pk for work in works],
                 notify=[gallery.user_id], url=representation_url())
    return representation


@transaction.atomic
def set_held_works(*, representation_id: int, user: Any, artwork_ids: Iterable[int]) -> Representation:
    """The artist chooses which of their works the gallery holds (and may act on)."""
    require_login(user)
    try:
        representation = lock_representation(representation_id)
    except Representation.DoesNotExist:
        raise NotFound(errors.NOT_FOUND, _("No such representation.")) from None
    if representation.artist.user_id != user.pk:
        raise PermissionDenied(errors.NOT_ALLOWED, _("Only the artist chooses the works a gallery holds."))
    _require_active(representation)
    works = _own_works(representation.artist, artwork_ids)
    before = sorted(representation.artworks.values_list("pk", flat=True))
    representation.artworks.set(works)
    representation.save(update_fields=["updated_at"])
    audit.record(actor=user, action="representation.works", subject=representation,
                 before=before, works=[work.pk for work in works],
                 notify=[representation.gallery.user_id], url=representation_url())
    return representation


@transaction.atomic
def end_representation(*, representation_id: int, user: Any) -> Representation:
    """End a representation: the artist, the gallery or staff. The gallery no longer acts for the artist."""
    require_login(user)
    try:
        representation = lock_representation(representation_id)
    except Representation.DoesNotExist:
        raise NotFound(errors.NOT_FOUND, _("No such representation.")) from None
    artist_user_id, gallery_user_id = representation.artist.user_id, representation.gallery.user_id
    if user.pk not in (artist_user_id, gallery_user_id) and not user.is_staff:
        raise PermissionDenied(errors.NOT_ALLOWED, _("Only the artist, the gallery or staff may end a representation."))
    _require_active(representation)
    now = timezone.now()
    representation.ended_at = now
    representation.save(update_fields=["ended_at", "updated_at"])
    audit.record(actor=user, action="representation.ended", subject=representation,
                 notify=[artist_user_id, gallery_user_id], url=representation_url())
    # The gallery's open counter-offers spoke for the artist under terms that have just ended: they are
    # withdrawn, so a buyer cannot accept them; the artist may make their own.
    open_ids = list(Offer.objects.filter(on_behalf_of=representation, status=OfferStatus.OPEN)
                    .values_list("pk", flat=True))
    for offer in lock_offers(open_ids):
        if offer.status != OfferStatus.OPEN:
            continue
        offer.status = OfferStatus.WITHDRAWN
        offer.answered_at = now
        offer.answered_by = user
        offer.save(update_fields=["status", "answered_at", "answered_by", "updated_at"])
        audit.record(actor=user, action="offer.withdrawn", subject=offer, artwork_id=offer.artwork_id,
                     from_amount=offer.amount, currency=offer.currency, reason="representation ended",
                     notify=[offer.buyer_id, artist_user_id], url=offer_url(offer))
    return representation


def record_staff_change(*, representation: Representation, user: Any, created: bool) -> None:
    """Log a representation that staff added or edited as a row in the admin, and tell both sides.

    Staff may correct the terms the artist agreed to outside dala (the admin form checks the same
    rules as :func:`grant_representation`); the audit log keeps who changed what."""
    audit.record(actor=user, action="representation.granted" if created else "representation.edited",
                 subject=representation, gallery=representation.gallery_id,
                 commission_bp=representation.commission_bp,
                 works=sorted(representation.artworks.values_list("pk", flat=True)),
                 ended_at=representation.ended_at.isoformat() if representation.ended_at else None,
                 by_staff=True, notify=[representation.artist.user_id, representation.gallery.user_id],
                 url=representation_url())
