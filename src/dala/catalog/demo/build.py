"""Builds the demo: vocabularies, places, people and works.

Two ways to make works. The *curated* way (the default ~300) goes through the catalogue's services,
one work at a time, each with its own drawn picture, exactly as a studio would. The *bulk* way (for
benchmarks, up to a million) writes rows with ``bulk_create`` in batches, deriving ``price_base`` and
``is_listed`` the way the services do, and shares a small pool of pictures among all works.
"""

from __future__ import annotations

import datetime
import io
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connections, router, transaction
from django.db.models import Field, Max, Model
from django.utils import timezone
from tqdm import tqdm

from dala.accounts import services as accounts
from dala.accounts.models import (
    ArtistProfile,
    City,
    CollectorProfile,
    CriticProfile,
    GalleryProfile,
    Role,
    User,
)
from dala.core.kazakh import slugify
from dala.core.money import to_base_minor
from dala.core.translation import Translated

from .. import services
from ..images import make_thumbnail
from ..models import Artwork, ArtworkImage, Medium, Series, Subject
from ..tasks import make_image_thumbnail
from .drawing import draw_jpeg
from .people import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    ARTISTS,
    COLLECTOR,
    CRITIC,
    CURATOR,
    GALLERY,
    NAOKO,
    PASSWORD,
    DemoArtist,
    DemoPerson,
)
from .vocabulary import CITIES, MEDIA, SUBJECTS
from .works import ALT_TEXT, THEMES, WorkPlan, WorkPlanner

DEFAULT_ARTWORKS = 300
BULK_BATCH = 5000
POOL_KINDS = ("steppe",) * 4 + ("mountains",) * 3 + ("horses",) * 3 + ("yurt",) * 2 + ("ornament",) * 5 \
    + ("portrait",) * 4 + ("abstract",) * 3  # 24 pictures
SPREAD = datetime.timedelta(days=6 * 365)  # bulk works were added over the past six years


def _names(names: tuple[str, str, str]) -> Translated:
    return Translated(kk=names[0], ru=names[1], en=names[2])


@dataclass
class DemoArtistRow:
    spec: DemoArtist
    profile: ArtistProfile
    series: list[Series] = field(default_factory=list)


@dataclass
class DemoResult:
    artists: list[DemoArtistRow]
    artworks: int = 0
    images: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (who, e-mail, password)


# Vocabularies and places -----------------------------------------------------------------------

def ensure_vocabularies() -> None:
    for model, terms in ((Medium, MEDIA), (Subject, SUBJECTS)):
        for position, (slug, names) in enumerate(terms.items()):
            model.objects.update_or_create(slug=slug, defaults={"label": _names(names), "position": position})
    for slug, (kk, ru, en, country) in CITIES.items():
        City.objects.update_or_create(slug=slug, defaults={"name": Translated(kk=kk, ru=ru, en=en),
                                                           "country": country})


# People ----------------------------------------------------------------------------------------

