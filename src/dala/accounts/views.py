"""Account pages: sign-up, log-in and -out, password reset, the profile and API tokens.

Thin views: parse the form, authorise, call a service, render. A service's domain errors are shown on
the form field they name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from dala.core import ratelimit
from dala.core.errors import DomainError, NotFound, RateLimited
from dala.core.forms import add_domain_errors

from . import selectors, services
from .forms import (
    AccountForm,
    AddRoleForm,
    ApiTokenForm,
    ArtistProfileForm,
    CollectorPrivacyForm,
    CriticProfileForm,
    GalleryProfileForm,
    LoginForm,
    SignupForm,
)
from .models import ArtistProfile, CollectorProfile, CriticProfile, GalleryProfile, Role, User
from .permissions import is_artist, roles_user_may_add


def _landing_url(user: Any) -> str:
    """Where a person goes after signing up or logging in: an artist to the studio, others to the profile."""
    return reverse("catalog:studio") if is_artist(user) else reverse("accounts:profile")


# Sign-up, log-in, log-out -------------------------------------------------------------------------

@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_landing_url(request.user))
    form = SignupForm(request.POST or None)
    status = 400 if request.method == "POST" else 200  # a refused form is a 4xx, as everywhere on the site
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ratelimit.hit("signup", f"address:{ratelimit.client_address(request)}")
            user = services.register_user(email=data["email"], password=data["password1"],
                                          display_name=data["display_name"], roles=data["roles"],
                                          language=translation.get_language() or "kk")
        except DomainError as error:
            add_domain_errors(form, error, SignupForm.FIELD_NAMES)
            status = error.status
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to dala! Your account is ready."))
            return redirect(_landing_url(user))
    return render(request, "accounts/signup.html", {"form": form}, status=status)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return _landing_url(self.request.user)

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, ratelimit.RATE_LIMITED):
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET): a link cannot log anyone out."""


login = LoginView.as_view()
logout = LogoutView.as_view()


# Password reset ---------------------------------------------------------------------------------

class LocalisedPasswordResetForm(PasswordResetForm):
    """Writes the reset e-mail, and its link, in the language the person chose for mail."""

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
                  from_email: str | None, to_email: str, html_email_template_name: str | None = None) -> None:
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                              html_email_template_name)


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: Any) -> HttpResponse:
        # Each request sends an e-mail to whatever address was typed: limited per network address.
        try:
            ratelimit.hit_for("password_reset", self.request)
        except RateLimited as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


password_reset = PasswordResetView.as_view(
    form_class=LocalisedPasswordResetForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html",
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html",
)


# Profile ----------------------------------------------------------------------------------------

PROFILE_ACTIONS = ("account", "artist", "gallery", "critic", "collector", "role")


def _artist_initial(artist: ArtistProfile) -> dict[str, Any]:
    return {"name": artist.name, "country": artist.country, "city": artist.city_id,
            "birth_year": artist.birth_year, "career_stage": artist.career_stage,
            "biography": artist.biography, "statement": artist.statement}


def _gallery_initial(gallery: GalleryProfile) -> dict[str, Any]:
    return {"name": gallery.name, "country": gallery.country, "city": gallery.city_id,
            "website": gallery.website, "description": gallery.description}


