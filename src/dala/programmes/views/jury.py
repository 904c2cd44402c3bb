"""Jury pages: a juror's seats, the entries to score this round, one entry (score, conflict); the
organiser's jurors and the ranked results (advance, select, feedback, publish, make the exhibition).
Plain forms: POST, then redirect; a refused form is shown again with the reason and a 4xx status."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dala.core.errors import DomainError, NotFound
from dala.core.forms import add_domain_errors

from ..forms.jury import ConflictForm, InviteJurorForm, ScoreForm, scale_choices
from ..models import CallStatus, EntryResult, EntryStatus, JurorStatus, OpenCall
from ..permissions import manages
from ..selectors import jury as selectors
from ..services import jury as services


def _int(raw: str | None, default: int = 1) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 9 else default


def _visible_call(slug: str) -> OpenCall:
    call = get_object_or_404(OpenCall, slug=slug)
    if call.status == CallStatus.DRAFT:
        raise Http404
    return call


def _managed_call(request: HttpRequest, slug: str) -> OpenCall:
    call = get_object_or_404(OpenCall, slug=slug)
    if not manages(request.user, call):
        raise Http404  # not theirs: as if it did not exist
    return call


def _refused(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, str(error.message))


# The juror's pages --------------------------------------------------------------------------------

@require_GET
@login_required
def jury_home(request: HttpRequest) -> HttpResponse:
    seats = [seat for seat in selectors.seats_of(request.user) if seat.call.status != CallStatus.DRAFT]
    return render(request, "programmes/jury/home.html", {"seats": seats})


@require_http_methods(["GET", "POST"])
@login_required
def jury(request: HttpRequest, slug: str) -> HttpResponse:
    call = _visible_call(slug)
    seat = selectors.seat_of(request.user, call)
    if seat is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.accept_seat(user=request.user, call=call)
                messages.success(request, _("You are on the jury. Thank you."))
            elif action == "decline":
                services.decline_seat(user=request.user, call=call)
                messages.info(request, _("You declined the invitation."))
            else:
                return HttpResponse(_("Choose to accept or decline."), status=400, content_type="text/plain")
        except DomainError as error:
            _refused(request, error)
        return redirect("programmes:jury", slug=call.slug)
    judging = call.status == CallStatus.PUBLISHED and timezone.now() >= call.deadline
    queue = None
    unscored_only = request.GET.get("todo") == "1"
    if seat.status == JurorStatus.ACCEPTED and judging:
        queue = selectors.juror_queue(seat, call, page=_int(request.GET.get("page")), unscored_only=unscored_only)
    return render(request, "programmes/jury/queue.html", {
        "call": call, "seat": seat, "queue": queue, "judging": judging, "unscored_only": unscored_only,
        "scale": dict(scale_choices(call)), "by_work": call.scored_by == "work",
    })


@require_http_methods(["GET", "POST"])
@login_required
def jury_entry(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    call = _visible_call(slug)
    seat = selectors.seat_of(request.user, call)
    if seat is None or seat.status != JurorStatus.ACCEPTED:
        raise Http404
    if call.status != CallStatus.PUBLISHED or timezone.now() < call.deadline:
        messages.info(request, _("Judging starts once the call's deadline has passed."))
        return redirect("programmes:jury", slug=call.slug)
    item = selectors.entry_for_juror(seat, call, entry_id)
    if item is None:
        raise Http404
    score_form = ScoreForm(call=call, item=item)
    conflict_form = ConflictForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "conflict":
            conflict_form = ConflictForm(request.POST)
            if conflict_form.is_valid():
                try:
                    services.declare_conflict(user=request.user, call=call, entry_id=entry_id,
                                              reason=conflict_form.cleaned_data["reason"])
                except DomainError as error:
                    add_domain_errors(conflict_form, error)
                else:
                    messages.success(request, _("Conflict declared: you will not see or score this entry."))
                    return redirect("programmes:jury", slug=call.slug)
        else:
            score_form = ScoreForm(request.POST, call=call, item=item)
            if score_form.is_valid():
                try:
                    services.score(user=request.user, call=call, entry_id=entry_id, **score_form.service_arguments())
                except NotFound:
                    raise Http404 from None
                except DomainError as error:
                    add_domain_errors(score_form, error)
                else:
                    messages.success(request, _("Score saved."))
                    following = selectors.next_entry_for_juror(seat, call, after=entry_id)
                    if following is not None:
                        return redirect("programmes:jury_entry", slug=call.slug, entry_id=following)
                    return redirect("programmes:jury", slug=call.slug)
        status = 422
    return render(request, "programmes/jury/entry.html", {
        "call": call, "seat": seat, "item": item, "score_form": score_form, "conflict_form": conflict_form,
    }, status=status)


# The organiser's pages ----------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
def call_jurors(request: HttpRequest, slug: str) -> HttpResponse:
    call = _managed_call(request, slug)
    form = InviteJurorForm()
    status = 200
    if request.method == "POST":
        form = InviteJurorForm(request.POST)
        if form.is_valid():
            try:
                seat = services.invite_juror(organiser=request.user, call=call, email=form.cleaned_data["email"])
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("%(name)s is invited to the jury.") % {"name": seat.user})
                return redirect("programmes:call_jurors", slug=call.slug)
        status = 422
    return render(request, "programmes/jury/jurors.html", {
        "call": call, "form": form, "rows": selectors.jurors_of(call),
    }, status=status)


def _chosen(request: HttpRequest) -> list[int]:
    return [int(raw) for raw in request.POST.getlist("entry") if raw.isdigit() and len(raw) < 12]


def _results_action(request: HttpRequest, call: OpenCall) -> HttpResponse:
    action = request.POST.get("action", "")
    back = reverse("programmes:call_results", kwargs={"slug": call.slug})
    query = request.POST.get("back", "")
    if query.startswith("?"):
        back += query
    try:
        if action == "advance":
            top = _int(request.POST.get("top"), 0)
            chosen = _chosen(request)
            number = services.advance_round(organiser=request.user, call=call,
                                            entry_ids=chosen or None, top=None if chosen else top)
            messages.success(request, _("Round %(number)s is open.") % {"number": number})
            return redirect(f"{reverse('programmes:call_results', kwargs={'slug': call.slug})}?round={number}")
        if action in ("select", "not_select", "pending"):
            chosen = _chosen(request)
            if not chosen:
                messages.error(request, _("Tick the entries first."))
                return redirect(back)
            result = {"select": EntryResult.SELECTED, "not_select": EntryResult.NOT_SELECTED,
                      "pending": EntryResult.PENDING}[action]
            services.set_results(organiser=request.user, call=call, entry_ids=chosen, result=result)
            messages.success(request, _("Saved."))
        elif action == "feedback":
            changed: dict[int, str] = {}
            for key in request.POST:
                text, entry_key = request.POST.get(key, ""), key.removeprefix("feedback-")
                # Only what the organiser changed on this page ("was-<id>" carries what it showed).
                if key.startswith("feedback-") and entry_key.isdigit() and request.POST.get(f"was-{entry_key}") != text:
                    changed[int(entry_key)] = text
            services.write_feedback(organiser=request.user, call=call, feedback=changed)
            messages.success(request, _("Feedback saved."))
        elif action == "publish":
            selected = services.publish_results(organiser=request.user, call=call)
            messages.success(request, _("Results published: %(n)s selected; every entrant is told.") % {"n": selected})
        elif action == "exhibition":
            exhibition = services.exhibition_from_selection(organiser=request.user, call=call)
            messages.success(request, _("A draft exhibition of the selection is ready: finish it here."))
            return redirect("programmes:exhibition_edit", slug=exhibition.slug)
        else:
            return HttpResponse(_("Choose an action."), status=400, content_type="text/plain")
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        _refused(request, error)
        return _results_page(request, call, status=error.status)
    return redirect(back)


def _results_page(request: HttpRequest, call: OpenCall, status: int = 200) -> HttpResponse:
    source: Any = request.GET
    number = _int(source.get("round"), call.current_round)
    number = min(max(1, number), call.current_round)
    result = selectors.ranking(call, round_number=number, page=_int(source.get("page")))
    judging = call.status == CallStatus.PUBLISHED and timezone.now() >= call.deadline
    return render(request, "programmes/jury/results.html", {
        "call": call, "ranking": result, "rounds": range(1, call.current_round + 1),
        "judging": judging, "current": number == call.current_round,
        "scale": dict(scale_choices(call)), "submitted": EntryStatus.SUBMITTED,
        "query": request.GET.urlencode(),
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def call_results(request: HttpRequest, slug: str) -> HttpResponse:
    call = _managed_call(request, slug)
    if request.method == "POST":
        return _results_action(request, call)
    return _results_page(request, call)


urlpatterns: list[URLPattern] = [
    path("jury/", jury_home, name="jury_home"),
    path("calls/<str:slug>/jury/", jury, name="jury"),
    path("calls/<str:slug>/jury/entries/<int:entry_id>/", jury_entry, name="jury_entry"),
    path("studio/calls/<str:slug>/jurors/", call_jurors, name="call_jurors"),
    path("studio/calls/<str:slug>/results/", call_results, name="call_results"),
]
