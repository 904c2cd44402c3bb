"""The studio's collaboration pages: a work's collaborators (the lead sets roles and shares) and the
artist's invitations to collaborate (accept or decline).

Thin views over ``catalog.collaboration``: plain forms, POST answered by a redirect, the service's
errors shown next to the row and field they name (with a 4xx status when the page is shown again).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dala.accounts.models import ArtistProfile
from dala.core.errors import DomainError
from dala.core.forms import domain_errors

from .. import collaboration
from ..models import ArtworkCredit, CreditRole
from .studio import _own_artwork, studio_view

#: Empty rows offered under the current collaborators, for adding new ones without JavaScript.
EXTRA_ROWS = 2


class ShareField(forms.CharField):
    """A percentage with at most two decimals, cleaned to exact basis points."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return collaboration.percent_to_bp(text)
        except ValueError:
            raise ValidationError(_("Give a percentage with at most two decimals, e.g. 33.33."),
                                  code="invalid") from None


class LeadForm(forms.Form):
    share = ShareField(label=gettext_lazy("Your share (%)"),
                       widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 7, "maxlength": 12}))


class CreditRowForm(forms.Form):
    artist = forms.CharField(label=gettext_lazy("Artist (the address name of their page)"), max_length=100,
                             required=False, widget=forms.TextInput(attrs={"size": 18}))
    role = forms.ChoiceField(label=gettext_lazy("Role"), required=False,
                             choices=[(value, label) for value, label in CreditRole.choices
                                      if value != CreditRole.LEAD])
    role_note = forms.CharField(label=gettext_lazy("What they did"), max_length=200, required=False)
    share = ShareField(label=gettext_lazy("Share (%)"), required=False,
                       widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 7, "maxlength": 12}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("artist") and data.get("share") is None and "share" not in self.errors:
            self.add_error("share", _("Give this artist's share."))
        if not data.get("artist") and data.get("share") is not None:
            self.add_error("artist", _("Name the artist this share is for."))
        return data


CreditRowFormSet = formset_factory(CreditRowForm, extra=EXTRA_ROWS)


def _forms_for(artwork: Any, data: Any = None) -> tuple[LeadForm, Any]:
    credits = collaboration.credits_of(artwork)
    lead = next((c for c in credits if c.artist_id == artwork.artist_id), None)
    initial_rows = [{"artist": c.artist.slug, "role": c.role, "role_note": c.role_note,
                     "share": collaboration.percent(c.share_bp).replace("\u00a0", "")}
                    for c in credits if c.artist_id != artwork.artist_id]
    lead_form = LeadForm(data, prefix="lead",
                         initial={"share": collaboration.percent(lead.share_bp) if lead else "100"})
    rows = CreditRowFormSet(data, prefix="credit", initial=initial_rows)
    return lead_form, rows


def _credits_page(request: HttpRequest, artist: ArtistProfile, artwork: Any, lead_form: LeadForm, rows: Any,
                  *, status: int = 200) -> HttpResponse:
    return render(request, "catalog/studio/credits.html", {
        "artist": artist, "artwork": artwork, "lead_form": lead_form, "rows": rows,
        "credits": collaboration.credits_of(artwork),
    }, status=status)


def _place_errors(error: DomainError, lead_form: LeadForm, row_forms: list[forms.Form | None],
                  rows: Any) -> None:
    """Put each of the service's errors (``credits.<i>.<field>``) on the row and field it names."""
    names = {"share_bp": "share", "artist": "artist", "role": "role", "role_note": "role_note"}
    for problem in domain_errors(error):
        parts = (problem.field or "").split(".")
        if len(parts) == 3 and parts[0] == "credits" and parts[1].isdigit() and int(parts[1]) < len(row_forms):
            form = row_forms[int(parts[1])] or lead_form
            name = names.get(parts[2], None)
            if name not in form.fields:
                name = None
            form.add_error(name, ValidationError(str(problem.message), code=problem.code))
        else:
            rows._non_form_errors = rows.non_form_errors() + [str(problem.message)]


@studio_view
def credits(request: HttpRequest, artist: ArtistProfile, pk: int) -> HttpResponse:
    """The work's collaborators: the lead's share, and a row per collaborator with role and share."""
    artwork = _own_artwork(artist, pk)
    if request.method != "POST":
        lead_form, rows = _forms_for(artwork)
        return _credits_page(request, artist, artwork, lead_form, rows)
    lead_form, rows = _forms_for(artwork, request.POST)
    if not (lead_form.is_valid() and rows.is_valid()):
        return _credits_page(request, artist, artwork, lead_form, rows, status=422)
    entries: list[dict[str, Any]] = []
    row_forms: list[forms.Form | None] = []
    named = [form for form in rows.forms if form.cleaned_data.get("artist")]
    if named:
        # The lead's row first (its errors go on the lead's share), then each named collaborator.
        entries.append({"artist": artist.pk, "share_bp": lead_form.cleaned_data["share"]})
        row_forms.append(None)
        for form in named:
            entries.append({"artist": form.cleaned_data["artist"], "role": form.cleaned_data["role"] or None,
                            "role_note": form.cleaned_data["role_note"], "share_bp": form.cleaned_data["share"]})
            row_forms.append(form)
    try:
        collaboration.set_credits(user=request.user, artwork=artwork, credits=entries)
    except DomainError as error:
        _place_errors(error, lead_form, row_forms, rows)
        return _credits_page(request, artist, artwork, lead_form, rows, status=error.status)
    if entries:
        messages.success(request, _("The credits are saved. The work is public once every collaborator accepts."))
    else:
        messages.success(request, _("The work is no longer a collaboration."))
    return redirect("catalog:studio_credits", pk=artwork.pk)


@studio_view
def invitations(request: HttpRequest, artist: ArtistProfile) -> HttpResponse:
    """My invitations to collaborate on other artists' works, open ones first."""
    credits = list(collaboration.invitations_for(artist))
    return render(request, "catalog/studio/collaborations.html", {
        "artist": artist,
        "open": [c for c in credits if c.status == "invited"],
        "answered": [c for c in credits if c.status != "invited"],
    })


def _answer(request: HttpRequest, credit_id: int, *, accept: bool) -> HttpResponse:
    try:
        credit: ArtworkCredit = (collaboration.accept_credit if accept else collaboration.decline_credit)(
            user=request.user, credit_id=credit_id)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("catalog:studio_collaborations")
    if accept:
        messages.success(request, _("You are credited on “%(title)s”.") % {"title": credit.artwork.title})
    else:
        messages.success(request, _("You declined the credit on “%(title)s”.") % {"title": credit.artwork.title})
    return redirect("catalog:studio_collaborations")


@require_POST
@studio_view
def accept(request: HttpRequest, artist: ArtistProfile, credit_id: int) -> HttpResponse:
    return _answer(request, credit_id, accept=True)


@require_POST
@studio_view
def decline(request: HttpRequest, artist: ArtistProfile, credit_id: int) -> HttpResponse:
    return _answer(request, credit_id, accept=False)
