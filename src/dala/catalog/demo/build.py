"""Builds the demo: vocabularies, places, people and works.

Two ways to make works. The *curated* way (the default ~300) goes through the catalogue's services,
one work at a time, each with its own drawn picture, exactly as a studio would. The *bulk* way (for
benchmarks, up to a million) writes rows with ``executemany`` in batches, deriving ``price_base``,
``is_listed`` and ``colours`` the way the services do, and shares a small pool of pictures among all
works. It also adds the generated crowd of :mod:`.crowd`, one artist for every 20 works.
"""

from __future__ import annotations

import datetime
import io
import itertools
import random
import re
import uuid
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connections, router, transaction
from django.db.models import Field, Max, Model
from django.utils import timezone
from django.utils.module_loading import import_string
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
    UserRole,
)
from dala.core.kazakh import slugify
from dala.core.money import to_base_minor
from dala.core.translation import Translated

from .. import services
from ..images import make_thumbnail
from ..models import Artwork, ArtworkImage, Medium, Series, Subject, originals_storage
from ..tasks import make_image_thumbnail
from .crowd import WORKS_PER_ARTIST, crowd_artist, crowd_size
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
CURATED_SHARE = 0.4  # of bulk works, by the curated artists; the crowd shares the rest
CROWD_BLOCK = 2000  # crowd artists whose works are planned together (only their planners are held)
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
    artists: list[DemoArtistRow]  # the curated ones
    artworks: int = 0
    images: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (who, e-mail, password)
    crowd: int = 0  # generated artists (bulk mode)

    @property
    def artist_count(self) -> int:
        return len(self.artists) + self.crowd


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
    """How many of ``total`` works each artist gets, by share."""
    return _spread(total, [row.spec.share for row in artists])


