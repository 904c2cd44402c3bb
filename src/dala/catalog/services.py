"""Writes to the catalogue. Each service is one transaction that checks its rules and raises a
:class:`~dala.core.errors.DomainError` (all of a call's field errors at once, as ValidationFailed)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import IO, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile
from dala.core.colours import nearest_named_colour
from dala.core.errors import DomainError, NotFound, ValidationFailed
from dala.core.money import CURRENCIES, to_base_minor
from dala.core.slugs import unique_slug
from dala.core.storage import storing
from dala.core.translation import Translated, to_translated

from . import errors, signals
from .images import check_image
from .locks import lock_artist
from .models import (
    MAX_MM,
    Artwork,
    ArtworkImage,
    Availability,
    EditionCopy,
    EditionSet,
    EditionType,
    Medium,
    ProcessingState,
    Series,
    Subject,
)
from .selectors import forget_emerging_artists, storage_use
from .signals import image_deleted, image_uploaded
from .tasks import make_image_thumbnail

# The fields a caller may set on an artwork, with nothing else accepted.
ARTWORK_FIELDS = (
    "title", "year", "medium", "materials", "height_mm", "width_mm", "depth_mm", "edition_type", "subjects",
    "series", "description", "price_amount", "price_currency", "price_visible", "buy_now", "availability", "location",
    "inventory_number", "private_notes",
)
_TEXT_LIMITS: dict[str, int] = {"materials": 300, "location": 200, "inventory_number": 50, "private_notes": 20_000}
_TRANSLATED_LIMITS: dict[str, int] = {"title": 300, "description": 20_000}


def _resolve_term(model: type[Medium] | type[Subject], value: Any, code: str, field: str) -> Any:
    if isinstance(value, model):
        return value
    lookup: dict[str, Any] = {"pk": value} if isinstance(value, int) else {"slug": str(value).strip()}
    try:
        return model.objects.get(**lookup)
    except model.DoesNotExist:
        raise DomainError(code, _("Unknown %(field)s “%(value)s”.") % {"field": field, "value": value},
                          field=field) from None


def _clean(fields: Mapping[str, Any], *, artist: ArtistProfile, instance: Artwork | None) -> dict[str, Any]:
    """Check and normalise ``fields``; raise ValidationFailed listing every bad field."""
    unknown = set(fields) - set(ARTWORK_FIELDS)
    if unknown:
        raise ValidationFailed([DomainError(errors.INVALID_CHOICE, _("Unknown field."), field=name)
                                for name in sorted(unknown)])
    problems: list[DomainError] = []
    clean: dict[str, Any] = {}

    def fail(code: str, message: str, field: str) -> None:
        problems.append(DomainError(code, message, field=field))

    for name, value in fields.items():
        try:
            if name in _TRANSLATED_LIMITS:
                text = to_translated(value)
                limit = _TRANSLATED_LIMITS[name]
                if any(len(part) > limit for part in text.values()):
                    fail(errors.TEXT_TOO_LONG, _("Keep it under %(limit)d characters.") % {"limit": limit}, name)
                    continue
                if name == "title" and not text:
                    fail(errors.TITLE_REQUIRED, _("Give the work a title in at least one language."), name)
                    continue
                clean[name] = text
            elif name == "medium":
                if value in (None, ""):
                    fail(errors.UNKNOWN_MEDIUM, _("Choose a medium."), name)
                    continue
                clean[name] = _resolve_term(Medium, value, errors.UNKNOWN_MEDIUM, name)
            elif name == "subjects":
                clean[name] = [_resolve_term(Subject, item, errors.UNKNOWN_SUBJECT, name) for item in value or []]
            elif name == "series":
                if value in (None, ""):
                    clean[name] = None
                    continue
                series = value if isinstance(value, Series) else Series.objects.filter(pk=value).first()
                if series is None or series.artist_id != artist.pk:
                    fail(errors.UNKNOWN_SERIES, _("Choose one of your own series."), name)
                    continue
                clean[name] = series
            elif name in ("height_mm", "width_mm", "depth_mm"):
                if value in (None, ""):
                    clean[name] = None
                    continue
                number = int(value)
                if isinstance(value, float) or number <= 0 or number > MAX_MM:
                    fail(errors.INVALID_DIMENSION, _("Give a size in whole millimetres above 0."), name)
                    continue
                clean[name] = number
            elif name == "year":
                if value in (None, ""):
                    clean[name] = None
                    continue
                year = int(value)
                if not 1000 <= year <= timezone.now().year + 1:
                    fail(errors.INVALID_YEAR, _("Give a year between 1000 and next year."), name)
                    continue
                clean[name] = year
            elif name == "price_amount":
                if value in (None, ""):
                    clean[name] = None
                    continue
                if isinstance(value, float | bool):
                    raise ValueError
                amount = int(value)
                if amount < 0 or amount > 10**15:
                    fail(errors.INVALID_PRICE, _("A price cannot be negative."), name)
                    continue
                clean[name] = amount
            elif name == "price_currency":
                code = str(value or "").strip().upper()
                if code not in CURRENCIES:
                    fail(errors.UNKNOWN_CURRENCY, _("Unknown currency “%(code)s”; use one of %(codes)s.")
                         % {"code": value, "codes": ", ".join(CURRENCIES)}, name)
                    continue
                clean[name] = code
            elif name == "availability":
                if value not in Availability.values:
                    fail(errors.INVALID_CHOICE, _("Choose one of: %(choices)s.")
                         % {"choices": ", ".join(Availability.values)}, name)
                    continue
                clean[name] = value
            elif name == "edition_type":
                if value not in EditionType.values:
                    fail(errors.INVALID_CHOICE, _("Choose one of: %(choices)s.")
                         % {"choices": ", ".join(EditionType.values)}, name)
                    continue
                clean[name] = value
            elif name in ("price_visible", "buy_now"):
                clean[name] = bool(value)
            else:
                plain = str(value or "").strip()
                if len(plain) > _TEXT_LIMITS[name]:
                    fail(errors.TEXT_TOO_LONG, _("Keep it under %(limit)d characters.")
                         % {"limit": _TEXT_LIMITS[name]}, name)
                    continue
                clean[name] = plain
        except DomainError as error:
            problems.append(error)
        except (TypeError, ValueError):
            fail(errors.INVALID_CHOICE, _("Enter a whole number."), name)

    inventory_number = clean.get("inventory_number")
    if inventory_number:
        # exclude() repeats the partial unique index's condition, so that SQLite can use that index.
        taken = (Artwork.objects.alive().filter(artist=artist, inventory_number=inventory_number)
                 .exclude(inventory_number=""))
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            fail(errors.DUPLICATE_INVENTORY_NUMBER,
                 _("Inventory number %(number)s is already used by another of your works.")
                 % {"number": inventory_number},
                 "inventory_number")
    if problems:
        raise ValidationFailed(problems)
    return clean


def _apply(artwork: Artwork, clean: dict[str, Any]) -> list[Subject] | None:
    subjects = clean.pop("subjects", None)
    for name, value in clean.items():
        setattr(artwork, name, value)
    _derive(artwork)
    return subjects


def _derive(artwork: Artwork) -> None:
    artwork.price_base = to_base_minor(artwork.price_amount, artwork.price_currency) if artwork.price_visible else None
    artwork.is_listed = artwork.compute_is_listed()


@transaction.atomic
def refresh_derived_fields(*, artwork: Artwork) -> Artwork:
    """Recompute ``price_base`` and ``is_listed`` from the fields they follow and save the work.

    For writes that set fields directly rather than through create/update (the staff admin)."""
    _derive(artwork)
    artwork.save()
    return artwork


def _save(artwork: Artwork) -> None:
    try:
        with transaction.atomic():
            artwork.save()
    except IntegrityError as exc:
        if "inventory" in str(exc).lower():
            raise DomainError(errors.DUPLICATE_INVENTORY_NUMBER, _("This inventory number is already used."),
                              field="inventory_number") from None
        raise


@transaction.atomic
def create_artwork(*, artist: ArtistProfile, **fields: Any) -> Artwork:
    """Add a work to ``artist``'s inventory. ``title`` and ``medium`` are required."""
    missing = [DomainError(errors.TITLE_REQUIRED if name == "title" else errors.UNKNOWN_MEDIUM,
                           _("This field is required."), field=name)
               for name in ("title", "medium") if not fields.get(name)]
    if missing:
        raise ValidationFailed(missing)
    clean = _clean(fields, artist=artist, instance=None)
    artwork = Artwork(artist=artist)
    subjects = _apply(artwork, clean)
    artwork.slug = unique_slug(Artwork.objects.filter(artist=artist), _title_for_slug(artwork.title),
                               fallback="artwork")
    _save(artwork)
    if subjects:
        artwork.subjects.set(subjects)
    return artwork


