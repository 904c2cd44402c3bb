"""Staff see the notifications in the admin, filtered by action and by read or unread."""

from __future__ import annotations

import pytest
from django.test import Client

from dala.accounts.models import User
from tests.factories import ArtworkFactory, UserFactory

from .test_pages import notification_for

pytestmark = pytest.mark.django_db


def test_the_changelist_filters_by_action_and_read(client: Client) -> None:
    client.force_login(User.objects.create_superuser(email="staff@example.com", password="x"))
    artwork = ArtworkFactory()
    unread = notification_for(UserFactory(), artwork, action="order.paid")
    notification_for(UserFactory(), artwork, read=True)
    page = client.get("/admin/social/notification/?read=no&action=order.paid")
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1 and list(page.context["cl"].result_list) == [unread]
    assert client.get(f"/admin/social/notification/{unread.pk}/change/").status_code == 200
    assert client.get("/admin/social/notification/add/").status_code == 403


def test_staff_see_follows_settings_and_feed_events(client: Client) -> None:
    from dala.social import services
    from dala.social.models import FeedEvent
    from tests.factories import ArtistFactory

    client.force_login(User.objects.create_superuser(email="staff2@example.com", password="x"))
    reader, artwork = UserFactory(), ArtworkFactory()
    follow, _created = services.follow(user=reader, kind="artist", target_id=artwork.artist_id)
    choices = services.update_settings(user=reader, email_delivery="digest")
    event = FeedEvent.objects.create(actor_kind="artist", actor_id=artwork.artist_id, verb="artwork.published",
                                     artwork=artwork, artist=artwork.artist)
    ArtistFactory()
    for url in ("/admin/social/follow/", f"/admin/social/follow/{follow.pk}/change/",
                "/admin/social/follow/?artist__isempty=0", "/admin/social/socialsettings/",
                f"/admin/social/socialsettings/{choices.pk}/change/", "/admin/social/feedevent/",
                f"/admin/social/feedevent/{event.pk}/change/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/social/feedevent/add/").status_code == 403
