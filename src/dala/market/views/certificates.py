"""The certificate PDF (parties only) and the public pages: a work's provenance, checking a certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dala.catalog.permissions import can_edit_artwork
from dala.core.errors import DomainError, NotFound
from dala.core.forms import add_domain_errors

from ..certificates import copy_label, render_certificate, verification_url
from ..forms.orders import VerifyForm
from ..forms.provenance import ProvenanceEventForm
from ..selectors.orders import certificate_of, order_for, public_artwork, public_provenance, verification_for_code
from ..services.provenance import add_provenance_event


@login_required
@require_safe
def pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The certificate of a paid order as a PDF, for its buyer, the seller's side and staff."""
    try:
        order = order_for(number, request.user)
    except NotFound:
        raise Http404 from None
    certificate = certificate_of(order)
    if certificate is None:
        raise Http404
    certificate.order = order
    response = HttpResponse(render_certificate(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.display_code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def provenance(request: HttpRequest, artwork_id: int) -> HttpResponse:
    """A work's public history, oldest first; its artist (or staff) also gets a form to add an
    exhibition, loan or transfer (sales join it when an order is paid)."""
    try:
        artwork = public_artwork(artwork_id)
    except NotFound:
        raise Http404 from None
    may_add = can_edit_artwork(request.user, artwork)
    form = ProvenanceEventForm(request.POST or None) if may_add else None
    status = 200
    if request.method == "POST":
        if form is None:
            return redirect_to_login(request.get_full_path()) if not request.user.is_authenticated \
                else HttpResponse(status=403)
        if form.is_valid():
            try:
                add_provenance_event(artwork=artwork, user=request.user, **form.service_fields())
            except DomainError as error:
                add_domain_errors(form, error, ProvenanceEventForm.FIELD_NAMES)
                status = error.status
            else:
                messages.success(request, _("The event has been added to the provenance."))
                return redirect("market:provenance", artwork_id=artwork.pk)
        else:
            status = 400
    return render(request, "market/certificates/provenance.html",
                  {"artwork": artwork, "events": public_provenance(artwork.pk), "form": form}, status=status)


@require_safe
def verify(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Without a code: a form to enter one. With a code: what the certificate says and whether it is
    valid. Never the price, and the owner only as the public provenance names them."""
    if code is None:
        form = VerifyForm(request.GET or None)
        if form.is_valid():
            clean = "".join(ch for ch in form.cleaned_data["code"].upper() if ch.isalnum())
            if clean:
                return redirect("market:verify_code", code=clean)
        return render(request, "market/certificates/verify.html", {"form": form if request.GET else VerifyForm()})
    form = VerifyForm(initial={"code": code})
    try:
        found = verification_for_code(code)
    except NotFound as error:
        return render(request, "market/certificates/verify.html",
                      {"form": form, "code": code, "not_found": error.message}, status=404)
    return render(request, "market/certificates/verify.html", {
        "form": form, "code": code, "found": found, "copy_label": copy_label(found.order.edition_copy),
        "verification_url": verification_url(found.certificate),
    })
