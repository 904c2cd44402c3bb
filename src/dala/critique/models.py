"""Critics' reviews, their revisions, and artists' replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import ArtistProfile, CriticProfile
from dala.catalog.models import Artwork


class ReviewLanguage(models.TextChoices):
    # A review is written in one language by its critic; it is not translated.
    KK = "kk", _("Kazakh")
    RU = "ru", _("Russian")
    EN = "en", _("English")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class ReviewQuerySet(models.QuerySet["Review"]):
    def visible(self) -> ReviewQuerySet:
        """What the public may read: published, past its embargo, not hidden by the moderators."""
        now = timezone.now()
        return self.filter(status=ReviewStatus.PUBLISHED, hidden_at__isnull=True).filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=now))


class Review(models.Model):
    critic = models.ForeignKey(CriticProfile, on_delete=models.PROTECT, related_name="reviews",
                               verbose_name=_("critic"))
    language = models.CharField(_("language"), max_length=2, choices=ReviewLanguage.choices)
    title = models.CharField(_("title"), max_length=300)
    # Markdown; rendered to HTML with raw HTML escaped (dala.core.markup), never stored as HTML.
    body = models.TextField(_("text"))
    conflict_of_interest = models.CharField(
        _("conflict of interest"), max_length=1000,
        help_text=_("Any tie to the artist or the works (gift, payment, friendship, commission); "
                    "“None” if there is none."))
    artworks = models.ManyToManyField(Artwork, related_name="reviews", blank=True, verbose_name=_("artworks"))
    artist = models.ForeignKey(ArtistProfile, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="reviews", verbose_name=_("artist"))
    exhibition = models.ForeignKey("programmes.Exhibition", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="reviews", verbose_name=_("exhibition"))
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The embargo: a published review stays out of sight until this time.
    publish_at = models.DateTimeField(_("visible from"), null=True, blank=True)
    # The artists were told of it (at publishing, or once its embargo lifted).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("hidden by"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["critic", "status", "-published_at"], name="review_critic_idx"),
            models.Index(fields=["status", "-published_at"], name="review_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReviewStatus.values), name="review_status_known"),
            models.CheckConstraint(condition=Q(language__in=ReviewLanguage.values), name="review_language_known"),
            models.CheckConstraint(condition=~Q(conflict_of_interest=""), name="review_conflict_stated"),
            models.CheckConstraint(condition=Q(status=ReviewStatus.DRAFT) | Q(published_at__isnull=False),
                                   name="review_published_has_time"),
            models.CheckConstraint(condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                                   name="review_hidden_has_reason"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("critique:review", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED

    @property
    def is_embargoed(self) -> bool:
        return self.publish_at is not None and self.publish_at > timezone.now()

    @property
    def is_visible(self) -> bool:
        return self.is_published and self.hidden_at is None and not self.is_embargoed


class ReviewRevision(models.Model):
    """The words a published review had before a correction, kept so readers can see what changed."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("review"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    note = models.CharField(_("what was corrected"), max_length=500)
    corrected_at = models.DateTimeField(_("corrected"), default=timezone.now)

    class Meta:
        verbose_name = _("review revision")
        verbose_name_plural = _("review revisions")
        ordering = ["-corrected_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="revision_note_given")]

    def __str__(self) -> str:
        return f"{self.review_id} @ {self.corrected_at:%Y-%m-%d %H:%M}"


class Reply(models.Model):
    """The reviewed artist's answer; one per review (the one-to-one is the database's unique constraint)."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="reply", verbose_name=_("review"))
    artist = models.ForeignKey(ArtistProfile, on_delete=models.PROTECT, related_name="review_replies",
                               verbose_name=_("artist"))
    body = models.TextField(_("text"))
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("hidden by"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("artist's reply")
        verbose_name_plural = _("artists' replies")
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="reply_body_given"),
            models.CheckConstraint(condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                                   name="reply_hidden_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.artist} → {self.review}"
