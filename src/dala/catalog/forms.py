"""Forms of the studio. They parse what was typed; the catalogue's rules live in its services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import ArtistProfile
from dala.core.errors import DomainError
from dala.core.money import CURRENCY_CHOICES, Money
from dala.core.translation import TranslatedFormField

from .models import MAX_MM, Artwork, Availability, EditionType, Medium, Series, Subject

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/tiff,image/heic,image/heif,.heic,.heif"


def _size_field(label: _StrOrPromise) -> forms.IntegerField:
    # The bounds repeat the model's constraint so that every error shows on the first submit.
    message = _("Give a size in whole millimetres above 0.")
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=MAX_MM,
                              error_messages={"min_value": message, "max_value": message, "invalid": message},
                              widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}))


def _price_input() -> forms.TextInput:
    # Text, not number: people type "1 250 000,50", which Money.from_major reads exactly.
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def _minor_units(form: forms.Form, data: dict[str, Any], *, price: str = "price",
                 currency: str = "price_currency") -> int | None:
    """The typed major-unit price in minor units, or None; a bad amount becomes an error on ``price``."""
    raw = (data.get(price) or "").strip()
    code = data.get(currency)
    if not raw or not code:  # an unknown currency is already reported on its own field
        return None
    try:
        return Money.from_major(raw, code).amount
    except DomainError as error:
        form.add_error(price, forms.ValidationError(str(error.message), code=error.code))
        return None


class ArtworkForm(forms.Form):
    """One artwork of the studio. ``service_fields()`` gives what create/update_artwork take."""

    title = TranslatedFormField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year"), required=False,
                              widget=forms.NumberInput(attrs={"min": 1000, "inputmode": "numeric"}))
    medium = forms.ModelChoiceField(label=_("Medium"), queryset=Medium.objects.all(), empty_label=_("— choose —"))
    materials = forms.CharField(label=_("Materials"), max_length=300, required=False,
                                help_text=_("Free text, e.g. “oil and gold leaf on canvas”."))
    height_mm = _size_field(_("Height (mm)"))
    width_mm = _size_field(_("Width (mm)"))
    depth_mm = _size_field(_("Depth (mm)"))
    edition_type = forms.ChoiceField(label=_("Edition"), choices=EditionType.choices, initial=EditionType.UNIQUE)
    subjects = forms.ModelMultipleChoiceField(label=_("Subjects"), queryset=Subject.objects.all(), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    series = forms.ModelChoiceField(label=_("Series"), queryset=Series.objects.none(), required=False,
                                    empty_label=_("— none —"))
    description = TranslatedFormField(label=_("Description"), multiline=True, required=False)
    price = forms.CharField(label=_("Price"), required=False, max_length=30, widget=_price_input(),
                            help_text=_("In the currency chosen below, e.g. 1 250 000 or 99.50."))
    price_currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="KZT")
    price_visible = forms.BooleanField(label=_("Show the price"), required=False, initial=True,
                                       help_text=_("Off: the public sees “price on request”."))
    buy_now = forms.BooleanField(label=_("Buy now"), required=False, initial=False,
                                 help_text=_("Buyers may buy at the listed price without making an offer."))
    availability = forms.ChoiceField(label=_("Availability"), choices=Availability.choices,
                                     initial=Availability.DRAFT,
                                     help_text=_("A draft is seen only by you."))
    location = forms.CharField(label=_("Location"), max_length=200, required=False,
                               help_text=_("Where the work is now, e.g. “studio, rack 3”."))
    inventory_number = forms.CharField(label=_("Inventory number"), max_length=50, required=False)
    private_notes = forms.CharField(label=_("Private notes"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text=_("Only you see these."))

    # Service field → form field.
    FIELD_NAMES = {"price_amount": "price"}

    def __init__(self, *args: Any, artist: ArtistProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        series_field = self.fields["series"]
        assert isinstance(series_field, forms.ModelChoiceField)
        series_field.queryset = Series.objects.filter(artist=artist)

    @classmethod
    def initial_for(cls, artwork: Artwork) -> dict[str, Any]:
        price = artwork.price
        return {
            "title": artwork.title, "year": artwork.year, "medium": artwork.medium_id,
            "materials": artwork.materials, "height_mm": artwork.height_mm, "width_mm": artwork.width_mm,
            "depth_mm": artwork.depth_mm, "edition_type": artwork.edition_type,
            "subjects": [subject.pk for subject in artwork.subjects.all()], "series": artwork.series_id,
            "description": artwork.description, "price": f"{price.major:f}" if price else "",
            "price_currency": artwork.price_currency, "price_visible": artwork.price_visible,
            "buy_now": artwork.buy_now, "availability": artwork.availability, "location": artwork.location,
            "inventory_number": artwork.inventory_number, "private_notes": artwork.private_notes,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["price_amount"] = _minor_units(self, data)
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in (
            "title", "year", "medium", "materials", "height_mm", "width_mm", "depth_mm", "edition_type",
            "series", "description", "price_amount", "price_currency", "price_visible", "buy_now",
            "availability", "location", "inventory_number", "private_notes")}
        fields["subjects"] = list(data["subjects"])
        return fields


class ImageUploadForm(forms.Form):
    image = forms.FileField(label=_("Image file"), help_text=_("JPEG, PNG, WebP, TIFF or HEIC."),
                            widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}))
    alt_text = TranslatedFormField(label=_("Description for screen readers"), max_length=300, required=False,
                                   help_text=_("What the image shows, for people who cannot see it."))
    make_primary = forms.BooleanField(label=_("Make this the main image"), required=False)


class EditionSetForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200, required=False,
                            help_text=_("E.g. “Giclée on cotton paper, 50 × 70 cm”."))
    size = forms.IntegerField(label=_("Edition size"), required=False,
                              widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
                              help_text=_("Needed for a limited edition; an open edition has none."))
    artist_proofs = forms.IntegerField(label=_("Artist's proofs"), required=False, initial=0,
                                       widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}))
    price = forms.CharField(label=_("Price per copy"), required=False, max_length=30, widget=_price_input())
    price_currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="KZT")

    FIELD_NAMES = {"price_amount": "price", "edition_type": None}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["price_amount"] = _minor_units(self, data)
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"label": data["label"] or "", "size": data["size"], "artist_proofs": data["artist_proofs"] or 0,
                "price_amount": data["price_amount"], "price_currency": data["price_currency"]}


class StudioFilterForm(forms.Form):
    """The inventory's filters, read from the query string (only for showing them; StudioFilters applies)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.SearchInput(attrs={"placeholder": _("Title, inventory no., location")}))
    availability = forms.ChoiceField(label=_("Availability"), required=False,
                                     choices=[("", _("Any")), *Availability.choices])
    medium = forms.ChoiceField(label=_("Medium"), required=False)
    series = forms.ChoiceField(label=_("Series"), required=False)

    def __init__(self, *args: Any, artist: ArtistProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        medium_field = self.fields["medium"]
        series_field = self.fields["series"]
        assert isinstance(medium_field, forms.ChoiceField) and isinstance(series_field, forms.ChoiceField)
        medium_field.choices = [("", _("Any")), *((m.slug, str(m.label)) for m in Medium.objects.all())]
        series_field.choices = [("", _("Any")), *((str(s.pk), str(s.title))
                                                 for s in Series.objects.filter(artist=artist))]
