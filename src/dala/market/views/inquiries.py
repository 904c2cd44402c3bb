"""Inquiry pages: ask about a work, my conversations, one conversation with its reply form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dala.core import ratelimit
from dala.core.errors import DomainError, NotFound
from dala.core.forms import add_domain_errors

from ..forms.inquiries import MessageForm
from ..selectors.inquiries import Thread, inquiries_of, thread_for
from ..selectors.offers import artwork_on_the_market
from ..services.inquiries import ask_about, inquiry_url, reply_to_inquiry

PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ask(request: HttpRequest, artwork_id: int) -> HttpResponse:
    """Start (or continue) the conversation about a work."""
    try:
        artwork = artwork_on_the_market(artwork_id)
    except NotFound as error:
        raise Http404(str(error.message)) from None
    form = MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                ratelimit.hit_for("message", request)
                inquiry = ask_about(buyer=request.user, artwork_id=artwork.pk, body=form.cleaned_data["body"])
            except DomainError as error:
                add_domain_errors(form, error)
                status = error.status
            else:
                messages.success(request, _("Your message is sent."))
                return redirect(inquiry_url(inquiry))
    return render(request, "market/inquiries/ask.html", {"artwork": artwork, "form": form}, status=status)


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """My conversations, as a buyer and on the seller's side, latest message first."""
    page = Paginator(inquiries_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "market/inquiries/index.html", {"page": page, "inquiries": list(page.object_list)})


def _thread_or_404(request: HttpRequest, pk: int) -> Thread:
    try:
        return thread_for(request.user, pk)
    except NotFound as error:
        raise Http404(str(error.message)) from None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    """One conversation (404 for anyone but its two sides); POST adds a reply."""
    conversation = _thread_or_404(request, pk)
    form = MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                ratelimit.hit_for("message", request)
                reply_to_inquiry(inquiry_id=conversation.inquiry.pk, user=request.user,
                                 body=form.cleaned_data["body"])
            except DomainError as error:
                add_domain_errors(form, error)
                status = error.status
            else:
                return redirect(inquiry_url(conversation.inquiry) + "#latest")
    return render(request, "market/inquiries/thread.html", {"thread": conversation, "form": form}, status=status)
