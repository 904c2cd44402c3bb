"""Exhibition pages: the public listing and an exhibition's page, and the organiser's studio (my
exhibitions, new, edit, works, photos, publish). Plain forms: POST, then redirect; no JavaScript needed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dala.accounts.models import City, GalleryProfile
from dala.core.errors import DomainError, NotFound, PermissionDenied
from dala.core.forms import add_domain_errors, domain_errors
from dala.core.languages import LANGUAGES
from dala.core.markup import render_markdown

from ..forms.exhibitions import ERROR_FIELDS, ExhibitionForm, PhotoForm
from ..models import Exhibition, ExhibitionKind
from ..permissions import can_organise, manages
from ..selectors import exhibitions as selectors
from ..services import exhibitions as services

PER_PAGE = 24
# How many of each bucket the listing shows before "All current / upcoming / past".
SHELF = 12


def _filters_context(request: HttpRequest, filters: selectors.ListingFilters) -> dict[str, Any]:
    # Only cities with a public exhibition: a draft must not show even through its city.
    cities = City.objects.filter(exhibitions__in=selectors.public_exhibitions()).distinct().order_by("slug")
    return {"filters": filters, "cities": cities, "kinds": ExhibitionKind.choices}


@require_safe
def exhibition_list(request: HttpRequest) -> HttpResponse:
    """Current, upcoming and past, each as a shelf; ``?when=`` shows one bucket, paginated."""
    filters = selectors.ListingFilters.from_params(request.GET)
    when = request.GET.get("when", "")
    context = _filters_context(request, filters)
    if when in selectors.WHEN:
        page_obj = Paginator(selectors.exhibitions_when(when, filters), PER_PAGE).get_page(request.GET.get("page"))
        context.update({"when": when, "page_obj": page_obj, "exhibitions": page_obj.object_list})
    else:
        shelves = []
        for bucket in selectors.WHEN:
            rows = list(selectors.exhibitions_when(bucket, filters)[: SHELF + 1])
            shelves.append({"when": bucket, "exhibitions": rows[:SHELF], "more": len(rows) > SHELF})
        context["shelves"] = shelves
    return render(request, "programmes/exhibitions/list.html", context)


@require_safe
def exhibition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    key = request.GET.get("key")
    try:
        exhibition = selectors.visible_exhibition(slug, request.user, key)
    except NotFound:
        raise Http404(_("There is no such exhibition.")) from None
    page = selectors.exhibition_page(exhibition)
    context = {"exhibition": exhibition, "page": page, "works": page.works, "photos": page.photos,
               "artists": page.artists, "ended": page.ended, "essay": render_markdown(str(exhibition.essay)),
               "manages": manages(request.user, exhibition),
               "exhibition_panels": getattr(settings, "DALA_EXHIBITION_PANELS", [])}
    response = render(request, "programmes/exhibitions/detail.html", context)
    if exhibition.is_private:
        # A private room's link must not leak to other sites nor sit in shared caches.
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


# --- studio -----------------------------------------------------------------------------------------

def _organiser(request: HttpRequest) -> None:
    if not can_organise(request.user):
        raise DjangoPermissionDenied(_("Only galleries, curators, artists and staff organise exhibitions."))


def _managed(request: HttpRequest, slug: str) -> Exhibition:
    exhibition = Exhibition.objects.select_related("city", "gallery").filter(slug=slug).first()
    if exhibition is None or not manages(request.user, exhibition):
        raise Http404(_("There is no such exhibition."))
    return exhibition


def _gallery_of(user: Any) -> GalleryProfile | None:
    return GalleryProfile.objects.filter(user=user).first()


@login_required
@require_safe
def studio_exhibitions(request: HttpRequest) -> HttpResponse:
    _organiser(request)
    return render(request, "programmes/exhibitions/studio_list.html",
                  {"exhibitions": list(selectors.studio_exhibitions(request.user))})


def _form_page(request: HttpRequest, form: ExhibitionForm, exhibition: Exhibition | None,
               status: int = 200) -> HttpResponse:
    return render(request, "programmes/exhibitions/form.html", {"form": form, "exhibition": exhibition},
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
def exhibition_new(request: HttpRequest) -> HttpResponse:
    _organiser(request)
    gallery = _gallery_of(request.user)
    if request.method != "POST":
        kind = request.GET.get("kind", ExhibitionKind.EXHIBITION)
        initial = {"kind": kind if kind in ExhibitionKind.values else ExhibitionKind.EXHIBITION,
                   "is_physical": kind != ExhibitionKind.VIEWING_ROOM, "is_online": kind == ExhibitionKind.VIEWING_ROOM,
                   "as_gallery": gallery is not None}
        return _form_page(request, ExhibitionForm(initial=initial, gallery=gallery), None)
    form = ExhibitionForm(request.POST, gallery=gallery)
    if form.is_valid():
        try:
            exhibition = services.create_exhibition(user=request.user, values=form.values())
        except DomainError as error:
            add_domain_errors(form, error, ERROR_FIELDS)
            return _form_page(request, form, None, status=error.status)
        messages.success(request, _("The exhibition is saved as a draft. Now choose its works."))
        return redirect("programmes:exhibition_works", slug=exhibition.slug)
    return _form_page(request, form, None, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def exhibition_edit(request: HttpRequest, slug: str) -> HttpResponse:
    exhibition = _managed(request, slug)
    gallery = exhibition.gallery or _gallery_of(request.user)
    if request.method != "POST":
        return _form_page(request, ExhibitionForm(initial=ExhibitionForm.initial_of(exhibition), gallery=gallery),
                          exhibition)
    form = ExhibitionForm(request.POST, gallery=gallery)
    if form.is_valid():
        try:
            services.update_exhibition(user=request.user, exhibition_id=exhibition.pk, values=form.values())
        except DomainError as error:
            add_domain_errors(form, error, ERROR_FIELDS)
            return _form_page(request, form, exhibition, status=error.status)
        messages.success(request, _("Your changes are saved."))
        return redirect("programmes:exhibition_edit", slug=exhibition.slug)
    return _form_page(request, form, exhibition, status=400)


def _placements_from_post(request: HttpRequest, exhibition: Exhibition) -> list[services.WorkPlacement]:
    """The works form: one row per hanging work (position, wall text in three languages, remove)."""
    rows: list[tuple[int, int, services.WorkPlacement]] = []
    for index, raw in enumerate(request.POST.getlist("work")):
        if not raw.isdigit():
            continue
        artwork_id = int(raw)
        if request.POST.get(f"remove_{artwork_id}"):
            continue
        raw_position = request.POST.get(f"position_{artwork_id}", "").strip()
        position = int(raw_position) if raw_position.lstrip("-").isdigit() else index + 1
        wall_text = {code: request.POST.get(f"wall_{code}_{artwork_id}", "") for code in LANGUAGES}
        rows.append((position, index, services.WorkPlacement(artwork_id, wall_text)))
    return [placement for _position, _index, placement in sorted(rows, key=lambda row: (row[0], row[1]))]


def _works_page(request: HttpRequest, exhibition: Exhibition, *, errors: list[str] | None = None,
                status: int = 200) -> HttpResponse:
    page = selectors.exhibition_page(exhibition, include_hidden_works=True)
    query = request.GET.get("q", "")
    context = {"exhibition": exhibition, "works": page.works, "errors": errors or [], "query": query,
               "choices": selectors.work_choices(query, exclude=exhibition), "languages": LANGUAGES}
    return render(request, "programmes/exhibitions/works.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def exhibition_works(request: HttpRequest, slug: str) -> HttpResponse:
    """The works in order with their wall texts; add a public work found by title or from the list."""
    exhibition = _managed(request, slug)
    if request.method != "POST":
        return _works_page(request, exhibition)
    try:
        if request.POST.get("action") == "add":
            raw = request.POST.get("artwork", "")
            if not raw.isdigit():
                return _works_page(request, exhibition, errors=[_("Choose a work to add.")], status=400)
            services.add_work(user=request.user, exhibition_id=exhibition.pk, artwork_id=int(raw))
            messages.success(request, _("The work is added at the end."))
        else:
            services.set_works(user=request.user, exhibition_id=exhibition.pk,
                               works=_placements_from_post(request, exhibition))
            messages.success(request, _("The works are saved."))
    except PermissionDenied:
        raise Http404 from None
    except DomainError as error:
        return _works_page(request, exhibition, errors=[str(p.message) for p in domain_errors(error)],
                           status=error.status)
    return redirect("programmes:exhibition_works", slug=exhibition.slug)


def _photos_page(request: HttpRequest, exhibition: Exhibition, form: PhotoForm | None = None,
                 status: int = 200) -> HttpResponse:
    return render(request, "programmes/exhibitions/photos.html",
                  {"exhibition": exhibition, "photos": list(exhibition.photos.order_by("position", "id")),
                   "form": form or PhotoForm()}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def exhibition_photos(request: HttpRequest, slug: str) -> HttpResponse:
    """Installation photos: upload one (multipart form) or delete one."""
    exhibition = _managed(request, slug)
    if request.method != "POST":
        return _photos_page(request, exhibition)
    if request.POST.get("action") == "delete":
        raw = request.POST.get("photo", "")
        try:
            services.remove_photo(user=request.user, exhibition_id=exhibition.pk,
                                  photo_id=int(raw) if raw.isdigit() else 0)
        except NotFound:
            raise Http404 from None
        messages.success(request, _("The photo is deleted."))
        return redirect("programmes:exhibition_photos", slug=exhibition.slug)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _photos_page(request, exhibition, form, status=400)
    try:
        services.add_photo(user=request.user, exhibition_id=exhibition.pk, image=form.cleaned_data["image"],
                           caption=form.cleaned_data["caption"])
    except DomainError as error:
        add_domain_errors(form, error)
        return _photos_page(request, exhibition, form, status=error.status)
    messages.success(request, _("The photo is added."))
    return redirect("programmes:exhibition_photos", slug=exhibition.slug)


@login_required
@require_POST
def exhibition_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """``action=publish`` or ``action=unpublish``; problems are shown on the edit page."""
    exhibition = _managed(request, slug)
    try:
        if request.POST.get("action") == "unpublish":
            services.unpublish_exhibition(user=request.user, exhibition_id=exhibition.pk)
            messages.success(request, _("The exhibition is a draft again: only you see it."))
        else:
            services.publish_exhibition(user=request.user, exhibition_id=exhibition.pk)
            messages.success(request, _("The exhibition is published."))
    except DomainError as error:
        form = ExhibitionForm(initial=ExhibitionForm.initial_of(exhibition),
                              gallery=exhibition.gallery or _gallery_of(request.user))
        return render(request, "programmes/exhibitions/form.html",
                      {"form": form, "exhibition": exhibition,
                       "publish_errors": [str(p.message) for p in domain_errors(error)]}, status=error.status)
    return redirect("programmes:exhibition_edit", slug=exhibition.slug)


urlpatterns: list[URLPattern] = [
    path("exhibitions/", exhibition_list, name="exhibitions"),
    path("exhibitions/<str:slug>/", exhibition_detail, name="exhibition"),
    path("studio/exhibitions/", studio_exhibitions, name="studio_exhibitions"),
    path("studio/exhibitions/new/", exhibition_new, name="exhibition_new"),
    path("studio/exhibitions/<str:slug>/", exhibition_edit, name="exhibition_edit"),
    path("studio/exhibitions/<str:slug>/works/", exhibition_works, name="exhibition_works"),
    path("studio/exhibitions/<str:slug>/photos/", exhibition_photos, name="exhibition_photos"),
    path("studio/exhibitions/<str:slug>/publish/", exhibition_publish, name="exhibition_publish"),
]
