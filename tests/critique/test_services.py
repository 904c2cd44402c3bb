"""The rules of reviews and replies, through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from dala.catalog.models import Artwork, Availability
from dala.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from dala.critique import errors
from dala.critique.models import Reply, ReviewRevision
from dala.critique.selectors import published_reviews
from dala.critique.services import (
    announce_embargoed_reviews,
    create_review,
    hide_reply,
    hide_review,
    publish_review,
    reply_to_review,
    update_reply,
    update_review,
)
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory

from .conftest import draft_fields
from .factories import ReviewFactory

pytestmark = pytest.mark.django_db


def test_only_critics_write_reviews(artwork: Artwork) -> None:
    with pytest.raises(PermissionDenied) as refused:
        create_review(user=UserFactory(), artwork_ids=[artwork.pk], **draft_fields())
    assert refused.value.code == errors.NOT_A_CRITIC


def test_a_review_states_its_conflict_of_interest_and_its_subject(critic: Any, artwork: Artwork) -> None:
    with pytest.raises(DomainError) as refused:
        create_review(user=critic.user, artwork_ids=[artwork.pk], **draft_fields(conflict_of_interest="  "))
    assert refused.value.code == errors.CONFLICT_REQUIRED
    with pytest.raises(DomainError) as refused:
        create_review(user=critic.user, **draft_fields())
    assert refused.value.code == errors.NO_SUBJECT
    with pytest.raises(ValidationFailed) as several:
        create_review(user=critic.user, artwork_ids=[artwork.pk], **draft_fields(title="", language="de"))
    assert {e.code for e in several.value.errors} == {errors.TITLE_REQUIRED, errors.UNKNOWN_LANGUAGE}


def test_a_review_may_discuss_several_works_and_an_artist(critic: Any) -> None:
    first, second = ArtworkFactory(), ArtworkFactory()
    review = create_review(user=critic.user, artwork_ids=[first.pk, second.pk], artist_id=first.artist_id,
                           **draft_fields(language="kk"))
    assert set(review.artworks.all()) == {first, second}
    assert review.artist == first.artist
    assert review.status == "draft" and review.language == "kk"


def test_a_critic_cannot_write_about_a_draft_work(critic: Any) -> None:
    draft = ArtworkFactory(availability=Availability.DRAFT)
    with pytest.raises(DomainError) as refused:
        create_review(user=critic.user, artwork_ids=[draft.pk], **draft_fields())
    assert refused.value.code == errors.SUBJECT_NOT_PUBLIC


def test_publishing_about_a_work_taken_out_of_public_view_is_refused(critic: Any, artwork: Artwork) -> None:
    review = create_review(user=critic.user, artwork_ids=[artwork.pk], **draft_fields())
    # As the studio's unpublish does: the work goes back to draft and out of the public lists.
    Artwork.objects.filter(pk=artwork.pk).update(availability=Availability.DRAFT, is_listed=False)
    with pytest.raises(DomainError) as refused:
        publish_review(user=critic.user, review_id=review.pk)
    assert refused.value.code == errors.SUBJECT_NOT_PUBLIC
    review.refresh_from_db()
    assert review.status == "draft"


def test_publishing_about_an_artist_who_is_not_public_is_refused(critic: Any) -> None:
    artist = ArtistFactory()
    review = create_review(user=critic.user, artist_id=artist.pk, **draft_fields())
    type(artist).objects.filter(pk=artist.pk).update(is_public=False)
    with pytest.raises(DomainError) as refused:
        publish_review(user=critic.user, review_id=review.pk)
    assert refused.value.code == errors.SUBJECT_NOT_PUBLIC


def test_publishing_tells_the_reviewed_artists(critic: Any, artwork: Artwork, events: list[dict[str, Any]],
                                               django_capture_on_commit_callbacks: Any) -> None:
    other = ArtistFactory()
    review = create_review(user=critic.user, artwork_ids=[artwork.pk], artist_id=other.pk, **draft_fields())
    with django_capture_on_commit_callbacks(execute=True):
        publish_review(user=critic.user, review_id=review.pk)
    assert len(events) == 1
    event = events[0]
    assert event["action"] == "review.published"
    assert event["actor_id"] == critic.user_id
    assert event["recipient_ids"] == sorted([artwork.artist.user_id, other.user_id])
    assert event["url"].endswith(f"/reviews/{review.pk}/")
    assert list(published_reviews()) == [review]
    with pytest.raises(Conflict):
        publish_review(user=critic.user, review_id=review.pk)


def test_an_embargoed_review_stays_out_of_sight_until_its_time(critic: Any, artwork: Artwork,
                                                               events: list[dict[str, Any]],
                                                               django_capture_on_commit_callbacks: Any) -> None:
    review = create_review(user=critic.user, artwork_ids=[artwork.pk], **draft_fields())
    later = timezone.now() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        review = publish_review(user=critic.user, review_id=review.pk, publish_at=later)
        assert announce_embargoed_reviews() == 0
    assert review.is_published and review.is_embargoed
    assert list(published_reviews(artwork_id=artwork.pk)) == []
    assert events == []  # the artist hears of it when the public can read it

    review.publish_at = timezone.now() - timedelta(seconds=1)
    review.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_embargoed_reviews() == 1
        assert announce_embargoed_reviews() == 0
    assert list(published_reviews(artwork_id=artwork.pk)) == [review]
    assert [e["action"] for e in events] == ["review.published"]


def test_a_correction_keeps_the_previous_words_as_a_visible_revision(critic: Any, artwork: Artwork) -> None:
    review = ReviewFactory(critic=critic, artworks=[artwork], title="Old title", body="Old *body*")
    fields = draft_fields(title="New title", body="New body")
    with pytest.raises(DomainError) as refused:
        update_review(user=critic.user, review_id=review.pk, artwork_ids=[artwork.pk], **fields)
    assert refused.value.code == errors.NOTE_REQUIRED

    update_review(user=critic.user, review_id=review.pk, artwork_ids=[artwork.pk], note="Fixed the date", **fields)
    review.refresh_from_db()
    assert (review.title, review.body) == ("New title", "New body")
    assert review.corrected_at is not None
    revision = ReviewRevision.objects.get(review=review)
    assert (revision.title, revision.body, revision.note) == ("Old title", "Old *body*", "Fixed the date")


def test_editing_a_draft_keeps_no_revisions(critic: Any, artwork: Artwork) -> None:
    review = create_review(user=critic.user, artwork_ids=[artwork.pk], **draft_fields())
    update_review(user=critic.user, review_id=review.pk, artwork_ids=[artwork.pk], **draft_fields(title="Better"))
    assert not ReviewRevision.objects.exists()


def test_the_artist_cannot_edit_the_review(critic: Any, artwork: Artwork) -> None:
    review = ReviewFactory(critic=critic, artworks=[artwork])
    with pytest.raises(PermissionDenied) as refused:
        update_review(user=artwork.artist.user, review_id=review.pk, artwork_ids=[artwork.pk], note="mine now",
                      **draft_fields(body="I rewrote it"))
    assert refused.value.code == errors.NOT_YOUR_REVIEW
    review.refresh_from_db()
    assert review.body == "The *light* of the steppe."


def test_another_critic_cannot_publish_my_draft(critic: Any, artwork: Artwork) -> None:
    review = create_review(user=critic.user, artwork_ids=[artwork.pk], **draft_fields())
    from .factories import CriticFactory

    with pytest.raises(PermissionDenied):
        publish_review(user=CriticFactory().user, review_id=review.pk)


def test_the_reviewed_artist_replies_once_and_the_critic_hears_of_it(
        critic: Any, artwork: Artwork, events: list[dict[str, Any]], django_capture_on_commit_callbacks: Any) -> None:
    review = ReviewFactory(critic=critic, artworks=[artwork])
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_to_review(user=artwork.artist.user, review_id=review.pk, body="Thank you, *but*…")
    assert reply.artist == artwork.artist
    assert events[-1]["action"] == "review.replied"
    assert events[-1]["recipient_ids"] == [critic.user_id]
    with pytest.raises(Conflict) as refused:
        reply_to_review(user=artwork.artist.user, review_id=review.pk, body="And another thing")
    assert refused.value.code == errors.ALREADY_REPLIED
    assert Reply.objects.filter(review=review).count() == 1


def test_the_database_holds_one_reply_per_review(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    Reply.objects.create(review=review, artist=artwork.artist, body="First")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reply.objects.create(review=review, artist=artwork.artist, body="Second")


def test_only_the_reviewed_artist_may_reply(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    for stranger in (ArtistFactory().user, UserFactory(), review.critic.user):
        with pytest.raises(PermissionDenied):
            reply_to_review(user=stranger, review_id=review.pk, body="Not mine to answer")


def test_the_artist_of_a_reviewed_artist_review_may_reply() -> None:
    artist = ArtistFactory()
    review = ReviewFactory(artist=artist)
    assert reply_to_review(user=artist.user, review_id=review.pk, body="Noted.").artist == artist


def test_nobody_replies_to_a_draft_or_an_embargoed_review(artwork: Artwork) -> None:
    draft = ReviewFactory(artworks=[artwork], status="draft", published_at=None)
    embargoed = ReviewFactory(artworks=[artwork], publish_at=timezone.now() + timedelta(hours=1))
    for review in (draft, embargoed):
        with pytest.raises(NotFound):
            reply_to_review(user=artwork.artist.user, review_id=review.pk, body="Early")


def test_the_critic_cannot_edit_the_reply(critic: Any, artwork: Artwork) -> None:
    review = ReviewFactory(critic=critic, artworks=[artwork])
    reply = reply_to_review(user=artwork.artist.user, review_id=review.pk, body="My words")
    with pytest.raises(PermissionDenied) as refused:
        update_reply(user=critic.user, reply_id=reply.pk, body="Their words, by me")
    assert refused.value.code == errors.NOT_YOUR_REPLY
    assert update_reply(user=artwork.artist.user, reply_id=reply.pk, body="My better words").body == "My better words"


def test_only_staff_hide_and_always_with_a_reason(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    staff = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        hide_review(user=UserFactory(), review_id=review.pk, reason="spam")
    with pytest.raises(DomainError) as refused:
        hide_review(user=staff, review_id=review.pk, reason=" ")
    assert refused.value.code == errors.REASON_REQUIRED
    hidden = hide_review(user=staff, review_id=review.pk, reason="Personal attack")
    assert hidden.hidden_by == staff and hidden.hidden_reason == "Personal attack"
    assert list(published_reviews()) == []

    other = ReviewFactory(artworks=[artwork])
    reply = reply_to_review(user=artwork.artist.user, review_id=other.pk, body="Abuse")
    hidden_reply = hide_reply(user=staff, reply_id=reply.pk, reason="Insults")
    assert hidden_reply.hidden_at is not None and hidden_reply.hidden_reason == "Insults"


def test_a_published_review_can_be_corrected_after_its_work_left_public_view(critic: Any, artwork: Artwork) -> None:
    review = ReviewFactory(critic=critic, artworks=[artwork], body="Old")
    Artwork.objects.filter(pk=artwork.pk).update(availability=Availability.DRAFT, is_listed=False)
    update_review(user=critic.user, review_id=review.pk, artwork_ids=[artwork.pk], note="Typo",
                  **draft_fields(body="New"))
    assert ReviewRevision.objects.filter(review=review, body="Old").exists()
    other_draft = ArtworkFactory(artist=artwork.artist, availability=Availability.DRAFT)
    with pytest.raises(DomainError) as refused:
        update_review(user=critic.user, review_id=review.pk, artwork_ids=[artwork.pk, other_draft.pk], note="More",
                      **draft_fields(body="Newer"))
    assert refused.value.code == errors.SUBJECT_NOT_PUBLIC
