"""The certificate PDF (parties only) and the public pages: a work's provenance, checking a certificate."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from dala.core.errors import NotFound

from ..certificates import copy_label, render_certificate, verification_url
from ..forms.orders import VerifyForm
from ..selectors.orders import certificate_of, order_for, public_artwork, public_provenance, verification_for_code


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


@require_safe
def provenance(request: HttpRequest, artwork_id: int) -> HttpResponse:
    """A work's public history: its public events, oldest first."""
    try:
        artwork = public_artwork(artwork_id)
    except NotFound:
        raise Http404 from None
    return render(request, "market/certificates/provenance.html",
                  {"artwork": artwork, "events": public_provenance(artwork.pk)})


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
