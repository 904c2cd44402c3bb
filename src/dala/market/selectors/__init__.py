"""The market's reads, shaped so that a page's query count does not grow with its length."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dala.core.errors import NotFound

from .. import errors
from ..models import Certificate, Offer


def certificate_for_code(code: str) -> Certificate:
    """The certificate with this verification code (dashes, spaces and case ignored), or NotFound."""
    clean = "".join(ch for ch in code.upper() if ch.isalnum())
    try:
        return (Certificate.objects.select_related("order__artwork__artist", "order__edition_copy__edition_set")
                .get(code=clean))
    except Certificate.DoesNotExist:
        raise NotFound(errors.CERTIFICATE_NOT_FOUND, _("No certificate has this code. Check it and try again.")) \
            from None


def offer_chain(offer: Offer) -> list[Offer]:
    """Every offer of ``offer``'s negotiation, oldest first."""
    root = offer.chain_root_id or offer.pk
    return list(Offer.objects.filter(Q(pk=root) | Q(chain_root_id=root))
                .select_related("made_by", "on_behalf_of__gallery").order_by("created_at", "pk"))


def provenance_of(artwork_id: int, *, public_only: bool = True) -> QuerySet:
    from ..models import ProvenanceEvent

    events = ProvenanceEvent.objects.filter(artwork_id=artwork_id).select_related("edition_copy__edition_set")
    return events.filter(is_public=True) if public_only else events
