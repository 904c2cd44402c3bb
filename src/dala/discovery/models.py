"""What people look at and keep: page views by day, saved works, saved searches and their alerts, and
what is computed ahead from them (trending scores, similar works and artists)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DailyViews(models.Model):
    """How often an artist's page (``artwork`` empty) or one of their works was seen on one day (Asia/Almaty).

    One counter row a page a day, not a row a view: the dashboard and the trending score read days, and a
    busy work costs one UPDATE per counted view.
    """

    artist = models.ForeignKey("accounts.ArtistProfile", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("artist"))
    artwork = models.ForeignKey("catalog.Artwork", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("artwork"))
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        ordering = ["-day", "artist", "artwork"]
        constraints = [
            models.UniqueConstraint(fields=["artwork", "day"], condition=models.Q(artwork__isnull=False),
                                    name="discovery_views_one_row_per_work_day"),
            models.UniqueConstraint(fields=["artist", "day"], condition=models.Q(artwork__isnull=True),
                                    name="discovery_views_one_row_per_artist_day"),
        ]
        indexes = [models.Index(fields=["artist", "day"], name="discovery_views_artist_day_idx"),
                   models.Index(fields=["day"], name="discovery_views_day_idx")]

    def __str__(self) -> str:
        return f"{self.artwork_id or self.artist_id} {self.day}: {self.views}"


class SavedWork(models.Model):
    """A work on a user's list (a collector's "saved works"); private unless the user makes saves public."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_works",
                             verbose_name=_("user"))
    artwork = models.ForeignKey("catalog.Artwork", on_delete=models.CASCADE, related_name="saves",
                                verbose_name=_("artwork"))
    created_at = models.DateTimeField(_("saved at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("saved work")
        verbose_name_plural = _("saved works")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "artwork"], name="discovery_saved_work_once")]
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="discovery_saved_mine_idx"),
                   models.Index(fields=["artwork", "created_at"], name="discovery_saved_work_idx")]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.artwork}"


class SavedSearch(models.Model):
    """A user's browse filters, kept under a name; with ``alerts`` on, new public works that match are
    notified (once per work and search, see SearchAlert)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=120)
    # The browse query as ``catalog.selectors.BrowseFilters.as_params()`` gives it: the same filters the
    # browse page and the API take, so a saved search is re-run by the code that ran it first.
    params = models.JSONField(_("filters"), default=dict, blank=True)
    alerts = models.BooleanField(_("tell me of new works that match"), default=True)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="discovery_saved_search_name_once")]
        indexes = [models.Index(fields=["alerts"], name="discovery_search_alerts_idx")]

    def __str__(self) -> str:
        return f"{self.user}: {self.name}"


class SearchAlert(models.Model):
    """That a new work matching a saved search was announced to its owner: the row makes it happen once."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="alerts_sent",
                               verbose_name=_("saved search"))
    artwork = models.ForeignKey("catalog.Artwork", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("artwork"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("search alert")
        verbose_name_plural = _("search alerts")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["search", "artwork"], name="discovery_alert_once")]

    def __str__(self) -> str:
        return f"{self.search} → {self.artwork_id}"


class TrendingKind(models.TextChoices):
    ARTWORK = "artwork", _("artwork")
    ARTIST = "artist", _("artist")


class TrendingScore(models.Model):
    """A work's or an artist's trending score, recomputed by the periodic task (never on a page request)."""

    kind = models.CharField(_("kind"), max_length=8, choices=TrendingKind.choices)
    artwork = models.OneToOneField("catalog.Artwork", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="+", verbose_name=_("artwork"))
    artist = models.OneToOneField("accounts.ArtistProfile", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="+", verbose_name=_("artist"))
    score = models.FloatField(_("score"))
    rank = models.PositiveIntegerField(_("rank"))
    # What made the score, for the admin and the curious: {"views": 12.3, "saves": 4.0, ...} after decay.
    parts = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("trending score")
        verbose_name_plural = _("trending scores")
        ordering = ["kind", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="artwork", artwork__isnull=False, artist__isnull=True)
                           | models.Q(kind="artist", artist__isnull=False, artwork__isnull=True)),
                name="discovery_trending_target_matches_kind"),
            models.UniqueConstraint(fields=["kind", "rank"], name="discovery_trending_rank_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.rank} ({self.score:.2f})"


class SimilarArtwork(models.Model):
    """One of the works most like ``artwork`` (shared subjects, medium, palette), ranked; computed ahead."""

    artwork = models.ForeignKey("catalog.Artwork", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("artwork"))
    similar = models.ForeignKey("catalog.Artwork", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("similar work"))
    score = models.FloatField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("similar work")
        verbose_name_plural = _("similar works")
        ordering = ["artwork", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["artwork", "similar"], name="discovery_similar_work_once"),
            models.UniqueConstraint(fields=["artwork", "rank"], name="discovery_similar_work_rank_once"),
            models.CheckConstraint(condition=~models.Q(artwork=models.F("similar")),
                                   name="discovery_similar_work_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.artwork_id} ~ {self.similar_id} ({self.score:.2f})"


class SimilarArtist(models.Model):
    """One of the artists most like ``artist`` (subjects, media, palette, shared followers); computed ahead."""

    artist = models.ForeignKey("accounts.ArtistProfile", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("artist"))
    similar = models.ForeignKey("accounts.ArtistProfile", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("similar artist"))
    score = models.FloatField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("similar artist")
        verbose_name_plural = _("similar artists")
        ordering = ["artist", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["artist", "similar"], name="discovery_similar_artist_once"),
            models.UniqueConstraint(fields=["artist", "rank"], name="discovery_similar_artist_rank_once"),
            models.CheckConstraint(condition=~models.Q(artist=models.F("similar")),
                                   name="discovery_similar_artist_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.artist_id} ~ {self.similar_id} ({self.score:.2f})"
