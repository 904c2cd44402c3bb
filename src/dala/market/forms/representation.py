"""The artist's forms: grant a gallery representation, choose the works it holds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import GalleryProfile
from dala.catalog.models import Artwork


class WorkChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.year})" if obj.year else str(obj.title)


class HeldWorksForm(forms.Form):
    artworks = WorkChoiceField(label=_("Works the gallery holds"), queryset=Artwork.objects.none(), required=False,
                               widget=forms.CheckboxSelectMultiple,
                               help_text=_("The gallery may answer offers and questions on these works for you."))

    def __init__(self, *args: Any, works: QuerySet[Artwork], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "representation-%s")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["artworks"]
        field.queryset = works

    def artwork_ids(self) -> list[int]:
        return [work.pk for work in self.cleaned_data.get("artworks") or []]


class GrantForm(HeldWorksForm):
    gallery = forms.ModelChoiceField(label=_("Gallery"), queryset=GalleryProfile.objects.none(),
                                     empty_label=_("Choose a gallery"))
    commission = forms.DecimalField(label=_("Gallery's share, percent of the price"), min_value=Decimal(0),
                                    max_value=Decimal(100), max_digits=5, decimal_places=2)

    field_order = ["gallery", "commission", "artworks"]

    def __init__(self, *args: Any, galleries: QuerySet[GalleryProfile], max_percent: Decimal,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gallery: Any = self.fields["gallery"]
        gallery.queryset = galleries
        commission: Any = self.fields["commission"]
        # The service enforces the limit; the input's own max only spares a round trip.
        commission.widget.attrs["max"] = f"{max_percent:g}"
        commission.help_text = _("Up to %(max)s percent, with up to two decimals (e.g. 25 or 12.5).") % {
            "max": f"{max_percent:g}"}

    def commission_bp(self) -> int:
        # Two decimals of a percent are whole basis points: 12.34 % is 1234 bp, exactly.
        return int(self.cleaned_data["commission"] * 100)
