"""Follows, notifications and the feed. Notifications are made from the events other apps signal."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a user should hear of: shown in-app and, if the user has not opted out, e-mailed."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    # What happened, as the sending app named it (``offer.made``, ``order.paid`` …); the text is made
    # from it and ``context`` in the reader's language when shown.
    action = models.CharField(_("what"), max_length=40)
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="social_notif_unread_idx")]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.action}"


class FollowKind(models.TextChoices):
    ARTIST = "artist", _("artist")
    GALLERY = "gallery", _("gallery")
    CRITIC = "critic", _("critic")
    SUBJECT = "subject", _("subject")


#: The target field of each kind: a Follow has exactly one of them set.
FOLLOW_TARGET_FIELDS: dict[str, str] = {kind.value: kind.value for kind in FollowKind}


def _exactly_one_target() -> models.Q:
    fields = list(FOLLOW_TARGET_FIELDS.values())
    condition = models.Q()
    for chosen in fields:
        branch = models.Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                branch &= models.Q(**{f"{other}__isnull": True})
        condition |= branch
    return condition


class Follow(models.Model):
    """One user following one artist, gallery, critic or subject (exactly one; a DB constraint says so)."""

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows",
                                 verbose_name=_("follower"))
    artist = models.ForeignKey("accounts.ArtistProfile", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="follows", verbose_name=_("artist"))
    gallery = models.ForeignKey("accounts.GalleryProfile", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="follows", verbose_name=_("gallery"))
    critic = models.ForeignKey("accounts.CriticProfile", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="follows", verbose_name=_("critic"))
    subject = models.ForeignKey("catalog.Subject", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="follows", verbose_name=_("subject"))
    created_at = models.DateTimeField(_("followed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_target(), name="social_follow_exactly_one_target"),
            *[models.UniqueConstraint(fields=["follower", name], condition=models.Q(**{f"{name}__isnull": False}),
                                      name=f"social_follow_unique_{name}")
              for name in FOLLOW_TARGET_FIELDS.values()],
        ]
        indexes = [models.Index(fields=["follower", "-created_at", "-id"], name="social_follow_mine_idx")]

    def __str__(self) -> str:
        return f"{self.follower} → {self.target}"

    @property
    def kind(self) -> str:
        for kind, name in FOLLOW_TARGET_FIELDS.items():
            if getattr(self, f"{name}_id") is not None:
                return kind
        return ""

    @property
    def kind_label(self) -> str:
        return str(FollowKind(self.kind).label) if self.kind else ""

    @property
    def target_id(self) -> int | None:
        return getattr(self, f"{self.kind}_id", None) if self.kind else None

    @property
    def target(self) -> Any:
        return getattr(self, self.kind) if self.kind else None


class EmailDelivery(models.TextChoices):
    INSTANT = "instant", _("each notification at once")
    DIGEST = "digest", _("one digest a day")
    NEVER = "never", _("never")


class NotificationGroup(models.TextChoices):
    """The kinds of notification one may switch off by e-mail (in-app they are always shown)."""

    MARKET = "market", _("offers, orders, auctions and messages")
    REVIEWS = "reviews", _("reviews of my work and replies to my reviews")
    FOLLOWS = "follows", _("new works by those I follow")
    SEARCHES = "searches", _("new works that match my saved searches")
    PROGRAMMES = "programmes", _("collaborations, open calls, juries, exhibitions and mentorship")


class SocialSettings(models.Model):
    """A user's social choices; a user without a row has the defaults (see ``selectors.settings_of``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="social_settings",
                                primary_key=True)
    follows_public = models.BooleanField(_("my follows are public"), default=False,
                                         help_text=_("Off: only you see whom you follow."))
    saves_public = models.BooleanField(_("my saved works are public"), default=False,
                                       help_text=_("Off: only you see the works you saved."))
    email_delivery = models.CharField(_("e-mail"), max_length=8, choices=EmailDelivery.choices,
                                      default=EmailDelivery.INSTANT)
    email_market = models.BooleanField(_("e-mail about offers, orders, auctions and messages"), default=True)
    email_reviews = models.BooleanField(_("e-mail about reviews and replies"), default=True)
    email_follows = models.BooleanField(_("e-mail about new works by those I follow"), default=True)
    email_searches = models.BooleanField(_("e-mail about new works that match my saved searches"), default=True)
    email_programmes = models.BooleanField(
        _("e-mail about collaborations, open calls, juries, exhibitions and mentorship"), default=True)
    # When the last daily digest went out: the periodic task runs often and sends at most one a day.
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("social settings")
        verbose_name_plural = _("social settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(email_delivery__in=EmailDelivery.values),
                                   name="social_settings_delivery_known"),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def emails_group(self, group: str) -> bool:
        """Whether e-mail is on for ``group`` (a NotificationGroup); delivery is judged separately."""
        return bool(getattr(self, f"email_{group}", True))


class FeedVerb(models.TextChoices):
    NEW_WORK = "artwork.published", _("published a new work")
    REVIEW = "review.published", _("published a review")
    REPRESENTS = "gallery.represents", _("began representing an artist")


class FeedEvent(models.Model):
    """Something a followed artist, gallery, critic or subject did, for the followers' feed.

    ``actor_kind`` + ``actor_id`` name who did it (a FollowKind and the profile's or subject's id), so the
    feed is one indexed read per kind followed. The review is referred to by id and by ``context`` (its
    title at the time), since the social app keeps no foreign key into the critique app's tables.
    """

    actor_kind = models.CharField(max_length=8, choices=FollowKind.choices)
    actor_id = models.BigIntegerField()
    verb = models.CharField(max_length=40, choices=FeedVerb.choices)
    artwork = models.ForeignKey("catalog.Artwork", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+")
    artist = models.ForeignKey("accounts.ArtistProfile", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+")
    review_id = models.BigIntegerField(null=True, blank=True)
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("feed event")
        verbose_name_plural = _("feed events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["actor_kind", "actor_id", "-created_at", "-id"], name="social_feed_actor_idx"),
            models.Index(fields=["-created_at", "-id"], name="social_feed_new_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(actor_kind__in=FollowKind.values),
                                   name="social_feed_actor_kind_known"),
            # A work enters each feed it belongs to (its artist's, each of its subjects', its gallery's)
            # once, however often it is unlisted and listed again.
            models.UniqueConstraint(fields=["verb", "artwork", "actor_kind", "actor_id"],
                                    condition=models.Q(verb="artwork.published"),
                                    name="social_feed_new_work_once"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_kind}:{self.actor_id} {self.verb}"
