"""Moderators put hidden reviews and replies back in public view: an admin action, recorded with who and
when, and keeping the reason they had been hidden for in the admin log."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.test import Client

from dala.accounts.models import User
from dala.catalog.models import Artwork
from dala.core.errors import Conflict, PermissionDenied
from dala.critique.models import Reply, Review
from dala.critique.services import hide_reply, hide_review, unhide_reply, unhide_review
from tests.api.conftest import API
from tests.factories import UserFactory

from .factories import ReviewFactory

pytestmark = pytest.mark.django_db

REVIEWS = "/admin/critique/review/"
REPLIES = "/admin/critique/reply/"


@pytest.fixture
def moderator(db: None) -> User:
    return User.objects.create_superuser("moderator@example.com", "pw-moderator-123")


@pytest.fixture
def admin(moderator: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the admin follows the browser's language; the site's is Kazakh
    client.force_login(moderator)
    return client


def public_page(review: Review) -> str:
    return Client().get(f"/en/reviews/{review.pk}/").content.decode()


def test_an_unhidden_review_reappears_on_its_page_the_artwork_page_and_the_api(
        admin: Client, moderator: User, artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork], title="Salt and light")
    hide_review(user=moderator, review_id=review.pk, reason="Reported as defamatory")
    assert "Salt and light" not in public_page(review)
    assert Client().get(f"{API}/reviews/{review.pk}").status_code == 404

    done = admin.post(REVIEWS, {"action": "unhide", ACTION_CHECKBOX_NAME: [review.pk]})

    assert done.status_code == 302
    review.refresh_from_db()
    assert review.hidden_at is None and review.hidden_reason == "" and review.hidden_by is None
    html = public_page(review)
    assert "Salt and light" in html and "Hidden by the moderators" not in html
    assert Client().get(f"{API}/reviews/{review.pk}").json()["title"] == "Salt and light"
    assert [r["id"] for r in Client().get(f"{API}/reviews", {"artwork": artwork.pk}).json()["items"]] == [review.pk]
    assert "Salt and light" in Client().get("/en" + artwork.get_absolute_url()[3:]).content.decode()


def test_the_unhide_is_logged_with_who_when_and_the_reason_it_had_been_hidden_for(
        admin: Client, moderator: User, artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    other_moderator = UserFactory(is_staff=True, email="second@example.com")
    hide_review(user=other_moderator, review_id=review.pk, reason="Reported as defamatory")

    admin.post(REVIEWS, {"action": "unhide", ACTION_CHECKBOX_NAME: [review.pk]})

    entry = LogEntry.objects.get(object_id=str(review.pk), content_type__model="review")
    assert entry.user == moderator and entry.action_time is not None
    message = entry.get_change_message()
    assert message.startswith("Unhidden.")
    assert "Reported as defamatory" in message and "second@example.com" in message
    change_page = admin.get(f"{REVIEWS}{review.pk}/change/").content.decode()
    assert "Reported as defamatory" in change_page and "Unhidden." in change_page


def test_hiding_from_the_admin_is_logged_too_so_the_history_keeps_every_step(
        admin: Client, artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    admin.post(REVIEWS, {"action": "hide_with_reason", ACTION_CHECKBOX_NAME: [review.pk], "reason": "Spam"})
    admin.post(REVIEWS, {"action": "unhide", ACTION_CHECKBOX_NAME: [review.pk]})
    admin.post(REVIEWS, {"action": "hide_with_reason", ACTION_CHECKBOX_NAME: [review.pk], "reason": "Spam again"})

    messages = [e.get_change_message() for e in
                LogEntry.objects.filter(object_id=str(review.pk), content_type__model="review").order_by("pk")]
    assert messages[0] == "Hidden with the reason: Spam"
    assert messages[1].startswith("Unhidden.") and messages[1].endswith("with the reason: Spam")
    assert messages[2] == "Hidden with the reason: Spam again"
    review.refresh_from_db()
    assert review.hidden_reason == "Spam again"


def test_an_unhidden_reply_reappears_under_its_review_and_in_the_api(
        admin: Client, moderator: User, artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    reply = Reply.objects.create(review=review, artist=artwork.artist, body="A *fair* point.")
    hide_reply(user=moderator, reply_id=reply.pk, reason="Mistaken report")
    assert "<em>fair</em>" not in public_page(review)
    assert Client().get(f"{API}/reviews/{review.pk}").json()["reply"] is None

    done = admin.post(REPLIES, {"action": "unhide", ACTION_CHECKBOX_NAME: [reply.pk]})

    assert done.status_code == 302
    html = public_page(review)
    assert "<em>fair</em>" in html and "Hidden by the moderators" not in html
    assert Client().get(f"{API}/reviews/{review.pk}").json()["reply"]["body"] == "A *fair* point."
    entry = LogEntry.objects.get(object_id=str(reply.pk), content_type__model="reply")
    assert "Mistaken report" in entry.get_change_message() and entry.user == moderator
    assert "Mistaken report" in admin.get(f"{REPLIES}{reply.pk}/change/").content.decode()


def test_unhiding_a_selection_leaves_visible_rows_as_they_were(admin: Client, moderator: User,
                                                                artwork: Artwork) -> None:
    hidden, shown = ReviewFactory(artworks=[artwork]), ReviewFactory(artworks=[artwork])
    hide_review(user=moderator, review_id=hidden.pk, reason="Spam")

    done = admin.post(REVIEWS, {"action": "unhide", ACTION_CHECKBOX_NAME: [hidden.pk, shown.pk]}, follow=True)

    html = done.content.decode()
    assert "Unhidden: 1." in html and "Not hidden, left as they were: 1." in html
    assert Review.objects.visible().count() == 2
    assert not LogEntry.objects.filter(object_id=str(shown.pk), content_type__model="review").exists()


def test_only_moderators_unhide_and_only_what_is_hidden(moderator: User, artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    reply = Reply.objects.create(review=review, artist=artwork.artist, body="Thanks")
    with pytest.raises(Conflict):
        unhide_review(user=moderator, review_id=review.pk)
    with pytest.raises(Conflict):
        unhide_reply(user=moderator, reply_id=reply.pk)
    hide_review(user=moderator, review_id=review.pk, reason="Spam")
    hide_reply(user=moderator, reply_id=reply.pk, reason="Spam")
    for someone in (artwork.artist.user, review.critic.user):
        with pytest.raises(PermissionDenied):
            unhide_review(user=someone, review_id=review.pk)
        with pytest.raises(PermissionDenied):
            unhide_reply(user=someone, reply_id=reply.pk)
    assert Review.objects.get(pk=review.pk).hidden_at is not None
    assert Reply.objects.get(pk=reply.pk).hidden_at is not None