@transaction.atomic
def update_artwork(*, artwork: Artwork, **changes: Any) -> Artwork:
    """Change the given fields of ``artwork``; the others stay as they are."""
    if artwork.deleted_at is not None:
        raise NotFound(errors.NOT_FOUND, _("This work has been deleted."))
    clean = _clean(changes, artist=artwork.artist, instance=artwork)
    subjects = _apply(artwork, clean)
    _save(artwork)
    if subjects is not None:
        artwork.subjects.set(subjects)
    return artwork


@transaction.atomic
def delete_artwork(*, artwork: Artwork) -> None:
    """Soft-delete: the row and its history stay, but the work leaves the studio and the public site."""
    if artwork.deleted_at is not None:
        return
    artwork.deleted_at = timezone.now()
    artwork.is_listed = False
    artwork.save(update_fields=["deleted_at", "is_listed", "updated_at"])


@transaction.atomic
def set_artist_visibility(*, artist: ArtistProfile, is_public: bool) -> None:
    artist.is_public = is_public
    artist.save(update_fields=["is_public", "updated_at"])
    # One UPDATE for all the artist's live works (an artist may have 100 000): the same rule as
    # Artwork.compute_is_listed, with the artist's new visibility.
    works = Artwork.objects.alive().filter(artist=artist)
    if is_public:
        works.update(is_listed=Case(When(availability=Availability.DRAFT, then=Value(False)),
                                    When(credits_pending=True, then=Value(False)), default=Value(True)))
    else:
        works.update(is_listed=False)
    forget_emerging_artists()


