"""`dala demo`: the demo artists, accounts and works, made through the services or in bulk."""

from __future__ import annotations

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dala.accounts import services as accounts
from dala.accounts.models import ArtistProfile, City, CollectorProfile, CriticProfile, GalleryProfile, Role, User
from dala.catalog.demo.crowd import crowd_artist, crowd_names, is_namesake
from dala.catalog.demo.people import ARTISTS
from dala.catalog.models import Artwork, ArtworkImage, EditionSet, Medium, Subject
from dala.catalog.selectors import BrowseFilters, artworks_for_browse
from dala.catalog.services import artwork_colours_value
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


# The crowd: bulk mode's generated artists ------------------------------------------------------

CROWD = {"user__email__startswith": "crowd-"}


def test_a_bulk_demo_has_one_artist_for_every_twenty_works(client: Client) -> None:
    output = _demo(artworks=2000, bulk=True, no_images=True)

    assert "Demo: 100 artists, 2000 artworks" in output
    assert ArtistProfile.objects.count() == 100
    crowd = list(ArtistProfile.objects.filter(**CROWD).select_related("user", "city"))
    assert len(crowd) == 75
    for artist in crowd:
        assert set(artist.name) == set(artist.biography) == {"kk", "ru", "en"}
        assert artist.name["en"] in artist.biography["en"] and artist.city.name["en"] in artist.biography["en"]
        assert artist.country == artist.city.country
        assert 1950 <= (artist.birth_year or 0) <= 2004
        assert artist.user.has_role(Role.ARTIST)
    # Each logs in with the demo artists' password; their addresses and names are their own.
    assert crowd[0].user.check_password("dala-demo-2026")
    assert len({artist.slug for artist in crowd}) == len({artist.user.email for artist in crowd}) == 75
    assert {"emerging", "established"} <= {artist.career_stage for artist in crowd}
    assert {"KZ"} < {artist.country for artist in crowd}
    # The crowd makes 60 % of the works, shared evenly; the curated artists keep the rest.
    counts = dict(Artwork.objects.filter(artist__in=crowd).values("artist").annotate(n=Count("id"))
                  .values_list("artist", "n"))
    assert sum(counts.values()) == 1200
    assert len(counts) == 75 and set(counts.values()) == {16}
    assert Artwork.objects.filter(artist__slug="baqyt-naoko").count() > 50
    # A crowd artist's page shows them and their works.
    artist = next(artist for artist in crowd if artist.is_public)
    work = Artwork.objects.listed().filter(artist=artist).first()
    assert work is not None
    with translation.override("en"):
        page = client.get(artist.get_absolute_url())
    assert page.status_code == 200
    assert artist.name["en"] in page.content.decode() and work.title["en"] in page.content.decode()


def test_crowd_artists_are_public_except_a_few_whose_works_stay_unlisted() -> None:
    _demo(artworks=20_000, bulk=True, no_images=True)

    crowd = ArtistProfile.objects.filter(**CROWD)
    # The ids are read first: rows made inside the test's transaction have no statistics yet, and with
    # the artists as a subquery PostgreSQL may plan a nested loop that runs for minutes.
    hidden = list(crowd.filter(is_public=False).values_list("pk", flat=True))
    shown = list(crowd.filter(is_public=True).values_list("pk", flat=True))
    assert len(hidden) + len(shown) == 975
    assert 0 < len(hidden) < 0.05 * 975
    assert not Artwork.objects.listed().filter(artist_id__in=hidden).exists()
    assert Artwork.objects.listed().filter(artist_id__in=shown).count() > 10_000


def test_running_a_bulk_demo_again_adds_only_the_missing_crowd_artists() -> None:
    _demo(artworks=600, bulk=True, no_images=True)
    first = set(ArtistProfile.objects.filter(**CROWD).values_list("slug", flat=True))

    output = _demo(artworks=700, bulk=True, no_images=True)

    assert "Demo: 35 artists, 700 artworks" in output
    assert len(first) == 5 and first < set(ArtistProfile.objects.filter(**CROWD).values_list("slug", flat=True))
    assert ArtistProfile.objects.count() == User.objects.filter(roles__role=Role.ARTIST).count() == 35
    # Accounts made afterwards get ids after the crowd's (PostgreSQL's sequences moved past them).
    newcomer = accounts.register_user(email="new@example.com", password="a long new password 42",
                                      display_name="Newcomer", roles=[Role.ARTIST])
    assert newcomer.artist_profile.pk > max(ArtistProfile.objects.exclude(user=newcomer).values_list("pk", flat=True))


