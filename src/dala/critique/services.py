"""Writes for reviews and replies. Each function is one transaction and raises a domain error on bad input."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import ArtistProfile, CriticProfile
from dala.catalog.models import Artwork
from dala.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from dala.programmes.models import Exhibition, PublicationStatus

from . import errors
from .models import Reply, Review, ReviewLanguage, ReviewRevision, ReviewStatus
from .permissions import (
    artist_of,
    critic_of,
    is_reply_author,
    is_review_author,
    may_moderate,
    reviewed_artist_ids,
    reviewed_artist_user_ids,
)
from .signals import critique_event


def review_url(review: Review) -> str:
    return reverse("critique:review", kwargs={"pk": review.pk})


def _announce(*, action: str, actor_id: int | None, recipient_ids: Iterable[int], subject: Any, url: str) -> None:
    """Send ``critique_event`` once the transaction commits (never to the actor)."""
    recipients = sorted({int(pk) for pk in recipient_ids if pk is not None and pk != actor_id})
    if recipients:
        transaction.on_commit(lambda: critique_event.send(sender=type(subject), action=action, actor_id=actor_id,
                                                          recipient_ids=recipients, subject=subject, url=url))


def _critic(user: Any) -> CriticProfile:
    critic = critic_of(user)
    if critic is None:
        raise PermissionDenied(errors.NOT_A_CRITIC, _("Only critics write reviews."))
    return critic


def _own_review(user: Any, review_id: int) -> Review:
    # Locked for the rest of the transaction on PostgreSQL: two corrections must not interleave.
    review = (Review.objects.select_for_update().select_related("critic").filter(pk=review_id).first())
    if review is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such review."))
    if not is_review_author(user, review):
        # Someone else's review, draft or not: nobody edits another's words.
        raise PermissionDenied(errors.NOT_YOUR_REVIEW, _("Only the critic who wrote this review may change it."))
    return review


def _subjects(artwork_ids: Iterable[int], artist_id: int | None, already: Review | None = None,
              exhibition_id: int | None = None) -> tuple[list[Artwork], ArtistProfile | None, Exhibition | None]:
    """The works, the artist and the exhibition a review is about; each must be public, since a review is
    public (an exhibition: published and not a private viewing room).

    A correction of a published review (``already``) may keep the subjects it was published about even
    if one has left public view since: the critic must still be able to correct their words."""
    ids = sorted({int(pk) for pk in artwork_ids})
    public = Q(is_listed__in=[True])
    kept_artist_id = kept_exhibition_id = None
    if already is not None and already.is_published:
        public |= Q(pk__in=already.artworks.values("pk"))
        kept_artist_id = already.artist_id
        kept_exhibition_id = already.exhibition_id
    artworks = list(Artwork.objects.alive().select_related("artist").filter(public, pk__in=ids))
    if len(artworks) != len(ids):
        raise DomainError(errors.SUBJECT_NOT_PUBLIC, _("A review can only discuss works the public can see."),
                          field="artworks")
    artist = None
    if artist_id is not None:
        artist = ArtistProfile.objects.filter(Q(is_public=True) | Q(pk=kept_artist_id), pk=artist_id).first()
        if artist is None:
            raise DomainError(errors.SUBJECT_NOT_PUBLIC, _("A review can only discuss artists the public can see."),
                              field="artist")
    exhibition = None
    if exhibition_id is not None:
        shown = Q(status=PublicationStatus.PUBLISHED, is_private=False) | Q(pk=kept_exhibition_id)
        exhibition = Exhibition.objects.filter(shown, pk=exhibition_id).first()
        if exhibition is None:
            raise DomainError(errors.SUBJECT_NOT_PUBLIC,
                              _("A review can only discuss exhibitions the public can see."), field="exhibition")
    if not artworks and artist is None and exhibition is None:
        raise DomainError(errors.NO_SUBJECT, _("Name the works, the artist or the exhibition the review is about."),
                          field="artworks")
    return artworks, artist, exhibition


def _check_text(*, title: str, body: str, language: str, conflict_of_interest: str) -> tuple[str, str, str]:
    problems: list[DomainError] = []
    title, body, conflict_of_interest = title.strip(), body.strip(), conflict_of_interest.strip()
    if not title:
        problems.append(DomainError(errors.TITLE_REQUIRED, _("Give the review a title."), field="title"))
    if not body:
        problems.append(DomainError(errors.BODY_REQUIRED, _("Write the review."), field="body"))
    if language not in ReviewLanguage.values:
        problems.append(DomainError(errors.UNKNOWN_LANGUAGE, _("Choose Kazakh, Russian or English."),
                                    field="language"))
    if not conflict_of_interest:
        problems.append(DomainError(errors.CONFLICT_REQUIRED,
                                    _("State any conflict of interest, or write “None”."),
                                    field="conflict_of_interest"))
    if problems:
        raise problems[0] if len(problems) == 1 else ValidationFailed(problems)
    return title, body, conflict_of_interest


@transaction.atomic
def create_review(*, user: Any, title: str, body: str, language: str, conflict_of_interest: str,
                  artwork_ids: Iterable[int] = (), artist_id: int | None = None,
                  exhibition_id: int | None = None) -> Review:
    """A draft review signed by ``user``'s critic profile, about public works, a public artist and/or a
    public exhibition."""
    critic = _critic(user)
    title, body, conflict_of_interest = _check_text(title=title, body=body, language=language,
                                                    conflict_of_interest=conflict_of_interest)
    artworks, artist, exhibition = _subjects(artwork_ids, artist_id, exhibition_id=exhibition_id)
    review = Review.objects.create(critic=critic, title=title, body=body, language=language,
                                   conflict_of_interest=conflict_of_interest, artist=artist, exhibition=exhibition)
    review.artworks.set(artworks)
    return review


@transaction.atomic
def update_review(*, user: Any, review_id: int, title: str, body: str, language: str, conflict_of_interest: str,
                  artwork_ids: Iterable[int] = (), artist_id: int | None = None, note: str = "",
                  exhibition_id: int | None = None) -> Review:
    """Change a review. A draft just changes; a published review keeps its previous words as a visible
    revision with ``note`` (what was corrected, required), and shows when it was corrected."""
    review = _own_review(user, review_id)
    title, body, conflict_of_interest = _check_text(title=title, body=body, language=language,
                                                    conflict_of_interest=conflict_of_interest)
    artworks, artist, exhibition = _subjects(artwork_ids, artist_id, already=review, exhibition_id=exhibition_id)
    if review.is_published and (title, body) != (review.title, review.body):
        note = note.strip()
        if not note:
            raise DomainError(errors.NOTE_REQUIRED, _("Say what you corrected: readers see it with the review."),
                              field="note")
        now = timezone.now()
        ReviewRevision.objects.create(review=review, title=review.title, body=review.body, note=note,
                                      corrected_at=now)
        review.corrected_at = now
    review.title, review.body, review.language = title, body, language
    review.conflict_of_interest, review.artist, review.exhibition = conflict_of_interest, artist, exhibition
    review.save()
    review.artworks.set(artworks)
    return review


@transaction.atomic
def publish_review(*, user: Any, review_id: int, publish_at: datetime | None = None) -> Review:
    """Publish a draft, now or (``publish_at``) under embargo until then; the reviewed artists are told
    when the public can read it."""
    review = _own_review(user, review_id)
    if review.is_published:
        raise Conflict(errors.ALREADY_PUBLISHED, _("This review is already published."))
    now = timezone.now()
    if publish_at is not None and timezone.is_naive(publish_at):
        raise DomainError(errors.INVALID_EMBARGO, _("Give the embargo time with its time zone."), field="publish_at")
    # The works, the artist or the exhibition may have left public view since the draft was written.
    _subjects(review.artworks.values_list("pk", flat=True), review.artist_id, exhibition_id=review.exhibition_id)
    review.status = ReviewStatus.PUBLISHED
    review.published_at = now
    review.publish_at = publish_at if publish_at is not None and publish_at > now else None
    if review.publish_at is None:
        review.announced_at = now
        _announce(action="review.published", actor_id=review.critic.user_id,
                  recipient_ids=reviewed_artist_user_ids(review), subject=review, url=review_url(review))
    review.save()
    return review


def announce_embargoed_reviews() -> int:
    """Tell the artists of each review whose embargo has lifted; a periodic task calls this. Returns how many."""
    count = 0
    due = Review.objects.visible().filter(announced_at__isnull=True).select_related("critic")
    for review in due[:500]:
        with transaction.atomic():
            # A second scheduler may have announced it meanwhile: claim it with one conditional update.
            if not Review.objects.filter(pk=review.pk, announced_at__isnull=True).update(announced_at=timezone.now()):
                continue
            _announce(action="review.published", actor_id=review.critic.user_id,
                      recipient_ids=reviewed_artist_user_ids(review), subject=review, url=review_url(review))
            count += 1
    return count


@transaction.atomic
def reply_to_review(*, user: Any, review_id: int, body: str) -> Reply:
    """The reviewed artist's one reply, shown under the review; the critic is told of it."""
    review = Review.objects.visible().select_related("critic").filter(pk=review_id).first()
    if review is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such review."))
    artist = artist_of(user)
    if artist is None or artist.pk not in reviewed_artist_ids(review):
        raise PermissionDenied(errors.NOT_REVIEWED_ARTIST, _("Only the artist the review is about may reply."))
    body = body.strip()
    if not body:
        raise DomainError(errors.BODY_REQUIRED, _("Write your reply."), field="body")
    if Reply.objects.filter(review=review).exists():
        raise Conflict(errors.ALREADY_REPLIED, _("This review already has the artist's reply."))
    try:
        with transaction.atomic():
            reply = Reply.objects.create(review=review, artist=artist, body=body)
    except IntegrityError:
        # Two replies raced past the check above; the database's unique constraint kept one.
        raise Conflict(errors.ALREADY_REPLIED, _("This review already has the artist's reply.")) from None
    _announce(action="review.replied", actor_id=user.pk, recipient_ids=[review.critic.user_id], subject=reply,
              url=review_url(review) + "#reply")
    return reply


