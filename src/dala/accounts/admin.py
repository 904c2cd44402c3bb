"""The staff admin for people: users (e-mail login), roles, profiles, places and API tokens.

Writes that have a service go through it: a role granted here gets its profile (``grant_role``), a
token made here is shown once and only its hash is kept (``create_api_token``). The catalogue's admin
extends the artist admin so that hiding an artist hides their works (it sits above accounts).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    ApiToken,
    ArtistProfile,
    City,
    CollectorProfile,
    CriticProfile,
    GalleryProfile,
    Role,
    User,
    UserRole,
)


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists."), code="unique")
        return email


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists."), code="unique")
        return email


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0
    fields = ("role", "granted_at")
    readonly_fields = ("granted_at",)


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in Role.choices if value != Role.STAFF]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(roles__role=self.value())
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    inlines = [UserRoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("display_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("email", "display_name", "usable_password", "password1", "password2")}),
    )
    list_display = ("email", "display_name", "preferred_language", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", RoleFilter, "preferred_language")
    search_fields = ("email", "display_name")
    ordering = ("-date_joined",)
    readonly_fields = ("last_login", "date_joined")
    show_full_result_count = False

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list[type[InlineModelAdmin[Any, Any]]]:
        return [UserRoleInline] if obj is not None else []  # roles are granted once the account exists

    def save_formset(self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool) -> None:
        if formset.model is not UserRole:
            super().save_formset(request, form, formset, change)
            return
        grants = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for grant in grants:
            grant.save()
            if grant.role != Role.STAFF:  # staff has no profile; the others get theirs here
                services.grant_role(user=form.instance, role=grant.role)
        formset.save_m2m()


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__display_name")
    raw_id_fields = ("user",)
    list_select_related = ("user",)

    def save_model(self, request: HttpRequest, obj: UserRole, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if obj.role != Role.STAFF:
            services.grant_role(user=obj.user, role=obj.role)


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "country")
    list_filter = ("country",)
    search_fields = ("slug", "name")
    ordering = ("country", "slug")


@admin.register(ArtistProfile)
class ArtistProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "country", "city", "career_stage", "is_featured", "is_public", "created_at")
    list_filter = ("career_stage", "is_featured", "is_public", "country")
    list_select_related = ("city", "user")
    search_fields = ("slug", "name", "user__email")
    raw_id_fields = ("user",)
    autocomplete_fields = ("city",)
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False


@admin.register(GalleryProfile)
class GalleryProfileAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "slug", "city", "country", "is_verified")
    list_filter = ("is_verified", "country")
    list_select_related = ("city",)
    search_fields = ("slug", "name", "user__email", "website")
    raw_id_fields = ("user",)
    autocomplete_fields = ("city",)


@admin.register(CriticProfile)
class CriticProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "outlet")
    search_fields = ("slug", "name", "outlet", "user__email")
    raw_id_fields = ("user",)


@admin.register(CollectorProfile)
class CollectorProfileAdmin(admin.ModelAdmin):
    list_display = ("__str__", "user", "is_private")
    list_filter = ("is_private",)
    list_select_related = ("user",)
    search_fields = ("name", "user__email")
    raw_id_fields = ("user",)


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("user", "name", "revoked_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ("name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("user",)
    search_fields = ("name", "key_prefix", "user__email")
    raw_id_fields = ("user",)
    readonly_fields = ("key_prefix", "key_hash", "created_at", "last_used_at")

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> tuple[str, ...]:
        if obj is None:
            return ("user", "name")
        return ("user", "name", "key_prefix", "key_hash", "created_at", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("user", *self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = services.create_api_token(user=obj.user, name=obj.name)
        # The admin goes on with ``obj``: make it the token the service made.
        obj.pk, obj.key_hash, obj.key_prefix, obj.created_at = token.pk, token.key_hash, token.key_prefix, \
            token.created_at
        obj._state.adding = False
        messages.warning(request, _("The token's key, shown only now: %(key)s") % {"key": key})