def _title_for_slug(title: Translated) -> str:
    # Slugs come from the Kazakh title where there is one (transliterated), else the first given.
    return title.get("kk") or title.get("en") or title.get("ru") or ""


@transaction.atomic
def add_edition_set(*, artwork: Artwork, label: str = "", size: int | None, artist_proofs: int = 0,
                    price_amount: int | None = None, price_currency: str = "KZT") -> EditionSet:
    """Add an edition run: a limited one gets its numbered copies (and APs) made now."""
    if artwork.edition_type == EditionType.UNIQUE:
        raise DomainError(errors.EDITION_MISMATCH, _("A unique work has no editions; change its edition type first."),
                          field="edition_type")
    if artwork.edition_type == EditionType.LIMITED and not size:
        raise DomainError(errors.EDITION_MISMATCH, _("A limited edition needs a size."), field="size")
    if artwork.edition_type == EditionType.OPEN:
        size = None
    if size is not None and not 1 <= size <= 10_000:
        raise DomainError(errors.EDITION_MISMATCH, _("An edition has between 1 and 10 000 copies."), field="size")
    if not 0 <= artist_proofs <= 100:
        raise DomainError(errors.EDITION_MISMATCH, _("Between 0 and 100 artist's proofs."), field="artist_proofs")
    if price_amount is not None and price_amount < 0:
        raise DomainError(errors.INVALID_PRICE, _("A price cannot be negative."), field="price_amount")
    if price_currency not in CURRENCIES:
        raise DomainError(errors.UNKNOWN_CURRENCY, _("Unknown currency."), field="price_currency")
    edition = EditionSet.objects.create(artwork=artwork, label=label.strip()[:200], size=size,
                                        artist_proofs=artist_proofs, price_amount=price_amount,
                                        price_currency=price_currency)
    copies = [EditionCopy(edition_set=edition, number=n) for n in range(1, (size or 0) + 1)]
    copies += [EditionCopy(edition_set=edition, number=n, is_artist_proof=True) for n in range(1, artist_proofs + 1)]
    EditionCopy.objects.bulk_create(copies)
    return edition


# Images ------------------------------------------------------------------------------------------

@transaction.atomic
def add_artwork_image(*, artwork: Artwork, upload: IO[bytes], alt_text: Mapping[str, str] | None = None,
                      make_primary: bool = False) -> ArtworkImage:
    """Check ``upload`` by content and attach it; the first image of a work becomes its primary one.

    Once the transaction commits, :data:`~dala.catalog.signals.image_uploaded` is sent so that the
    imaging pipeline makes its renditions, and the thumbnail is made (pages show it until then).
    Refused with ``storage_quota_exceeded`` when the artist's images would pass
    ``DALA_STORAGE_QUOTA_BYTES``."""
    checked = check_image(upload)
    # Two uploads at once could both pass the quota check on PostgreSQL: the second waits here for the
    # first to commit, and then counts its bytes.
    lock_artist(artwork.artist_id)
    _check_storage_quota(artwork=artwork, adding=checked.byte_size)
    has_primary = artwork.images.filter(is_primary=True).exists()
    if make_primary and has_primary:
        artwork.images.filter(is_primary=True).update(is_primary=False)
    image = ArtworkImage(artwork=artwork, format=checked.format, width=checked.width, height=checked.height,
                         byte_size=checked.byte_size, is_primary=make_primary or not has_primary,
                         position=artwork.images.count(), alt_text=to_translated(alt_text or {}))
    upload.seek(0)
    with storing(field="image"):
        image.file.save("upload", ContentFile(upload.read()), save=False)
    image.save()
    if image.is_primary:
        refresh_artwork_colours(artwork=artwork)
    # The thumbnail is what pages show until the renditions exist (the original is never served).
    transaction.on_commit(lambda: make_image_thumbnail.enqueue(image.pk))
    transaction.on_commit(lambda: image_uploaded.send(sender=ArtworkImage, image_id=image.pk))
    return image


