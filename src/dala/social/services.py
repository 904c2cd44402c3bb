"""Social writes: notifications (made from other apps' events, read, e-mailed at once or in a daily digest),
follows, notification settings, and the feed's events."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dala.accounts.models import ArtistProfile, CriticProfile, GalleryProfile
from dala.catalog.models import Artwork, ArtworkCredit, Subject
from dala.core.errors import DomainError, NotFound
from dala.market.models import Bid, Lot, LotStatus, Representation

from . import errors
from .models import (
    FOLLOW_TARGET_FIELDS,
    EmailDelivery,
    FeedEvent,
    FeedVerb,
    Follow,
    FollowKind,
    Notification,
    SocialSettings,
)
from .selectors import follower_ids, settings_of
from .texts import group_of, notification_path, notification_text

logger = logging.getLogger("dala.social")

# A send that failed is tried again by the periodic sweep after RETRY_AFTER, for at most GIVE_UP_AFTER:
# older news is on the site and no longer worth an e-mail.
RETRY_AFTER = datetime.timedelta(minutes=5)
GIVE_UP_AFTER = datetime.timedelta(days=1)


def _context(subject: Any) -> dict[str, Any]:
    """What a notification's text needs of its subject, copied so the text survives later changes."""
    context: dict[str, Any] = {}
    if isinstance(subject, Artwork):
        return {"artwork": dict(subject.title), "artist": dict(subject.artist.name)}
    if isinstance(subject, ArtworkCredit):
        # A collaboration: the invitation is told by the work's lead artist, the answer by the credited one.
        work = subject.artwork
        return {"artwork": dict(work.title), "artist": dict(subject.artist.name), "lead": dict(work.artist.name)}
    if isinstance(subject, Bid):
        # The outbid bidder hears the lot's new price, never the new leader's maximum (a proxy bid is secret).
        lot = subject.lot
        context = {"artwork": dict(lot.artwork.title), "amount": subject.resulting_amount, "currency": lot.currency}
        return context
    artwork = getattr(subject, "artwork", None)
    if artwork is not None:
        context["artwork"] = dict(artwork.title)
    for name in ("amount", "current_amount"):
        value = getattr(subject, name, None)
        if isinstance(value, int) and not isinstance(value, bool):
            context["amount"] = value
            break
    currency = getattr(subject, "currency", None)
    if isinstance(currency, str):
        context["currency"] = currency
    # A review (critique app) is told by its title, a plain string; a programme (open call, exhibition,
    # mentorship) by its title in each language.
    title = getattr(subject, "title", None) or getattr(getattr(subject, "review", None), "title", None)
    if isinstance(title, str) and title:
        context["title"] = title
    elif isinstance(title, Mapping) and title:
        context["title"] = dict(title)
    if isinstance(subject, Lot):
        context["result"] = str(subject.status)
        if subject.status == LotStatus.SOLD and subject.leader_id is not None:
            context["winner_id"] = subject.leader_id
    return context


def notify(*, recipient_ids: list[int], actor_id: int | None, action: str, subject: Any,
           url: str) -> list[Notification]:
    """Tell each recipient (user ids) that ``action`` happened to ``subject``; never the actor, never
    twice. Each notification is e-mailed by a task once this transaction commits."""
    recipients = sorted({pk for pk in recipient_ids if pk is not None and pk != actor_id})
    if not recipients:
        return []
    context = _context(subject)
    with transaction.atomic():
        created = Notification.objects.bulk_create([
            Notification(recipient_id=pk, actor_id=actor_id, action=action, context=context, url=url[:300])
            for pk in recipients
        ])
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _enqueue_emails(ids))
    return created


def _enqueue_emails(notification_ids: list[int]) -> None:
    from .tasks import email_notification  # the task module imports this one

    for pk in notification_ids:
        try:
            email_notification.enqueue(pk)
        except Exception:
            # The notification is on the site already; a lost e-mail must not fail the market action.
            logger.exception("could not enqueue the e-mail for notification %s", pk)