def _spread(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, largest remainders first."""
    raw = [total * weight / sum(weights) for weight in weights]
    counts = [int(value) for value in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[index] += 1
    return counts


# The crowd (bulk mode) -------------------------------------------------------------------------

_CROWD_EMAIL = re.compile(r"crowd-(\d+)@dala\.example")


@dataclass
class CrowdRoster:
    """The crowd artists a bulk demo spreads works over: crowd artist ``i + 1`` is profile ``pks[i]``."""

    seed: int
    pks: array[int]
    public: bytearray

    def __len__(self) -> int:
        return len(self.pks)


def ensure_crowd(count: int, *, seed: int, progress: Callable[[int], None] | None = None) -> CrowdRoster:
    """Crowd artists 1 to ``count``, made where missing (in batches of rows, as grant_role and
    update_artist_profile would make them, but ~1000 times as fast)."""
    known: dict[int, tuple[int, bool]] = {}
    for email, pk, is_public in ArtistProfile.objects.filter(user__email__startswith="crowd-").values_list(
            "user__email", "pk", "is_public"):
        if match := _CROWD_EMAIL.fullmatch(email):
            known[int(match[1])] = (pk, is_public)
    missing = [number for number in range(1, count + 1) if number not in known]
    if progress:
        progress(count - len(missing))
    if missing:
        shared_hash = User.objects.filter(email=ARTISTS[1].email).values_list("password", flat=True).first()
        _write_crowd(missing, seed, shared_hash or make_password(PASSWORD), known, progress)
    return CrowdRoster(seed, array("q", (known[number][0] for number in range(1, count + 1))),
                       bytearray(known[number][1] for number in range(1, count + 1)))


_USER_COLUMNS = ("id", "password", "last_login", "is_superuser", "email", "display_name", "preferred_language",
                 "is_active", "is_staff", "date_joined")
_PROFILE_COLUMNS = ("id", "created_at", "updated_at", "user", "name", "slug", "city", "country", "birth_year",
                    "career_stage", "biography", "statement", "is_featured", "is_public")


def _write_crowd(numbers: list[int], seed: int, password: str, known: dict[int, tuple[int, bool]],
                 progress: Callable[[int], None] | None) -> None:
    cities = dict(City.objects.values_list("slug", "pk"))
    # Ids above every existing one, as for bulk works; the sequences are moved past them at the end.
    user_id = (User.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    profile_id = (ArtistProfile.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    text_value = _db_value(ArtistProfile, "name")
    no_statement = text_value(Translated())
    now = timezone.now()
    joined = _db_value(User, "date_joined")(now)
    granted = _db_value(UserRole, "granted_at")(now)
    created = _db_value(ArtistProfile, "created_at")(now)
    for offset in range(0, len(numbers), BULK_BATCH):
        users: list[tuple[Any, ...]] = []
        roles: list[tuple[Any, ...]] = []
        profiles: list[tuple[Any, ...]] = []
        for number in numbers[offset:offset + BULK_BATCH]:
            artist = crowd_artist(number, seed=seed)
            # What register_user, grant_role(role=artist) and update_artist_profile would write.
            users.append((user_id, password, None, False, artist.email, artist.name[0][:150], "kk", True, False,
                          joined))
            roles.append((user_id, Role.ARTIST.value, granted))
            profiles.append((
                profile_id, created, created, user_id, text_value(_names(artist.name)), artist.slug,
                cities[artist.city], artist.country, artist.birth_year, artist.stage,
                text_value(_names(_biography(artist.spec()))), no_statement, False, artist.is_public))
            known[number] = (profile_id, artist.is_public)
            user_id += 1
            profile_id += 1
        with transaction.atomic():
            _insert(User, _USER_COLUMNS, users)
            _insert(UserRole, ("user", "role", "granted_at"), roles)
            _insert(ArtistProfile, _PROFILE_COLUMNS, profiles)
        if progress:
            progress(len(users))
    _reset_sequences(User, ArtistProfile)


def _crowd_works(total: int, crowd: CrowdRoster | None) -> int:
    """How many of ``total`` bulk works go to the crowd: all but the curated artists' share, and no
    more than :data:`WORKS_PER_ARTIST` each (while the crowd is small)."""
    if not crowd:
        return 0
    return min(total - round(total * CURATED_SHARE), WORKS_PER_ARTIST * len(crowd))


def _crowd_plans(crowd: CrowdRoster, count: int, rng: random.Random, labels: dict[str, tuple[str, str, str]],
                 ) -> Iterator[tuple[int, bool, WorkPlanner]]:
    """The artist (pk, public) and planner of each of ``count`` crowd works, spread evenly at random.

    The crowd is taken in blocks of :data:`CROWD_BLOCK`, each with its share of the works dealt out
    in a shuffled deck, so that only one block's planners are alive at a time."""
    blocks = [range(start, min(start + CROWD_BLOCK, len(crowd))) for start in range(0, len(crowd), CROWD_BLOCK)]
    for members, works in zip(blocks, _spread(count, [len(block) for block in blocks]), strict=True):
        deck = [index for index in members for _ in range(works // len(members))]
        deck += rng.sample(members, works % len(members))
        rng.shuffle(deck)
        planners: dict[int, WorkPlanner] = {}
        for index in deck:
            planner = planners.get(index)
            if planner is None:
                spec = crowd_artist(index + 1, seed=crowd.seed).spec()
                planner = planners[index] = WorkPlanner(spec, rng, labels)
            yield crowd.pks[index], bool(crowd.public[index]), planner


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
    palette: list[dict[str, object]] = field(default_factory=list, hash=False)
    colours: str = ""  # the work's Artwork.colours with this picture


def draw_pool(rng: random.Random) -> dict[str, list[PoolPicture]]:
    """A couple of dozen pictures, stored once; bulk works point at them instead of a file each."""
    from PIL import Image

    pool: dict[str, list[PoolPicture]] = {}
    for kind in POOL_KINDS:
        data = draw_jpeg(kind, random.Random(rng.getrandbits(32)))
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
        # Originals go where add_artwork_image puts them, so `dala images reprocess` finds them.
        name = originals_storage().save(f"artworks/demo/{uuid.uuid4().hex}.jpg", ContentFile(data))
        thumb = default_storage.save(f"artworks/thumbs/demo/{uuid.uuid4().hex}.jpg",
                                     ContentFile(make_thumbnail(io.BytesIO(data), ArtworkImage.THUMBNAIL_WIDTH)))
        palette = pool_palette(data)
        pool.setdefault(kind, []).append(PoolPicture(kind, name, thumb, width, height, len(data), palette,
                                                     services.artwork_colours_value(palette)))
    return pool


def pool_palette(data: bytes) -> list[dict[str, object]]:
    """The palette the imaging pipeline will find in the JPEG ``data`` (the very one `dala images
    reprocess` records later). The catalogue does not import the imaging app above it: the function is
    named by the setting ``DALA_DEMO_PALETTE``, as the pages name the panels of the apps above them."""
    palette_of: Callable[[bytes], list[dict[str, object]]] = import_string(settings.DALA_DEMO_PALETTE)
    return palette_of(data)


def create_bulk_works(artists: list[DemoArtistRow], total: int, rng: random.Random, *, images: bool,
                      progress: Callable[[int], None] | None = None,
                      crowd: CrowdRoster | None = None) -> tuple[int, int]:
    """``total`` works written in batches of :data:`BULK_BATCH`, one transaction each.

    With a ``crowd``, the curated artists make :data:`CURATED_SHARE` of the works (by their shares)
    and the crowd artists the rest, evenly (see :func:`_crowd_works`).

    The rows go in with ``executemany`` rather than ``bulk_create``: at this size, the ORM's per-value
    SQL compilation costs four times what the database does (100 000 works took 33 s with
    bulk_create). The values are still prepared by the fields themselves where it matters (JSON, dates).
    """
    media = dict(Medium.objects.values_list("slug", "pk"))
    subjects = dict(Subject.objects.values_list("slug", "pk"))
    labels = {slug: (names[0], names[1], names[2]) for slug, names in MEDIA.items()}
    curated = [(row.profile.pk, row.profile.is_public, WorkPlanner(row.spec, rng, labels)) for row in artists]
    shares = list(itertools.accumulate(row.spec.share for row in artists))
    crowd_left = _crowd_works(total, crowd)
    crowd_plans = _crowd_plans(crowd, crowd_left, rng, labels) if crowd and crowd_left else iter(())
    pool = draw_pool(rng) if images else {}
    # Ids (and so slugs and inventory numbers) above every existing one stay unique on a second run.
    start = (Artwork.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    slug_bases: dict[tuple[str, int], str] = {}
    json_value = _db_value(Artwork, "title")
    date_value = _db_value(Artwork, "created_at")
    alt_value = _db_value(ArtworkImage, "alt_text")
    no_renditions = _db_value(ArtworkImage, "renditions")([])
    palette_value = _db_value(ArtworkImage, "palette")
    palettes = {picture.file: palette_value(picture.palette) for pictures in pool.values() for picture in pictures}
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
            # Of the works left (this one included), exactly crowd_left are the crowd's. Without a crowd
            # nothing is drawn here, so a bulk demo with no crowd is the same as it always was.
            if crowd_left and rng.random() * (total - (number - start)) < crowd_left:
                artist, public, planner = next(crowd_plans)
                crowd_left -= 1
            else:
                artist, public, planner = rng.choices(curated, cum_weights=shares)[0]
            plan = planner.plan()
            base = slug_bases.get(plan.title_key)
            if base is None:
                base = slugify(THEMES[plan.title_key[0]].titles[plan.title_key[1]][0], max_length=60) or "artwork"
                slug_bases[plan.title_key] = base
            created = date_value(now - datetime.timedelta(seconds=rng.randrange(spread)))
            picture = rng.choice(pool[plan.drawing]) if pool else None
            works.append((
                number, artist, json_value(plan.title), f"{base}-{number}", plan.year, media[plan.medium],
                plan.materials, plan.height_mm, plan.width_mm, plan.depth_mm, plan.edition_type,
                json_value(plan.description), plan.price_amount, plan.price_currency,
                # What services.create_artwork derives, derived the same way.
                to_base_minor(plan.price_amount, plan.price_currency) if plan.price_visible else None,
                plan.price_visible, plan.availability, plan.location, f"D{number:07d}", "",
                plan.availability != "draft" and public, created, now_db,
                # What refresh_artwork_colours writes for the primary image's palette.
                picture.colours if picture else "",
                False,  # buy_now: off, as for a new work; the market demo turns it on for a few
                False,  # credits_pending: a demo work is by one artist
            ))
            tags.extend((number, subjects[slug]) for slug in plan.subjects)
            if picture:
                pictures_rows.append((number, picture.file, picture.thumbnail, "JPEG", picture.width, picture.height,
                                      picture.byte_size, True, 0, alt_value(_alt_text(plan)), created, now_db,
                                      # made later by `dala images reprocess`; pages use the thumbnail until then
                                      no_renditions, "pending", "", palettes[picture.file], ""))
        with transaction.atomic():
            _insert(Artwork, _ARTWORK_COLUMNS, works)
            _insert(Artwork.subjects.through, ("artwork", "subject"), tags)
            _insert(ArtworkImage, _IMAGE_COLUMNS, pictures_rows)
        pictures += len(pictures_rows)
        made += size
        if progress:
            progress(size)
    _reset_sequences(Artwork)
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


def _reset_sequences(*models: type[Model]) -> None:
    # Rows inserted with explicit ids leave PostgreSQL's sequences behind; SQLite needs nothing.
    connection = connections[router.db_for_write(models[0])]
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


# The whole demo ----------------------------------------------------------------------------------

def build_demo(*, artworks: int = DEFAULT_ARTWORKS, images: bool = True, seed: int = 2026, bulk: bool = False,
               out: TextIO | None = None) -> DemoResult:
    """Everything the demo has; ``bulk`` writes the works in batches of rows (the way for big numbers)
    and adds the crowd, so that there is one artist for every 20 works."""
    rng = random.Random(seed)
    with transaction.atomic():
        ensure_vocabularies()
        artists = ensure_artists()
        logins = [("artist", NAOKO.email, PASSWORD), *ensure_others()]
    result = DemoResult(artists=artists, logins=logins)
    crowd = None
    if bulk and (size := crowd_size(artworks)):
        with tqdm(total=size, unit="artist", file=out, disable=out is None, desc="artists") as bar:
            crowd = ensure_crowd(size, seed=seed, progress=bar.update)
        result.crowd = len(crowd)
    with tqdm(total=artworks, unit="work", file=out, disable=out is None, desc="artworks") as bar:
        if bulk:
            result.artworks, result.images = create_bulk_works(artists, artworks, rng, images=images,
                                                               progress=bar.update, crowd=crowd)
        else:
            result.artworks, result.images = create_curated_works(artists, artworks, rng, images=images,
                                                                  progress=bar.update)
    return result
