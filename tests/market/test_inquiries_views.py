"""The inquiry pages: ask from a work, my conversations, one conversation and its replies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dala.market.models import Inquiry
from dala.market.services.inquiries import ask_about
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory
from tests.market.factories_offers import represent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_question_from_the_work_page_opens_a_conversation_the_artist_answers() -> None:
    artwork, buyer = ArtworkFactory(), UserFactory()
    response = logged_in(buyer).post(reverse("market:ask", args=[artwork.pk]), {"body": "Is it signed?"})
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("market:inquiry", args=[inquiry.pk])

    artist = logged_in(artwork.artist.user)
    assert "Is it signed?" in artist.get(reverse("market:inquiry", args=[inquiry.pk])).content.decode()
    reply = artist.post(reverse("market:inquiry", args=[inquiry.pk]), {"body": "Yes, on the back."})
    assert reply.status_code == 302
    page = logged_in(buyer).get(reverse("market:inquiry", args=[inquiry.pk])).content.decode()
    assert "Yes, on the back." in page


def test_an_empty_question_is_shown_back_with_an_error() -> None:
    artwork = ArtworkFactory()
    response = logged_in(UserFactory()).post(reverse("market:ask", args=[artwork.pk]), {"body": ""})
    assert response.status_code == 400 and 'class="error-summary"' in response.content.decode()
    assert not Inquiry.objects.exists()


def test_the_artist_cannot_ask_about_their_own_work() -> None:
    artwork = ArtworkFactory()
    response = logged_in(artwork.artist.user).post(reverse("market:ask", args=[artwork.pk]), {"body": "Hi"})
    assert response.status_code == 400 and not Inquiry.objects.exists()


def test_a_stranger_gets_404_on_a_conversation() -> None:
    artwork = ArtworkFactory()
    inquiry = ask_about(buyer=UserFactory(), artwork_id=artwork.pk, body="Hello")
    stranger = logged_in(UserFactory())
    assert stranger.get(reverse("market:inquiry", args=[inquiry.pk])).status_code == 404
    assert stranger.post(reverse("market:inquiry", args=[inquiry.pk]), {"body": "Me"}).status_code == 404


def test_anonymous_visitors_go_to_log_in_before_asking() -> None:
    artwork = ArtworkFactory()
    response = Client().post(reverse("market:ask", args=[artwork.pk]), {"body": "Hi"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_my_conversations_cost_the_same_queries_for_many_threads(django_assert_max_num_queries: Any) -> None:
    artist = ArtistFactory()
    works = [ArtworkFactory(artist=artist) for _ in range(10)]
    buyer = UserFactory()
    for work in works:
        ask_about(buyer=buyer, artwork_id=work.pk, body="Hello")
    represent(works[0])
    for user in (buyer, artist.user):
        client = logged_in(user)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("market:inquiries"))
        assert response.status_code == 200
        assert response.content.decode().count(reverse("market:inquiry", args=[Inquiry.objects.first().pk])) == 1
        assert response.content.decode().count('class="inquiry-row"') == 10