def mark_read(*, user: Any, notification_id: int) -> Notification:
    """Mark one of ``user``'s notifications read. Someone else's is ``Notification.DoesNotExist``."""
    notification = Notification.objects.get(pk=notification_id, recipient_id=user.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of ``user`` read. Returns how many were unread."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


def _language_of(user: Any) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path else ""


def _send(*, recipient: Any, subject: str, body: str, unsubscribe_link: str) -> None:
    """Send one notification e-mail. Every one carries the unsubscribe link, in the body and as the
    ``List-Unsubscribe`` header (with one-click POST, RFC 8058) so mail clients can offer it too."""
    EmailMessage(subject=subject.replace("\n", " ")[:200], body=body, to=[recipient.email], headers={
        "List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }).send()


def email_notification(*, notification_id: int) -> bool:
    """E-mail one notification to its recipient in their language, once, if their settings say so.
    Returns whether a mail went out.

    The row is claimed (``emailed_at`` set) before sending, so two workers never send it twice; if the
    send fails the claim is released and the error raised, so the task is marked failed and may run again.
    A notification the recipient does not want by e-mail is claimed too (nothing left to send); one kept
    for the daily digest is left unclaimed for ``send_digests``.
    """
    notification = (Notification.objects.select_related("recipient").filter(pk=notification_id,
                                                                             emailed_at__isnull=True).first())
    if notification is None:
        return False
    recipient = notification.recipient
    choices = settings_of(recipient)
    if choices.email_delivery == EmailDelivery.DIGEST and choices.emails_group(group_of(notification.action)):
        return False
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now())
    if not claimed:
        return False
    if not recipient.is_active or not recipient.email:
        return False  # the claim stays: there is nobody to mail, now or on a later sweep
    if choices.email_delivery == EmailDelivery.NEVER or not choices.emails_group(group_of(notification.action)):
        return False  # the claim stays: they asked not to be mailed this
    with translation.override(_language_of(recipient)):
        text = notification_text(notification)
        unsubscribe_link = _absolute(unsubscribe_path(recipient))
        body = render_to_string("social/email/notification.txt", {
            "text": text, "link": _absolute(notification_path(notification)),
            "notifications_link": _absolute(_notifications_path()), "recipient": recipient,
            "unsubscribe_link": unsubscribe_link, "settings_link": _absolute(reverse("social:settings")),
        })
    try:
        _send(recipient=recipient, subject=text, body=body, unsubscribe_link=unsubscribe_link)
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        logger.exception("could not e-mail notification %s", notification_id)
        raise
    return True


def email_unsent_notifications(*, now: datetime.datetime | None = None) -> int:
    """Try again the e-mails that failed (or whose task was lost): notifications older than a few minutes,
    younger than a day, never e-mailed. Returns how many went out. A failure is logged and left for the
    next sweep; it never stops the others. Those kept for a daily digest are left to ``send_digests``."""
    now = now or timezone.now()
    due = (Notification.objects.filter(emailed_at__isnull=True, created_at__lte=now - RETRY_AFTER,
                                       created_at__gt=now - GIVE_UP_AFTER)
           .exclude(recipient__social_settings__email_delivery=EmailDelivery.DIGEST)
           .values_list("pk", flat=True))
    sent = 0
    for pk in list(due[:500]):
        try:
            sent += email_notification(notification_id=pk)
        except Exception:  # already logged by email_notification
            continue
    return sent


# --- the daily digest ----------------------------------------------------------------------------------

DIGEST_EVERY = datetime.timedelta(days=1)
DIGEST_BATCH = 500


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """Periodic: one e-mail to each user who chose the daily digest and had none for a day, listing their
    notifications of the last day not yet e-mailed. Returns how many digests went out."""
    now = now or timezone.now()
    due = (SocialSettings.objects.filter(email_delivery=EmailDelivery.DIGEST)
           .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_EVERY))
           .select_related("user").order_by("user_id"))
    sent = 0
    for choices in list(due[:DIGEST_BATCH]):
        try:
            sent += send_digest(choices=choices, now=now)
        except Exception:
            logger.exception("could not send the digest of user %s", choices.user_id)
    return sent