def test_the_curated_demo_has_only_the_curated_artists() -> None:
    output = _demo(artworks=30, no_images=True)
    assert "Demo: 25 artists" in output
    _demo(artworks=400, bulk=True, no_images=True)  # 400 works: 20 each for the curated ones already

    assert ArtistProfile.objects.count() == 25
    assert not User.objects.filter(email__startswith="crowd-").exists()


def test_no_crowd_name_is_a_curated_artists_name() -> None:
    curated = {spelling.casefold() for artist in ARTISTS for spelling in artist.name}
    names = crowd_names()

    assert len(names) > 2000
    assert not [name for name in names if {spelling.casefold() for spelling in name} & curated]
    assert not [name for name in names if any(is_namesake(name, artist.name) for artist in ARTISTS)]
    # Not even a near spelling, or one name the start of the other.
    assert is_namesake(("Гүлнара Қасымова", "Гульнара Касымова", "Gulnara Kasymova"),
                       ("Гүлнар Қасымова", "Гульнар Касымова", "Gulnar Kassymova"))
    assert not is_namesake(("Ерлан Омаров", "Ерлан Омаров", "Yerlan Omarov"), ARTISTS[2].name)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(-(2**40), 2**40), number=st.integers(1, 99_999))
def test_a_crowd_artist_never_bears_a_curated_artists_name(seed: int, number: int) -> None:
    artist = crowd_artist(number, seed=seed)

    assert artist.name[2].casefold() not in {curated.name[2].casefold() for curated in ARTISTS}
    assert not any(is_namesake(artist.name, curated.name) for curated in ARTISTS)
    assert artist == crowd_artist(number, seed=seed)  # the same seed, the same artist
    assert artist.email == f"crowd-{number:05d}@dala.example"


def test_crowd_names_are_spelled_in_kazakh_russian_and_english() -> None:
    names = crowd_names()
    kazakh_letters = set("әғқңөұүһі")

    assert {letter for name in names for letter in name[0].lower()} >= kazakh_letters
    assert not {letter for name in names for letter in name[1].lower()} & kazakh_letters
    assert all(name[2].replace(" ", "").replace("-", "").isascii() for name in names)
    assert ("Ерлан Жұмабаев", "Ерлан Жумабаев", "Yerlan Zhumabayev") not in names  # a curated artist's
    assert ("Жанар Жұмабаева", "Жанар Жумабаева", "Zhanar Zhumabayeva") in names  # the female form


# Palettes of bulk works --------------------------------------------------------------------------

def test_bulk_works_come_with_the_palette_colour_search_needs() -> None:
    _demo(artworks=60, bulk=True)

    works = list(Artwork.objects.prefetch_related("images"))
    for work in works:
        palette = work.images.get().palette
        assert 1 <= len(palette) <= 5 and abs(sum(colour["weight"] for colour in palette) - 1) < 1e-6
        assert work.colours.strip() and work.colours == artwork_colours_value(palette)
    assert all(work.images.get().processing_state == "pending" for work in works)
    # Browsing by a colour finds them.
    colour = Counter(name for work in works if work.is_listed for name in work.colours.split()).most_common(1)[0][0]
    found = artworks_for_browse(BrowseFilters.from_params({"colour": colour}), page_size=100).items
    assert found and all(f" {colour} " in work.colours for work in found)


def test_reprocessing_a_bulk_picture_keeps_its_palette() -> None:
    _demo(artworks=5, bulk=True)
    work = Artwork.objects.order_by("id").first()
    assert work is not None
    before = (work.colours, work.images.get().palette)

    call_command("images", "reprocess", "--artwork", str(work.pk), stdout=io.StringIO(), stderr=io.StringIO())

    work.refresh_from_db()
    image = work.images.get()
    assert image.processing_state == "ready" and image.renditions
    assert (work.colours, image.palette) == before