def _critic_initial(critic: CriticProfile) -> dict[str, Any]:
    return {"name": critic.name, "outlet": critic.outlet, "biography": critic.biography}


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The account, the artist, gallery and critic profiles (those the person has), collector privacy and
    adding a role: one form each."""
    user: User = request.user  # type: ignore[assignment]
    artist = selectors.artist_profile_of(user)
    gallery = selectors.gallery_profile_of(user)
    critic = selectors.critic_profile_of(user)
    collector = selectors.collector_profile_of(user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST" and action not in PROFILE_ACTIONS:
        return HttpResponse(_("Unknown form."), status=400)

    def bound(name: str) -> Any:
        return request.POST if action == name else None

    account_form = AccountForm(bound("account"), prefix="account", initial={
        "display_name": user.display_name, "preferred_language": user.preferred_language})
    artist_form = (ArtistProfileForm(bound("artist"), prefix="artist", initial=_artist_initial(artist))
                   if artist else None)
    gallery_form = (GalleryProfileForm(bound("gallery"), prefix="gallery", initial=_gallery_initial(gallery))
                    if gallery else None)
    critic_form = (CriticProfileForm(bound("critic"), prefix="critic", initial=_critic_initial(critic))
                   if critic else None)
    collector_form = (CollectorPrivacyForm(bound("collector"), prefix="collector",
                                           initial={"is_private": collector.is_private}) if collector else None)
    addable = roles_user_may_add(user)
    role_form = AddRoleForm(bound("role"), prefix="role", roles=addable,
                            initial={"role": Role.ARTIST} if Role.ARTIST in addable else {})

    # action → (its form, the profile it edits, the service, "no such profile", "saved")
    public_profiles: dict[str, tuple[Any, Any, Callable[..., object], str, str]] = {
        "artist": (artist_form, artist, services.update_artist_profile,
                   _("You have no artist profile."), _("Your artist profile is saved.")),
        "gallery": (gallery_form, gallery, services.update_gallery_profile,
                    _("You have no gallery profile."), _("Your gallery profile is saved.")),
        "critic": (critic_form, critic, services.update_critic_profile,
                   _("You have no critic profile."), _("Your critic profile is saved.")),
    }

    if action == "account":
        if _save_account(request, account_form, user):
            return redirect("accounts:profile")
    elif action in public_profiles:
        form, owned, update, missing, saved = public_profiles[action]
        if form is None or owned is None:
            raise Http404(missing)
        if _save_public_profile(request, form, partial(update, profile=owned), saved):
            return redirect("accounts:profile")
    elif action == "collector":
        if collector_form is None or collector is None:
            raise Http404(_("You have no collector profile."))
        if _save_collector(request, collector_form, user, collector):
            return redirect("accounts:profile")
    elif action == "role":
        added = _add_role(request, role_form, user)
        if added == Role.ARTIST:
            return redirect("catalog:studio")
        if added:
            return redirect("accounts:profile")

    return render(request, "accounts/profile.html", {
        "account_form": account_form, "artist_form": artist_form, "artist": artist,
        "gallery_form": gallery_form, "gallery": gallery, "critic_form": critic_form,
        "collector_form": collector_form, "role_form": role_form,
        "roles": sorted(str(Role(name).label) for name in user.role_names),
    })


def _save_account(request: HttpRequest, form: AccountForm, user: User) -> bool:
    if not form.is_valid():
        return False
    try:
        services.update_account(user=user, display_name=form.cleaned_data["display_name"],
                                preferred_language=form.cleaned_data["preferred_language"])
    except DomainError as error:
        add_domain_errors(form, error)
        return False
    messages.success(request, _("Your account is saved."))
    return True


PublicProfileForm = ArtistProfileForm | GalleryProfileForm | CriticProfileForm


def _save_public_profile(request: HttpRequest, form: PublicProfileForm,
                         update: Callable[..., object], saved_message: str) -> bool:
    """Pass the form's changes to ``update`` (a profile service); its errors land on the form's fields."""
    if not form.is_valid():
        return False
    try:
        update(**form.service_changes())
    except DomainError as error:
        add_domain_errors(form, error)
        return False
    messages.success(request, saved_message)
    return True


def _save_collector(request: HttpRequest, form: CollectorPrivacyForm, user: User,
                    collector: CollectorProfile) -> bool:
    if not form.is_valid():
        return False
    try:
        services.set_collector_privacy(user=user, is_private=form.cleaned_data["is_private"])
    except DomainError as error:
        add_domain_errors(form, error)
        return False
    messages.success(request, _("Your collector settings are saved."))
    return True


def _add_role(request: HttpRequest, form: AddRoleForm, user: User) -> str | None:
    """The role added, or None with the errors on ``form``."""
    if not form.is_valid():
        return None
    role = form.cleaned_data["role"]
    try:
        services.grant_role(user=user, role=role)
    except DomainError as error:
        add_domain_errors(form, error, AddRoleForm.FIELD_NAMES)
        return None
    if role == Role.ARTIST:
        messages.success(request, _("You are now an artist on dala. This is your studio: add your first work."))
    else:
        messages.success(request, _("Role added: %(role)s.") % {"role": Role(role).label})
    return str(role)


# API tokens -------------------------------------------------------------------------------------

@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List the person's API tokens and make a new one; the new key is shown on this response only."""
    user: User = request.user  # type: ignore[assignment]
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, key = services.create_api_token(user=user, name=form.cleaned_data["name"])
        # Rendered, not redirected: the key exists only here, and is never stored or shown again.
        return render(request, "accounts/token_created.html", {"token": token, "key": key})
    return render(request, "accounts/tokens.html", {"form": form, "tokens": selectors.api_tokens_of(user)})


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    user: User = request.user  # type: ignore[assignment]
    try:
        services.revoke_api_token(user=user, token_id=pk)
    except NotFound as error:
        raise Http404(str(error.message)) from None
    messages.success(request, _("The token is revoked; it no longer works."))
    return redirect("accounts:tokens")