def send_digest(*, choices: SocialSettings, now: datetime.datetime) -> bool:
    """The digest of one user (see ``send_digests``). Returns whether a mail went out."""
    recipient = choices.user
    with transaction.atomic():
        locked = SocialSettings.objects.select_for_update().filter(
            pk=choices.pk, email_delivery=EmailDelivery.DIGEST).filter(
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_EVERY)).update(last_digest_at=now)
        if not locked:
            return False  # another worker sent it, or the user changed their mind
        # The last day's; or, when the scheduler ran late, everything since the previous digest (within
        # two days: older news is on the site and no longer worth a mail).
        since = now - DIGEST_EVERY
        if choices.last_digest_at is not None and choices.last_digest_at < since:
            since = max(choices.last_digest_at, now - 2 * DIGEST_EVERY)
        pending = list(Notification.objects.filter(recipient_id=recipient.pk, emailed_at__isnull=True,
                                                   created_at__gt=since).order_by("created_at", "id"))
        # Every pending one is claimed, the unwanted kinds too: they are not to be mailed later either.
        Notification.objects.filter(pk__in=[n.pk for n in pending], emailed_at__isnull=True).update(emailed_at=now)
        wanted = [n for n in pending if choices.emails_group(group_of(n.action))]
        if not wanted or not recipient.is_active or not recipient.email:
            return False
        with translation.override(_language_of(recipient)):
            items = [{"text": notification_text(n), "link": _absolute(notification_path(n))} for n in wanted]
            unsubscribe_link = _absolute(unsubscribe_path(recipient))
            subject = ngettext("Your day on dala: %(count)s notification", "Your day on dala: %(count)s notifications",
                               len(items)) % {"count": len(items)}
            body = render_to_string("social/email/digest.txt", {
                "items": items, "recipient": recipient, "notifications_link": _absolute(_notifications_path()),
                "unsubscribe_link": unsubscribe_link, "settings_link": _absolute(reverse("social:settings")),
            })
        # A failed send raises and rolls the claims back, so the next run tries again.
        _send(recipient=recipient, subject=subject, body=body, unsubscribe_link=unsubscribe_link)
    return True


# --- unsubscribing without logging in --------------------------------------------------------------------

UNSUBSCRIBE_SALT = "dala.social.unsubscribe"


def unsubscribe_token(user: Any) -> str:
    """A signed token naming ``user``: whoever holds it (the mail's reader) may turn their e-mail off."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_path(user: Any) -> str:
    return reverse("social:unsubscribe", kwargs={"token": unsubscribe_token(user)})


def user_of_unsubscribe_token(token: str) -> Any:
    """The user a token names. A token not signed by us is a DomainError (400); a user since deleted,
    NotFound (404)."""
    from django.contrib.auth import get_user_model

    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise DomainError(errors.UNSUBSCRIBE_TOKEN_INVALID,
                          _("This unsubscribe link is not valid. Change your e-mail settings after logging in."),
                          field="token") from None
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None:
        raise NotFound(errors.UNSUBSCRIBE_TOKEN_INVALID, _("This account no longer exists."), field="token")
    return user


def unsubscribe(*, token: str) -> Any:
    """Turn every notification e-mail off for the user the token names. Returns the user."""
    user = user_of_unsubscribe_token(token)
    update_settings(user=user, email_delivery=EmailDelivery.NEVER)
    return user


# --- settings --------------------------------------------------------------------------------------------

SETTING_FIELDS = ("follows_public", "saves_public", "email_delivery", "email_market", "email_reviews", "email_follows",
                  "email_searches", "email_programmes")


def update_settings(*, user: Any, **changes: Any) -> SocialSettings:
    """Change some of ``user``'s social settings (names of ``SETTING_FIELDS``); the rest stay as they were."""
    unknown = set(changes) - set(SETTING_FIELDS)
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    delivery = changes.get("email_delivery")
    if delivery is not None and delivery not in EmailDelivery.values:
        raise DomainError("invalid_choice", _("Choose one of the options."), field="email_delivery")
    with transaction.atomic():
        choices, _created = SocialSettings.objects.select_for_update().get_or_create(user_id=user.pk)
        for name, value in changes.items():
            setattr(choices, name, value)
        choices.save()
    return choices