def _check_storage_quota(*, artwork: Artwork, adding: int) -> None:
    use = storage_use(artwork.artist)
    if use.used + adding > use.limit:
        raise DomainError(errors.STORAGE_QUOTA_EXCEEDED, _(
            "This image would pass your storage limit: you use %(used)s MB of %(limit)s MB."
        ) % {"used": number_format(use.used_mb, 1), "limit": number_format(use.limit_mb, 1)}, field="image")


_HEX = re.compile(r"^[0-9a-f]{16}$")
_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


def _delete_files(names: set[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _rendition_names(image: ArtworkImage) -> set[str]:
    return {str(r["name"]) for r in image.renditions or [] if r.get("name")}


@transaction.atomic
def record_image_processing(*, image: ArtworkImage, renditions: list[dict[str, Any]],
                            palette: list[dict[str, Any]], phash: str,
                            duplicate_of: ArtworkImage | None) -> ArtworkImage:
    """Store what the imaging pipeline made of ``image`` (its files already written) and mark it ready.

    Renditions a previous run made and this one does not name are deleted once this commits."""
    if not renditions or any(not r.get("name") or r.get("format") not in ("JPEG", "WEBP")
                             or int(r.get("width", 0)) <= 0 or int(r.get("height", 0)) <= 0
                             for r in renditions):
        raise DomainError(errors.IMAGE_PROCESSING, _("Renditions need a name, a format and a size."))
    if not _HEX.match(phash):
        raise DomainError(errors.IMAGE_PROCESSING, _("The hash must be 16 hexadecimal digits."))
    weights = [float(colour["weight"]) for colour in palette]
    if palette and (abs(sum(weights) - 1) > 1e-6 or any(w < 0 for w in weights)
                    or not all(_COLOUR.match(str(c.get("hex", ""))) for c in palette)):
        raise DomainError(errors.IMAGE_PROCESSING, _("Palette weights must sum to 1."))
    if duplicate_of is not None and duplicate_of.pk == image.pk:
        duplicate_of = None
    image = ArtworkImage.objects.select_for_update().get(pk=image.pk)
    stale = _rendition_names(image) - {str(r["name"]) for r in renditions}
    image.renditions = [{"width": int(r["width"]), "height": int(r["height"]), "format": r["format"],
                         "name": str(r["name"])} for r in renditions]
    image.palette = [{"hex": str(c["hex"]), "weight": float(c["weight"]), "name": nearest_named_colour(str(c["hex"]))}
                     for c in palette]
    image.phash = phash
    image.likely_duplicate_of = duplicate_of
    image.processing_state = ProcessingState.READY
    image.processing_error = ""
    image.save(update_fields=["renditions", "palette", "phash", "likely_duplicate_of", "processing_state",
                              "processing_error", "updated_at"])
    if image.is_primary:
        refresh_artwork_colours(artwork=image.artwork)
    transaction.on_commit(lambda: _delete_files(stale))
    return image


@transaction.atomic
def record_image_failure(*, image: ArtworkImage, reason: str) -> ArtworkImage:
    """Mark ``image`` as failed with ``reason``, a sentence the artist sees in the studio.

    Renditions of an earlier successful run stay in use."""
    image = ArtworkImage.objects.select_for_update().get(pk=image.pk)
    image.processing_state = ProcessingState.READY if image.renditions else ProcessingState.FAILED
    if not image.renditions:
        image.processing_error = reason[:1000]
    image.save(update_fields=["processing_state", "processing_error", "updated_at"])
    return image


@transaction.atomic
def set_primary_image(*, image: ArtworkImage) -> ArtworkImage:
    ArtworkImage.objects.filter(artwork_id=image.artwork_id, is_primary=True).exclude(pk=image.pk).update(
        is_primary=False)
    image.is_primary = True
    image.save(update_fields=["is_primary", "updated_at"])
    refresh_artwork_colours(artwork=image.artwork)
    return image


@transaction.atomic
def delete_artwork_image(*, image: ArtworkImage) -> None:
    """Remove an image and its files; if it was primary, the next image takes its place."""
    artwork_id, was_primary, image_id = image.artwork_id, image.is_primary, image.pk
    files = [f for f in (image.file, image.thumbnail) if f]
    renditions = _rendition_names(image)
    image.delete()
    # Demo and bulk-loaded works may share one file; a file still referenced elsewhere stays.
    names = [(f.storage, f.name) for f in files
             if not ArtworkImage.objects.filter(Q(file=f.name) | Q(thumbnail=f.name)).exists()]
    if was_primary:
        successor = ArtworkImage.objects.filter(artwork_id=artwork_id).order_by("position", "id").first()
        if successor:
            successor.is_primary = True
            successor.save(update_fields=["is_primary", "updated_at"])
        refresh_artwork_colours(artwork=Artwork.objects.get(pk=artwork_id))
    # Files go only once the row is gone for good. A storage out of reach then must not turn the
    # deletion, already committed, into an error page; Django logs the error (the files stay behind).
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names], robust=True)
    transaction.on_commit(lambda: _delete_files(renditions), robust=True)
    transaction.on_commit(lambda: image_deleted.send(sender=ArtworkImage, image_id=image_id))




