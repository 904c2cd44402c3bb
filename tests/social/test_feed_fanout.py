"""A new public work enters the feeds of its subjects' and its galleries' followers too (once per work and
feed, however often it is relisted), only the artist's followers are notified, and a gallery's new
representation is news for the gallery's followers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from dala.catalog.models import Subject
from dala.core.translation import Translated
from dala.market.models import Representation
from dala.market.services.representation import end_representation, grant_representation
from dala.social import services
from dala.social.models import FeedEvent, Notification
from dala.social.selectors import feed_of
from dala.social.texts import feed_path, feed_text
from tests.api.conftest import API, bearer_client, token_for
from tests.factories import ArtistFactory, ArtworkFactory, GalleryFactory, UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def ornament() -> Subject:
    return Subject.objects.create(slug="ornament", label=Translated(kk="Ою-өрнек", ru="Орнамент", en="Ornament"))


def _publish(capture: Capture, *, artist: Any, subjects: tuple[Subject, ...] = ()) -> Any:
    with capture(execute=True):
        work = ArtworkFactory(artist=artist)
        work.subjects.set(subjects)
    return work


def test_a_new_work_reaches_the_followers_of_its_subject_and_gallery(
        client: Client, ornament: Subject, django_capture_on_commit_callbacks: Capture) -> None:
    artist, gallery = ArtistFactory(), GalleryFactory()
    Representation.objects.create(gallery=gallery, artist=artist)
    subject_fan, gallery_fan, artist_fan = UserFactory(), UserFactory(), UserFactory()
    services.follow(user=subject_fan, kind="subject", target_id=ornament.pk)
    services.follow(user=gallery_fan, kind="gallery", target_id=gallery.pk)
    services.follow(user=artist_fan, kind="artist", target_id=artist.pk)

    work = _publish(django_capture_on_commit_callbacks, artist=artist, subjects=(ornament,))

    title, name = work.title["en"], artist.name["en"]
    client.force_login(subject_fan)
    assert f"New in Ornament: “{title}” by {name}" in client.get("/en/feed/").content.decode()
    client.force_login(gallery_fan)
    assert f"{gallery.name['en']}: new work by {name} “{title}”" in client.get("/en/feed/").content.decode()
    # A notification is for the artists one follows; subject and gallery followers see the feed.
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [artist_fan.pk]


def test_a_relisted_work_enters_each_feed_once(ornament: Subject, django_capture_on_commit_callbacks: Capture) -> None:
    artist, gallery = ArtistFactory(), GalleryFactory()
    Representation.objects.create(gallery=gallery, artist=artist)
    work = _publish(django_capture_on_commit_callbacks, artist=artist, subjects=(ornament,))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            work.is_listed = False
            work.save()
            work.is_listed = True
            work.save()
    services.announce_new_work(artwork_id=work.pk)  # a task run twice changes nothing either
    assert sorted(FeedEvent.objects.filter(artwork=work).values_list("actor_kind", "actor_id")) == sorted(
        [("artist", artist.pk), ("gallery", gallery.pk), ("subject", ornament.pk)])


def test_a_work_is_told_once_to_a_reader_who_follows_its_artist_and_its_subject(
        client: Client, ornament: Subject, django_capture_on_commit_callbacks: Capture) -> None:
    artist, reader = ArtistFactory(), UserFactory()
    services.follow(user=reader, kind="artist", target_id=artist.pk)
    services.follow(user=reader, kind="subject", target_id=ornament.pk)
    work = _publish(django_capture_on_commit_callbacks, artist=artist, subjects=(ornament,))
    client.force_login(reader)
    html = client.get("/en/feed/").content.decode()
    assert html.count(f"“{work.title['en']}”") == 1
    assert f"{artist.name['en']} published a new work" in html  # the artist's own line is the one kept


def test_a_gallery_no_longer_representing_the_artist_gets_no_event(
        ornament: Subject, django_capture_on_commit_callbacks: Capture) -> None:
    artist, gallery = ArtistFactory(), GalleryFactory()
    Representation.objects.create(gallery=gallery, artist=artist, ended_at=timezone.now())
    work = _publish(django_capture_on_commit_callbacks, artist=artist)
    assert not FeedEvent.objects.filter(artwork=work, actor_kind="gallery").exists()


def test_a_new_representation_is_news_for_the_gallerys_followers(
        client: Client, django_capture_on_commit_callbacks: Capture) -> None:
    artist, gallery, fan = ArtistFactory(), GalleryFactory(), UserFactory()
    services.follow(user=fan, kind="gallery", target_id=gallery.pk)
    with django_capture_on_commit_callbacks(execute=True):
        representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=3000)
    event = FeedEvent.objects.get(verb="gallery.represents")
    assert (event.actor_kind, event.actor_id) == ("gallery", gallery.pk)
    assert feed_text(event, "en") == f"{gallery.name['en']} now represents {artist.name['en']}"
    assert feed_path(event, "en") == f"/en/artists/{artist.slug}/"
    client.force_login(fan)
    assert f"{gallery.name['en']} now represents {artist.name['en']}" in client.get("/en/feed/").content.decode()
    # Told once per representation; a new one after the end is news again.
    services.announce_representation(representation_id=representation.pk)
    assert FeedEvent.objects.filter(verb="gallery.represents").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        end_representation(representation_id=representation.pk, user=artist.user)
        grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=3000)
    assert FeedEvent.objects.filter(verb="gallery.represents").count() == 2


def test_the_feed_texts_read_naturally_in_english(ornament: Subject,
                                                  django_capture_on_commit_callbacks: Capture) -> None:
    artist = ArtistFactory(name=Translated(en="Aisha Bek", ru="Айша Бек", kk="Айша Бек"))
    gallery = GalleryFactory(name=Translated(en="Gallery Tengri", ru="Галерея Тенгри", kk="Тәңір галереясы"))
    Representation.objects.create(gallery=gallery, artist=artist)
    with django_capture_on_commit_callbacks(execute=True):
        work = ArtworkFactory(artist=artist, title=Translated(en="Blue Horse", ru="Синий конь", kk="Көк ат"))
        work.subjects.set([ornament])
    events = {e.actor_kind: e for e in FeedEvent.objects.select_related("artwork__artist", "artist")}
    assert feed_text(events["artist"], "en") == "Aisha Bek published a new work: “Blue Horse”"
    assert feed_text(events["subject"], "en") == "New in Ornament: “Blue Horse” by Aisha Bek"
    assert feed_text(events["gallery"], "en") == "Gallery Tengri: new work by Aisha Bek “Blue Horse”"
    with translation.override("en"):
        assert feed_path(events["subject"]) == work.get_absolute_url() == f"/en/artists/{artist.slug}/{work.slug}/"


def test_subject_events_are_in_the_feed_api(ornament: Subject, django_capture_on_commit_callbacks: Capture) -> None:
    reader = UserFactory()
    services.follow(user=reader, kind="subject", target_id=ornament.pk)
    work = _publish(django_capture_on_commit_callbacks, artist=ArtistFactory(), subjects=(ornament,))
    assert list(feed_of(reader).values_list("artwork_id", flat=True)) == [work.pk]
    items = bearer_client(token_for(reader)).get(f"{API}/feed?lang=en").json()["items"]
    assert [(item["actor_kind"], item["artwork_id"]) for item in items] == [("subject", work.pk)]
    assert items[0]["text"].startswith("New in Ornament:")
