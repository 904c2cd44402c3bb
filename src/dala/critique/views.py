"""Review pages: the critic's list and editor, the public review page, the critic's page, the artist's reply
and its corrections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dala.core.errors import DomainError, NotFound
from dala.core.forms import add_domain_errors
from dala.core.markup import render_markdown

from .forms import PublishForm, ReplyForm, ReviewForm
from .models import Reply, Review
from .permissions import critic_of, is_reply_author, is_review_author, may_reply
from .selectors import critic_by_slug, published_reviews, review_for_reader, reviews_by_critic
from .services import (
    create_review,
    publish_review,
    reply_edited_at,
    reply_to_review,
    review_url,
    update_reply,
    update_review,
)

PAGE_SIZE = 20


def _critic_or_403(request: HttpRequest) -> Any:
    critic = critic_of(request.user)
    if critic is None:
        raise DjangoPermissionDenied(_("Only critics write reviews."))
    return critic


def _review_or_404(request: HttpRequest, pk: int) -> Review:
    try:
        return review_for_reader(pk, request.user)
    except NotFound as error:
        raise Http404(str(error.message)) from None


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """My reviews, drafts and published, last changed first."""
    critic = _critic_or_403(request)
    page = Paginator(reviews_by_critic(critic), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "critique/mine.html", {"critic": critic, "page": page, "reviews": list(page.object_list)})


def _save(request: HttpRequest, form: ReviewForm, review: Review | None) -> Review | None:
    data = form.cleaned_data
    fields = {"title": data["title"], "body": data["body"], "language": data["language"],
              "conflict_of_interest": data["conflict_of_interest"], "artwork_ids": data["artworks"],
              "artist_id": data["artist"], "exhibition_id": data["exhibition"]}
    try:
        if review is None:
            return create_review(user=request.user, **fields)
        return update_review(user=request.user, review_id=review.pk, note=data["note"], **fields)
    except DomainError as error:
        add_domain_errors(form, error)
        return None


def _editor(request: HttpRequest, review: Review | None) -> HttpResponse:
    if request.method == "POST":
        form = ReviewForm(request.POST)
    elif review is not None:
        form = ReviewForm(initial={
            "title": review.title, "body": review.body, "language": review.language,
            "conflict_of_interest": review.conflict_of_interest,
            "artworks": ", ".join(str(a.pk) for a in review.artworks.all()),
            "artist": review.artist.slug if review.artist else "",
            "exhibition": review.exhibition.slug if review.exhibition else ""})
    else:
        form = ReviewForm(initial={"language": request.LANGUAGE_CODE, "artworks": request.GET.get("artwork", ""),
                                   "artist": request.GET.get("artist", ""),
                                   "exhibition": request.GET.get("exhibition", "")})
    preview = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if request.POST.get("action") == "preview":
                # Shown exactly as the public page will render it, without saving anything.
                preview = {"title": form.cleaned_data["title"], "body": render_markdown(form.cleaned_data["body"])}
                status = 200
            else:
                saved = _save(request, form, review)
                if saved is not None:
                    messages.success(request, _("The review is saved."))
                    return redirect("critique:edit", pk=saved.pk)
    context = {"form": form, "review": review, "preview": preview, "publish_form": PublishForm()}
    return render(request, "critique/editor.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Write a new review (a draft until published); ``?artwork=<id>``, ``?artist=<slug>`` or
    ``?exhibition=<slug>`` fill in the subject."""
    _critic_or_403(request)
    return _editor(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit my review; a change to a published one is kept as a visible correction."""
    review = _review_or_404(request, pk)
    if not is_review_author(request.user, review):
        raise Http404(_("There is no such review."))
    return _editor(request, review)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    if not is_review_author(request.user, review):
        raise Http404(_("There is no such review."))
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            published = publish_review(user=request.user, review_id=pk, publish_at=form.cleaned_data["publish_at"])
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            if published.is_embargoed:
                messages.success(request, _("The review is published; the public sees it from the embargo time."))
            else:
                messages.success(request, _("The review is published."))
            return redirect(review_url(published))
    context = {"form": ReviewForm(initial={
        "title": review.title, "body": review.body, "language": review.language,
        "conflict_of_interest": review.conflict_of_interest,
        "artworks": ", ".join(str(a.pk) for a in review.artworks.all()),
        "artist": review.artist.slug if review.artist else "",
        "exhibition": review.exhibition.slug if review.exhibition else ""}),
        "review": review, "preview": None, "publish_form": form}
    return render(request, "critique/editor.html", context, status=400)


def _review_page(request: HttpRequest, review: Review, reply_form: ReplyForm | None = None, status: int = 200,
                 edit_form: ReplyForm | None = None) -> HttpResponse:
    existing = _reply_of(review)
    can_reply = existing is None and may_reply(request.user, review)
    # The reply's author corrects it from the form under it, unless the moderators hid it.
    can_edit = (existing is not None and existing.hidden_at is None and review.hidden_at is None
                and is_reply_author(request.user, existing))
    context = {"review": review, "reply_form": (reply_form or ReplyForm()) if can_reply else None,
               "is_author": is_review_author(request.user, review),
               "reply_edited_at": reply_edited_at(existing) if existing is not None else None,
               "reply_edit_form": (edit_form or ReplyForm(initial={"body": existing.body}))
               if can_edit and existing is not None else None,
               "reply_edit_open": edit_form is not None}
    return render(request, "critique/review.html", context, status=status)


def _reply_of(review: Review) -> Reply | None:
    """The review's reply, or None (the reverse one-to-one raises when there is none)."""
    try:
        return review.reply
    except Review.reply.RelatedObjectDoesNotExist:
        return None


@require_safe
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The public review: signed by its critic, with its corrections and the artist's reply."""
    return _review_page(request, _review_or_404(request, pk), None)


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewed artist's reply, posted from the form under the review."""
    review = _review_or_404(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply_to_review(user=request.user, review_id=pk, body=form.cleaned_data["body"])
        except DomainError as error:
            if error.status == 403:
                raise DjangoPermissionDenied(str(error.message)) from None
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your reply is published under the review."))
            return redirect(review_url(review) + "#reply")
    return _review_page(request, review, form, status=400)


@login_required
@require_POST
def reply_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The artist corrects their own reply from the form under it; anyone else gets 403, a hidden reply 409."""
    review = _review_or_404(request, pk)
    existing = _reply_of(review)
    if existing is None:
        raise Http404(_("There is no such reply."))
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            update_reply(user=request.user, reply_id=existing.pk, body=form.cleaned_data["body"])
        except DomainError as error:
            if error.status == 403:
                raise DjangoPermissionDenied(str(error.message)) from None
            if error.status == 409:
                # Hidden by the moderators meanwhile: the page shows their notice, and no form.
                messages.error(request, str(error.message))
                return _review_page(request, review, status=409)
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your reply is corrected."))
            return redirect(review_url(review) + "#reply")
    return _review_page(request, review, edit_form=form, status=400)


@require_safe
def critic(request: HttpRequest, slug: str) -> HttpResponse:
    """A critic's public page: who they are, their outlet, and their published reviews."""
    try:
        profile = critic_by_slug(slug)
    except NotFound as error:
        raise Http404(str(error.message)) from None
    page = Paginator(published_reviews(critic_id=profile.pk), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "critique/critic.html", {"critic": profile, "page": page,
                                                     "reviews": list(page.object_list)})
