"""The reviews API: public reading, critics writing and publishing, the artist's reply, domain errors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.catalog.models import Artwork, Availability
from dala.critique.models import Review
from dala.critique.services import hide_reply, hide_review, reply_to_review
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory

from .factories import CriticFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def as_user(user: Any) -> Client:
    return bearer_client(token_for(user))


def payload(artwork: Artwork, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"title": "Steppe light", "body": "It *glows*.", "language": "ru",
                            "conflict_of_interest": "None", "artwork_ids": [artwork.pk]}
    body.update(overrides)
    return body


def test_a_critic_writes_and_publishes_a_review_and_the_artist_replies(artwork: Artwork) -> None:
    critic = CriticFactory()
    client = as_user(critic.user)
    created = client.post(f"{API}/reviews", payload(artwork), content_type="application/json")
    assert created.status_code == 201, created.content
    review = created.json()
    assert review["status"] == "draft" and review["language"] == "ru"
    assert review["body_html"] == "<p>It <em>glows</em>.</p>\n"
    assert review["critic"]["outlet"] == critic.outlet
    assert Client().get(f"{API}/reviews/{review['id']}").status_code == 404

    published = client.post(f"{API}/reviews/{review['id']}/publish", {}, content_type="application/json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    public = Client().get(f"{API}/reviews/{review['id']}")
    assert public.status_code == 200 and public.json()["title"] == "Steppe light"

    replied = as_user(artwork.artist.user).post(f"{API}/reviews/{review['id']}/reply", {"body": "Thanks."},
                                                content_type="application/json")
    assert replied.status_code == 201, replied.content
    assert Client().get(f"{API}/reviews/{review['id']}").json()["reply"]["body"] == "Thanks."
    again = as_user(artwork.artist.user).post(f"{API}/reviews/{review['id']}/reply", {"body": "More."},
                                              content_type="application/json")
    assert again.status_code == 409 and error_of(again)["code"] == "already_replied"


def test_the_api_refuses_with_domain_errors(artwork: Artwork) -> None:
    critic = as_user(CriticFactory().user)
    draft = ArtworkFactory(availability=Availability.DRAFT)
    refused = critic.post(f"{API}/reviews", payload(draft), content_type="application/json")
    assert refused.status_code == 400 and error_of(refused)["code"] == "subject_not_public"
    no_conflict = critic.post(f"{API}/reviews", payload(artwork, conflict_of_interest=""),
                              content_type="application/json")
    assert error_of(no_conflict)["field"] == "conflict_of_interest"
    not_critic = as_user(UserFactory()).post(f"{API}/reviews", payload(artwork), content_type="application/json")
    assert not_critic.status_code == 403 and error_of(not_critic)["code"] == "not_a_critic"
    assert Client().post(f"{API}/reviews", payload(artwork), content_type="application/json").status_code == 401


def test_the_artist_cannot_rewrite_the_review_through_the_api(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    response = as_user(artwork.artist.user).put(
        f"{API}/reviews/{review.pk}", {**payload(artwork, body="Rewritten"), "note": "x"},
        content_type="application/json")
    assert response.status_code == 403 and error_of(response)["code"] == "not_your_review"
    assert Review.objects.get(pk=review.pk).body != "Rewritten"


def test_a_correction_through_the_api_shows_in_the_revisions(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork], body="Before")
    client = as_user(review.critic.user)
    missing_note = client.put(f"{API}/reviews/{review.pk}", payload(artwork, body="After"),
                              content_type="application/json")
    assert error_of(missing_note)["code"] == "correction_note_required"
    corrected = client.put(f"{API}/reviews/{review.pk}", {**payload(artwork, body="After"), "note": "Typo"},
                           content_type="application/json")
    assert corrected.status_code == 200
    public = Client().get(f"{API}/reviews/{review.pk}").json()
    assert public["body"] == "After" and public["corrected_at"]
    assert [(r["body"], r["note"]) for r in public["revisions"]] == [("Before", "Typo")]


def test_the_list_filters_by_artwork_artist_and_critic_and_leaves_out_hidden_and_embargoed(
        artwork: Artwork, django_assert_max_num_queries: Any) -> None:
    critic = CriticFactory()
    about_work = ReviewFactory(critic=critic, artworks=[artwork])
    about_artist = ReviewFactory(artist=artwork.artist)
    elsewhere = ReviewFactory(artworks=[ArtworkFactory()])
    hidden = ReviewFactory(artworks=[artwork])
    hide_review(user=UserFactory(is_staff=True), review_id=hidden.pk, reason="Spam")
    ReviewFactory(artworks=[artwork], publish_at=timezone.now() + timedelta(hours=3))
    ReviewFactory(artworks=[artwork], status="draft", published_at=None)

    def ids(query: str) -> set[int]:
        response = Client().get(f"{API}/reviews{query}")
        assert response.status_code == 200
        return {item["id"] for item in response.json()["items"]}

    with django_assert_max_num_queries(8):
        assert ids("") == {about_work.pk, about_artist.pk, elsewhere.pk}
    assert ids(f"?artwork={artwork.pk}") == {about_work.pk}
    assert ids(f"?artist={artwork.artist_id}") == {about_work.pk, about_artist.pk}
    assert ids(f"?critic={critic.slug}") == {about_work.pk}
    assert ids("?critic=nobody") == set()
    assert Client().get(f"{API}/reviews/{hidden.pk}").status_code == 404


def test_a_hidden_reply_is_left_out_of_the_api(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    reply = reply_to_review(user=artwork.artist.user, review_id=review.pk, body="Rude")
    hide_reply(user=UserFactory(is_staff=True), reply_id=reply.pk, reason="Insults")
    assert Client().get(f"{API}/reviews/{review.pk}").json()["reply"] is None


def test_only_the_reviewed_artist_replies_through_the_api(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    response = as_user(ArtistFactory().user).post(f"{API}/reviews/{review.pk}/reply", {"body": "Hi"},
                                                  content_type="application/json")
    assert response.status_code == 403 and error_of(response)["code"] == "not_reviewed_artist"


def test_my_reviews_include_drafts(artwork: Artwork) -> None:
    critic = CriticFactory()
    draft = ReviewFactory(critic=critic, artworks=[artwork], status="draft", published_at=None)
    response = as_user(critic.user).get(f"{API}/reviews/mine")
    assert [item["id"] for item in response.json()["items"]] == [draft.pk]
