"""The studio: an artist's private inventory of their works, with images and editions.

Thin views: parse the form, authorise (``permissions.studio_artist``), call a service, render.
Every write is a POST answered by a redirect; a refused write renders the page again with the
service's errors on the fields they name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dala.accounts.models import ArtistProfile
from dala.core.errors import DomainError, NotFound, PermissionDenied
from dala.core.forms import add_domain_errors
from dala.core.money import Money

from .. import selectors, services
from ..forms import ArtworkForm, EditionSetForm, ImageUploadForm, StudioFilterForm
from ..models import Artwork, ArtworkImage
from ..permissions import studio_artist

STUDIO_PAGE_SIZE = 50

P = ParamSpec("P")


def studio_view(
    view: Callable[Concatenate[HttpRequest, ArtistProfile, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Log-in required, then the artist whose studio this is, passed to ``view``; others get a 403 page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            artist = studio_artist(request.user)
        except PermissionDenied as error:
            return render(request, "catalog/studio/not_artist.html", {"message": error.message}, status=403)
        return view(request, artist, *args, **kwargs)

    return login_required(wrapper)


def _own_artwork(artist: ArtistProfile, pk: int) -> Artwork:
    try:
        return selectors.studio_artwork(artist, pk)
    except NotFound as error:
        raise Http404(str(error.message)) from None


def _edit_url(artwork: Artwork, anchor: str = "") -> str:
    url = reverse("catalog:studio_edit", kwargs={"pk": artwork.pk})
    return f"{url}#{anchor}" if anchor else url


# The inventory ----------------------------------------------------------------------------------

@studio_view
def inventory(request: HttpRequest, artist: ArtistProfile) -> HttpResponse:
    filters = selectors.StudioFilters.from_params(request.GET)
    page = Paginator(selectors.studio_artworks(artist, filters), STUDIO_PAGE_SIZE).get_page(request.GET.get("page"))
    filter_form = StudioFilterForm(request.GET or None, artist=artist)
    is_filtered = bool(filters.availability or filters.medium or filters.series or filters.q)
    return render(request, "catalog/studio/inventory.html", {
        "artist": artist, "page": page, "filter_form": filter_form, "is_filtered": is_filtered,
        "storage": selectors.storage_use(artist),
    })


# One artwork ------------------------------------------------------------------------------------

@studio_view
def artwork_create(request: HttpRequest, artist: ArtistProfile) -> HttpResponse:
    form = ArtworkForm(request.POST or None, artist=artist)
    if request.method == "POST" and form.is_valid():
        try:
            artwork = services.create_artwork(artist=artist, **form.service_fields())
        except DomainError as error:
            add_domain_errors(form, error, ArtworkForm.FIELD_NAMES)
        else:
            messages.success(request, _("“%(title)s” is in your studio. Now add its images.")
                             % {"title": artwork.title})
            return redirect(_edit_url(artwork, "images"))
    return render(request, "catalog/studio/artwork_form.html", {"artist": artist, "form": form, "artwork": None})


@studio_view
def artwork_edit(request: HttpRequest, artist: ArtistProfile, pk: int) -> HttpResponse:
    artwork = _own_artwork(artist, pk)
    form = ArtworkForm(request.POST or None, artist=artist, initial=ArtworkForm.initial_for(artwork))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_artwork(artwork=artwork, **form.service_fields())
        except DomainError as error:
            add_domain_errors(form, error, ArtworkForm.FIELD_NAMES)
            artwork = _own_artwork(artist, pk)  # the in-memory object may hold the refused values
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_edit_url(artwork))
    return _edit_page(request, artist, artwork, form=form)


def _edit_page(request: HttpRequest, artist: ArtistProfile, artwork: Artwork, *, form: ArtworkForm | None = None,
               image_form: ImageUploadForm | None = None,
               edition_form: EditionSetForm | None = None) -> HttpResponse:
    """The edit page: the work's form, its images and (for an edition) its edition runs."""
    return render(request, "catalog/studio/artwork_form.html", {
        "artist": artist,
        "artwork": artwork,
        "form": form or ArtworkForm(artist=artist, initial=ArtworkForm.initial_for(artwork)),
        "images": list(artwork.images.all()),
        "image_form": image_form or ImageUploadForm(prefix="image"),
        "edition_sets": [
            (edition, Money(edition.price_amount, edition.price_currency) if edition.price_amount is not None else None)
            for edition in (selectors.studio_edition_sets(artwork) if artwork.is_edition else [])
        ],
        "edition_form": edition_form or EditionSetForm(prefix="edition"),
    })


@studio_view
def artwork_delete(request: HttpRequest, artist: ArtistProfile, pk: int) -> HttpResponse:
    """GET asks to confirm; POST deletes (softly: the record stays, the work leaves studio and site)."""
    artwork = _own_artwork(artist, pk)
    if request.method == "POST":
        services.delete_artwork(artwork=artwork)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": artwork.title})
        return redirect("catalog:studio")
    return render(request, "catalog/studio/artwork_delete.html", {"artist": artist, "artwork": artwork})


# Images -----------------------------------------------------------------------------------------

@require_POST
@studio_view
def image_upload(request: HttpRequest, artist: ArtistProfile, pk: int) -> HttpResponse:
    artwork = _own_artwork(artist, pk)
    form = ImageUploadForm(request.POST, request.FILES, prefix="image")
    if form.is_valid():
        try:
            services.add_artwork_image(artwork=artwork, upload=form.cleaned_data["image"],
                                       alt_text=form.cleaned_data["alt_text"],
                                       make_primary=form.cleaned_data["make_primary"])
        except DomainError as error:
            add_domain_errors(form, error)
            refused = _edit_page(request, artist, artwork, image_form=form)
            refused.status_code = error.status  # 400 for the quota, 503 when the storage fails
            return refused
        else:
            messages.success(request, _("The image is added."))
            return redirect(_edit_url(artwork, "images"))
    return _edit_page(request, artist, artwork, image_form=form)


@require_POST
@studio_view
def image_primary(request: HttpRequest, artist: ArtistProfile, pk: int) -> HttpResponseRedirect:
    image = _own_image(artist, pk)
    services.set_primary_image(image=image)
    messages.success(request, _("The main image is changed."))
    return redirect(_edit_url(image.artwork, "images"))


@require_POST
@studio_view
def image_delete(request: HttpRequest, artist: ArtistProfile, pk: int) -> HttpResponseRedirect:
    image = _own_image(artist, pk)
    artwork = image.artwork
    services.delete_artwork_image(image=image)
    messages.success(request, _("The image is deleted."))
    return redirect(_edit_url(artwork, "images"))


def _own_image(artist: ArtistProfile, pk: int) -> ArtworkImage:
    try:
        return selectors.studio_image(artist, pk)
    except NotFound as error:
        raise Http404(str(error.message)) from None


# Editions ---------------------------------------------------------------------------------------

@require_POST
@studio_view
def edition_add(request: HttpRequest, artist: ArtistProfile, pk: int) -> HttpResponse:
    artwork = _own_artwork(artist, pk)
    form = EditionSetForm(request.POST, prefix="edition")
    if form.is_valid():
        try:
            services.add_edition_set(artwork=artwork, **form.service_fields())
        except DomainError as error:
            add_domain_errors(form, error, EditionSetForm.FIELD_NAMES)
        else:
            messages.success(request, _("The edition is added."))
            return redirect(_edit_url(artwork, "editions"))
    return _edit_page(request, artist, artwork, edition_form=form)
