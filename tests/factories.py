"""factory-boy factories shared by every test module."""

from __future__ import annotations

import io

import factory
from django.core.files.base import ContentFile
from PIL import Image

from dala.accounts.models import ArtistProfile, City, GalleryProfile, Role, User, UserRole
from dala.catalog.models import Artwork, ArtworkImage, Availability, Medium, Subject
from dala.core.translation import Translated


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