# A reply counts as edited when its words changed this long after it was written (created_at and
# updated_at are set a few microseconds apart when the reply is created).
_EDIT_GRACE = timedelta(seconds=1)


def reply_edited_at(reply: Reply) -> datetime | None:
    """When the artist last changed their reply's words, or None if never: readers see "Edited on …".

    ``updated_at`` moves only when the artist edits (hiding and unhiding leave it alone)."""
    if reply.updated_at - reply.created_at > _EDIT_GRACE:
        return reply.updated_at
    return None


@transaction.atomic
def update_reply(*, user: Any, reply_id: int, body: str) -> Reply:
    """The artist corrects their own reply; nobody else may, and a reply the moderators hid stays as it was.

    Readers see when it was last edited (``reply_edited_at``); an unchanged text is not an edit."""
    reply = (Reply.objects.select_for_update(of=("self",)).select_related("artist", "review")
             .filter(pk=reply_id).first())
    if reply is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such reply."))
    if not is_reply_author(user, reply):
        raise PermissionDenied(errors.NOT_YOUR_REPLY, _("Only the artist who wrote this reply may change it."))
    if reply.hidden_at is not None or reply.review.hidden_at is not None:
        raise Conflict(errors.REPLY_HIDDEN,
                       _("The moderators hid this reply or its review; the reply can no longer be changed."))
    body = body.strip()
    if not body:
        raise DomainError(errors.BODY_REQUIRED, _("Write your reply."), field="body")
    if body != reply.body:
        reply.body = body
        reply.save(update_fields=["body", "updated_at"])
    return reply


