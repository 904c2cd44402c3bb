"""Mentorship pages: the public list and a mentorship's page (with the apply form, or why not), the
studio pages of a mentor (mine, new, edit, applications) and the shared log of an accepted place.

Thin views: parse a form, call a service, redirect; a refused write renders the page again with the
service's error next to its field and the error's 4xx status.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dala.accounts.models import City
from dala.core.errors import DomainError, NotFound
from dala.core.forms import add_domain_errors

from ..forms.mentorship import LANGUAGE_CHOICES, ApplyForm, LogEntryForm, MentorshipForm
from ..models import ApplicationStatus
from ..permissions import artist_of
from ..selectors import mentorship as selectors
from ..services import mentorship as services


def _not_found(error: DomainError) -> Http404:
    return Http404(str(error.message))


# Public ---------------------------------------------------------------------------------------------


@require_GET
def mentorships(request: HttpRequest) -> HttpResponse:
    """Open mentorships; ``?language=kk|ru|en`` and ``?city=<slug>`` (the mentor's city)."""
    language = request.GET.get("language", "")
    city = request.GET.get("city", "")
    rows = list(selectors.open_mentorships(language=language, city=city)[:200])
    items = [{"mentorship": m, "places_left": selectors.places_left(m),
              "languages": selectors.language_names(m.languages)} for m in rows]
    cities = City.objects.filter(artists__mentorships__is_open=True).distinct().order_by("slug")
    return render(request, "programmes/mentorship/list.html", {
        "items": items, "language": language, "city": city, "cities": cities,
        "language_choices": LANGUAGE_CHOICES})


def _detail(request: HttpRequest, slug: str, *, form: ApplyForm | None = None, status: int = 200) -> HttpResponse:
    try:
        mentorship = selectors.mentorship_for_page(slug, request.user)
    except NotFound as error:
        raise _not_found(error) from None
    refusal = services.why_cannot_apply(request.user, mentorship)
    artist = artist_of(request.user)
    application = mentorship.applications.filter(applicant=artist).first() if artist else None
    return render(request, "programmes/mentorship/detail.html", {
        "mentorship": mentorship, "places_left": selectors.places_left(mentorship),
        "languages": selectors.language_names(mentorship.languages),
        "is_mentor": services.is_mentor(request.user, mentorship),
        "refusal": refusal, "application": application,
        "form": form or (ApplyForm() if refusal is None else None)}, status=status)


@require_GET
def mentorship(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, slug)


@require_POST
@login_required
def mentorship_apply(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        target = selectors.mentorship_for_page(slug, request.user)
    except NotFound as error:
        raise _not_found(error) from None
    form = ApplyForm(request.POST)
    if not form.is_valid():
        return _detail(request, slug, form=form, status=400)
    try:
        services.apply(user=request.user, mentorship=target, statement=form.cleaned_data["statement"])
    except DomainError as error:
        add_domain_errors(form, error)
        return _detail(request, slug, form=form, status=error.status)
    messages.success(request, _("Your application is sent. The mentor will answer here and by notification."))
    return redirect("programmes:mentorship", slug=slug)


@require_POST
@login_required
def mentorship_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        application = services.withdraw(user=request.user, application_id=pk)
    except NotFound as error:
        raise _not_found(error) from None
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("programmes:studio_mentorships")
    messages.success(request, _("Your application is withdrawn."))
    return redirect("programmes:mentorship", slug=application.mentorship.slug)


# Studio ---------------------------------------------------------------------------------------------


@require_GET
@login_required
def studio_mentorships(request: HttpRequest) -> HttpResponse:
    """The mentorships I offer and the applications I made."""
    artist = artist_of(request.user)
    offered = list(selectors.mentorships_of_mentor(artist)) if artist else []
    return render(request, "programmes/mentorship/studio.html", {
        "artist": artist,
        "offered": [{"mentorship": m, "places_left": selectors.places_left(m)} for m in offered],
        "applications": list(selectors.my_applications(artist)) if artist else [],
        "can_offer": artist is not None and artist.career_stage == "established"})


def _refused_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "programmes/mentorship/refused.html", {"error": error}, status=error.status)


@require_http_methods(["GET", "POST"])
@login_required
def mentorship_new(request: HttpRequest) -> HttpResponse:
    try:
        services.require_established(request.user)
    except DomainError as error:
        return _refused_page(request, error)
    form = MentorshipForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.create_mentorship(user=request.user, **form.service_fields())
            except DomainError as error:
                add_domain_errors(form, error)
                status = error.status
            else:
                messages.success(request, _("Your mentorship is offered; emerging artists can apply now."))
                return redirect("programmes:mentorship_applications", slug=created.slug)
        else:
            status = 400
    return render(request, "programmes/mentorship/form.html", {"form": form, "mentorship": None}, status=status)


def _own(request: HttpRequest, slug: str) -> Any:
    artist = artist_of(request.user)
    if artist is None:
        raise Http404
    try:
        return selectors.own_mentorship(artist, slug)
    except NotFound as error:
        raise _not_found(error) from None


@require_http_methods(["GET", "POST"])
@login_required
def mentorship_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit the mentorship; a POST with ``set_open`` (open/close) only opens or closes it."""
    target = _own(request, slug)
    if request.method == "POST" and request.POST.get("set_open") in ("open", "close"):
        services.set_open(user=request.user, mentorship=target, is_open=request.POST["set_open"] == "open")
        messages.success(request, _("The mentorship is open for applications.") if target.is_open
                         else _("The mentorship is closed for applications."))
        return redirect("programmes:mentorship_edit", slug=slug)
    form = MentorshipForm(request.POST or None, initial=MentorshipForm.initial_for(target))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_mentorship(user=request.user, mentorship=target, **form.service_fields())
            except DomainError as error:
                add_domain_errors(form, error)
                status = error.status
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("programmes:mentorship_edit", slug=slug)
        else:
            status = 400
    return render(request, "programmes/mentorship/form.html",
                  {"form": form, "mentorship": target, "places_left": selectors.places_left(target)}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def mentorship_applications(request: HttpRequest, slug: str) -> HttpResponse:
    """The mentor's applications, by status; POST ``application`` + ``decision`` (accept/decline)."""
    target = _own(request, slug)
    status_code = 200
    if request.method == "POST":
        raw_id, decision = request.POST.get("application", ""), request.POST.get("decision")
        if not raw_id.isdigit() or decision not in ("accept", "decline"):
            messages.error(request, _("Choose an application and accept or decline it."))
            status_code = 400
        else:
            act = services.accept if decision == "accept" else services.decline
            try:
                decided = act(user=request.user, application_id=int(raw_id), mentorship=target)
            except NotFound as error:
                raise _not_found(error) from None
            except DomainError as error:
                messages.error(request, str(error.message))
                status_code = error.status
            else:
                messages.success(request, (_("%(name)s is accepted. Your shared log is open.") if decision == "accept"
                                           else _("%(name)s's application is declined."))
                                 % {"name": decided.applicant.name})
                return redirect("programmes:mentorship_applications", slug=slug)
            target = _own(request, slug)
    rows = list(selectors.applications_of(target))
    groups = [(value, label, [a for a in rows if a.status == value]) for value, label in ApplicationStatus.choices]
    return render(request, "programmes/mentorship/applications.html", {
        "mentorship": target, "groups": groups, "places_left": selectors.places_left(target)}, status=status_code)


# The shared log -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def mentorship_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Mentor and mentee only (others: 404). POST ``action``: add (a session or a goal), done, undone,
    delete (``entry`` names the entry)."""
    try:
        log = selectors.log_for(user=request.user, application_id=pk)
    except NotFound as error:
        raise _not_found(error) from None
    form = LogEntryForm(prefix="entry")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                form = LogEntryForm(request.POST, prefix="entry")
                if form.is_valid():
                    services.add_log_entry(user=request.user, application_id=pk, **form.cleaned_data)
                    messages.success(request, _("Added to the log."))
                    return redirect("programmes:mentorship_log", pk=pk)
                status = 400
            elif action in ("done", "undone", "delete") and request.POST.get("entry", "").isdigit():
                entry_id = int(request.POST["entry"])
                if action == "delete":
                    services.delete_log_entry(user=request.user, application_id=pk, entry_id=entry_id)
                    messages.success(request, _("The entry is deleted."))
                else:
                    services.set_goal_done(user=request.user, application_id=pk, entry_id=entry_id,
                                           done=action == "done")
                return redirect("programmes:mentorship_log", pk=pk)
            else:
                messages.error(request, _("Choose what to do."))
                status = 400
        except NotFound as error:
            raise _not_found(error) from None
        except DomainError as error:
            if action == "add":
                add_domain_errors(form, error)
            else:
                messages.error(request, str(error.message))
            status = error.status
    application = log.application
    return render(request, "programmes/mentorship/log.html", {
        "log": log, "application": application, "mentorship": application.mentorship, "form": form,
        "is_mentor": request.user.pk == application.mentorship.mentor.user_id}, status=status)


urlpatterns: list[URLPattern] = [
    path("mentorships/", mentorships, name="mentorships"),
    path("mentorships/log/<int:pk>/", mentorship_log, name="mentorship_log"),
    path("mentorships/applications/<int:pk>/withdraw/", mentorship_withdraw, name="mentorship_withdraw"),
    path("mentorships/<str:slug>/", mentorship, name="mentorship"),
    path("mentorships/<str:slug>/apply/", mentorship_apply, name="mentorship_apply"),
    path("studio/mentorships/", studio_mentorships, name="studio_mentorships"),
    path("studio/mentorships/new/", mentorship_new, name="mentorship_new"),
    path("studio/mentorships/<str:slug>/", mentorship_edit, name="mentorship_edit"),
    path("studio/mentorships/<str:slug>/applications/", mentorship_applications, name="mentorship_applications"),
]
