"""Web forms for writing reviews, publishing them and replying. Rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import ArtistProfile
from dala.programmes.models import Exhibition

from .models import ReviewLanguage


class ReviewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language of the review"), choices=ReviewLanguage.choices)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Markdown: # heading, *emphasis*, **strong**, [link](https://…), > quote, - list. "
                    "HTML is shown as text."))
    conflict_of_interest = forms.CharField(
        label=_("Conflict of interest"), max_length=1000,
        help_text=_("Any tie to the artist or the works (gift, payment, friendship, commission); "
                    "“None” if there is none."))
    artworks = forms.CharField(
        label=_("Artwork numbers"), required=False,
        help_text=_("The numbers of the works the review discusses, separated by commas (the number is in the "
                    "work's address on the API, or filled in when you start from the work's page)."))
    artist = forms.CharField(label=_("Artist's address name"), required=False, max_length=100,
                             help_text=_("The last part of the artist's page address, e.g. “aisha-galimbaeva”."))
    exhibition = forms.CharField(label=_("Exhibition's address name"), required=False, max_length=120,
                                 help_text=_("The last part of the exhibition's page address, e.g. "
                                             "“steppe-light” (filled in when you start from its page)."))
    note = forms.CharField(label=_("What was corrected"), required=False, max_length=500,
                           help_text=_("Required when you change a published review: readers see it with the history."))

    def clean_artworks(self) -> list[int]:
        raw = self.cleaned_data.get("artworks") or ""
        ids: list[int] = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip().lstrip("#")
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(_("Write the works' numbers, separated by commas."))
            ids.append(int(part))
        return ids

    def clean_artist(self) -> int | None:
        slug = (self.cleaned_data.get("artist") or "").strip().strip("/").rsplit("/", 1)[-1]
        if not slug:
            return None
        artist_id = ArtistProfile.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if artist_id is None:
            raise forms.ValidationError(_("There is no artist with this address."))
        return artist_id


    def clean_exhibition(self) -> int | None:
        slug = (self.cleaned_data.get("exhibition") or "").strip().strip("/").split("?", 1)[0].rsplit("/", 1)[-1]
        if not slug:
            return None
        exhibition_id = Exhibition.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if exhibition_id is None:
            raise forms.ValidationError(_("There is no exhibition with this address."))
        return exhibition_id


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Embargo until (optional)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Almaty time. Published now but visible to the public only from then."))


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Markdown, as in reviews. You can reply once; "
                                       "you can correct your reply later."))
