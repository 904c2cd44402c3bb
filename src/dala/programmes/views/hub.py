""""My programmes": one page that leads a user to each programme role they hold (organiser, entrant,
juror, mentor, mentee) with its count, and to what they may start."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from ..permissions import artist_of, can_organise
from ..selectors.hub import programme_counts


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    artist = artist_of(request.user)
    return render(request, "programmes/hub.html", {
        "counts": programme_counts(request.user),
        "can_organise": can_organise(request.user),
        "artist": artist,
    })


urlpatterns: list[URLPattern] = [
    path("studio/programmes/", mine, name="mine"),
]
