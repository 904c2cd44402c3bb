"""`dala demo`: the demo artists, accounts and works, made through the services or in bulk."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from dala.accounts.models import ArtistProfile, City, CollectorProfile, CriticProfile, GalleryProfile, Role, User
from dala.catalog.models import Artwork, ArtworkImage, EditionSet, Medium, Subject
from dala.core.money import to_base_minor

pytestmark = pytest.mark.django_db


def _demo(**options: object) -> str:
    out = io.StringIO()
    call_command("demo", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_demo_creates_bakhyt_naoko_with_works_pictures_and_the_other_accounts() -> None:
    output = _demo(artworks=30)

    naoko = ArtistProfile.objects.get(slug="baqyt-naoko")
    assert naoko.name.as_dict() == {"kk": "Бақыт Наоко", "ru": "Бахыт Наоко", "en": "Bakhyt Naoko"}
    assert (naoko.city.slug, naoko.career_stage, naoko.is_featured) == ("almaty", "established", True)
    assert "steppes" in naoko.biography["en"] and "ornament" in naoko.biography["en"]
    assert set(naoko.biography) == {"kk", "ru", "en"}
    works = Artwork.objects.filter(artist=naoko)
    assert works.exists()
    for work in Artwork.objects.all():
        assert set(work.title) == {"kk", "ru", "en"}
        image = work.images.get()
        assert image.is_primary and image.thumbnail and image.width >= 1000
        assert work.price_base == (to_base_minor(work.price_amount, work.price_currency)
                                   if work.price_visible else None)
    assert Artwork.objects.count() == 30
    assert ArtistProfile.objects.count() >= 21
    assert set(ArtistProfile.objects.values_list("country", flat=True)) >= {"KZ", "KG", "UZ", "TJ", "TM"}
    assert {"emerging", "established"} <= set(ArtistProfile.objects.values_list("career_stage", flat=True))
    assert Medium.objects.count() >= 12 and Subject.objects.count() >= 12
    assert all(set(term.label) == {"kk", "ru", "en"} for term in [*Medium.objects.all(), *Subject.objects.all()])
    assert City.objects.filter(country="TJ").exists()
    assert GalleryProfile.objects.get().is_verified
    assert CriticProfile.objects.get().outlet
    assert CollectorProfile.objects.get().is_private
    assert User.objects.filter(roles__role=Role.CURATOR).exists()
    admin = User.objects.get(email="admin@dala.example")
    assert admin.is_staff and admin.is_superuser
    assert User.objects.get(email="naoko@dala.example").check_password("dala-demo-2026")
    assert "naoko@dala.example" in output and "dala-demo-2026" in output and "admin@dala.example" in output


def test_the_default_demo_has_editions_and_a_mix_of_prices_and_availability() -> None:
    _demo(artworks=120, no_images=True)

    assert EditionSet.objects.exists()
    assert Artwork.objects.filter(price_visible=False).exists()
    assert set(Artwork.objects.values_list("price_currency", flat=True)) >= {"KZT", "USD"}
    assert set(Artwork.objects.values_list("availability", flat=True)) >= {"for_sale", "sold", "draft"}
    assert not ArtworkImage.objects.exists()


def test_if_empty_leaves_a_site_with_artworks_alone() -> None:
    _demo(artworks=3, no_images=True)
    counts = (Artwork.objects.count(), User.objects.count())

    output = _demo(if_empty=True)

    assert (Artwork.objects.count(), User.objects.count()) == counts
    assert "nothing to do" in output


def test_running_the_demo_again_adds_works_without_duplicating_people() -> None:
    _demo(artworks=5, no_images=True)
    users = User.objects.count()

    _demo(artworks=5, no_images=True)

    assert User.objects.count() == users
    assert Artwork.objects.count() == 10


def test_bulk_mode_derives_is_listed_and_price_base_as_the_services_do() -> None:
    _demo(artworks=400, bulk=True)
    # Pictures come from a small pool of files shared by reference.
    assert ArtworkImage.objects.count() == 400
    assert len(set(ArtworkImage.objects.values_list("file", flat=True))) <= 24
    _demo(artworks=100, bulk=True)  # a second run finds free slugs and inventory numbers

    works = list(Artwork.objects.prefetch_related("subjects", "images"))
    assert len(works) == 500
    for work in works:
        assert work.is_listed == (work.availability != "draft")
        assert work.price_base == (to_base_minor(work.price_amount, work.price_currency)
                                   if work.price_visible else None)
        assert work.subjects.all()
        assert len(work.images.all()) == 1
    assert {False, True} <= {work.price_visible for work in works}
    assert len({(work.artist_id, work.slug) for work in works}) == 500
    # The works were "added" over past years.
    oldest = min(work.created_at for work in works)
    assert oldest < timezone.now() - datetime.timedelta(days=365)
    assert Artwork.objects.listed().filter(artist__slug="baqyt-naoko").exists()
    # New rows still get ids after the bulk ones (the sequence is past them on PostgreSQL).
    _demo(artworks=1, no_images=True)
    assert Artwork.objects.count() == 501


def test_bulk_mode_without_images_makes_no_pictures() -> None:
    _demo(artworks=50, bulk=True, no_images=True)

    assert Artwork.objects.count() == 50
    assert not ArtworkImage.objects.exists()
