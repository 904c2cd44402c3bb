"""Forms of the mentorship pages: offer/edit a mentorship, apply, write in the shared log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dala.core.translation import TranslatedFormField

from ..models import LogKind, Mentorship
from ..services.mentorship import MAX_PLACES, MAX_WEEKS, MIN_PLACES, MIN_WEEKS, TEXT_MAX, THEME_MAX

LANGUAGE_CHOICES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]


class MentorshipForm(forms.Form):
    theme = TranslatedFormField(label=_("Theme"), max_length=THEME_MAX)
    description = TranslatedFormField(label=_("Description"), multiline=True, required=False)
    length_weeks = forms.IntegerField(label=_("Length (weeks)"), min_value=MIN_WEEKS, max_value=MAX_WEEKS)
    places = forms.IntegerField(label=_("Places"), min_value=MIN_PLACES, max_value=MAX_PLACES)
    languages = forms.MultipleChoiceField(label=_("Languages you mentor in"), choices=LANGUAGE_CHOICES,
                                          widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    apply_by = forms.DateField(label=_("Last day to apply"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Leave empty to take applications until you close the mentorship."))

    @staticmethod
    def initial_for(mentorship: Mentorship) -> dict[str, Any]:
        return {"theme": mentorship.theme, "description": mentorship.description,
                "length_weeks": mentorship.length_weeks, "places": mentorship.places,
                "languages": list(mentorship.languages), "starts_on": mentorship.starts_on,
                "apply_by": mentorship.apply_by}

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in
                ("theme", "description", "length_weeks", "places", "languages", "starts_on", "apply_by")}


class ApplyForm(forms.Form):
    statement = forms.CharField(label=_("Why this mentorship?"), max_length=TEXT_MAX,
                                widget=forms.Textarea(attrs={"rows": 6}),
                                help_text=_("What you work on, and what you hope to learn from this mentor."))


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LogKind.choices, widget=forms.RadioSelect)
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("Text"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