# --- follows ---------------------------------------------------------------------------------------------

_TARGET_MODELS: dict[str, Any] = {FollowKind.ARTIST: ArtistProfile, FollowKind.GALLERY: GalleryProfile,
                                  FollowKind.CRITIC: CriticProfile, FollowKind.SUBJECT: Subject}


def _target(kind: str, target_id: int) -> Any:
    if kind not in FOLLOW_TARGET_FIELDS:
        raise DomainError(errors.FOLLOW_TARGET_INVALID, _("Choose an artist, gallery, critic or subject to follow."),
                          field="kind")
    queryset = _TARGET_MODELS[kind].objects.all()
    if kind == FollowKind.ARTIST:
        queryset = queryset.filter(is_public=True)
    target = queryset.filter(pk=target_id).first()
    if target is None:
        raise NotFound(errors.FOLLOW_TARGET_NOT_FOUND, _("There is nothing to follow here."), field="id")
    return target


def follow(*, user: Any, kind: str, target_id: int) -> tuple[Follow, bool]:
    """``user`` follows the artist, gallery, critic or subject; following again changes nothing.
    Returns the follow and whether it is new."""
    target = _target(kind, target_id)
    if getattr(target, "user_id", None) == user.pk:
        raise DomainError(errors.FOLLOW_SELF, _("You cannot follow yourself."), field="id")
    lookup = {"follower_id": user.pk, FOLLOW_TARGET_FIELDS[kind]: target}
    try:
        with transaction.atomic():
            return Follow.objects.get_or_create(**lookup)
    except IntegrityError:  # a concurrent follow of the same target won the race
        return Follow.objects.get(**lookup), False


def unfollow(*, user: Any, kind: str, target_id: int) -> bool:
    """``user`` stops following; unfollowing what one does not follow changes nothing. Returns whether a
    follow was removed."""
    if kind not in FOLLOW_TARGET_FIELDS:
        raise DomainError(errors.FOLLOW_TARGET_INVALID, _("Choose an artist, gallery, critic or subject to follow."),
                          field="kind")
    deleted, _rows = Follow.objects.filter(follower_id=user.pk,
                                           **{f"{FOLLOW_TARGET_FIELDS[kind]}_id": target_id}).delete()
    return bool(deleted)


# --- feed events -----------------------------------------------------------------------------------------

NOTIFY_BATCH = 1000


def _new_work_events(artwork: Artwork, url: str) -> list[FeedEvent]:
    """The feed events of a new work besides its artist's: one per subject of the work and one per gallery
    representing its artist now (two queries)."""
    context = {"artwork": dict(artwork.title), "artist": dict(artwork.artist.name)}
    events = [
        FeedEvent(actor_kind=FollowKind.SUBJECT, actor_id=subject.pk, verb=FeedVerb.NEW_WORK, artwork=artwork,
                  artist=artwork.artist, context={**context, "subject": dict(subject.label)}, url=url[:300])
        for subject in artwork.subjects.order_by("pk")
    ]
    galleries = (GalleryProfile.objects.filter(representations__artist_id=artwork.artist_id,
                                               representations__ended_at__isnull=True)
                 .distinct().order_by("pk"))
    events += [
        FeedEvent(actor_kind=FollowKind.GALLERY, actor_id=gallery.pk, verb=FeedVerb.NEW_WORK, artwork=artwork,
                  artist=artwork.artist, context={**context, "gallery": dict(gallery.name)}, url=url[:300])
        for gallery in galleries
    ]
    return events


