"""The admin's "hide with a reason" action for reviews and replies."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from dala.accounts.models import User
from dala.catalog.models import Artwork
from dala.critique.models import Reply, Review

from .factories import ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("admin@example.com", "pw-admin-123"))
    return client


def test_staff_hide_a_review_with_a_recorded_reason(admin_client_: Client, artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    url = "/admin/critique/review/"
    asked = admin_client_.post(url, {"action": "hide_with_reason", ACTION_CHECKBOX_NAME: [review.pk]})
    assert asked.status_code == 200 and b'name="reason"' in asked.content
    done = admin_client_.post(url, {"action": "hide_with_reason", ACTION_CHECKBOX_NAME: [review.pk],
                                    "reason": "Defamatory"})
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.hidden_reason == "Defamatory" and review.hidden_by.email == "admin@example.com"
    assert admin_client_.get(f"{url}{review.pk}/change/").status_code == 200
    assert admin_client_.get(url, {"q": review.critic.slug}).status_code == 200


def test_staff_hide_a_reply_with_a_recorded_reason(admin_client_: Client, artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    reply = Reply.objects.create(review=review, artist=artwork.artist, body="Rude")
    done = admin_client_.post("/admin/critique/reply/", {"action": "hide_with_reason",
                                                         ACTION_CHECKBOX_NAME: [reply.pk], "reason": "Insults"})
    assert done.status_code == 302
    reply.refresh_from_db()
    assert reply.hidden_reason == "Insults" and reply.hidden_at is not None
    assert Review.objects.visible().count() == 1