def _user(email: str, display_name: str, role: str, *, shared_hash: str | None = None) -> User:
    """The demo user ``email``, made through the accounts services if it does not exist yet."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    if shared_hash is None:
        return accounts.register_user(email=email, password=PASSWORD, display_name=display_name, roles=[role],
                                      language="kk")
    # Hashing a password costs ~0.2 s; the two dozen secondary artists share one hash of the same password.
    user = User.objects.create_user(email=email, password=None, display_name=display_name)
    user.password = shared_hash
    user.save(update_fields=["password"])
    accounts.grant_role(user=user, role=role)
    return user


def _biography(spec: DemoArtist) -> tuple[str, str, str]:
    if spec.biography:
        return spec.biography
    city = CITIES[spec.city]
    subjects = list(dict.fromkeys(THEMES[theme].subjects[0] for theme in spec.themes))
    labels = [SUBJECTS[slug] for slug in subjects]
    established = spec.stage == "established"
    return (
        f"{spec.name[0]} — {city[0]} қаласында тұратын және жұмыс істейтін суретші. "
        + ("Тәжірибелі шебер, көрмелерге тұрақты қатысады. " if established else "Жас буын суретшісі. ")
        + "Негізгі тақырыптары: " + ", ".join(label[0].lower() for label in labels) + ".",
        f"{spec.name[1]} — художник, живёт и работает в городе {city[1]}. "
        + ("Опытный мастер, регулярно участвует в выставках. " if established
           else "Представитель молодого поколения. ")
        + "Основные темы: " + ", ".join(label[1].lower() for label in labels) + ".",
        f"{spec.name[2]} lives and works in {city[2]}. "
        + ("An experienced artist who exhibits regularly. " if established else "An artist of the younger "
           "generation. ")
        + "Main subjects: " + ", ".join(label[2].lower() for label in labels) + ".",
    )


def ensure_artists() -> list[DemoArtistRow]:
    shared_hash = make_password(PASSWORD)
    rows = []
    for spec in ARTISTS:
        user = _user(spec.email, spec.name[0], Role.ARTIST, shared_hash=None if spec is NAOKO else shared_hash)
        profile = user.artist_profile
        if not profile.biography:
            accounts.update_artist_profile(
                profile=profile, name=_names(spec.name), city=spec.city, birth_year=spec.birth_year,
                career_stage=spec.stage, biography=_names(_biography(spec)),
                statement=_names(spec.statement) if spec.statement else Translated(),
            )
            if spec.featured:
                profile.is_featured = True
                profile.save(update_fields=["is_featured", "updated_at"])
        series = list(Series.objects.filter(artist=profile).order_by("id"))
        for names in spec.series[len(series):]:
            series.append(Series.objects.create(artist=profile, title=_names(names)))
        rows.append(DemoArtistRow(spec, profile, series))
    return rows


def ensure_others() -> list[tuple[str, str, str]]:
    """The gallery, critic, collector, curator and staff accounts; returns their logins."""
    logins = []
    for person in (GALLERY, CRITIC, COLLECTOR, CURATOR):
        user = _user(person.email, person.display_name, person.role)
        _fill_profile(user, person)
        logins.append((person.role, person.email, PASSWORD))
    if not User.objects.filter(email=ADMIN_EMAIL).exists():
        User.objects.create_superuser(email=ADMIN_EMAIL, password=ADMIN_PASSWORD, display_name="dala staff")
    logins.append(("staff (admin)", ADMIN_EMAIL, ADMIN_PASSWORD))
    return logins


def _fill_profile(user: User, person: DemoPerson) -> None:
    details: dict[str, Any] = person.details
    if person.role == Role.GALLERY:
        gallery = GalleryProfile.objects.get(user=user)
        gallery.name = _names(details["name"])
        gallery.city = City.objects.get(slug=details["city"])
        gallery.country = gallery.city.country
        gallery.description = _names(details["description"])
        gallery.website = details["website"]
        gallery.is_verified = True
        gallery.save()
    elif person.role == Role.CRITIC:
        critic = CriticProfile.objects.get(user=user)
        critic.name = _names(details["name"])
        critic.outlet = details["outlet"]
        critic.biography = _names(details["biography"])
        critic.save()
    elif person.role == Role.COLLECTOR:
        CollectorProfile.objects.filter(user=user).update(name=details["name"], is_private=True)


def _allocate(total: int, artists: list[DemoArtistRow]) -> list[int]:
    """How many of ``total`` works each artist gets, by share, every artist at least one while there are any."""
    weights = [row.spec.share for row in artists]
    raw = [total * weight / sum(weights) for weight in weights]
    counts = [int(value) for value in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[index] += 1
    return counts


# Curated works (through the services) ----------------------------------------------------------

def create_curated_works(artists: list[DemoArtistRow], total: int, rng: random.Random, *, images: bool,
                         progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """``total`` works made with create_artwork (and add_edition_set, add_artwork_image); returns the
    number of works and of images."""
    media = {medium.slug: medium for medium in Medium.objects.all()}
    subjects = {subject.slug: subject for subject in Subject.objects.all()}
    labels = {slug: (names[0], names[1], names[2]) for slug, names in MEDIA.items()}
    now = timezone.now()
    made = pictures = 0
    for row, count in zip(artists, _allocate(total, artists), strict=True):
        planner = WorkPlanner(row.spec, rng, labels)
        first_number = Artwork.objects.filter(artist=row.profile).count() + 1
        backdated: list[Artwork] = []
        with transaction.atomic():
            for number in range(first_number, first_number + count):
                plan = planner.plan()
                picture_seed = rng.getrandbits(32)
                series = row.series[number % len(row.series)] if row.series and rng.random() < 0.4 else None
                fields = plan.fields()
                fields["medium"] = media[plan.medium]
                fields["subjects"] = [subjects[slug] for slug in plan.subjects]
                artwork = services.create_artwork(
                    artist=row.profile, series=series,
                    inventory_number=f"{row.spec.initials}-{plan.year}-{number:03d}", **fields)
                _add_editions(artwork, plan)
                if images:
                    _add_picture(artwork, plan, random.Random(picture_seed))
                    pictures += 1
                # Spread the works over the past two years, so that "newest" means something.
                artwork.created_at = now - datetime.timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
                backdated.append(artwork)
                made += 1
                if progress:
                    progress(1)
            Artwork.objects.bulk_update(backdated, ["created_at"])
    return made, pictures


def _add_editions(artwork: Artwork, plan: WorkPlan) -> None:
    if plan.edition_type == "unique":
        return
    size = f"{plan.height_mm // 10} × {plan.width_mm // 10} cm"
    services.add_edition_set(artwork=artwork, label=f"{plan.materials}, {size}", size=plan.edition_size,
                             artist_proofs=plan.artist_proofs, price_amount=plan.edition_price,
                             price_currency=plan.price_currency)


def _alt_text(plan: WorkPlan) -> dict[str, str]:
    kind = ALT_TEXT[plan.drawing]
    return {code: f"{kind[i]}: {plan.title[code]}" for i, code in enumerate(("kk", "ru", "en"))}


def _add_picture(artwork: Artwork, plan: WorkPlan, rng: random.Random) -> None:
    upload = io.BytesIO(draw_jpeg(plan.drawing, rng))
    image = services.add_artwork_image(artwork=artwork, upload=upload, alt_text=_alt_text(plan))
    # `make run` serves before the worker has caught up: make the thumbnail now, in this process
    # (the task queued on commit then finds it made and does nothing).
    make_image_thumbnail.call(image.pk)


# Bulk works (benchmarks) -----------------------------------------------------------------------

@dataclass(frozen=True)
class PoolPicture:
    kind: str
    file: str
    thumbnail: str
    width: int
    height: int
    byte_size: int


def draw_pool(rng: random.Random) -> dict[str, list[PoolPicture]]:
    """A couple of dozen pictures, stored once; bulk works point at them instead of a file each."""
    from PIL import Image

    pool: dict[str, list[PoolPicture]] = {}
    for kind in POOL_KINDS:
        data = draw_jpeg(kind, random.Random(rng.getrandbits(32)))
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
        name = default_storage.save(f"artworks/demo/{uuid.uuid4().hex}.jpg", ContentFile(data))
        thumb = default_storage.save(f"artworks/thumbs/demo/{uuid.uuid4().hex}.jpg",
                                     ContentFile(make_thumbnail(io.BytesIO(data), ArtworkImage.THUMBNAIL_WIDTH)))
        pool.setdefault(kind, []).append(PoolPicture(kind, name, thumb, width, height, len(data)))
    return pool


def create_bulk_works(artists: list[DemoArtistRow], total: int, rng: random.Random, *, images: bool,
                      progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """``total`` works written in batches of :data:`BULK_BATCH`, one transaction each.

    The rows go in with ``executemany`` rather than ``bulk_create``: at this size, the ORM's per-value
    SQL compilation costs four times what the database does (100 000 works took 33 s with
    bulk_create). The values are still prepared by the fields themselves where it matters (JSON, dates).
    """
    media = dict(Medium.objects.values_list("slug", "pk"))
    subjects = dict(Subject.objects.values_list("slug", "pk"))
    labels = {slug: (names[0], names[1], names[2]) for slug, names in MEDIA.items()}
    planners = [(row, WorkPlanner(row.spec, rng, labels)) for row in artists]
    weights = [row.spec.share for row in artists]
    pool = draw_pool(rng) if images else {}
    # Ids (and so slugs and inventory numbers) above every existing one stay unique on a second run.
    start = (Artwork.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    slug_bases: dict[tuple[str, int], str] = {}
    json_value = _db_value(Artwork, "title")
    date_value = _db_value(Artwork, "created_at")
    alt_value = _db_value(ArtworkImage, "alt_text")
    no_renditions = _db_value(ArtworkImage, "renditions")([])
    now = timezone.now()
    now_db = date_value(now)
    spread = int(SPREAD.total_seconds())
    made = pictures = 0
    for offset in range(0, total, BULK_BATCH):
        size = min(BULK_BATCH, total - offset)
        works: list[tuple[Any, ...]] = []
        tags: list[tuple[int, int]] = []
        pictures_rows: list[tuple[Any, ...]] = []
        for number in range(start + offset, start + offset + size):
            row, planner = rng.choices(planners, weights)[0]
            plan = planner.plan()
            base = slug_bases.get(plan.title_key)
            if base is None:
                base = slugify(THEMES[plan.title_key[0]].titles[plan.title_key[1]][0], max_length=60) or "artwork"
                slug_bases[plan.title_key] = base
            created = date_value(now - datetime.timedelta(seconds=rng.randrange(spread)))
            works.append((
                number, row.profile.pk, json_value(plan.title), f"{base}-{number}", plan.year, media[plan.medium],
                plan.materials, plan.height_mm, plan.width_mm, plan.depth_mm, plan.edition_type,
                json_value(plan.description), plan.price_amount, plan.price_currency,
                # What services.create_artwork derives, derived the same way.
                to_base_minor(plan.price_amount, plan.price_currency) if plan.price_visible else None,
                plan.price_visible, plan.availability, plan.location, f"D{number:07d}", "",
                plan.availability != "draft" and row.profile.is_public, created, now_db,
                "",  # colours: set by refresh_artwork_colours once the image is processed
                False,  # buy_now: off, as for a new work; the market demo turns it on for a few
                False,  # credits_pending: a demo work is by one artist
            ))
            tags.extend((number, subjects[slug]) for slug in plan.subjects)
            if pool:
                picture = rng.choice(pool[plan.drawing])
                pictures_rows.append((number, picture.file, picture.thumbnail, "JPEG", picture.width, picture.height,
                                      picture.byte_size, True, 0, alt_value(_alt_text(plan)), created, now_db,
                                      # made later by `dala images reprocess`; pages use the thumbnail until then
                                      no_renditions, "pending", "", no_renditions, ""))
        with transaction.atomic():
            _insert(Artwork, _ARTWORK_COLUMNS, works)
            _insert(Artwork.subjects.through, ("artwork", "subject"), tags)
            _insert(ArtworkImage, _IMAGE_COLUMNS, pictures_rows)
        pictures += len(pictures_rows)
        made += size
        if progress:
            progress(size)
    _reset_sequences()
    return made, pictures


_ARTWORK_COLUMNS = (
    "id", "artist", "title", "slug", "year", "medium", "materials", "height_mm", "width_mm", "depth_mm",
    "edition_type", "description", "price_amount", "price_currency", "price_base", "price_visible",
    "availability", "location", "inventory_number", "private_notes", "is_listed", "created_at", "updated_at",
    "colours", "buy_now", "credits_pending",
)
_IMAGE_COLUMNS = ("artwork", "file", "thumbnail", "format", "width", "height", "byte_size", "is_primary",
                  "position", "alt_text", "created_at", "updated_at",
                  "renditions", "processing_state", "processing_error", "palette", "phash")


def _db_value(model: type[Model], name: str) -> Callable[[Any], Any]:
    """The field's own conversion to a database parameter (JSON text, a date string on SQLite…)."""
    model_field = model._meta.get_field(name)
    connection = connections[router.db_for_write(model)]
    return lambda value: model_field.get_db_prep_save(value, connection)  # type: ignore[union-attr]


def _insert(model: type[Model], names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})", rows)


def _column(model: type[Model], name: str) -> str:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, Field)
    return str(model_field.column)


def _reset_sequences() -> None:
    # Rows inserted with explicit ids leave PostgreSQL's sequence behind; SQLite needs nothing.
    connection = connections[router.db_for_write(Artwork)]
    statements = connection.ops.sequence_reset_sql(no_style(), [Artwork])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


# The whole demo ----------------------------------------------------------------------------------

def build_demo(*, artworks: int = DEFAULT_ARTWORKS, images: bool = True, seed: int = 2026, bulk: bool = False,
               out: TextIO | None = None) -> DemoResult:
    """Everything the demo has; ``bulk`` writes the works with bulk_create (the way for big numbers)."""
    rng = random.Random(seed)
    with transaction.atomic():
        ensure_vocabularies()
        artists = ensure_artists()
        logins = [("artist", NAOKO.email, PASSWORD), *ensure_others()]
    result = DemoResult(artists=artists, logins=logins)
    with tqdm(total=artworks, unit="work", file=out, disable=out is None, desc="artworks") as bar:
        make = create_bulk_works if bulk else create_curated_works
        result.artworks, result.images = make(artists, artworks, rng, images=images, progress=bar.update)
    return result
