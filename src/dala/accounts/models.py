"""People: the user (e-mail login), their roles, their public profiles, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dala.core.models import TimeStampedModel
from dala.core.translation import TranslatedField

from .places import COUNTRIES


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        default="kk",
    )
    is_active = models.BooleanField(_("active"), default=True)  # type: ignore[assignment]
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[var-annotated]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)

    @property
    def role_names(self) -> set[str]:
        names = {grant.role for grant in self.roles.all()}
        if self.is_staff:
            names.add(Role.STAFF)
        return names

    def has_role(self, role: str) -> bool:
        return role in self.role_names


class Role(models.TextChoices):
    ARTIST = "artist", _("Artist")
    CRITIC = "critic", _("Critic")
    GALLERY = "gallery", _("Gallery")
    COLLECTOR = "collector", _("Collector")
    CURATOR = "curator", _("Curator")
    STAFF = "staff", _("Staff")


class UserRole(models.Model):
    """One role held by one user; a person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_userrole_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="accounts_userrole_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class City(models.Model):
    """A city, named in kk/ru/en, so that browse can filter by place in any language."""

    name = TranslatedField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["country", "slug"]

    def __str__(self) -> str:
        return str(self.name)


class CareerStage(models.TextChoices):
    EMERGING = "emerging", _("Emerging")
    ESTABLISHED = "established", _("Established")


class ArtistProfile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="artist_profile")
    name = TranslatedField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    city = models.ForeignKey(City, on_delete=models.PROTECT, null=True, blank=True, related_name="artists",
                             verbose_name=_("city"))
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    career_stage = models.CharField(_("career stage"), max_length=16, choices=CareerStage.choices,
                                    default=CareerStage.EMERGING)
    biography = TranslatedField(_("biography"), multiline=True, blank=True)
    statement = TranslatedField(_("artist's statement"), multiline=True, blank=True)
    is_featured = models.BooleanField(_("featured"), default=False)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("artist")
        verbose_name_plural = _("artists")
        indexes = [
            models.Index(fields=["is_public", "is_featured"], name="artist_featured_idx"),
            models.Index(fields=["is_public", "career_stage", "id"], name="artist_stage_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1850, birth_year__lte=2100),
                                   name="artist_birth_year_range"),
            models.CheckConstraint(condition=Q(career_stage__in=CareerStage.values), name="artist_career_stage_known"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("catalog:artist", kwargs={"slug": self.slug})


class GalleryProfile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="gallery_profile")
    name = TranslatedField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    city = models.ForeignKey(City, on_delete=models.PROTECT, null=True, blank=True, related_name="galleries",
                             verbose_name=_("city"))
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, blank=True)
    description = TranslatedField(_("description"), multiline=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")

    def __str__(self) -> str:
        return str(self.name)


class CriticProfile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="critic_profile")
    name = TranslatedField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    biography = TranslatedField(_("biography"), multiline=True, blank=True)

    class Meta:
        verbose_name = _("critic")
        verbose_name_plural = _("critics")

    def __str__(self) -> str:
        return str(self.name)


class CollectorProfile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="collector_profile")
    name = models.CharField(_("name"), max_length=200, blank=True)
    is_private = models.BooleanField(_("private"), default=True,
                                     help_text=_("A private collector's name and collection are never shown publicly."))

    class Meta:
        verbose_name = _("collector")
        verbose_name_plural = _("collectors")

    def __str__(self) -> str:
        return self.name or str(self.user)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the key is shown once."""

    PREFIX = "dala_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
