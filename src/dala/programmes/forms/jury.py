"""Forms of the jury pages: invite a juror, score an entry (or each of its works), declare a conflict."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import SCALE_RANGES, OpenCall, ScoringScale, ScoringUnit
from ..selectors.jury import EntryToJudge


def scale_choices(call: OpenCall) -> list[tuple[int, str]]:
    """The radio buttons of the call's scale, best first (yes / maybe / no is stored as 2 / 1 / 0)."""
    if call.scale == ScoringScale.YES_MAYBE_NO:
        return [(2, str(_("Yes"))), (1, str(_("Maybe"))), (0, str(_("No")))]
    low, high = SCALE_RANGES[call.scale]
    return [(number, str(number)) for number in range(high, low - 1, -1)]


def scale_label(call: OpenCall, value: int | None) -> str:
    if value is None:
        return ""
    return dict(scale_choices(call)).get(value, str(value))


class InviteJurorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the juror"), max_length=254,
                             help_text=_("They must have an account on Dala."))


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Why (seen by the organiser only)"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ScoreForm(forms.Form):
    """The score of an entry, or one field per work (``work_<artwork id>``) when the call scores works."""

    note = forms.CharField(label=_("Note to the organiser"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    feedback = forms.CharField(label=_("Feedback for the artist"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("The artist reads it, without your name, once the results are "
                                           "published."))

    def __init__(self, *args: Any, call: OpenCall, item: EntryToJudge, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        choices = scale_choices(call)
        scored: dict[str, forms.Field] = {}
        if call.scored_by == ScoringUnit.WORK:
            for work in item.works:
                name = f"work_{work.artwork_id}"
                scored[name] = forms.TypedChoiceField(label=work.title, choices=choices, coerce=int, required=False,
                                                      widget=forms.RadioSelect)
                self.initial.setdefault(name, work.my_value)
        else:
            scored["value"] = forms.TypedChoiceField(label=_("Your score"), choices=choices, coerce=int,
                                                     widget=forms.RadioSelect)
            self.initial.setdefault("value", item.my_value)
        self.fields = {**scored, **self.fields}
        self.initial.setdefault("note", item.my_note)
        self.initial.setdefault("feedback", item.my_feedback)

    def score_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name == "value" or name.startswith("work_")]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments: dict[str, Any] = {"note": data.get("note", ""), "feedback": data.get("feedback", "")}
        if self.call.scored_by == ScoringUnit.WORK:
            arguments["work_values"] = {int(name.removeprefix("work_")): value for name, value in data.items()
                                        if name.startswith("work_") and value not in (None, "")}
        else:
            arguments["value"] = data.get("value")
        return arguments
