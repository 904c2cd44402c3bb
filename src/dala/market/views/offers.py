"""Offer pages: make an offer on a work, my offers (made and incoming), one negotiation and its answers.

Views only parse, call a selector or a service, and render; a refusal from a service is shown next to
the field at fault (or above the forms) with the error's 4xx status, never as a 500."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dala.core import ratelimit
from dala.core.errors import DomainError, NotFound
from dala.core.forms import add_domain_errors

from ..forms.offers import CounterForm, DeclineForm, OfferForm
from ..models import Offer, Side
from ..selectors.offers import (
    Negotiation,
    artwork_on_the_market,
    negotiation_for,
    offers_made_by,
    offers_to_answer_for,
)
from ..services.offers import accept_offer, counter_offer, decline_offer, make_offer, offer_url, withdraw_offer

PAGE_SIZE = 25
TABS = ("made", "incoming")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def make(request: HttpRequest, artwork_id: int) -> HttpResponse:
    """The offer form (also reached when the artwork page's form needs correcting) and its submission."""
    try:
        artwork = artwork_on_the_market(artwork_id)
    except NotFound as error:
        raise Http404(str(error.message)) from None
    form = OfferForm(request.POST if request.method == "POST" else None, artwork=artwork)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and form.money is not None:
            try:
                ratelimit.hit_for("offer", request)
                offer = make_offer(buyer=request.user, artwork_id=artwork.pk, **form.service_kwargs())
            except DomainError as error:
                add_domain_errors(form, error)
                status = error.status
            else:
                messages.success(request, _("Your offer is sent. You will hear when the seller answers."))
                return redirect(offer_url(offer))
    return render(request, "market/offers/make.html", {"artwork": artwork, "form": form}, status=status)


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """My offers: negotiations I started as a buyer, or those waiting on my side as a seller."""
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "made"
    offers = offers_to_answer_for(request.user) if tab == "incoming" else offers_made_by(request.user)
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"tab": tab, "side": Side.SELLER if tab == "incoming" else Side.BUYER, "page": page,
               "offers": list(page.object_list)}
    return render(request, "market/offers/index.html", context)


def _negotiation_or_404(user: Any, offer_id: int) -> Negotiation:
    try:
        return negotiation_for(user, offer_id)
    except NotFound as error:
        raise Http404(str(error.message)) from None


def _render_chain(request: HttpRequest, negotiation: Negotiation, *, status: int = 200,
                  decline_form: DeclineForm | None = None, counter_form: CounterForm | None = None,
                  answer_error: str | None = None) -> HttpResponse:
    latest = negotiation.latest
    context = {
        "negotiation": negotiation,
        "artwork": negotiation.artwork,
        "latest": latest,
        "decline_form": decline_form or DeclineForm(),
        "counter_form": counter_form or CounterForm(currency=latest.currency),
        "answer_error": answer_error,
    }
    return render(request, "market/offers/chain.html", context, status=status)


@login_required
@require_safe
def chain(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole negotiation, visible only to its buyer and the seller's side (404 for anyone else)."""
    return _render_chain(request, _negotiation_or_404(request.user, pk))


def _answered_offer(request: HttpRequest, negotiation: Negotiation) -> Offer:
    """The offer the submitted form answers: named in the form, so that answering a page that has gone
    stale (the other side countered meanwhile) is refused instead of silently answering the newer offer."""
    raw = request.POST.get("offer", "")
    if not raw:
        return negotiation.latest
    for offer in negotiation.offers:
        if str(offer.pk) == raw.strip():
            return offer
    raise Http404(_("No such offer."))


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, decline, counter or withdraw (the ``action`` field), then back to the chain or to the order."""
    negotiation = _negotiation_or_404(request.user, pk)
    offer = _answered_offer(request, negotiation)
    action = request.POST.get("action", "")
    user = request.user
    decline_form: DeclineForm | None = None
    counter_form: CounterForm | None = None
    try:
        if action == "accept":
            order = accept_offer(offer_id=offer.pk, user=user)
            if order.buyer_id == user.pk:
                messages.success(request, _("You accepted the offer. The work is held for you until you pay."))
            else:
                messages.success(request, _("You accepted the offer. The work is held for the buyer until the "
                                            "order is paid."))
            return redirect(reverse("market:order", kwargs={"number": order.number}))
        if action == "decline":
            decline_form = DeclineForm(request.POST)
            if not decline_form.is_valid():
                return _render_chain(request, negotiation, status=400, decline_form=decline_form)
            decline_offer(offer_id=offer.pk, user=user, reason=decline_form.cleaned_data["reason"],
                          note=decline_form.cleaned_data["note"])
            messages.success(request, _("You declined the offer."))
        elif action == "counter":
            counter_form = CounterForm(request.POST, currency=offer.currency)
            if not counter_form.is_valid() or counter_form.money is None:
                return _render_chain(request, negotiation, status=400, counter_form=counter_form)
            ratelimit.hit_for("offer", request)
            counter_offer(offer_id=offer.pk, user=user, amount=counter_form.money.amount,
                          currency=counter_form.money.currency, note=counter_form.cleaned_data["note"],
                          expires_in_hours=counter_form.cleaned_data["expires_in_hours"])
            messages.success(request, _("Your counter-offer is sent."))
        elif action == "withdraw":
            withdraw_offer(offer_id=offer.pk, user=user)
            messages.success(request, _("You withdrew your offer."))
        else:
            return _render_chain(request, negotiation, status=400,
                                 answer_error=_("Choose whether to accept, decline, counter or withdraw."))
    except DomainError as error:
        form = decline_form if action == "decline" else counter_form if action == "counter" else None
        if form is not None:
            add_domain_errors(form, error)
            return _render_chain(request, negotiation, status=error.status, decline_form=decline_form,
                                 counter_form=counter_form)
        return _render_chain(request, negotiation, status=error.status, answer_error=str(error.message))
    return redirect(reverse("market:offer", kwargs={"pk": negotiation.root.pk}))