# A colour must cover at least this share of the primary image to count for the colour filter.
COLOUR_FILTER_MIN_WEIGHT = 0.1


def artwork_colours_value(palette: list[dict[str, Any]]) -> str:
    """The value of :attr:`Artwork.colours` for a primary image's ``palette``: the named colours that
    together weigh at least COLOUR_FILTER_MIN_WEIGHT, heaviest first, each padded by spaces."""
    weights: dict[str, float] = {}
    for colour in palette:
        name = str(colour.get("name") or nearest_named_colour(str(colour["hex"])))
        weights[name] = weights.get(name, 0.0) + float(colour["weight"])
    names = [name for name, weight in sorted(weights.items(), key=lambda item: (-item[1], item[0]))
             if weight >= COLOUR_FILTER_MIN_WEIGHT - 1e-9]
    return f" {' '.join(names)} " if names else ""


@transaction.atomic
def refresh_artwork_colours(*, artwork: Artwork) -> Artwork:
    """Set ``artwork.colours`` from its primary image's palette (empty without one or before processing)."""
    primary = ArtworkImage.objects.filter(artwork_id=artwork.pk, is_primary=True).only("palette").first()
    palette = list(primary.palette or []) if primary else []
    value = artwork_colours_value(palette)
    # Written unconditionally: the caller's instance may be older than the row.
    Artwork.objects.filter(pk=artwork.pk).update(colours=value)
    artwork.colours = value
    signals.palette_changed.send(sender=Artwork, artwork_id=artwork.pk, palette=palette)
    return artwork


# Market holds and sales --------------------------------------------------------------------------

@transaction.atomic
def set_artwork_availability(*, artwork: Artwork, availability: str) -> Artwork:
    """Put a work on hold, mark it sold or release it (the market calls this inside its own locks)."""
    if availability not in Availability.values:
        raise DomainError(errors.INVALID_CHOICE, _("Unknown availability."), field="availability")
    artwork.availability = availability
    _derive(artwork)
    artwork.save(update_fields=["availability", "is_listed", "price_base", "updated_at"])
    return artwork


@transaction.atomic
def set_copy_availability(*, copy: EditionCopy, availability: str) -> EditionCopy:
    """Hold, sell or release one numbered copy; the work shows as sold once no copy is left for sale."""
    if availability not in Availability.values:
        raise DomainError(errors.INVALID_CHOICE, _("Unknown availability."), field="availability")
    copy.availability = availability
    copy.save(update_fields=["availability"])
    artwork = copy.edition_set.artwork
    left = EditionCopy.objects.filter(edition_set__artwork=artwork, is_artist_proof=False).exclude(
        availability=Availability.SOLD).exists()
    open_run = artwork.edition_sets.filter(size__isnull=True).exists()
    wanted = Availability.SOLD if not left and not open_run else Availability.FOR_SALE
    if artwork.availability in (Availability.FOR_SALE, Availability.SOLD) and artwork.availability != wanted:
        set_artwork_availability(artwork=artwork, availability=wanted)
    return copy
