"""Forms of the account pages. They parse and check shapes; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from dala.core.errors import RateLimited
from dala.core.translation import TranslatedFormField

from .models import CareerStage, City, Role
from .permissions import ROLE_ORDER
from .places import COUNTRIES
from .throttle import refuse_if_locked

LANGUAGE_CHOICES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


def _role_choices(roles: Any = ROLE_ORDER) -> list[tuple[str, str]]:
    return [(str(role.value), str(role.label)) for role in roles]


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    display_name = forms.CharField(label=_("Display name"), max_length=150,
                                   help_text=_("Shown next to what you publish."),
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    roles = forms.MultipleChoiceField(label=_("I am a…"), required=False, choices=_role_choices,
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text=_("Choose any that apply; you can add more later."))

    # Service field → form field.
    FIELD_NAMES = {"password": "password1"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", forms.ValidationError(_("The two passwords differ."), code="mismatch"))
        return data


class LoginForm(AuthenticationForm):
    """Log in with an e-mail address (the user model's username field)."""

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        assert isinstance(username, forms.CharField)
        username.label = _("E-mail")
        username.widget = forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True,
                                                  "maxlength": username.max_length})

    def clean_username(self) -> str:
        # Addresses are stored in lower case; people type them in any case.
        return str(self.cleaned_data.get("username") or "").strip().lower()

    def clean(self) -> dict[str, Any]:
        # Before the password is even checked: a locked-out guesser learns nothing from trying.
        try:
            refuse_if_locked(self.request, str(self.cleaned_data.get("username") or ""))
        except RateLimited as refusal:
            raise forms.ValidationError(str(refusal.message), code=refusal.code) from None
        return super().clean()


class AccountForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES,
                                           help_text=_("The language of the e-mails dala sends you."))


class ArtistProfileForm(forms.Form):
    name = TranslatedFormField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False,
                                choices=[("", _("— not given —")), *COUNTRIES])
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), required=False,
                                  empty_label=_("— not given —"),
                                  help_text=_("Choosing a city sets the country too."))
    birth_year = forms.IntegerField(label=_("Birth year"), required=False,
                                    widget=forms.NumberInput(attrs={"min": 1850, "inputmode": "numeric"}))
    career_stage = forms.ChoiceField(label=_("Career stage"), choices=CareerStage.choices)
    biography = TranslatedFormField(label=_("Biography"), multiline=True, required=False)
    statement = TranslatedFormField(label=_("Artist's statement"), multiline=True, required=False)

    def service_changes(self) -> dict[str, Any]:
        """The cleaned data as ``update_artist_profile`` takes it (country before city: a city wins)."""
        data = self.cleaned_data
        return {
            "name": data["name"], "country": data["country"], "city": data["city"],
            "birth_year": data["birth_year"], "career_stage": data["career_stage"],
            "biography": data["biography"], "statement": data["statement"],
        }



class GalleryProfileForm(forms.Form):
    name = TranslatedFormField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False,
                                choices=[("", _("— not given —")), *COUNTRIES])
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), required=False,
                                  empty_label=_("— not given —"),
                                  help_text=_("Choosing a city sets the country too."))
    website = forms.URLField(label=_("Website"), max_length=200, required=False, assume_scheme="https",
                             widget=forms.URLInput(attrs={"autocomplete": "url"}))
    description = TranslatedFormField(label=_("About the gallery"), multiline=True, required=False)

    def service_changes(self) -> dict[str, Any]:
        """The cleaned data as ``update_gallery_profile`` takes it."""
        data = self.cleaned_data
        return {"name": data["name"], "country": data["country"], "city": data["city"],
                "website": data["website"], "description": data["description"]}


class CriticProfileForm(forms.Form):
    name = TranslatedFormField(label=_("Name"), max_length=200)
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False,
                             help_text=_("The publication you write for, if any."))
    biography = TranslatedFormField(label=_("Biography"), multiline=True, required=False)

    def service_changes(self) -> dict[str, Any]:
        """The cleaned data as ``update_critic_profile`` takes it."""
        data = self.cleaned_data
        return {"name": data["name"], "outlet": data["outlet"], "biography": data["biography"]}

class CollectorPrivacyForm(forms.Form):
    is_private = forms.BooleanField(
        label=_("Keep my name and collection private"), required=False,
        help_text=_("A private collector's name and collection are never shown publicly."))


class AddRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), widget=forms.RadioSelect)

    FIELD_NAMES = {"roles": "role"}

    def __init__(self, *args: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = _role_choices(roles)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. “inventory sync”."))
