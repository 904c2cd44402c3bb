"""The public catalogue pages: browse, the artists, an artist, an artwork."""

from __future__ import annotations

import html
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from pytest_django import DjangoAssertNumQueries, Settings

from dala.catalog.models import Artwork, EditionSet
from dala.core.money import Money
from dala.core.translation import Translated
from tests.factories import (
    ArtistFactory,
    ArtworkFactory,
    ArtworkImageFactory,
    CityFactory,
    MediumFactory,
    SubjectFactory,
    image_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # The browse page caches the vocabularies; each test builds its own.
    cache.clear()
    yield
    cache.clear()


class _RelLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rels: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("rel") and found.get("href"):
            self.rels[str(found["rel"])] = str(found["href"])


def rel_links(content: bytes) -> dict[str, str]:
    parser = _RelLinks()
    parser.feed(content.decode())
    return parser.rels


def shown(response: object) -> list[int]:
    return [work.pk for work in response.context["page"].items]  # type: ignore[attr-defined]


# Browse ------------------------------------------------------------------------------------------


def test_browse_lists_listed_works_and_hides_drafts_and_deleted_ones(client: Client) -> None:
    listed = ArtworkFactory()
    draft = ArtworkFactory(availability="draft")
    from django.utils import timezone

    deleted = ArtworkFactory(deleted_at=timezone.now())

    response = client.get("/en/artworks/")

    assert response.status_code == 200
    assert shown(response) == [listed.pk]
    content = response.content.decode()
    assert listed.get_absolute_url() in content
    assert draft.get_absolute_url() not in content
    assert deleted.get_absolute_url() not in content


def test_browse_filters_by_medium(client: Client) -> None:
    oil = ArtworkFactory(medium=MediumFactory(slug="oil"))
    felt = ArtworkFactory(medium=MediumFactory(slug="felt", label=Translated(en="Felt")))

    response = client.get("/en/artworks/", {"medium": "felt"})

    assert shown(response) == [felt.pk]
    assert oil.pk not in shown(response)


def test_browse_filters_by_subject(client: Client) -> None:
    steppe = ArtworkFactory()
    steppe.subjects.add(SubjectFactory(slug="steppe"))
    ArtworkFactory()

    response = client.get("/en/artworks/", {"subject": "steppe"})

    assert shown(response) == [steppe.pk]


def test_browse_filters_by_country_of_the_artist(client: Client) -> None:
    kyrgyz = ArtworkFactory(artist=ArtistFactory(country="KG", city=CityFactory(slug="bishkek", country="KG")))
    ArtworkFactory(artist=ArtistFactory(country="KZ"))

    response = client.get("/en/artworks/", {"country": "kg"})

    assert shown(response) == [kyrgyz.pk]


def test_browse_filters_by_availability(client: Client) -> None:
    sold = ArtworkFactory(availability="sold")
    ArtworkFactory(availability="for_sale")

    response = client.get("/en/artworks/", {"availability": "sold"})

    assert shown(response) == [sold.pk]


def test_browse_price_range_in_dollars_is_compared_with_prices_in_tenge(client: Client, settings: Settings) -> None:
    settings.DALA_EXCHANGE_RATES = {**settings.DALA_EXCHANGE_RATES, "USD": "480"}
    thousand_dollars = ArtworkFactory(price_amount=480_000_00, price_currency="KZT")  # 1 000 USD
    ArtworkFactory(price_amount=4_800_000_00, price_currency="KZT")  # 10 000 USD
    ArtworkFactory(price_amount=48_000_00, price_currency="KZT")  # 100 USD

    response = client.get("/en/artworks/", {"currency": "USD", "price_min": "500", "price_max": "2000"})

    assert shown(response) == [thousand_dollars.pk]


def test_browse_filters_by_year_range(client: Client) -> None:
    old = ArtworkFactory(year=1975)
    ArtworkFactory(year=2020)

    response = client.get("/en/artworks/", {"year_min": "1970", "year_max": "1980"})

    assert shown(response) == [old.pk]


def test_browse_keeps_the_chosen_filters_in_the_form(client: Client) -> None:
    ArtworkFactory()

    content = client.get("/en/artworks/", {"medium": "oil", "year_min": "1990"}).content.decode()

    assert '<option value="oil" selected>' in content
    assert 'name="year_min" type="number"' in content and 'value="1990"' in content


def test_browse_with_no_matches_says_so(client: Client) -> None:
    ArtworkFactory(year=2020)

    response = client.get("/en/artworks/", {"year_min": "2100"})

    assert response.status_code == 200
    assert "No artworks match these filters." in response.content.decode()


def test_bad_filter_values_are_reported_not_crashed_on(client: Client) -> None:
    work = ArtworkFactory()
    ArtworkFactory(availability="draft")

    response = client.get("/en/artworks/", {
        "price_min": "lots", "year_max": "10e9", "country": "ZZ", "availability": "draft", "sort": "random",
        "currency": "DOGE", "career_stage": "famous", "medium": "<script>alert(1)</script>", "city": "x" * 500,
    })

    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a whole number." in content
    assert "Unknown country." in content
    assert "Unknown availability." in content
    assert "<script>alert(1)</script>" not in content
    assert 'aria-invalid="true"' in content
    # The bad filters are dropped, not applied: only the medium (unknown) narrows the list to nothing.
    assert work.pk not in shown(response)


def test_a_new_medium_appears_in_the_filter_at_once_despite_the_cache(client: Client) -> None:
    ArtworkFactory()
    client.get("/en/artworks/")  # fills the vocabulary cache

    MediumFactory(slug="felt", label=Translated(en="Felt"))
    content = client.get("/en/artworks/").content.decode()

    assert '<option value="felt">Felt</option>' in content


def test_pagination_walks_forward_and_back_without_repeating_a_work(client: Client, settings: Settings) -> None:
    settings.DALA_PAGE_SIZE = 2
    works = ArtworkFactory.create_batch(5)
    newest_first = [w.pk for w in sorted(works, key=lambda w: (w.created_at, w.pk), reverse=True)]

    seen: list[int] = []
    pages: list[list[int]] = []
    url: str | None = "/en/artworks/?medium=oil"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(shown(response))
        seen += pages[-1]
        next_href = rel_links(response.content).get("next")
        url = "/en/artworks/" + html.unescape(next_href) if next_href else None
        if url:
            assert "medium=oil" in url  # other parameters survive

    assert seen == newest_first
    assert len(pages) == 3

    back = rel_links(response.content)["prev"]
    previous = client.get("/en/artworks/" + html.unescape(back))
    assert shown(previous) == pages[1]


def test_price_sort_pages_through_every_priced_work_once(client: Client, settings: Settings) -> None:
    settings.DALA_PAGE_SIZE = 2
    for amount in (500, 100, 300, 200, 400):
        ArtworkFactory(price_amount=amount * 100_00)

    seen: list[int] = []
    url: str | None = "/en/artworks/?sort=price_asc"
    while url:
        response = client.get(url)
        seen += shown(response)
        next_href = rel_links(response.content).get("next")
        url = "/en/artworks/" + html.unescape(next_href) if next_href else None

    prices = [Artwork.objects.get(pk=pk).price_amount for pk in seen]
    assert prices == sorted(prices) and len(seen) == 5


def test_an_invalid_cursor_answers_400_with_a_message_not_500(client: Client) -> None:
    ArtworkFactory()

    response = client.get("/en/artworks/", {"cursor": "not-a-real-cursor!!"})

    assert response.status_code == 400
    assert "This page link is not valid" in response.content.decode()


@pytest.mark.parametrize("count", [5, 30])
def test_browse_query_count_does_not_grow_with_the_number_of_works(
    client: Client, django_assert_max_num_queries: type[DjangoAssertNumQueries], count: int
) -> None:
    for image in ArtworkImageFactory.create_batch(count):
        image.artwork.subjects.add(SubjectFactory())

    # 6: a price range adds one bounded probe of how dense the range is (it picks the query plan); and
    # 7 for the facet counts of the panel the search app adds (the works, once more without each of the
    # two chosen filters, their subjects, and the three vocabularies it names, cached after this request).
    with django_assert_max_num_queries(13):
        response = client.get("/en/artworks/", {"subject": "steppe", "currency": "USD", "price_min": "1"})

    assert response.status_code == 200
    assert len(shown(response)) == min(count, 24)


# Artists -----------------------------------------------------------------------------------------


def test_artist_list_shows_city_and_number_of_public_works(client: Client) -> None:
    artist = ArtistFactory(name=Translated(en="Aisha Galimbayeva"))
    ArtworkFactory.create_batch(3, artist=artist)
    ArtworkFactory(artist=artist, availability="draft")
    hidden = ArtistFactory(is_public=False, name=Translated(en="Hidden Person"))

    response = client.get("/en/artists/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Aisha Galimbayeva" in content and "Almaty" in content
    assert "3 works" in content
    assert str(hidden.name) not in content


def test_artist_list_is_paged_by_48(
    client: Client, django_assert_max_num_queries: type[DjangoAssertNumQueries]
) -> None:
    ArtistFactory.create_batch(50)

    with django_assert_max_num_queries(3):
        first = client.get("/en/artists/")
    second = client.get("/en/artists/", {"page": "2"})

    assert len(first.context["artists"]) == 48
    assert len(second.context["artists"]) == 2
    assert rel_links(first.content)["next"] == "?page=2"
    assert client.get("/en/artists/", {"page": "nonsense"}).status_code == 200


def test_artist_page_shows_the_name_and_only_listed_works(client: Client) -> None:
    artist = ArtistFactory(slug="baqyt-naoko", name=Translated(kk="Бақыт Наоко", en="Baqyt Naoko"),
                           biography=Translated(en="Born on the shore of the Caspian."), birth_year=1984)
    listed = ArtworkFactory(artist=artist, private_notes="paid the framer in cash", location="Storage B, shelf 3",
                            inventory_number="BN-0042")
    draft = ArtworkFactory(artist=artist, availability="draft", title=Translated(en="Secret sketch"))

    response = client.get("/en/artists/baqyt-naoko/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Baqyt Naoko" in content
    assert "Born on the shore of the Caspian." in content and "1984" in content
    assert listed.get_absolute_url() in content
    assert draft.get_absolute_url() not in content and "Secret sketch" not in content
    for private in ("paid the framer in cash", "Storage B, shelf 3", "BN-0042"):
        assert private not in content


def test_artist_name_falls_back_when_the_language_has_no_text(client: Client) -> None:
    ArtistFactory(slug="only-kazakh", name=Translated(kk="Әйгерім Сейітова"))

    content = client.get("/en/artists/only-kazakh/").content.decode()

    assert "Әйгерім Сейітова" in content
    assert 'lang="kk"' in content


def test_artist_page_answers_in_every_language_with_alternates(client: Client) -> None:
    ArtistFactory(slug="baqyt-naoko")

    for code in ("kk", "ru", "en"):
        response = client.get(f"/{code}/artists/baqyt-naoko/")
        assert response.status_code == 200
    content = response.content.decode()
    assert 'hreflang="kk" href="http://testserver/kk/artists/baqyt-naoko/"' in content
    assert 'hreflang="ru" href="http://testserver/ru/artists/baqyt-naoko/"' in content


def test_unknown_or_hidden_artist_is_404(client: Client) -> None:
    ArtistFactory(slug="hidden", is_public=False)

    missing = client.get("/en/artists/nobody-here/")

    assert missing.status_code == 404
    assert "Page not found" in missing.content.decode()
    assert client.get("/en/artists/hidden/").status_code == 404


def test_artist_page_query_count_is_bounded(
    client: Client, django_assert_max_num_queries: type[DjangoAssertNumQueries]
) -> None:
    artist = ArtistFactory(slug="prolific")
    for _n in range(30):
        ArtworkImageFactory(artwork=ArtworkFactory(artist=artist))

    # Three for the catalogue, one for each panel of DALA_ARTIST_PANELS and one more for the programmes
    # panel, which has two parts (exhibitions, mentorships offered): 30 works or 3.
    with django_assert_max_num_queries(3 + len(settings.DALA_ARTIST_PANELS) + 1):
        response = client.get("/en/artists/prolific/")

    assert response.status_code == 200
    assert client.get("/en/artists/prolific/", {"cursor": "garbage"}).status_code == 400


# Artwork -----------------------------------------------------------------------------------------


def test_artwork_page_shows_the_formatted_price(client: Client) -> None:
    work = ArtworkFactory(price_amount=1_500_000_00, price_currency="KZT", price_visible=True)

    content = client.get(work.get_absolute_url()).content.decode()

    assert Money(1_500_000_00, "KZT").format() in content
    assert "Price on request" not in content


def test_artwork_page_says_price_on_request_when_the_price_is_hidden(client: Client) -> None:
    work = ArtworkFactory(price_amount=1_500_000_00, price_visible=False)

    content = client.get(work.get_absolute_url()).content.decode()

    assert "Price on request" in content
    assert Money(1_500_000_00, "KZT").format() not in content


def test_artwork_page_shows_details_images_and_editions_but_nothing_private(
    client: Client, django_assert_max_num_queries: type[DjangoAssertNumQueries]
) -> None:
    work = ArtworkFactory(
        title=Translated(en="Horses at Dawn"), materials="oil and gold leaf on canvas", height_mm=600, width_mm=800,
        edition_type="limited", description=Translated(en="Painted in the Altai."),
        private_notes="buyer owes 200", location="Warehouse 9", inventory_number="INV-77",
    )
    work.subjects.add(SubjectFactory())
    primary = ArtworkImageFactory(artwork=work, alt_text=Translated(en="Three horses under a pink sky"),
                                  thumbnail=_thumbnail())
    ArtworkImageFactory(artwork=work, is_primary=False, position=1, thumbnail=_thumbnail())
    EditionSet.objects.create(artwork=work, label="Giclée", size=25, artist_proofs=2, price_amount=100_000_00)
    ArtworkFactory.create_batch(3, artist=work.artist)

    # 11: the work (4), its collaborators (1), more by the artist (2), and one each for the provenance,
    # exhibitions, reviews and similar panels.
    with django_assert_max_num_queries(11):
        response = client.get(work.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Horses at Dawn" in content and str(work.artist.name) in content
    assert "oil and gold leaf on canvas" in content
    assert "60 × 80 cm" in content and "23.6 × 31.5 in" in content
    assert "Limited edition" in content and "Edition of 25" in content and "2 artist's proofs" in content
    assert "Steppe" in content and "Painted in the Altai." in content
    assert f'srcset="{primary.srcset}"' in content
    assert 'alt="Three horses under a pink sky"' in content
    assert '<meta property="og:image" content="http://testserver/media/' in content
    assert "More by this artist" in content
    for private in ("buyer owes 200", "Warehouse 9", "INV-77"):
        assert private not in content


def test_artwork_image_without_alt_text_is_described_by_title_and_artist(client: Client) -> None:
    work = ArtworkFactory(title=Translated(en="Yurt"), artist=ArtistFactory(name=Translated(en="Dana Ospan")))
    ArtworkImageFactory(artwork=work, thumbnail=_thumbnail())

    content = client.get(work.get_absolute_url()).content.decode()

    assert 'alt="Yurt, Dana Ospan"' in content


def _thumbnail() -> ContentFile:
    return ContentFile(image_bytes(), name="thumb.jpg")


def test_a_pending_image_shows_its_thumbnail_or_a_placeholder_never_the_original(
        client: Client, originals_root: Path, media_root: Path) -> None:
    work = ArtworkFactory(title=Translated(en="Yurt"))
    waiting = ArtworkImageFactory(artwork=work)
    original = waiting.file.name

    assert (originals_root / original).exists()
    assert not (media_root / original).exists()
    assert client.get(f"/media/{original}").status_code == 404
    page = client.get(work.get_absolute_url()).content.decode()
    assert original not in page and 'class="artwork__noimage"' in page
    assert original not in client.get(work.artist.get_absolute_url()).content.decode()
    assert original not in client.get("/").content.decode()

    waiting.thumbnail.save("thumb.jpg", _thumbnail())
    page = client.get(work.get_absolute_url()).content.decode()
    assert original not in page and waiting.thumbnail.url in page


def test_draft_and_deleted_artworks_are_404(client: Client) -> None:
    from django.utils import timezone

    draft = ArtworkFactory(availability="draft")
    deleted = ArtworkFactory(deleted_at=timezone.now())

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(deleted.get_absolute_url()).status_code == 404
    assert client.get("/en/artists/nobody/nothing/").status_code == 404


def test_a_cached_card_shows_a_sale_a_new_name_and_a_new_picture_at_once(client: Client) -> None:
    from dala.catalog.services import set_artwork_availability

    artist = ArtistFactory(name=Translated(en="Aigerim Sultan"))
    work = ArtworkFactory(artist=artist, title=Translated(en="Blue yurt"), availability="for_sale")
    first = client.get("/en/artworks/").content.decode()
    assert "Blue yurt" in first and "Aigerim Sultan" in first and "badge--sold" not in first
    set_artwork_availability(artwork=work, availability="sold")  # saves only a few fields
    assert "badge--sold" in client.get("/en/artworks/").content.decode()
    artist.name = Translated(en="Aigerim Sultanova")
    artist.save()
    assert "Aigerim Sultanova" in client.get("/en/artworks/").content.decode()
    image = ArtworkImageFactory(artwork=work, is_primary=True)
    assert "card__placeholder" in client.get("/en/artworks/").content.decode()  # no rendition yet
    image.renditions = [{"width": 640, "height": 480, "format": "JPEG", "name": "renditions/blue-yurt-640.jpg"}]
    image.processing_state = "ready"
    image.save()  # as the rendition job does
    page = client.get("/en/artworks/").content.decode()
    assert 'src="/media/renditions/blue-yurt-640.jpg"' in page
