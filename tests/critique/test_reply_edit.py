"""The artist corrects their own reply to a review, from the review page and through the API; nobody
else may, a hidden reply stays as the moderators left it, and readers see that it was edited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.catalog.models import Artwork
from dala.critique.models import Reply, Review
from dala.critique.services import hide_reply, hide_review, reply_to_review
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtistFactory, UserFactory

from .factories import ReviewFactory

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def replied(artwork: Artwork, body: str = "I *disagree*.") -> tuple[Review, Reply]:
    """A published review of ``artwork`` with its artist's reply, written an hour ago."""
    review = ReviewFactory(artworks=[artwork])
    reply = reply_to_review(user=artwork.artist.user, review_id=review.pk, body=body)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Reply.objects.filter(pk=reply.pk).update(created_at=an_hour_ago, updated_at=an_hour_ago)
    reply.refresh_from_db()
    return review, reply


def page(review: Review, client: Client | None = None) -> str:
    return (client or Client()).get(f"/en/reviews/{review.pk}/").content.decode()


def edit_form(review: Review) -> str:
    return f'action="/en/reviews/{review.pk}/reply/edit/"'


def test_the_artist_corrects_their_reply_from_the_review_page_and_readers_see_it_was_edited(
        artwork: Artwork) -> None:
    review, reply = replied(artwork)
    artist = logged_in(artwork.artist.user)
    before = page(review, artist)
    assert edit_form(review) in before and "Correct your reply" in before
    assert "Edited on" not in page(review)

    response = artist.post(f"/en/reviews/{review.pk}/reply/edit/", {"body": "I *partly* disagree."})

    assert response.status_code == 302 and response["Location"] == f"/en/reviews/{review.pk}/#reply"
    html = page(review)
    assert "<em>partly</em> disagree" in html and "<em>disagree</em>" not in html
    assert "Edited on" in html
    reply.refresh_from_db()
    assert reply.body == "I *partly* disagree."


def test_saving_the_same_words_is_not_an_edit(artwork: Artwork) -> None:
    review, _ = replied(artwork)
    response = logged_in(artwork.artist.user).post(f"/en/reviews/{review.pk}/reply/edit/",
                                                   {"body": "  I *disagree*.  "})
    assert response.status_code == 302
    assert "Edited on" not in page(review)


def test_an_empty_correction_is_refused_next_to_the_field(artwork: Artwork) -> None:
    review, reply = replied(artwork)
    response = logged_in(artwork.artist.user).post(f"/en/reviews/{review.pk}/reply/edit/", {"body": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert edit_form(review) in html and "<details class=\"review-reply__edit\" open>" in html
    reply.refresh_from_db()
    assert reply.body == "I *disagree*."


def test_no_one_else_can_edit_the_artists_reply(artwork: Artwork) -> None:
    review, reply = replied(artwork)
    critic = logged_in(review.critic.user)
    assert edit_form(review) not in page(review, critic)
    assert edit_form(review) not in page(review)
    for client in (critic, logged_in(ArtistFactory().user), logged_in(UserFactory(is_staff=True))):
        assert client.post(f"/en/reviews/{review.pk}/reply/edit/", {"body": "Rewritten"}).status_code == 403
    anonymous = Client().post(f"/en/reviews/{review.pk}/reply/edit/", {"body": "Rewritten"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    reply.refresh_from_db()
    assert reply.body == "I *disagree*."


def test_there_is_nothing_to_edit_before_the_artist_replies(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    response = logged_in(artwork.artist.user).post(f"/en/reviews/{review.pk}/reply/edit/", {"body": "Hi"})
    assert response.status_code == 404
    assert logged_in(artwork.artist.user).get(f"/en/reviews/{review.pk}/reply/edit/").status_code == 405


def test_a_hidden_reply_cannot_be_edited(artwork: Artwork) -> None:
    review, reply = replied(artwork, body="Rude words")
    hide_reply(user=UserFactory(is_staff=True), reply_id=reply.pk, reason="Insults")
    artist = logged_in(artwork.artist.user)
    assert edit_form(review) not in page(review, artist)

    response = artist.post(f"/en/reviews/{review.pk}/reply/edit/", {"body": "Polite words"})

    assert response.status_code == 409
    assert "The moderators hid this reply" in response.content.decode()
    reply.refresh_from_db()
    assert reply.body == "Rude words"
    # Hiding is not the artist's edit: readers are not told the reply was edited.
    assert "Edited on" not in page(review)


def test_the_reply_to_a_hidden_review_cannot_be_edited_either(artwork: Artwork) -> None:
    review, reply = replied(artwork)
    hide_review(user=UserFactory(is_staff=True), review_id=review.pk, reason="Defamatory")
    response = logged_in(artwork.artist.user).post(f"/en/reviews/{review.pk}/reply/edit/", {"body": "New"})
    assert response.status_code == 409
    reply.refresh_from_db()
    assert reply.body == "I *disagree*."


def test_the_artist_corrects_their_reply_through_the_api(artwork: Artwork) -> None:
    review, _ = replied(artwork)
    client = bearer_client(token_for(artwork.artist.user))
    assert Client().get(f"{API}/reviews/{review.pk}").json()["reply"]["edited_at"] is None

    response = client.patch(f"{API}/reviews/{review.pk}/reply", {"body": "On reflection, *yes*."},
                            content_type="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["body_html"] == "<p>On reflection, <em>yes</em>.</p>\n"
    public = Client().get(f"{API}/reviews/{review.pk}").json()["reply"]
    assert public["body"] == "On reflection, *yes*." and public["edited_at"] is not None


def test_the_api_refuses_others_hidden_replies_and_missing_ones(artwork: Artwork) -> None:
    review, reply = replied(artwork)
    critic = bearer_client(token_for(review.critic.user))
    refused = critic.patch(f"{API}/reviews/{review.pk}/reply", {"body": "Mine now"},
                           content_type="application/json")
    assert refused.status_code == 403 and error_of(refused)["code"] == "not_your_reply"
    anonymous = Client().patch(f"{API}/reviews/{review.pk}/reply", {"body": "x"}, content_type="application/json")
    assert anonymous.status_code == 401

    artist = bearer_client(token_for(artwork.artist.user))
    hide_reply(user=UserFactory(is_staff=True), reply_id=reply.pk, reason="Insults")
    hidden = artist.patch(f"{API}/reviews/{review.pk}/reply", {"body": "Sorry"}, content_type="application/json")
    assert hidden.status_code == 409 and error_of(hidden)["code"] == "reply_hidden"

    bare = ReviewFactory(artworks=[artwork])
    missing = artist.patch(f"{API}/reviews/{bare.pk}/reply", {"body": "Hi"}, content_type="application/json")
    assert missing.status_code == 404
    reply.refresh_from_db()
    assert reply.body == "I *disagree*."


def test_the_reply_patch_is_described_in_the_openapi_schema() -> None:
    schema = Client().get(f"{API}/openapi.json").json()
    operation = schema["paths"]["/api/v1/reviews/{review_id}/reply"]["patch"]
    assert operation["summary"] == "Correct my reply to a review" and operation["description"]