def _moderator(user: Any) -> None:
    if not may_moderate(user):
        raise PermissionDenied(errors.NOT_STAFF, _("Only the moderators may hide content."))


def _reason(user: Any, reason: str) -> str:
    _moderator(user)
    reason = reason.strip()
    if not reason:
        raise DomainError(errors.REASON_REQUIRED, _("Give the reason for hiding it."), field="reason")
    return reason


@transaction.atomic
def hide_review(*, user: Any, review_id: int, reason: str) -> Review:
    """Staff take a review out of public view, with the reason readers see in its place."""
    reason = _reason(user, reason)
    review = Review.objects.select_for_update().get(pk=review_id)
    review.hidden_at, review.hidden_reason, review.hidden_by = timezone.now(), reason, user
    review.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    return review


@transaction.atomic
def hide_reply(*, user: Any, reply_id: int, reason: str) -> Reply:
    """Staff take an artist's reply out of public view, with the reason readers see in its place."""
    reason = _reason(user, reason)
    reply = Reply.objects.select_for_update().get(pk=reply_id)
    reply.hidden_at, reply.hidden_reason, reply.hidden_by = timezone.now(), reason, user
    # Not ``updated_at``: it tells readers when the artist last edited their words.
    Reply.objects.filter(pk=reply.pk).update(hidden_at=reply.hidden_at, hidden_reason=reason, hidden_by=user)
    return reply


@transaction.atomic
def unhide_review(*, user: Any, review_id: int) -> Review:
    """Staff put a hidden review back in public view. Raises ``Conflict`` if it is not hidden.

    The review keeps no trace of the hiding; the admin records who unhid it, when, and the reason it
    had been hidden for, in its log."""
    _moderator(user)
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such review."))
    if review.hidden_at is None:
        raise Conflict(errors.NOT_HIDDEN, _("This review is not hidden."))
    review.hidden_at, review.hidden_reason, review.hidden_by = None, "", None
    review.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    return review


@transaction.atomic
def unhide_reply(*, user: Any, reply_id: int) -> Reply:
    """Staff put a hidden reply back under its review. Raises ``Conflict`` if it is not hidden."""
    _moderator(user)
    reply = Reply.objects.select_for_update().filter(pk=reply_id).first()
    if reply is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such reply."))
    if reply.hidden_at is None:
        raise Conflict(errors.NOT_HIDDEN, _("This reply is not hidden."))
    reply.hidden_at, reply.hidden_reason, reply.hidden_by = None, "", None
    Reply.objects.filter(pk=reply.pk).update(hidden_at=None, hidden_reason="", hidden_by=None)
    return reply
