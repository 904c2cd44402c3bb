"""Provenance events and certificates of authenticity."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.catalog.models import Artwork
from dala.catalog.permissions import can_edit_artwork
from dala.core.errors import Conflict, DomainError, PermissionDenied
from dala.core.translation import to_translated

from .. import audit, errors
from ..locks import lock_order
from ..models import Certificate, Order, ProvenanceEvent, ProvenanceKind


def _party_name(user: Any) -> str:
    """How a buyer appears in a public provenance: a private collector is never named."""
    collector = getattr(user, "collector_profile", None)
    gallery = getattr(user, "gallery_profile", None)
    if gallery is not None:
        return str(gallery.name)
    if collector is not None and not collector.is_private and collector.name:
        return collector.name
    return _("Private collection")


def record_sale(*, order: Order, now: datetime.datetime) -> ProvenanceEvent:
    """The sale of a paid order joins the work's provenance, and its certificate is issued."""
    artwork = order.artwork
    event = ProvenanceEvent.objects.create(
        artwork=artwork, edition_copy_id=order.edition_copy_id, kind=ProvenanceKind.SALE, occurred_at=now,
        from_party=str(order.gallery or artwork.artist.name), to_party=_party_name(order.buyer), order=order,
        amount=order.amount, currency=order.currency,
    )
    Certificate.objects.get_or_create(order=order, defaults={"issued_at": now})
    return event


@transaction.atomic
def add_provenance_event(*, artwork: Artwork, user: Any, kind: str, occurred_at: datetime.datetime | None = None,
                         from_party: str = "", to_party: str = "", place: str = "",
                         description: Mapping[str, str] | None = None, is_public: bool = True) -> ProvenanceEvent:
    """The artist (or staff) records a transfer, loan or exhibition; sales are recorded only by orders."""
    if not can_edit_artwork(user, artwork):
        raise PermissionDenied(errors.NOT_ALLOWED, _("Only the artist or staff may add to this work's provenance."))
    allowed = {ProvenanceKind.TRANSFER, ProvenanceKind.LOAN, ProvenanceKind.EXHIBITION, ProvenanceKind.CREATED}
    if kind not in allowed:
        raise DomainError(errors.NOT_ALLOWED, _("Sales enter the provenance when an order is paid."), field="kind")
    when = occurred_at or timezone.now()
    if when > timezone.now() + datetime.timedelta(days=1):
        raise DomainError(errors.NOT_ALLOWED, _("A provenance event cannot be in the future."), field="occurred_at")
    event = ProvenanceEvent.objects.create(
        artwork=artwork, kind=kind, occurred_at=when, from_party=from_party.strip()[:200],
        to_party=to_party.strip()[:200], place=place.strip()[:200], description=to_translated(description or {}),
        is_public=is_public, recorded_by=user,
    )
    audit.record(actor=user, action="provenance.added", subject=event, artwork_id=artwork.pk, kind=kind)
    return event



@transaction.atomic
def revoke_certificate(*, certificate: Certificate, user: Any, reason: str = "") -> Certificate:
    """Staff withdraw a certificate (issued in error, or the sale undone): its code then checks as revoked.
    The row is kept, so that a printed certificate can still be looked up and shown as no longer valid."""
    if not getattr(user, "is_staff", False):
        raise PermissionDenied(errors.NOT_ALLOWED, _("Only staff may revoke a certificate."))
    # The order's lock guards its certificate: two staff revoking at once write one audit entry.
    lock_order(certificate.order_id)
    certificate = Certificate.objects.select_related("order").get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise Conflict(errors.NOT_ALLOWED, _("This certificate has already been revoked."))
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])
    audit.record(actor=user, action="certificate.revoked", subject=certificate,
                 artwork_id=certificate.order.artwork_id, reason=reason.strip()[:500])
    return certificate
