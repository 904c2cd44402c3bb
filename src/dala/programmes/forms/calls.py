"""Forms of open calls (the organiser's) and entries (the artist's). Rules live in services.calls; the
forms only turn inputs into values and show the services' refusals next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import CareerStage
from dala.accounts.places import COUNTRIES
from dala.catalog.models import Artwork, Medium
from dala.core.money import CURRENCY_CHOICES, Money
from dala.core.translation import TranslatedFormField

from ..models import Mentorship, OpenCall, PrizeKind, ScoringScale, ScoringUnit

# The zones offered on the form (any IANA name is accepted by the API).
COMMON_ZONES = ["Asia/Almaty", "Asia/Qostanay", "Asia/Aqtobe", "Asia/Aqtau", "Asia/Oral", "Asia/Atyrau",
                "Asia/Bishkek", "Asia/Tashkent", "Asia/Dushanbe", "Europe/Moscow", "Europe/Istanbul",
                "Europe/Berlin", "Europe/London", "Asia/Dubai", "Asia/Seoul", "Asia/Shanghai", "America/New_York",
                "UTC"]


class CallForm(forms.Form):
    title = TranslatedFormField(label=_("Title"), max_length=300)
    brief = TranslatedFormField(label=_("Brief"), multiline=True)
    deadline = forms.DateTimeField(label=_("Deadline (local date and time)"),
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                              format="%Y-%m-%dT%H:%M"),
                                   input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    deadline_timezone = forms.ChoiceField(label=_("Time zone of the deadline"),
                                          choices=[(zone, zone) for zone in COMMON_ZONES], initial="Asia/Almaty")
    eligible_countries = forms.MultipleChoiceField(label=_("Open to artists from (none: anywhere)"),
                                                   choices=COUNTRIES, required=False,
                                                   widget=forms.CheckboxSelectMultiple)
    eligible_stages = forms.MultipleChoiceField(label=_("Career stages (none: any)"), choices=CareerStage.choices,
                                                required=False, widget=forms.CheckboxSelectMultiple)
    min_age = forms.IntegerField(label=_("Minimum age at the deadline"), required=False, min_value=1, max_value=120)
    max_age = forms.IntegerField(label=_("Maximum age at the deadline"), required=False, min_value=1, max_value=120)
    eligible_media = forms.ModelMultipleChoiceField(label=_("Media (none: any)"), queryset=Medium.objects.all(),
                                                    required=False, widget=forms.CheckboxSelectMultiple)
    max_works = forms.IntegerField(label=_("Works per entry at most"), min_value=1, max_value=20, initial=3)
    fee = forms.DecimalField(label=_("Entry fee (0: free)"), min_value=0, decimal_places=2, initial=0)
    fee_currency = forms.ChoiceField(label=_("Fee currency"), choices=CURRENCY_CHOICES, initial="KZT")
    fee_waivers = forms.BooleanField(label=_("Artists may ask for a fee waiver"), required=False, initial=True)
    prize_kind = forms.ChoiceField(label=_("Prize"), choices=PrizeKind.choices)
    prize = TranslatedFormField(label=_("About the prize"), multiline=True, required=False)
    mentorship = forms.ModelChoiceField(label=_("Mentorship offered"), queryset=Mentorship.objects.none(),
                                        required=False)
    scale = forms.ChoiceField(label=_("Scoring scale"), choices=ScoringScale.choices, initial=ScoringScale.ONE_TO_TEN)
    scored_by = forms.ChoiceField(label=_("Jurors score"), choices=ScoringUnit.choices)
    blind = forms.BooleanField(label=_("Blind jurying (jurors do not see names)"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, call: OpenCall | None = None, **kwargs: Any) -> None:
        if call is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_of(call)
        super().__init__(*args, **kwargs)
        mentorships = Mentorship.objects.select_related("mentor")
        zone = self.fields["deadline_timezone"]
        if call is not None and call.deadline_timezone not in COMMON_ZONES:  # set through the API
            assert isinstance(zone, forms.ChoiceField)
            zone.choices = [(call.deadline_timezone, call.deadline_timezone), *((z, z) for z in COMMON_ZONES)]
        field = self.fields["mentorship"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = mentorships if user.is_staff else mentorships.filter(mentor__user=user)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        currency = data.pop("fee_currency")
        fee = data.pop("fee") or 0
        data["fee_amount"] = Money.from_major(fee, currency).amount
        data["fee_currency"] = currency
        data["eligible_media"] = [medium.pk for medium in data["eligible_media"]]
        data["mentorship"] = data["mentorship"].pk if data["mentorship"] else None
        return data


def initial_of(call: OpenCall) -> dict[str, Any]:
    from ..selectors.calls import deadline_local

    return {
        "title": call.title, "brief": call.brief, "prize": call.prize,
        "deadline": deadline_local(call).replace(tzinfo=None), "deadline_timezone": call.deadline_timezone,
        "eligible_countries": call.eligible_countries, "eligible_stages": call.eligible_stages,
        "min_age": call.min_age, "max_age": call.max_age,
        "eligible_media": list(call.eligible_media.all()), "max_works": call.max_works,
        "fee": Money(call.fee_amount, call.fee_currency).major, "fee_currency": call.fee_currency,
        "fee_waivers": call.fee_waivers, "prize_kind": call.prize_kind, "mentorship": call.mentorship_id,
        "scale": call.scale, "scored_by": call.scored_by, "blind": call.blind,
    }


# Service field → form field, where they differ.
CALL_ERROR_FIELDS: dict[str, str | None] = {"fee_amount": "fee", "price": "fee"}


class EntryForm(forms.Form):
    works = forms.TypedMultipleChoiceField(label=_("Works"), coerce=int, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    statement = forms.CharField(label=_("Statement"), required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, inventory: list[Artwork], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every id is a choice so that the service, not the form, says "not your work".
        self.fields["works"].choices = [(work.pk, str(work.title)) for work in inventory]  # type: ignore[attr-defined]
        self.fields["works"].validators = []
        self.fields["works"].valid_value = lambda value: True  # type: ignore[attr-defined]


class WaiverForm(forms.Form):
    waiver_reason = forms.CharField(label=_("Why you ask for a waiver"), max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 4}))


class FeePaidForm(forms.Form):
    reference = forms.CharField(label=_("Payment reference"), max_length=200, required=False)
