"""Artworks, their editions and images, and the trilingual vocabularies that describe them."""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files.storage import Storage, default_storage, storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from dala.accounts.models import ArtistProfile
from dala.core.colours import named_colour, nearest_named_colour
from dala.core.models import SoftDeleteModel, TimeStampedModel
from dala.core.money import CURRENCY_CHOICES, Money
from dala.core.translation import TranslatedField

MAX_MM = 100_000  # 100 m: larger than any work on a wall or in a hall


class VocabularyTerm(models.Model):
    """A term of a controlled list, with a label in kk/ru/en, referenced by id."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    label = TranslatedField(_("label"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return str(self.label)


class Medium(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("medium")
        verbose_name_plural = _("media")


class Subject(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")


class Series(TimeStampedModel):
    artist = models.ForeignKey(ArtistProfile, on_delete=models.CASCADE, related_name="series")
    title = TranslatedField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.title)


class EditionType(models.TextChoices):
    UNIQUE = "unique", _("Unique work")
    LIMITED = "limited", _("Limited edition")
    OPEN = "open", _("Open edition")


class Availability(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FOR_SALE = "for_sale", _("For sale")
    ON_HOLD = "on_hold", _("On hold")
    SOLD = "sold", _("Sold")
    NOT_FOR_SALE = "not_for_sale", _("Not for sale")
    ON_LOAN = "on_loan", _("On loan")


class ArtworkQuerySet(models.QuerySet["Artwork"]):
    def alive(self) -> ArtworkQuerySet:
        return self.filter(deleted_at__isnull=True)

    def listed(self) -> ArtworkQuerySet:
        """What the public may see: not deleted, not a draft, by a public artist."""
        # `is_listed=True` compiles to a bare `WHERE "is_listed"`, which SQLite cannot match to the
        # (is_listed, …) indexes: it scanned and sorted all rows (~1 s at a million). `IN (True)` is an
        # equality to SQLite, so the index serves both the filter and the order.
        return self.filter(is_listed__in=[True])


class Artwork(TimeStampedModel, SoftDeleteModel):
    artist = models.ForeignKey(ArtistProfile, on_delete=models.PROTECT, related_name="artworks",
                               verbose_name=_("artist"))
    title = TranslatedField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    medium = models.ForeignKey(Medium, on_delete=models.PROTECT, related_name="artworks", verbose_name=_("medium"))
    materials = models.CharField(_("materials"), max_length=300, blank=True,
                                 help_text=_("Free text, e.g. “oil and gold leaf on canvas”."))
    height_mm = models.PositiveIntegerField(_("height (mm)"), null=True, blank=True)
    width_mm = models.PositiveIntegerField(_("width (mm)"), null=True, blank=True)
    depth_mm = models.PositiveIntegerField(_("depth (mm)"), null=True, blank=True)
    edition_type = models.CharField(_("edition"), max_length=8, choices=EditionType.choices,
                                    default=EditionType.UNIQUE)
    subjects = models.ManyToManyField(Subject, related_name="artworks", blank=True, verbose_name=_("subjects"))
    series = models.ForeignKey(Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="artworks",
                               verbose_name=_("series"))
    description = TranslatedField(_("description"), multiline=True, blank=True)
    price_amount = models.BigIntegerField(_("price (minor units)"), null=True, blank=True)
    price_currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="KZT")
    price_base = models.BigIntegerField(null=True, blank=True, editable=False,
                                        help_text="The price in the base currency's minor units, for filters.")
    price_visible = models.BooleanField(_("show the price"), default=True,
                                        help_text=_("Off: the public sees “price on request”."))
    availability = models.CharField(_("availability"), max_length=16, choices=Availability.choices,
                                    default=Availability.DRAFT)
    buy_now = models.BooleanField(_("buy now"), default=False,
                                  help_text=_("Buyers may buy at the listed price without making an offer."))
    location = models.CharField(_("location"), max_length=200, blank=True)
    inventory_number = models.CharField(_("inventory number"), max_length=50, blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)
    # Derived in save() from deleted_at, availability and the artist's visibility, so that the public
    # lists read one indexed column at a million rows instead of three conditions and a join.
    is_listed = models.BooleanField(default=False, editable=False)
    # The named colours (dala.core.colours slugs) of the primary image, each padded by spaces
    # (" blue ochre white "), so a colour filter is one `LIKE '% blue %'` on this row, with no join.
    # Kept by catalog.services.refresh_artwork_colours.
    colours = models.CharField(max_length=200, blank=True, default="", editable=False)
    # True while a collaborator named in the work's credits has not accepted: the work stays out of the
    # public lists until every credited artist has. Kept by catalog.collaboration.
    credits_pending = models.BooleanField(default=False, editable=False)

    objects = ArtworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("artwork")
        verbose_name_plural = _("artworks")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["is_listed", "-created_at", "-id"], name="artwork_listed_new_idx"),
            models.Index(fields=["is_listed", "price_base", "id"], name="artwork_listed_price_idx"),
            models.Index(fields=["is_listed", "medium", "-created_at"], name="artwork_listed_medium_idx"),
            models.Index(fields=["is_listed", "availability", "-created_at"], name="artwork_listed_avail_idx"),
            models.Index(fields=["is_listed", "year"], name="artwork_listed_year_idx"),
            models.Index(fields=["artist", "is_listed", "-created_at", "-id"], name="artwork_artist_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["artist", "slug"], name="artwork_slug_unique_per_artist"),
            models.UniqueConstraint(fields=["artist", "inventory_number"],
                                    condition=Q(deleted_at__isnull=True) & ~Q(inventory_number=""),
                                    name="artwork_inventory_number_unique"),
            models.CheckConstraint(condition=Q(price_amount__isnull=True) | Q(price_amount__gte=0),
                                   name="artwork_price_not_negative"),
            models.CheckConstraint(condition=Q(price_currency__in=[c for c, _l in CURRENCY_CHOICES]),
                                   name="artwork_price_currency_known"),
            models.CheckConstraint(condition=Q(availability__in=Availability.values),
                                   name="artwork_availability_known"),
            models.CheckConstraint(condition=Q(edition_type__in=EditionType.values), name="artwork_edition_type_known"),
            models.CheckConstraint(condition=Q(year__isnull=True) | Q(year__gte=1000, year__lte=2200),
                                   name="artwork_year_range"),
            models.CheckConstraint(
                condition=(Q(height_mm__isnull=True) | Q(height_mm__gt=0, height_mm__lte=MAX_MM))
                & (Q(width_mm__isnull=True) | Q(width_mm__gt=0, width_mm__lte=MAX_MM))
                & (Q(depth_mm__isnull=True) | Q(depth_mm__gt=0, depth_mm__lte=MAX_MM)),
                name="artwork_dimensions_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("catalog:artwork", kwargs={"artist_slug": self.artist.slug, "slug": self.slug})

    def compute_is_listed(self, artist_is_public: bool | None = None) -> bool:
        if artist_is_public is None:
            artist_is_public = self.artist.is_public
        return (self.deleted_at is None and self.availability != Availability.DRAFT and artist_is_public
                and not self.credits_pending)

    @property
    def price(self) -> Money | None:
        if self.price_amount is None:
            return None
        return Money(self.price_amount, self.price_currency)

    @property
    def public_price(self) -> Money | None:
        """The price the public may see, or None for “price on request”."""
        return self.price if self.price_visible else None

    @property
    def dimensions_cm(self) -> str:
        return _dimensions(self, Decimal(10), pgettext("unit of length", "cm"))

    @property
    def dimensions_in(self) -> str:
        return _dimensions(self, Decimal("25.4"), pgettext("unit of length", "in"))

    @property
    def is_edition(self) -> bool:
        return self.edition_type != EditionType.UNIQUE


def _dimensions(artwork: Artwork, per_unit: Decimal, unit: str) -> str:
    sizes = [artwork.height_mm, artwork.width_mm, artwork.depth_mm]
    parts = []
    for size in sizes:
        if size is None:
            continue
        value = (Decimal(size) / per_unit).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
        parts.append(f"{value:f}")
    return f"{' × '.join(parts)} {unit}" if parts else ""


class EditionSet(TimeStampedModel):
    """A run of copies of one work: a limited edition of ``size`` plus artist's proofs, or an open one."""

    artwork = models.ForeignKey(Artwork, on_delete=models.CASCADE, related_name="edition_sets")
    label = models.CharField(_("label"), max_length=200, blank=True,
                             help_text=_("E.g. “Giclée on cotton paper, 50 × 70 cm”."))
    size = models.PositiveIntegerField(_("edition size"), null=True, blank=True,
                                       help_text=_("Empty for an open edition."))
    artist_proofs = models.PositiveSmallIntegerField(_("artist's proofs"), default=0)
    price_amount = models.BigIntegerField(_("price per copy (minor units)"), null=True, blank=True)
    price_currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="KZT")

    class Meta:
        verbose_name = _("edition set")
        verbose_name_plural = _("edition sets")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__isnull=True) | Q(size__gte=1, size__lte=100_000),
                                   name="edition_size_positive"),
            models.CheckConstraint(condition=Q(price_amount__isnull=True) | Q(price_amount__gte=0),
                                   name="edition_price_not_negative"),
        ]

    def __str__(self) -> str:
        size = self.size or "∞"
        return f"{self.artwork} — {self.label or _('edition')} ({size} + {self.artist_proofs} AP)"


