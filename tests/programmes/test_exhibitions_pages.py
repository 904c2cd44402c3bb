"""Exhibition pages: the listing's buckets and filters, the exhibition page (private rooms, ended rooms,
drafts, query count), the studio forms, and the panels on artwork, artist and gallery pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dala.accounts.models import City
from dala.programmes.models import Exhibition, ExhibitionWork
from dala.programmes.selectors import exhibitions as selectors
from tests.factories import (
    ArtworkFactory,
    ArtworkImageFactory,
    ExhibitionFactory,
    GalleryFactory,
    OpenCallFactory,
)

from .factories_exhibitions import organiser, photo_upload, show_with_works

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def published(**kwargs: Any) -> Exhibition:
    return show_with_works(1, status="published", **kwargs)


def test_listing_buckets_by_almaty_dates_and_filters_by_city() -> None:
    today = selectors.almaty_today()
    astana = City.objects.create(slug="astana", name={"en": "Astana"}, country="KZ")
    current = published(opens_on=today - DAY, closes_on=today + DAY)
    upcoming = published(opens_on=today + 5 * DAY, closes_on=today + 9 * DAY)
    past = published(opens_on=today - 9 * DAY, closes_on=today - DAY)
    in_astana = published(opens_on=today, closes_on=today, city=astana)
    show_with_works(1, opens_on=today)  # a draft is never listed
    assert set(selectors.exhibitions_when("current")) == {current, in_astana}
    assert list(selectors.exhibitions_when("upcoming")) == [upcoming]
    assert list(selectors.exhibitions_when("past")) == [past]
    assert list(selectors.exhibitions_when("current", selectors.ListingFilters(city="astana"))) == [in_astana]


def test_viewing_rooms_are_current_until_they_end_and_private_ones_are_never_listed() -> None:
    now = timezone.now()
    open_room = published(kind="viewing_room", is_physical=False, is_online=True, opens_on=None, closes_on=None,
                          venue="", ends_at=now + DAY)
    ended = published(kind="viewing_room", is_physical=False, is_online=True, opens_on=None, closes_on=None,
                      venue="", ends_at=now - DAY)
    published(kind="viewing_room", is_physical=False, is_online=True, opens_on=None, closes_on=None, venue="",
              is_private=True)
    rooms = selectors.ListingFilters(kind="viewing_room")
    assert list(selectors.exhibitions_when("current", rooms)) == [open_room]
    assert list(selectors.exhibitions_when("past", rooms)) == [ended]


def test_the_listing_page_works_with_get_filters(client: Client) -> None:
    show = published()
    response = client.get(reverse("programmes:exhibitions"), {"city": "almaty"})
    assert response.status_code == 200
    assert str(show.title) in response.content.decode()
    response = client.get(reverse("programmes:exhibitions"), {"when": "past"})
    assert str(show.title) not in response.content.decode()


def test_the_exhibition_page_shows_works_wall_texts_artists_and_photos(client: Client) -> None:
    show = published(curator_name="Aigerim S.", essay={"en": "An *essay* <script>x</script>"})
    row = show.works.get()
    row.wall_text = {"en": "Painted at dawn."}
    row.save()
    ArtworkImageFactory(artwork=row.artwork, thumbnail="thumbs/x.jpg")
    from dala.programmes.services.exhibitions import add_photo
    add_photo(user=show.organiser, exhibition_id=show.pk, image=photo_upload(), caption={"en": "Main hall"})
    page = client.get(show.get_absolute_url()).content.decode()
    assert "Aigerim S." in page
    assert "Painted at dawn." in page
    assert "<em>essay</em>" in page and "<script>x" not in page
    assert row.artwork.artist.get_absolute_url() in page
    assert "Main hall" in page


def test_the_exhibition_page_costs_the_same_queries_for_many_works(client: Client) -> None:
    show = published()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(show.get_absolute_url()).status_code == 200
        return len(queries)

    few = count()
    for position in range(5):
        artwork = ArtworkFactory()
        ArtworkImageFactory(artwork=artwork)
        ExhibitionWork.objects.create(exhibition=show, artwork=artwork, position=position + 1)
    assert count() == few


def test_the_detail_selector_uses_a_fixed_number_of_queries(django_assert_num_queries: Any) -> None:
    show = show_with_works(6, status="published")
    with django_assert_num_queries(4):  # exhibition, works, primary images, photos
        exhibition = selectors.visible_exhibition(show.slug, None)
        page = selectors.exhibition_page(exhibition)
        assert len({artist.pk for artist in page.artists}) == 6


def test_a_draft_is_404_for_others_and_visible_to_its_organiser(client: Client) -> None:
    draft = show_with_works(1)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(draft.organiser)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_private_viewing_room_needs_its_key(client: Client) -> None:
    room = published(kind="viewing_room", is_physical=False, is_online=True, is_private=True)
    assert client.get(room.get_absolute_url()).status_code == 404
    assert client.get(room.get_absolute_url(), {"key": "wrong"}).status_code == 404
    response = client.get(room.get_absolute_url(), {"key": room.access_token})
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"


def test_an_ended_viewing_room_says_so_and_shows_no_works(client: Client) -> None:
    room = published(kind="viewing_room", is_physical=False, is_online=True, ends_at=timezone.now() - DAY)
    title = str(room.works.get().artwork.title)
    page = client.get(room.get_absolute_url()).content.decode()
    assert "This viewing room ended" in page
    assert title not in page


def test_a_show_from_an_open_call_links_to_the_call(client: Client) -> None:
    call = OpenCallFactory()
    show = published(source_call=call)
    page = client.get(show.get_absolute_url()).content.decode()
    assert "Selected from the open call" in page
    assert reverse("programmes:call", kwargs={"slug": call.slug}) in page


def test_panels_list_public_exhibitions_of_an_artwork_artist_and_gallery(client: Client) -> None:
    gallery = GalleryFactory()
    show = published(gallery=gallery)
    artwork = show.works.get().artwork
    hidden = show_with_works(0)
    ExhibitionWork.objects.create(exhibition=hidden, artwork=artwork)
    call = OpenCallFactory(gallery=gallery)
    assert selectors.exhibitions_of_artwork(artwork) == [show]
    assert selectors.exhibitions_of_artist(artwork.artist) == [show]
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "Exhibited" in page and show.get_absolute_url() in page
    page = client.get(artwork.artist.get_absolute_url()).content.decode()
    assert show.get_absolute_url() in page
    page = client.get(reverse("market:gallery", kwargs={"slug": gallery.slug})).content.decode()
    assert show.get_absolute_url() in page
    assert reverse("programmes:call", kwargs={"slug": call.slug}) in page


# --- studio -----------------------------------------------------------------------------------------

def test_studio_needs_login_and_an_organiser(client: Client) -> None:
    assert client.get(reverse("programmes:studio_exhibitions")).status_code == 302
    from tests.factories import UserFactory
    client.force_login(UserFactory())
    assert client.get(reverse("programmes:studio_exhibitions")).status_code == 403


def test_a_curator_creates_fills_and_publishes_an_exhibition_by_forms(client: Client) -> None:
    user = organiser()
    client.force_login(user)
    city = City.objects.create(slug="shymkent", name={"en": "Shymkent"}, country="KZ")
    form = {"kind": "exhibition", "title_en": "Dust", "venue": "Hall", "city": city.pk, "is_physical": "on",
            "opens_on": "2026-07-01", "closes_on": "2026-06-01"}
    response = client.post(reverse("programmes:exhibition_new"), form)
    assert response.status_code == 422 or response.status_code == 400
    assert "closing date" in response.content.decode()
    form["closes_on"] = "2026-08-01"
    response = client.post(reverse("programmes:exhibition_new"), form)
    exhibition = Exhibition.objects.get(organiser=user)
    assert response["Location"] == reverse("programmes:exhibition_works", kwargs={"slug": exhibition.slug})
    # Publishing with no works: refused with the reason.
    response = client.post(reverse("programmes:exhibition_publish", kwargs={"slug": exhibition.slug}),
                           {"action": "publish"})
    assert response.status_code == 400
    assert "at least one work" in response.content.decode()
    # Find a public work by title and add it; a draft work is not offered.
    work = ArtworkFactory(title={"en": "Saxaul"})
    ArtworkFactory(title={"en": "Saxaul draft"}, availability="draft")
    page = client.get(reverse("programmes:exhibition_works", kwargs={"slug": exhibition.slug}), {"q": "Saxaul"})
    assert "Saxaul draft" not in page.content.decode() and "Saxaul" in page.content.decode()
    client.post(reverse("programmes:exhibition_works", kwargs={"slug": exhibition.slug}),
                {"action": "add", "artwork": work.pk})
    second = ArtworkFactory()
    client.post(reverse("programmes:exhibition_works", kwargs={"slug": exhibition.slug}),
                {"action": "add", "artwork": second.pk})
    # Reorder and write wall texts.
    client.post(reverse("programmes:exhibition_works", kwargs={"slug": exhibition.slug}), {
        "action": "save", "work": [work.pk, second.pk], f"position_{work.pk}": "2", f"position_{second.pk}": "1",
        f"wall_kk_{work.pk}": "Қабырға мәтіні", f"wall_en_{work.pk}": "Wall text"})
    rows = list(exhibition.works.order_by("position"))
    assert [row.artwork_id for row in rows] == [second.pk, work.pk]
    assert rows[1].wall_text.get_text("kk") == "Қабырға мәтіні"
    # Upload a photo (multipart) and a non-image.
    photos_url = reverse("programmes:exhibition_photos", kwargs={"slug": exhibition.slug})
    assert client.post(photos_url, {"image": photo_upload(), "caption_en": "Hall"}).status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile
    response = client.post(photos_url, {"image": SimpleUploadedFile("a.jpg", b"nope")})
    assert response.status_code == 400 and "not an image" in response.content.decode()
    response = client.post(reverse("programmes:exhibition_publish", kwargs={"slug": exhibition.slug}),
                           {"action": "publish"})
    assert response.status_code == 302
    exhibition.refresh_from_db()
    assert exhibition.is_published
    assert str(exhibition.title) in client.get(reverse("programmes:studio_exhibitions")).content.decode()
    for name in ("exhibition_edit", "exhibition_works", "exhibition_photos"):
        page = client.get(reverse(f"programmes:{name}", kwargs={"slug": exhibition.slug}))
        assert page.status_code == 200
    assert 'value="Dust"' in client.get(reverse("programmes:exhibition_edit",
                                                kwargs={"slug": exhibition.slug})).content.decode()
    assert client.get(reverse("programmes:exhibition_new"), {"kind": "viewing_room"}).status_code == 200


def test_someone_elses_studio_pages_are_404(client: Client) -> None:
    show = ExhibitionFactory()
    client.force_login(organiser())
    for name in ("exhibition_edit", "exhibition_works", "exhibition_photos"):
        assert client.get(reverse(f"programmes:{name}", kwargs={"slug": show.slug})).status_code == 404