def announce_new_work(*, artwork_id: int) -> FeedEvent | None:
    """A work has become public: put it in the feed of its artist's followers, of each of its subjects'
    and of each representing gallery's, and notify the artist's followers; once per work (a work unlisted
    and listed again is not news). Runs in a task: an artist may have many followers.

    Only those who follow the artist are notified: a subject may have thousands of works a week, and a
    gallery's followers see its works in the feed; a notification is for the artists one chose."""
    artwork = Artwork.objects.listed().select_related("artist").filter(pk=artwork_id).first()
    if artwork is None or not artwork.artist.is_public:
        return None
    url = artwork.get_absolute_url()
    try:
        with transaction.atomic():
            event, created = FeedEvent.objects.get_or_create(
                verb=FeedVerb.NEW_WORK, artwork=artwork, actor_kind=FollowKind.ARTIST, actor_id=artwork.artist_id,
                defaults={"artist": artwork.artist,
                          "context": {"artwork": dict(artwork.title), "artist": dict(artwork.artist.name)},
                          "url": url[:300]})
            if created:
                # The same transaction: either the work is announced in every feed it belongs to, or in none
                # (and the next run does it). A conflict (a concurrent run) is skipped, not an error.
                FeedEvent.objects.bulk_create(_new_work_events(artwork, url), ignore_conflicts=True)
    except IntegrityError:  # announced by a concurrent run
        return None
    if not created:
        return None
    batch: list[int] = []
    for follower_id in follower_ids(kind=FollowKind.ARTIST, target_id=artwork.artist_id).iterator(chunk_size=2000):
        batch.append(follower_id)
        if len(batch) >= NOTIFY_BATCH:
            notify(recipient_ids=batch, actor_id=artwork.artist.user_id, action=FeedVerb.NEW_WORK, subject=artwork,
                   url=url)
            batch = []
    if batch:
        notify(recipient_ids=batch, actor_id=artwork.artist.user_id, action=FeedVerb.NEW_WORK, subject=artwork,
               url=url)
    return event


def announce_representation(*, representation_id: int) -> FeedEvent | None:
    """A gallery began representing a public artist: news in the gallery's followers' feed, once per
    representation (no notification). The market's model is read by id: it sends the event after commit."""
    representation = (Representation.objects.select_related("gallery", "artist")
                      .filter(pk=representation_id, ended_at__isnull=True, artist__is_public=True).first())
    if representation is None:
        return None
    gallery, artist = representation.gallery, representation.artist
    with transaction.atomic():
        if FeedEvent.objects.filter(verb=FeedVerb.REPRESENTS, actor_kind=FollowKind.GALLERY, actor_id=gallery.pk,
                                    context__representation=representation.pk).exists():
            return None
        return FeedEvent.objects.create(
            actor_kind=FollowKind.GALLERY, actor_id=gallery.pk, verb=FeedVerb.REPRESENTS, artist=artist,
            context={"gallery": dict(gallery.name), "artist": dict(artist.name),
                     "representation": representation.pk},
            url=artist.get_absolute_url()[:300])


def record_review(*, actor_id: int | None, subject: Any, url: str) -> FeedEvent | None:
    """A critic published a review: it goes into the feed of the critic's followers, once."""
    critic = CriticProfile.objects.filter(user_id=actor_id).first() if actor_id is not None else None
    review_id = getattr(subject, "pk", None)
    if critic is None or review_id is None:
        return None
    if FeedEvent.objects.filter(verb=FeedVerb.REVIEW, review_id=review_id).exists():
        return None
    context = {"title": _context(subject).get("title", ""), "critic": dict(critic.name)}
    return FeedEvent.objects.create(actor_kind=FollowKind.CRITIC, actor_id=critic.pk, verb=FeedVerb.REVIEW,
                                    review_id=review_id, context=context, url=url[:300])


def _notifications_path() -> str:
    from django.urls import reverse

    return reverse("social:notifications")
