"""The notifications page, marking read, and the count in the navigation."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.catalog.models import Artwork
from dala.social.models import Notification
from tests.factories import ArtworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def notification_for(user: Any, artwork: Artwork, *, action: str = "offer.made", amount: int = 900_000_00,
                     url: str = "/kk/market/offers/7/", read: bool = False) -> Notification:
    return Notification.objects.create(
        recipient=user, action=action, url=url, read_at=timezone.now() if read else None,
        context={"artwork": dict(artwork.title), "amount": amount, "currency": "KZT"},
    )


@pytest.fixture
def reader(client: Client) -> Any:
    user = UserFactory()
    client.force_login(user)
    return user


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get("/en/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_list_shows_each_notification_in_the_pages_language(client: Client, reader: Any,
                                                                 language: str) -> None:
    artwork = ArtworkFactory()
    notification_for(reader, artwork, read=True)
    page = client.get(f"/{language}/notifications/").content.decode()
    assert artwork.title[language] in page
    assert "900\u00a0000\u00a0₸" in page
    others = {"kk", "ru", "en"} - {language}
    assert not any(artwork.title[other] in page for other in others)
    # the link leads to the page in the reader's language, whatever language the actor used
    assert f'href="/{language}/market/offers/7/"' in page


def test_the_list_is_newest_first_with_unread_ones_marked(client: Client, reader: Any) -> None:
    old = notification_for(reader, ArtworkFactory(), read=True)
    new = notification_for(reader, ArtworkFactory(), action="inquiry.message")
    page = client.get("/en/notifications/").content.decode()
    assert page.index(f"“{new.context['artwork']['en']}”") < page.index(f"“{old.context['artwork']['en']}”")
    assert page.count("notification--unread") == 1


def test_the_list_is_paginated(client: Client, reader: Any) -> None:
    artwork = ArtworkFactory()
    for _ in range(26):
        notification_for(reader, artwork)
    first = client.get("/en/notifications/")
    assert first.context["page_obj"].paginator.num_pages == 2
    assert len(first.context["notifications"]) == 25
    assert len(client.get("/en/notifications/?page=2").context["notifications"]) == 1


def test_opening_a_notification_marks_it_read_and_follows_its_link(client: Client, reader: Any) -> None:
    notification = notification_for(reader, ArtworkFactory())
    response = client.post(f"/ru/notifications/{notification.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/ru/market/offers/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_user_cannot_mark_someone_elses_notification(client: Client, reader: Any) -> None:
    theirs = notification_for(UserFactory(), ArtworkFactory())
    assert client.post(f"/en/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_all_read_leaves_other_peoples_unread(client: Client, reader: Any) -> None:
    artwork = ArtworkFactory()
    mine = [notification_for(reader, artwork) for _ in range(3)]
    theirs = notification_for(UserFactory(), artwork)
    response = client.post("/en/notifications/read-all/")
    assert response.status_code == 302
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_reading_is_a_post(client: Client, reader: Any) -> None:
    notification = notification_for(reader, ArtworkFactory())
    assert client.get(f"/en/notifications/{notification.pk}/read/").status_code == 405


def test_the_navigation_shows_the_unread_count(client: Client, reader: Any) -> None:
    artwork = ArtworkFactory()
    notification_for(reader, artwork)
    notification_for(reader, artwork)
    notification_for(reader, artwork, read=True)
    notification_for(UserFactory(), artwork)
    page = client.get("/en/").content.decode()
    assert "Notifications (2)" in page
    for name in ("Offers", "Orders", "Messages", "Auctions"):
        assert f">{name}</a>" in page
    Notification.objects.filter(recipient=reader).update(read_at=timezone.now())
    page = client.get("/en/").content.decode()
    assert ">Notifications</a>" in page and "Notifications (" not in page


def test_anonymous_visitors_see_auctions_but_no_personal_links(client: Client) -> None:
    page = client.get("/en/").content.decode()
    assert ">Auctions</a>" in page
    assert "Notifications" not in page and ">Offers</a>" not in page


def test_the_count_costs_one_query_per_page(rf: Any, django_assert_num_queries: Any) -> None:
    from django.template import Context, Template

    user = UserFactory()
    request = rf.get("/")
    request.user = user
    template = Template("{% load social_tags %}{% unread_notification_count as a %}"
                        "{% unread_notification_count as b %}{{ a }}{{ b }}")
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request, "user": user})) == "00"


def test_the_list_costs_the_same_queries_however_long_it_is(client: Client, reader: Any,
                                                             django_assert_max_num_queries: Any) -> None:
    artwork = ArtworkFactory()
    for _ in range(20):
        notification_for(reader, artwork)
    # session, user, count, page, unread count in the nav (once), the studio link's artist lookup
    with django_assert_max_num_queries(7):
        assert client.get("/en/notifications/").status_code == 200