class EditionCopy(models.Model):
    """One numbered copy of an edition (3/25, or AP 1/2)."""

    edition_set = models.ForeignKey(EditionSet, on_delete=models.CASCADE, related_name="copies")
    number = models.PositiveIntegerField(_("number"))
    is_artist_proof = models.BooleanField(_("artist's proof"), default=False)
    availability = models.CharField(_("availability"), max_length=16, choices=Availability.choices,
                                    default=Availability.FOR_SALE)

    class Meta:
        verbose_name = _("edition copy")
        verbose_name_plural = _("edition copies")
        ordering = ["is_artist_proof", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition_set", "is_artist_proof", "number"], name="edition_copy_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="edition_copy_number_positive"),
        ]

    def __str__(self) -> str:
        total = self.edition_set.artist_proofs if self.is_artist_proof else self.edition_set.size
        prefix = "AP " if self.is_artist_proof else ""
        return f"{prefix}{self.number}/{total or '∞'}"


def _image_path(instance: ArtworkImage, filename: str) -> str:
    # Never reuse the uploader's file name: it may leak names or collide.
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "TIFF": "tif", "HEIF": "heic"}.get(instance.format, "bin")
    return f"artworks/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def _thumbnail_path(instance: ArtworkImage, filename: str) -> str:
    return f"artworks/thumbs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class _OriginalsStorage(LazyObject):
    # Looked up on first use and again after STORAGES changes (tests), like default_storage.
    def _setup(self) -> None:
        self._wrapped = storages["originals"]


