"""The staff admin for the catalogue: artworks, editions, images and the vocabularies.

The admin edits rows directly, but what the services derive or guard stays right: a saved artwork
gets ``price_base`` and ``is_listed`` from :func:`services.refresh_derived_fields`, a deleted one is
soft-deleted (``delete_artwork``), images and edition runs are added by their services, and hiding an
artist takes their works off the public lists (``set_artist_visibility``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dala.accounts.admin import ArtistProfileAdmin
from dala.accounts.models import ArtistProfile
from dala.core.errors import DomainError
from dala.core.forms import ServiceAddForm
from dala.core.slugs import unique_slug

from . import services
from .images import check_image
from .models import Artwork, ArtworkCredit, ArtworkImage, EditionCopy, EditionSet, Medium, Series, Subject


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ("slug", "label", "position")
    list_editable = ("position",)
    search_fields = ("slug", "label")
    ordering = ("position", "slug")


admin.site.register(Medium, VocabularyAdmin)
admin.site.register(Subject, VocabularyAdmin)


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "artist", "created_at")
    list_select_related = ("artist",)
    search_fields = ("title", "artist__slug")
    raw_id_fields = ("artist",)


# Artworks ------------------------------------------------------------------------------------------

class ArtworkAdminForm(forms.ModelForm):
    class Meta:
        model = Artwork
        fields = ("artist", "title", "slug", "year", "medium", "materials", "height_mm", "width_mm", "depth_mm",
                  "edition_type", "subjects", "series", "description", "price_amount", "price_currency",
                  "price_visible", "availability", "location", "inventory_number", "private_notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Left empty, it is made from the title.")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        artist, series = data.get("artist"), data.get("series")
        if artist and series and series.artist_id != artist.pk:
            self.add_error("series", _("Choose one of this artist's own series."))
        return data


class ImageFilesShown:
    """How the admin shows an image's files. The original is never served (its storage has no URL), so
    the admin shows what the public sees (a rendition, or the thumbnail until they exist) and links the
    original only to the staff download view."""

    class Media:
        css = {"all": ["catalog/admin.css"]}

    @admin.display(description=_("image"))
    def preview(self, image: ArtworkImage) -> str:
        if not image.pk or not image.has_public_url:
            return "-"
        return format_html('<a href="{}"><img src="{}" alt="" class="dala-admin-preview"></a>',
                           image.large_url, image.small_url)

    @admin.display(description=_("original"))
    def original(self, image: ArtworkImage) -> str:
        if not image.pk or not image.file:
            return "-"
        return format_html('<a href="{}" download>{}, {}</a>', reverse("catalog:image_original", args=[image.pk]),
                           image.format, filesizeformat(image.byte_size))


class ArtworkImageInline(ImageFilesShown, admin.TabularInline):
    model = ArtworkImage
    extra = 0
    fields = ("preview", "is_primary", "position", "width", "height", "format")
    readonly_fields = ("preview", "is_primary", "width", "height", "format")
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # images are checked and added on their own page (ArtworkImageAdmin)


class EditionSetInline(admin.TabularInline):
    model = EditionSet
    extra = 0
    fields = ("label", "size", "artist_proofs", "price_amount", "price_currency")
    readonly_fields = ("size", "artist_proofs")
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a run's numbered copies are made by add_edition_set (EditionSetAdmin)


class _CreditsReadOnly:
    """Credits are the lead's agreement with each collaborator (``collaboration.set_credits`` and the
    invited artists' answers keep the shares at 100 % and the work hidden until all accept): staff look,
    never edit them by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArtworkCreditInline(_CreditsReadOnly, admin.TabularInline):
    model = ArtworkCredit
    extra = 0
    fk_name = "artwork"
    fields = ("artist", "role", "role_note", "share_bp", "status", "invited_at", "responded_at")
    readonly_fields = fields


