"""Pages of open calls: the public list and a call's page, my entry (start, edit, submit, withdraw, ask
for a fee waiver), and the organiser's studio (my calls, new, edit, manage entries and fees, publish).
Plain forms: POST, then redirect; a refused form is shown again with the error next to the field."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dala.accounts.models import CareerStage
from dala.core.errors import DomainError, NotFound
from dala.core.forms import add_domain_errors, domain_errors

from ..forms.calls import CALL_ERROR_FIELDS, CallForm, EntryForm, FeePaidForm, WaiverForm
from ..models import EntryStatus, FeeStatus, OpenCall, PrizeKind
from ..permissions import artist_of, can_organise, manages
from ..selectors import calls as selectors
from ..services import calls as services


def _call_or_404(slug: str, user: Any) -> OpenCall:
    try:
        return selectors.visible_call(slug, user)
    except NotFound:
        raise Http404 from None


def _managed_or_404(slug: str, user: Any) -> OpenCall:
    try:
        return selectors.managed_call(slug, user)
    except NotFound:
        raise Http404 from None


def _call_facts(call: OpenCall) -> dict[str, Any]:
    stages = dict(CareerStage.choices)
    return {
        "deadline_local": selectors.deadline_local(call),
        "deadline_almaty": selectors.deadline_almaty(call),
        "days_left": selectors.days_left(call),
        "countries": [selectors.COUNTRY_NAMES.get(code, code) for code in call.eligible_countries],
        "stages": [stages.get(stage, stage) for stage in call.eligible_stages],
        "media": list(call.eligible_media.all()),
    }


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    country = request.GET.get("country", "")
    prize_kind = request.GET.get("prize", "")
    if prize_kind not in PrizeKind.values:
        prize_kind = ""
    sections = selectors.call_sections(country=country, prize_kind=prize_kind)
    return render(request, "programmes/calls/list.html", {
        "sections": sections, "country": country.upper()[:2], "prize_kind": prize_kind,
        "countries": list(selectors.COUNTRY_NAMES.items()), "prize_kinds": PrizeKind.choices,
    })


@require_GET
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call_or_404(slug, request.user)
    artist = artist_of(request.user)
    entry = selectors.entry_of(call, artist)
    reasons = selectors.eligibility_of(call, artist) if artist is not None and call.is_open and (
        entry is None or entry.status == EntryStatus.WITHDRAWN) else []
    return render(request, "programmes/calls/detail.html", {
        "call": call, **_call_facts(call), "artist": artist, "entry": entry, "reasons": reasons,
        "is_manager": manages(request.user, call), "selected": selectors.selected_entries(call),
    })


def _entry_page(request: HttpRequest, call: OpenCall, *, form: EntryForm | None = None,
                waiver_form: WaiverForm | None = None, errors: list[str] | None = None,
                status: int = 200) -> HttpResponse:
    artist = artist_of(request.user)
    assert artist is not None
    entry = selectors.entry_of(call, artist)
    inventory = selectors.inventory_for_entry(artist)
    if form is None:
        initial = ({"works": [work.artwork_id for work in entry.works.all()], "statement": entry.statement}
                   if entry else {})
        form = EntryForm(initial=initial, inventory=inventory)
    chosen = {int(value) for value in (form["works"].value() or []) if str(value).isdigit()}
    reasons = selectors.eligibility_of(call, artist) if entry is None or entry.status == EntryStatus.WITHDRAWN else []
    results = call.results_are_public and entry is not None and entry.status == EntryStatus.SUBMITTED
    return render(request, "programmes/calls/entry.html", {
        "call": call, **_call_facts(call), "entry": entry, "form": form, "inventory": inventory, "chosen": chosen,
        "waiver_form": waiver_form or WaiverForm(), "reasons": reasons, "errors": errors or [],
        "results": results, "jury_feedback": selectors.jury_feedback(entry) if results and entry else [],
        "can_ask_waiver": bool(entry and call.fee_amount and call.fee_waivers
                               and entry.fee_status == FeeStatus.UNPAID and call.is_open),
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def entry(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call_or_404(slug, request.user)
    if artist_of(request.user) is None:
        return render(request, "programmes/calls/not_artist.html", {"call": call}, status=403)
    if request.method == "GET":
        return _entry_page(request, call)
    action = request.POST.get("action", "")
    try:
        if action == "start":
            services.start_entry(user=request.user, call_id=call.pk)
            messages.success(request, _("Your entry is started: choose works and write your statement."))
        elif action in ("save", "submit"):
            artist = artist_of(request.user)
            assert artist is not None
            form = EntryForm(request.POST, inventory=selectors.inventory_for_entry(artist))
            if not form.is_valid():
                return _entry_page(request, call, form=form, status=400)
            try:
                with transaction.atomic():  # submit refused: the entry stays as it was
                    services.save_entry(user=request.user, call_id=call.pk,
                                        statement=form.cleaned_data["statement"],
                                        artwork_ids=form.cleaned_data["works"])
                    if action == "submit":
                        services.submit_entry(user=request.user, call_id=call.pk)
            except DomainError as error:
                add_domain_errors(form, error)
                return _entry_page(request, call, form=form, status=error.status)
            messages.success(request, _("Your entry is submitted.") if action == "submit"
                             else _("Your entry is saved."))
        elif action == "withdraw":
            services.withdraw_entry(user=request.user, call_id=call.pk)
            messages.success(request, _("Your entry is withdrawn. You may enter again before the deadline."))
        elif action == "waiver":
            waiver_form = WaiverForm(request.POST)
            if not waiver_form.is_valid():
                return _entry_page(request, call, waiver_form=waiver_form, status=400)
            try:
                services.request_waiver(user=request.user, call_id=call.pk,
                                        reason=waiver_form.cleaned_data["waiver_reason"])
            except DomainError as error:
                add_domain_errors(waiver_form, error)
                return _entry_page(request, call, waiver_form=waiver_form, status=error.status)
            messages.success(request, _("Your waiver request is sent to the organiser. You may submit your entry "
                                        "now; it counts once the organiser agrees or you pay."))
        else:
            return _entry_page(request, call, errors=[_("Choose what to do.")], status=400)
    except DomainError as error:
        return _entry_page(request, call, errors=[str(problem.message) for problem in domain_errors(error)],
                           status=error.status)
    return redirect("programmes:entry", slug=call.slug)


# --- the organiser's studio ---------------------------------------------------------------------------

def _organiser_only(request: HttpRequest) -> HttpResponse | None:
    if not can_organise(request.user):
        return render(request, "programmes/calls/not_organiser.html", status=403)
    return None


@require_GET
@login_required
def studio_calls(request: HttpRequest) -> HttpResponse:
    refused = _organiser_only(request)
    if refused:
        return refused
    return render(request, "programmes/calls/studio.html", {"calls": selectors.organiser_calls(request.user)})


@require_http_methods(["GET", "POST"])
@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    refused = _organiser_only(request)
    if refused:
        return refused
    form = CallForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                call = services.create_call(user=request.user, **form.service_data())
            except DomainError as error:
                add_domain_errors(form, error, CALL_ERROR_FIELDS)
                return render(request, "programmes/calls/form.html", {"form": form, "call": None}, status=error.status)
            messages.success(request, _("The call is saved as a draft. Publish it when it is ready."))
            return redirect("programmes:call_manage", slug=call.slug)
        return render(request, "programmes/calls/form.html", {"form": form, "call": None}, status=400)
    return render(request, "programmes/calls/form.html", {"form": form, "call": None})


@require_http_methods(["GET", "POST"])
@login_required
def call_edit(request: HttpRequest, slug: str) -> HttpResponse:
    call = _managed_or_404(slug, request.user)
    form = CallForm(request.POST or None, user=request.user, call=call)
    if request.method == "POST":
        if form.is_valid():
            data = form.service_data()
            if "deadline" not in form.changed_data and "deadline_timezone" not in form.changed_data:
                # An unchanged deadline of a call whose deadline has passed must not be refused as "in the past".
                data.pop("deadline")
                data.pop("deadline_timezone")
            try:
                services.update_call(user=request.user, call_id=call.pk, **data)
            except DomainError as error:
                add_domain_errors(form, error, CALL_ERROR_FIELDS)
                return render(request, "programmes/calls/form.html", {"form": form, "call": call}, status=error.status)
            messages.success(request, _("The call is saved."))
            return redirect("programmes:call_manage", slug=call.slug)
        return render(request, "programmes/calls/form.html", {"form": form, "call": call}, status=400)
    return render(request, "programmes/calls/form.html", {"form": form, "call": call})


def _manage_page(request: HttpRequest, call: OpenCall, *, errors: list[str] | None = None,
                 status: int = 200) -> HttpResponse:
    return render(request, "programmes/calls/manage.html", {
        "call": call, **_call_facts(call), "entries": selectors.call_entries(call),
        "counts": selectors.entry_counts(call), "errors": errors or [], "fee_form": FeePaidForm(),
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def call_manage(request: HttpRequest, slug: str) -> HttpResponse:
    call = _managed_or_404(slug, request.user)
    if request.method == "GET":
        return _manage_page(request, call)
    action = request.POST.get("action", "")
    raw_entry = request.POST.get("entry", "")
    entry_id = int(raw_entry) if raw_entry.isdigit() else 0
    # An entry of another call is refused as if it did not exist.
    if action in ("paid", "waive", "refuse") and not call.entries.filter(pk=entry_id).exists():
        return _manage_page(request, call, errors=[_("There is no such entry.")], status=404)
    try:
        if action == "publish":
            services.publish_call(user=request.user, call_id=call.pk)
            messages.success(request, _("The call is published and open for entries."))
        elif action == "paid":
            services.record_fee_paid(user=request.user, entry_id=entry_id,
                                     reference=request.POST.get("reference", ""))
            messages.success(request, _("The payment is recorded."))
        elif action == "waive":
            services.grant_waiver(user=request.user, entry_id=entry_id)
            messages.success(request, _("The fee is waived."))
        elif action == "refuse":
            services.refuse_waiver(user=request.user, entry_id=entry_id)
            messages.success(request, _("The waiver is refused; the entry must pay before the deadline."))
        else:
            return _manage_page(request, call, errors=[_("Choose what to do.")], status=400)
    except DomainError as error:
        return _manage_page(request, call, errors=[str(problem.message) for problem in domain_errors(error)],
                            status=error.status)
    return redirect("programmes:call_manage", slug=call.slug)


urlpatterns: list[URLPattern] = [
    path("calls/", call_list, name="calls"),
    path("calls/<str:slug>/", call_detail, name="call"),
    path("calls/<str:slug>/entry/", entry, name="entry"),
    path("studio/calls/", studio_calls, name="studio_calls"),
    path("studio/calls/new/", call_new, name="call_new"),
    path("studio/calls/<str:slug>/edit/", call_edit, name="call_edit"),
    path("studio/calls/<str:slug>/", call_manage, name="call_manage"),
]
