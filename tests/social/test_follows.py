"""Following artists, galleries, critics and subjects: idempotent, one target each, private by default."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from dala.accounts.models import CriticProfile
from dala.core.errors import DomainError, NotFound
from dala.core.translation import Translated
from dala.social import services
from dala.social.models import Follow
from dala.social.selectors import can_see_follows_of, follower_count
from tests.factories import ArtistFactory, GalleryFactory, SubjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_critic() -> CriticProfile:
    return CriticProfile.objects.create(user=UserFactory(), name=Translated(en="A. Critic", ru="А. Критик"),
                                        slug=f"critic-{UserFactory().pk}")


def test_following_twice_keeps_one_follow_and_unfollowing_twice_is_harmless() -> None:
    user, artist = UserFactory(), ArtistFactory()
    first, created = services.follow(user=user, kind="artist", target_id=artist.pk)
    again, created_again = services.follow(user=user, kind="artist", target_id=artist.pk)
    assert created and not created_again and first.pk == again.pk
    assert follower_count(kind="artist", target_id=artist.pk) == 1
    assert services.unfollow(user=user, kind="artist", target_id=artist.pk) is True
    assert services.unfollow(user=user, kind="artist", target_id=artist.pk) is False
    assert follower_count(kind="artist", target_id=artist.pk) == 0


def test_galleries_critics_and_subjects_can_be_followed() -> None:
    user = UserFactory()
    for kind, target in (("gallery", GalleryFactory()), ("critic", make_critic()), ("subject", SubjectFactory())):
        follow, _created = services.follow(user=user, kind=kind, target_id=target.pk)
        assert follow.kind == kind and follow.target == target
    assert Follow.objects.filter(follower=user).count() == 3


def test_a_follow_names_exactly_one_target_in_the_database() -> None:
    user, artist, gallery = UserFactory(), ArtistFactory(), GalleryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=user, artist=artist, gallery=gallery)
    Follow.objects.create(follower=user, artist=artist)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=user, artist=artist)


def test_no_one_follows_a_hidden_artist_an_unknown_kind_or_themselves() -> None:
    user = UserFactory()
    hidden = ArtistFactory(is_public=False)
    with pytest.raises(NotFound):
        services.follow(user=user, kind="artist", target_id=hidden.pk)
    with pytest.raises(DomainError):
        services.follow(user=user, kind="collector", target_id=1)
    artist = ArtistFactory()
    with pytest.raises(DomainError) as caught:
        services.follow(user=artist.user, kind="artist", target_id=artist.pk)
    assert caught.value.code == "follow_self"


def test_a_collectors_follows_are_private_unless_they_make_them_public() -> None:
    collector, stranger = UserFactory(), UserFactory()
    services.follow(user=collector, kind="artist", target_id=ArtistFactory().pk)
    assert can_see_follows_of(collector, collector)
    assert not can_see_follows_of(collector, stranger)
    services.update_settings(user=collector, follows_public=True)
    assert can_see_follows_of(collector, stranger)


def test_the_follow_button_on_the_artist_page_works_without_javascript(client: Client) -> None:
    artist, user = ArtistFactory(), UserFactory()
    with translation.override("en"):
        page = f"/en/artists/{artist.slug}/"
    response = client.get(page)
    assert response.status_code == 200
    assert "0 followers" in response.content.decode() and "Log in to follow" in response.content.decode()
    client.force_login(user)
    html = client.get(page).content.decode()
    assert 'name="action" value="follow"' in html
    response = client.post("/en/follow/", {"kind": "artist", "id": artist.pk, "action": "follow", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    html = client.get(page).content.decode()
    assert "1 follower" in html and 'name="action" value="unfollow"' in html
    assert "1 follower" in Client().get(page).content.decode()  # counted for visitors too
    client.post("/en/follow/", {"kind": "artist", "id": artist.pk, "action": "unfollow", "next": page})
    assert not Follow.objects.filter(follower=user).exists()


def test_the_follow_form_does_not_redirect_off_site(client: Client) -> None:
    artist, user = ArtistFactory(), UserFactory()
    client.force_login(user)
    response = client.post("/en/follow/", {"kind": "artist", "id": artist.pk, "action": "follow",
                                           "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/en/follows/"
    html = client.get("/en/follows/").content.decode()
    assert artist.name["en"] in html and "Your follows are private" in html
