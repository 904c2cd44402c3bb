"""Pages of saved works (mine, and a collector's who made theirs public) and saved searches (list, save
from the browse page, rename, alerts on/off, delete). Plain forms: POST, then redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dala.core.errors import DomainError, NotFound
from dala.core.forms import domain_errors
from dala.social.selectors import settings_of

from ..selectors.saves import (
    Vocabulary,
    browse_url,
    can_see_saves_of,
    describe_filters,
    saved_works_of,
    searches_of,
)
from ..services import saves as services

SAVED_PER_PAGE = 24
# Fields of the save-search form that are not browse filters.
_FORM_FIELDS = {"csrfmiddlewaretoken", "name", "alerts", "next"}


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect(fallback)


@require_POST
@login_required
def save_work(request: HttpRequest) -> HttpResponse:
    """The save / unsave button of the artwork page and of the list (a plain form); then back."""
    raw_id, action = request.POST.get("artwork", ""), request.POST.get("action")
    if not raw_id.isdigit() or action not in ("save", "unsave"):
        return HttpResponse(_("Choose a work to save or remove."), status=400, content_type="text/plain")
    if action == "save":
        try:
            services.save_work(user=request.user, artwork_id=int(raw_id))
        except NotFound as error:
            raise Http404(str(error.message)) from None
        messages.success(request, _("The work is in your saved works."))
    else:
        if services.unsave_work(user=request.user, artwork_id=int(raw_id)):
            messages.success(request, _("The work is no longer in your saved works."))
    return _back(request, "discovery:saved_works")


def _saved_page(request: HttpRequest, owner: Any, *, mine: bool) -> HttpResponse:
    page_obj = Paginator(saved_works_of(owner, include_unavailable=mine), SAVED_PER_PAGE).get_page(
        request.GET.get("page"))
    context = {"page_obj": page_obj, "saves": page_obj.object_list, "owner": owner, "mine": mine,
               "saves_public": settings_of(owner).saves_public if mine else True}
    return render(request, "discovery/saves/saved_works.html", context)


@require_GET
@login_required
def saved_works(request: HttpRequest) -> HttpResponse:
    return _saved_page(request, request.user, mine=True)


@require_GET
def user_saved_works(request: HttpRequest, user_id: int) -> HttpResponse:
    """Someone's saved works: only if they made them public (they and staff always see them); else 404,
    as if there were nothing here. Works no longer public are left out for everyone but the owner."""
    owner = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if owner is None or not can_see_saves_of(owner, request.user):
        raise Http404(_("This person keeps their saved works private."))
    mine = request.user.is_authenticated and request.user.pk == owner.pk
    return _saved_page(request, owner, mine=mine)


# --- saved searches ----------------------------------------------------------------------------------


def _searches_page(request: HttpRequest, *, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    vocabulary = Vocabulary()
    rows = [{"search": search, "summary": describe_filters(search.params, vocabulary),
             "url": browse_url(search.params)} for search in searches_of(request.user)]
    return render(request, "discovery/saves/saved_searches.html",
                  {"rows": rows, "errors": errors or [], "limit": services.max_saved_searches()}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    """My saved searches; a POST (the browse page's "Save this search" form) saves one."""
    if request.method == "POST":
        params = {key: value for key, value in request.POST.items() if key not in _FORM_FIELDS}
        try:
            search = services.save_search(user=request.user, params=params, name=request.POST.get("name", ""),
                                          alerts=bool(request.POST.get("alerts")))
        except DomainError as error:
            problems = [str(problem.message) for problem in domain_errors(error)]
            return _searches_page(request, errors=problems, status=error.status)
        messages.success(request, _("Your search “%(name)s” is saved.") % {"name": search.name})
        return redirect("discovery:saved_searches")
    return _searches_page(request)


@require_POST
@login_required
def update_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a saved search and turn its alerts on or off (one form per search on the list)."""
    try:
        services.update_search(user=request.user, search_id=pk, name=request.POST.get("name", ""),
                               alerts=bool(request.POST.get("alerts")))
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        return _searches_page(request, errors=[str(error.message)], status=error.status)
    messages.success(request, _("The saved search is updated."))
    return redirect("discovery:saved_searches")


@require_POST
@login_required
def delete_search(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.delete_search(user=request.user, search_id=pk)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The saved search is deleted."))
    return redirect("discovery:saved_searches")


urlpatterns: list[URLPattern] = [
    path("saved/", saved_works, name="saved_works"),
    path("saved/work/", save_work, name="save_work"),
    path("collectors/<int:user_id>/saved/", user_saved_works, name="user_saved_works"),
    path("saved-searches/", saved_searches, name="saved_searches"),
    path("saved-searches/<int:pk>/", update_search, name="update_search"),
    path("saved-searches/<int:pk>/delete/", delete_search, name="delete_search"),
]