_originals = _OriginalsStorage()


def originals_storage() -> Storage:
    """The never-served storage (``STORAGES["originals"]``) that holds images as uploaded.

    A callable, so migrations name this function rather than a storage's settings."""
    return _originals  # type: ignore[return-value]


@receiver(setting_changed)
def _forget_originals_storage(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        # `empty` is LazyObject's "not looked up yet" marker.
        _originals._wrapped = empty  # type: ignore[assignment]


IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "HEIF")


class ProcessingState(models.TextChoices):
    PENDING = "pending", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ArtworkImage(TimeStampedModel):
    artwork = models.ForeignKey(Artwork, on_delete=models.CASCADE, related_name="images")
    # The original as uploaded, kept private (never served); pages show the thumbnail and renditions.
    file = models.FileField(_("image"), upload_to=_image_path, storage=originals_storage, max_length=200)
    thumbnail = models.FileField(upload_to=_thumbnail_path, max_length=200, blank=True)
    format = models.CharField(max_length=8, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    byte_size = models.PositiveBigIntegerField(editable=False)
    is_primary = models.BooleanField(_("primary image"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    alt_text = TranslatedField(_("description for screen readers"), max_length=300, blank=True)
    # Written by the imaging pipeline through record_image_processing(); catalog never imports imaging.
    renditions = models.JSONField(default=list, blank=True, editable=False,
                                  help_text="[{width, height, format, name}] — name is the storage name.")
    processing_state = models.CharField(_("processing"), max_length=8, choices=ProcessingState.choices,
                                        default=ProcessingState.PENDING, editable=False)
    processing_error = models.TextField(blank=True, editable=False,
                                        help_text="Why processing failed, in words the artist can read.")
    palette = models.JSONField(default=list, blank=True, editable=False,
                               help_text="[{hex, weight}] — the main colours, weights summing to 1.")
    phash = models.CharField(max_length=16, blank=True, db_index=True, editable=False,
                             help_text="64-bit difference hash (dHash) as 16 hex digits.")
    likely_duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                            related_name="+", editable=False)

    THUMBNAIL_WIDTH = 480
    # The width the studio and small cards ask for (the smallest rendition at least this wide).
    SMALL_WIDTH = 480

    class Meta:
        verbose_name = _("artwork image")
        verbose_name_plural = _("artwork images")
        ordering = ["-is_primary", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["artwork"], condition=Q(is_primary=True), name="artwork_one_primary_image"),
            models.CheckConstraint(condition=Q(width__gt=0) & Q(height__gt=0), name="artwork_image_has_pixels"),
            models.CheckConstraint(condition=Q(format__in=list(IMAGE_FORMATS)), name="artwork_image_format_known"),
            models.CheckConstraint(condition=Q(processing_state__in=ProcessingState.values),
                                   name="artwork_image_processing_state_known"),
        ]
        # The few images not ready (pending, or failed): the periodic retry reads them every half minute.
        indexes = [models.Index(fields=["processing_state", "updated_at"], condition=~Q(processing_state="ready"),
                                name="artwork_image_not_ready_idx")]

    def __str__(self) -> str:
        return f"{self.artwork} — {self.width}×{self.height}"

    def rendition_urls(self, fmt: str = "JPEG") -> list[tuple[int, int, str]]:
        """(width, height, url) of the ready renditions in ``fmt``, narrowest first."""
        if self.processing_state != ProcessingState.READY:
            return []
        found = [(r["width"], r["height"], default_storage.url(r["name"])) for r in self.renditions or []
                 if r.get("format") == fmt]
        return sorted(found)

    @property
    def srcset(self) -> str:
        """Candidates for ``<img srcset>``: the JPEG renditions once made; until then the thumbnail, if
        made (never the original, which is private); "" when there is nothing public yet."""
        ready = self.rendition_urls("JPEG")
        if ready:
            return ", ".join(f"{url} {width}w" for width, _h, url in ready)
        if self.thumbnail:
            return f"{self.thumbnail.url} {min(self.width, self.THUMBNAIL_WIDTH)}w"
        return ""

    @property
    def webp_srcset(self) -> str:
        return ", ".join(f"{url} {width}w" for width, _h, url in self.rendition_urls("WEBP"))

    @property
    def small_url(self) -> str:
        """The rendition for cards and lists; the thumbnail until renditions exist; "" before either."""
        ready = self.rendition_urls("JPEG")
        if ready:
            wide_enough = [url for width, _h, url in ready if width >= self.SMALL_WIDTH]
            return wide_enough[0] if wide_enough else ready[-1][2]
        return self.thumbnail.url if self.thumbnail else ""

    @property
    def large_url(self) -> str:
        """The biggest rendition to show or link to; the thumbnail until renditions exist; "" before either."""
        ready = self.rendition_urls("JPEG")
        if ready:
            return ready[-1][2]
        return self.thumbnail.url if self.thumbnail else ""

    @property
    def has_public_url(self) -> bool:
        """Whether anything of this image can be shown yet (a rendition or the thumbnail)."""
        return bool(self.thumbnail) or bool(self.rendition_urls("JPEG"))

    @property
    def named_palette(self) -> list[dict[str, Any]]:
        """The palette with each colour's named-colour slug (``name``) and its ``label`` (Translated);
        entries recorded before names were stored are named here."""
        colours = []
        for colour in self.palette or []:
            slug = str(colour.get("name") or nearest_named_colour(str(colour["hex"])))
            named = named_colour(slug)
            colours.append({"hex": colour["hex"], "weight": colour["weight"], "name": slug,
                            "label": named.name if named else slug})
        return colours




# Collaborations ------------------------------------------------------------------------------------

class CreditRole(models.TextChoices):
    LEAD = "lead", _("Lead artist")
    CO_AUTHOR = "co_author", _("Co-author")
    CONTRIBUTOR = "contributor", _("Contributor")
    FABRICATOR = "fabricator", _("Fabricator")


class CreditStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ArtworkCredit(models.Model):
    """An artist credited on a collaborative work, with a role and an agreed share of the artist's proceeds.

    A work has credits only when it is a collaboration; then the work's own artist has one too (the
    lead), the shares sum to 10 000 basis points, and every credited artist must accept before the work
    can be public (``Artwork.credits_pending``)."""

    artwork = models.ForeignKey(Artwork, on_delete=models.CASCADE, related_name="credits", verbose_name=_("artwork"))
    artist = models.ForeignKey(ArtistProfile, on_delete=models.PROTECT, related_name="credits",
                               verbose_name=_("artist"))
    role = models.CharField(_("role"), max_length=12, choices=CreditRole.choices, default=CreditRole.CO_AUTHOR)
    role_note = models.CharField(_("what they did"), max_length=200, blank=True,
                                 help_text=_("e.g. “ornament”, “calligraphy”."))
    share_bp = models.PositiveIntegerField(_("share (basis points)"),
                                           help_text=_("Of the artist's proceeds; 100 basis points are 1 %."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=CreditStatus.choices, default=CreditStatus.INVITED)
    invited_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("invited by"))
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        ordering = ["artwork", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["artwork", "artist"], name="credit_once_per_artist"),
            models.CheckConstraint(condition=Q(share_bp__lte=10_000), name="credit_share_range"),
            models.CheckConstraint(condition=Q(role__in=CreditRole.values), name="credit_role_known"),
            models.CheckConstraint(condition=Q(status__in=CreditStatus.values), name="credit_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.artist} — {self.artwork}"
