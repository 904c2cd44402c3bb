"""The public catalogue pages: browse, the artists, an artist, an artwork, a subject. Server-rendered, no JS."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dala.accounts.models import CareerStage
from dala.accounts.places import COUNTRIES
from dala.core.colours import COLOURS_BY_SLUG, NAMED_COLOURS
from dala.core.errors import NotFound
from dala.core.money import Money
from dala.core.pagination import page_or_first

from ..models import Artwork, Availability, Subject
from ..selectors import (
    PUBLIC_AVAILABILITIES,
    BrowseFilters,
    artist_for_page,
    artists_for_list,
    artwork_for_page,
    artworks_for_browse,
    artworks_of_artist,
    more_by_artist,
    vocabularies,
)
from ..signals import artist_viewed, artwork_viewed

ARTISTS_PER_PAGE = 48
BROWSE_CURRENCIES = ["KZT", "USD", "EUR", "RUB"]


@require_safe
def browse(request: HttpRequest) -> HttpResponse:
    filters = BrowseFilters.from_params(request.GET)
    cursor = request.GET.get("cursor") or None
    page, cursor_error = page_or_first(lambda c: artworks_for_browse(filters, cursor=c), cursor)
    currencies = list(BROWSE_CURRENCIES)
    if filters.currency not in currencies:
        currencies.append(filters.currency)
    context = {
        "filters": filters,
        "raw": request.GET,
        "problems": {problem.field: str(problem.message) for problem in filters.problems},
        "page": page,
        "cursor_error": cursor_error,
        "vocabularies": vocabularies(),
        "countries": COUNTRIES,
        "availabilities": [(value, Availability(value).label) for value in PUBLIC_AVAILABILITIES],
        "career_stages": CareerStage.choices,
        "named_colours": NAMED_COLOURS,
        "chosen_colours": [COLOURS_BY_SLUG[slug] for slug in filters.colours],
        "currencies": currencies,
        "sorts": _sort_choices(),
        "is_filtered": bool(filters.as_params()),
        # Templates of the apps above the catalogue shown above the results (save this search).
        "browse_panels": settings.DALA_BROWSE_PANELS,
    }
    return render(request, "catalog/browse.html", context, status=400 if cursor_error else 200)


def _sort_choices() -> list[tuple[str, str]]:
    return [("newest", _("Newest first")), ("price_asc", _("Price: low to high")),
            ("price_desc", _("Price: high to low"))]


@require_safe
def artist_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(artists_for_list(), ARTISTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "catalog/artist_list.html", {"page_obj": page_obj, "artists": page_obj.object_list})


@require_safe
def artist(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        profile = artist_for_page(slug)
    except NotFound as error:
        raise Http404(str(error.message)) from None
    cursor = request.GET.get("cursor") or None
    page, cursor_error = page_or_first(lambda c: artworks_of_artist(profile, cursor=c), cursor)
    context = {"artist": profile, "page": page, "cursor_error": cursor_error,
               "cover": _first_image(page.items),
               # As on the artwork page: templates of the apps above the catalogue (follow, reviews).
               "artist_panels": settings.DALA_ARTIST_PANELS}
    if not cursor_error:
        artist_viewed.send(sender=type(profile), request=request, artist=profile)
    return render(request, "catalog/artist.html", context, status=400 if cursor_error else 200)


@require_safe
def artwork(request: HttpRequest, artist_slug: str, slug: str) -> HttpResponse:
    try:
        work = artwork_for_page(artist_slug, slug)
    except NotFound as error:
        raise Http404(str(error.message)) from None
    images = list(work.images.all())  # prefetched; the primary image sorts first
    editions = [
        {
            "set": edition,
            "price": Money(edition.price_amount, edition.price_currency)
            if work.price_visible and edition.price_amount is not None else None,
        }
        for edition in work.edition_sets.all()
    ]
    context = {
        "artwork": work,
        "artist": work.artist,
        "primary": images[0] if images else None,
        "other_images": images[1:],
        "subjects": list(work.subjects.all()),
        "editions": editions,
        "price": work.public_price,
        "more": more_by_artist(work),
        # Templates of the apps above the catalogue, which it may not import (the market's buy/offer
        # forms, the provenance); each gets this page's context and loads its own template tags.
        "artwork_panels": settings.DALA_ARTWORK_PANELS,
    }
    artwork_viewed.send(sender=Artwork, request=request, artwork=work)
    return render(request, "catalog/artwork.html", context)


@require_safe
def subject(request: HttpRequest, slug: str) -> HttpResponse:
    """A subject's page: its public works, newest first (keyset pages, as the artist's), and the panels
    of the apps above (the follow button)."""
    term = Subject.objects.filter(slug=slug).first()
    if term is None:
        raise Http404(_("There is no subject at this address."))
    filters = BrowseFilters(subject=term.slug)
    cursor = request.GET.get("cursor") or None
    page, cursor_error = page_or_first(lambda c: artworks_for_browse(filters, cursor=c), cursor)
    context = {"subject": term, "page": page, "cursor_error": cursor_error, "filters": filters,
               "cover": _first_image(page.items),
               # The follow panel (social) reads the object to follow from ``follow_target``.
               "follow_target": term,
               "subject_panels": getattr(settings, "DALA_SUBJECT_PANELS", [])}
    return render(request, "catalog/subject.html", context, status=400 if cursor_error else 200)


def _first_image(works: list[Artwork]) -> Any:
    for work in works:
        if work.primary_images:  # type: ignore[attr-defined]
            return work.primary_images[0]  # type: ignore[attr-defined]
    return None