@admin.register(ArtworkCredit)
class ArtworkCreditAdmin(_CreditsReadOnly, admin.ModelAdmin):
    list_display = ("artwork", "artist", "role", "share_bp", "status", "invited_at", "responded_at")
    list_filter = ("status", "role", ("responded_at", admin.EmptyFieldListFilter))
    list_select_related = ("artwork", "artist")
    search_fields = ("=artist__slug", "artwork__title", "=artwork__slug", "=artwork__artist__slug")
    date_hierarchy = "invited_at"
    show_full_result_count = False
    fields = ("artwork", "artist", "role", "role_note", "share_bp", "position", "status", "invited_by",
              "invited_at", "responded_at")
    readonly_fields = fields


@admin.register(Artwork)
class ArtworkAdmin(admin.ModelAdmin):
    form = ArtworkAdminForm
    list_display = ("title", "artist", "inventory_number", "medium", "year", "availability", "price", "is_listed",
                    "created_at")
    list_filter = ("availability", "medium", "edition_type", "artist__country", "is_listed",
                   ("deleted_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "inventory_number", "=artist__slug", "slug")
    raw_id_fields = ("artist", "series")
    filter_horizontal = ("subjects",)
    list_select_related = ("artist", "medium")
    readonly_fields = ("price_base", "is_listed", "credits_pending", "deleted_at", "created_at", "updated_at")
    inlines = [ArtworkImageInline, EditionSetInline, ArtworkCreditInline]
    # Counting a million rows twice per page is the slow part of a changelist; newest by id uses the key.
    show_full_result_count = False
    ordering = ("-id",)

    def save_model(self, request: HttpRequest, obj: Artwork, form: Any, change: bool) -> None:
        if not obj.slug:
            title = obj.title.get("kk") or obj.title.get("en") or obj.title.get("ru") or ""
            obj.slug = unique_slug(Artwork.objects.filter(artist=obj.artist), title, fallback="artwork",
                                   exclude_pk=obj.pk)
        services.refresh_derived_fields(artwork=obj)

    def delete_model(self, request: HttpRequest, obj: Artwork) -> None:
        services.delete_artwork(artwork=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Artwork]) -> None:
        for artwork in queryset:
            services.delete_artwork(artwork=artwork)


# Editions ------------------------------------------------------------------------------------------

class EditionCopyInline(admin.TabularInline):
    model = EditionCopy
    extra = 0
    fields = ("number", "is_artist_proof", "availability")


class EditionSetAddForm(ServiceAddForm):
    ERROR_FIELDS = {"edition_type": "artwork"}

    class Meta:
        model = EditionSet
        fields = ("artwork", "label", "size", "artist_proofs", "price_amount", "price_currency")

    def run_service(self, data: dict[str, Any]) -> object:
        return services.add_edition_set(**_edition_arguments(data))


def _edition_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {"artwork": data["artwork"], "label": data.get("label") or "", "size": data.get("size"),
            "artist_proofs": data.get("artist_proofs") or 0, "price_amount": data.get("price_amount"),
            "price_currency": data.get("price_currency") or "KZT"}


@admin.register(EditionSet)
class EditionSetAdmin(admin.ModelAdmin):
    list_display = ("__str__", "artwork", "size", "artist_proofs", "price_amount", "price_currency")
    list_select_related = ("artwork",)
    search_fields = ("label", "artwork__title", "artwork__inventory_number")
    raw_id_fields = ("artwork",)
    inlines = [EditionCopyInline]

    def get_form(self, request: HttpRequest, obj: EditionSet | None = None, change: bool = False,
                 **kwargs: Any) -> type[forms.ModelForm]:
        if obj is None:
            kwargs["form"] = EditionSetAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_inlines(self, request: HttpRequest,
                    obj: EditionSet | None) -> list[type[admin.options.InlineModelAdmin[Any, Any]]]:
        return [EditionCopyInline] if obj is not None else []  # a new run's copies come from the service

    def save_model(self, request: HttpRequest, obj: EditionSet, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        _adopt(obj, services.add_edition_set(**_edition_arguments(form.cleaned_data)))


@admin.register(EditionCopy)
class EditionCopyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "edition_set", "is_artist_proof", "availability")
    list_filter = ("availability", "is_artist_proof")
    list_select_related = ("edition_set", "edition_set__artwork")
    search_fields = ("edition_set__artwork__title", "edition_set__artwork__inventory_number")
    raw_id_fields = ("edition_set",)
    show_full_result_count = False


# Images --------------------------------------------------------------------------------------------

class ArtworkImageAddForm(forms.ModelForm):
    make_primary = forms.BooleanField(label=_("Make it the primary image"), required=False)

    class Meta:
        model = ArtworkImage
        fields = ("artwork", "file", "alt_text")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_image(upload)
        except DomainError as error:
            raise ValidationError(str(error.message), code=error.code) from None
        return upload


@admin.register(ArtworkImage)
class ArtworkImageAdmin(ImageFilesShown, admin.ModelAdmin):
    list_display = ("__str__", "artwork", "is_primary", "position", "format", "width", "height", "created_at")
    list_filter = ("is_primary", "format")
    list_select_related = ("artwork",)
    search_fields = ("artwork__title", "artwork__inventory_number", "artwork__artist__slug")
    raw_id_fields = ("artwork",)
    show_full_result_count = False
    ordering = ("-id",)
    actions = ["make_primary"]

    def get_form(self, request: HttpRequest, obj: ArtworkImage | None = None, change: bool = False,
                 **kwargs: Any) -> type[forms.ModelForm]:
        if obj is None:
            kwargs["form"] = ArtworkImageAddForm
            kwargs["fields"] = ("artwork", "file", "alt_text", "make_primary")
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: ArtworkImage | None = None) -> tuple[str, ...]:
        if obj is None:
            return tuple(super().get_fields(request, obj))  # type: ignore[arg-type]
        # Neither file field is edited here (nor shown as a link: the original has no public URL).
        return ("artwork", "preview", "original", "is_primary", "position", "alt_text", "format", "width",
                "height", "byte_size", "created_at")

    def get_readonly_fields(self, request: HttpRequest, obj: ArtworkImage | None = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        # A different file is a different image: delete this one and add another.
        return ("artwork", "preview", "original", "is_primary", "format", "width", "height", "byte_size",
                "created_at")

    def save_model(self, request: HttpRequest, obj: ArtworkImage, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        upload = form.cleaned_data["file"]
        made = services.add_artwork_image(artwork=obj.artwork, upload=upload, alt_text=obj.alt_text,
                                          make_primary=form.cleaned_data.get("make_primary", False))
        _adopt(obj, made)

    def delete_model(self, request: HttpRequest, obj: ArtworkImage) -> None:
        services.delete_artwork_image(image=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ArtworkImage]) -> None:
        for image in queryset:
            services.delete_artwork_image(image=image)

    @admin.action(description=_("Make the selected image its work's primary image"))
    def make_primary(self, request: HttpRequest, queryset: QuerySet[ArtworkImage]) -> None:
        for image in queryset:
            services.set_primary_image(image=image)


def _adopt(obj: Any, made: Any) -> None:
    """Make the admin's unsaved ``obj`` the row a service created, so the admin carries on with it."""
    for model_field in type(made)._meta.concrete_fields:
        setattr(obj, model_field.attname, getattr(made, model_field.attname))
    obj._state.adding = False
    obj._state.db = made._state.db


# The artist admin, extended: only the service keeps the works' ``is_listed`` in step with the artist.

class ArtistProfileWithWorksAdmin(ArtistProfileAdmin):
    def save_model(self, request: HttpRequest, obj: ArtistProfile, form: Any, change: bool) -> None:
        visibility_changed = change and "is_public" in form.changed_data
        super().save_model(request, obj, form, change)
        if visibility_changed:
            services.set_artist_visibility(artist=obj, is_public=obj.is_public)


admin.site.unregister(ArtistProfile)
admin.site.register(ArtistProfile, ArtistProfileWithWorksAdmin)
