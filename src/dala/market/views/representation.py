"""Representation pages: an artist grants galleries representation and chooses the works each holds;
a gallery sees the artists it represents and the works it holds. Either side may end it."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dala.core.errors import DomainError, NotFound
from dala.core.forms import add_domain_errors

from ..forms.representation import GrantForm, HeldWorksForm
from ..models import Representation
from ..selectors.representation import (
    artist_profile_of,
    galleries_to_choose,
    gallery_profile_of,
    representation_seen_by,
    representations_granted_by,
    representations_held_by,
    works_to_hold,
)
from ..services.representation import (
    end_representation,
    grant_representation,
    max_commission_bp,
    representation_url,
    set_held_works,
)

# The services name their inputs as the API does; the forms as people read them.
FIELD_NAMES = {"gallery_id": "gallery", "commission_bp": "commission", "artwork_ids": "artworks"}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """The artist's representations and the form to grant one; the gallery's represented artists."""
    artist, gallery = artist_profile_of(request.user), gallery_profile_of(request.user)
    form = None
    status = 200
    if artist is not None:
        form = GrantForm(request.POST if request.method == "POST" else None, works=works_to_hold(artist),
                         galleries=galleries_to_choose(artist), max_percent=Decimal(max_commission_bp()) / 100)
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Only an artist grants a gallery representation."))
            return redirect(representation_url())
        status = 400
        if form.is_valid():
            try:
                representation = grant_representation(
                    artist_user=request.user, gallery_id=form.cleaned_data["gallery"].pk,
                    commission_bp=form.commission_bp(), artwork_ids=form.artwork_ids())
            except DomainError as error:
                add_domain_errors(form, error, FIELD_NAMES)
                status = error.status
            else:
                messages.success(request, _("%(gallery)s now represents you.") % {"gallery": representation.gallery})
                return redirect(representation_url())
    context = {
        "artist": artist, "gallery": gallery, "form": form,
        "granted": list(representations_granted_by(artist)) if artist is not None else [],
        "held": list(representations_held_by(gallery)) if gallery is not None else [],
    }
    return render(request, "market/representation/index.html", context, status=status)


def _seen_or_404(request: HttpRequest, pk: int) -> Representation:
    try:
        return representation_seen_by(request.user, pk)
    except NotFound as error:
        raise Http404(str(error.message)) from None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The artist chooses the works a gallery holds (404 for everyone but the artist)."""
    representation = _seen_or_404(request, pk)
    if representation.artist.user_id != request.user.pk:
        raise Http404(_("No such representation."))
    held = [work.pk for work in representation.artworks.all()]
    form = HeldWorksForm(request.POST if request.method == "POST" else None,
                         works=works_to_hold(representation.artist, also=held),
                         initial={"artworks": held})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                set_held_works(representation_id=representation.pk, user=request.user,
                               artwork_ids=form.artwork_ids())
            except DomainError as error:
                add_domain_errors(form, error, FIELD_NAMES)
                status = error.status
            else:
                messages.success(request, _("The works %(gallery)s holds are saved.")
                                 % {"gallery": representation.gallery})
                return redirect(representation_url())
    return render(request, "market/representation/edit.html", {"representation": representation, "form": form},
                  status=status)


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a representation (the artist or the gallery); back to the representation page."""
    representation = _seen_or_404(request, pk)
    try:
        end_representation(representation_id=representation.pk, user=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The representation of %(artist)s by %(gallery)s has ended.")
                         % {"artist": representation.artist.name, "gallery": representation.gallery})
    return redirect(representation_url())
