"""factory-boy factories shared by every test module."""

from __future__ import annotations

import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from dala.accounts.models import ArtistProfile, City, GalleryProfile, Role, User, UserRole
from dala.catalog.models import Artwork, ArtworkImage, Availability, Medium, Subject
from dala.core.translation import Translated
from dala.programmes.models import (
    CallStatus,
    Entry,
    EntryStatus,
    Exhibition,
    Juror,
    JurorStatus,
    Mentorship,
    OpenCall,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.django.Password("correct-horse-battery")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    slug = "almaty"
    name = Translated(kk="Алматы", ru="Алматы", en="Almaty")
    country = "KZ"


class ArtistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArtistProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: Translated(kk=f"Суретші {n}", ru=f"Художник {n}", en=f"Artist {n}"))
    slug = factory.Sequence(lambda n: f"artist-{n}")
    city = factory.SubFactory(CityFactory)
    country = "KZ"
    career_stage = "established"

    @factory.post_generation
    def role(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            UserRole.objects.get_or_create(user=self.user, role=Role.ARTIST)


class MediumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Medium
        django_get_or_create = ("slug",)

    slug = "oil"
    label = Translated(kk="Майлы бояу", ru="Масло", en="Oil")


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("slug",)

    slug = "steppe"
    label = Translated(kk="Дала", ru="Степь", en="Steppe")


class ArtworkFactory(factory.django.DjangoModelFactory):
    """A listed (public) work for sale; pass availability="draft" for a private one."""

    class Meta:
        model = Artwork

    artist = factory.SubFactory(ArtistFactory)
    title = factory.Sequence(lambda n: Translated(kk=f"Жұмыс {n}", ru=f"Работа {n}", en=f"Work {n}"))
    slug = factory.Sequence(lambda n: f"work-{n}")
    medium = factory.SubFactory(MediumFactory)
    year = 2024
    height_mm = 600
    width_mm = 800
    price_amount = 150_000_000
    price_currency = "KZT"
    price_visible = True
    availability = Availability.FOR_SALE
    deleted_at = None

    @factory.lazy_attribute
    def price_base(self) -> int | None:
        from dala.core.money import to_base_minor

        return to_base_minor(self.price_amount, self.price_currency) if self.price_visible else None

    @factory.lazy_attribute
    def is_listed(self) -> bool:
        return self.availability != Availability.DRAFT and self.deleted_at is None and self.artist.is_public


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48),
                color: tuple[int, int, int] = (200, 120, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


class ArtworkImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArtworkImage

    artwork = factory.SubFactory(ArtworkFactory)
    file = factory.LazyFunction(lambda: ContentFile(image_bytes(), name="image.jpg"))
    format = "JPEG"
    width = 64
    height = 48
    byte_size = factory.LazyAttribute(lambda o: o.file.size)
    is_primary = True


class GalleryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GalleryProfile

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: Translated(kk=f"Галерея {n}", ru=f"Галерея {n}", en=f"Gallery {n}"))
    slug = factory.Sequence(lambda n: f"gallery-{n}")


# Programmes ---------------------------------------------------------------------------------------

class ExhibitionFactory(factory.django.DjangoModelFactory):
    """A draft exhibition in Almaty; pass ``status="published", published_at=timezone.now()`` to publish."""

    class Meta:
        model = Exhibition

    slug = factory.Sequence(lambda n: f"exhibition-{n}")
    title = factory.Sequence(lambda n: Translated(kk=f"Көрме {n}", ru=f"Выставка {n}", en=f"Exhibition {n}"))
    organiser = factory.SubFactory(UserFactory)
    venue = "Kasteyev State Museum of Arts"
    city = factory.SubFactory(CityFactory)
    opens_on = factory.LazyFunction(lambda: timezone.localdate())
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class OpenCallFactory(factory.django.DjangoModelFactory):
    """A published call open for two weeks, no fee, anyone eligible, scored 1–10 by entry, blind."""

    class Meta:
        model = OpenCall

    slug = factory.Sequence(lambda n: f"call-{n}")
    title = factory.Sequence(lambda n: Translated(kk=f"Ашық шақыру {n}", ru=f"Открытый конкурс {n}",
                                                  en=f"Open call {n}"))
    brief = Translated(kk="Дала туралы жұмыстар.", ru="Работы о степи.", en="Works about the steppe.")
    organiser = factory.SubFactory(UserFactory)
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    status = CallStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class EntryFactory(factory.django.DjangoModelFactory):
    """A submitted entry (add works with ``EntryWork``)."""

    class Meta:
        model = Entry

    call = factory.SubFactory(OpenCallFactory)
    artist = factory.SubFactory(ArtistFactory)
    statement = "Ornaments of my grandmother's felt carpets, painted in oil."
    status = EntryStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class JurorFactory(factory.django.DjangoModelFactory):
    """An accepted juror."""

    class Meta:
        model = Juror

    call = factory.SubFactory(OpenCallFactory)
    user = factory.SubFactory(UserFactory)
    status = JurorStatus.ACCEPTED


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    mentor = factory.SubFactory(ArtistFactory)
    slug = factory.Sequence(lambda n: f"mentorship-{n}")
    theme = factory.Sequence(lambda n: Translated(kk=f"Ою-өрнек {n}", ru=f"Орнамент {n}", en=f"Ornament {n}"))
    length_weeks = 12
    places = 3
    languages = factory.LazyFunction(lambda: ["kk", "ru"])
