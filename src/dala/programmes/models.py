"""Programmes that lift artists: exhibitions and viewing rooms, open calls with their juries, and
mentorship.

The path the app exists for: an organiser publishes an :class:`OpenCall`; artists enter works from their
inventory (:class:`Entry`); invited :class:`Juror` s score them over one or more rounds (:class:`Score`),
kept off the entries they declared a :class:`Conflict` on; the organiser selects, publishes the results,
and turns the selection into an :class:`Exhibition` in one step — or into places in a :class:`Mentorship`.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import ArtistProfile, City, GalleryProfile
from dala.catalog.models import Artwork, Medium
from dala.core.models import TimeStampedModel
from dala.core.money import CURRENCY_CHOICES, Money
from dala.core.translation import Translated, TranslatedField
from dala.market.models import ProvenanceEvent

_CURRENCIES = [code for code, _label in CURRENCY_CHOICES]


def _token() -> str:
    return secrets.token_urlsafe(24)


# Exhibitions and viewing rooms --------------------------------------------------------------------

class ExhibitionKind(models.TextChoices):
    EXHIBITION = "exhibition", _("Exhibition")
    VIEWING_ROOM = "viewing_room", _("Viewing room")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Exhibition(TimeStampedModel):
    """A show of several artists' works in a chosen order: physical (venue, dates, opening) and/or online.

    A viewing room is the online kind: a curator's essay, works in sequence, an optional end date, and
    optionally private — then only those holding the link (``access_token``) see it."""

    kind = models.CharField(_("kind"), max_length=16, choices=ExhibitionKind.choices,
                            default=ExhibitionKind.EXHIBITION)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    title = TranslatedField(_("title"), max_length=300)
    summary = TranslatedField(_("summary"), max_length=1000, blank=True)
    # Markdown, rendered with raw HTML escaped; the curator's essay of a viewing room, the press text of a show.
    essay = TranslatedField(_("curator's essay"), multiline=True, blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exhibitions",
                                  verbose_name=_("organiser"))
    gallery = models.ForeignKey(GalleryProfile, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="exhibitions", verbose_name=_("gallery"),
                                help_text=_("The gallery that presents it, if any."))
    curator_name = models.CharField(_("curated by"), max_length=200, blank=True,
                                    help_text=_("As it should read on the page; the organiser's name if empty."))
    is_physical = models.BooleanField(_("in a venue"), default=True)
    is_online = models.BooleanField(_("online"), default=False)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.ForeignKey(City, on_delete=models.PROTECT, null=True, blank=True, related_name="exhibitions",
                             verbose_name=_("city"))
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    opening_at = models.DateTimeField(_("opening event"), null=True, blank=True)
    opening_note = TranslatedField(_("about the opening"), max_length=1000, blank=True)
    # A viewing room closes at this moment; its page then says so instead of showing the works.
    ends_at = models.DateTimeField(_("viewing room ends"), null=True, blank=True)
    is_private = models.BooleanField(_("private (by link only)"), default=False)
    access_token = models.CharField(max_length=64, default=_token, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=PublicationStatus.choices,
                              default=PublicationStatus.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    source_call = models.ForeignKey("OpenCall", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="exhibitions", verbose_name=_("from the open call"))

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["-opens_on", "-id"]
        indexes = [
            models.Index(fields=["status", "kind", "closes_on"], name="exhibition_listing_idx"),
            models.Index(fields=["city", "status", "closes_on"], name="exhibition_city_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ExhibitionKind.values), name="exhibition_kind_known"),
            models.CheckConstraint(condition=Q(status__in=PublicationStatus.values), name="exhibition_status_known"),
            models.CheckConstraint(condition=Q(is_physical=True) | Q(is_online=True),
                                   name="exhibition_physical_or_online"),
            models.CheckConstraint(condition=Q(opens_on__isnull=True) | Q(closes_on__isnull=True)
                                   | Q(closes_on__gte=F("opens_on")), name="exhibition_closes_after_opening"),
            models.CheckConstraint(condition=Q(status=PublicationStatus.DRAFT) | Q(published_at__isnull=False),
                                   name="exhibition_published_has_time"),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("programmes:exhibition", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def is_viewing_room(self) -> bool:
        return self.kind == ExhibitionKind.VIEWING_ROOM


class ExhibitionWork(models.Model):
    """A work in an exhibition, at its place in the sequence, with its wall text."""

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="works",
                                   verbose_name=_("exhibition"))
    artwork = models.ForeignKey(Artwork, on_delete=models.PROTECT, related_name="exhibition_entries",
                                verbose_name=_("artwork"))
    position = models.PositiveIntegerField(_("position"), default=0)
    wall_text = TranslatedField(_("wall text"), multiline=True, blank=True)
    # The "exhibited" line written to the work's provenance when the exhibition is published.
    provenance_event = models.OneToOneField(ProvenanceEvent, on_delete=models.SET_NULL, null=True, blank=True,
                                            related_name="+", editable=False)

    class Meta:
        verbose_name = _("exhibited work")
        verbose_name_plural = _("exhibited works")
        ordering = ["exhibition", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "artwork"], name="exhibition_work_once"),
        ]

    def __str__(self) -> str:
        return f"{self.exhibition} — {self.artwork}"


def _installation_path(instance: InstallationPhoto, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"exhibitions/{instance.exhibition_id}/{secrets.token_hex(8)}.{extension}"


class InstallationPhoto(TimeStampedModel):
    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="photos",
                                   verbose_name=_("exhibition"))
    image = models.ImageField(_("photo"), upload_to=_installation_path, max_length=200)
    caption = TranslatedField(_("caption"), max_length=500, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("installation photo")
        verbose_name_plural = _("installation photos")
        ordering = ["exhibition", "position", "id"]

    def __str__(self) -> str:
        return str(self.caption) or f"{self.exhibition} #{self.position}"


# Open calls ----------------------------------------------------------------------------------------

class ScoringScale(models.TextChoices):
    YES_MAYBE_NO = "yes_maybe_no", _("Yes / maybe / no")
    ONE_TO_SEVEN = "1_7", _("1 to 7")
    ONE_TO_TEN = "1_10", _("1 to 10")


# The stored values of each scale (no = 0, maybe = 1, yes = 2).
SCALE_RANGES: dict[str, tuple[int, int]] = {
    ScoringScale.YES_MAYBE_NO: (0, 2),
    ScoringScale.ONE_TO_SEVEN: (1, 7),
    ScoringScale.ONE_TO_TEN: (1, 10),
}


class ScoringUnit(models.TextChoices):
    ENTRY = "entry", _("Each entry")
    WORK = "work", _("Each work")


class PrizeKind(models.TextChoices):
    EXHIBITION = "exhibition", _("A place in an exhibition")
    MENTORSHIP = "mentorship", _("A mentorship")
    RESIDENCY = "residency", _("A residency")
    MONEY = "money", _("A cash prize")
    OTHER = "other", _("Other")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RESULTS = "results", _("Results published")


class OpenCall(TimeStampedModel):
    """A call for entries. Accepting entries while published and before ``deadline``; judged after it."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    title = TranslatedField(_("title"), max_length=300)
    brief = TranslatedField(_("brief"), multiline=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="open_calls",
                                  verbose_name=_("organiser"))
    gallery = models.ForeignKey(GalleryProfile, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="open_calls", verbose_name=_("gallery"))
    deadline = models.DateTimeField(_("deadline"))
    # The zone the deadline was set and is shown in (an IANA name, e.g. Asia/Almaty).
    deadline_timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Almaty")
    # Eligibility: an empty list means anyone.
    eligible_countries = models.JSONField(_("countries"), default=list, blank=True)
    eligible_stages = models.JSONField(_("career stages"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    eligible_media = models.ManyToManyField(Medium, blank=True, related_name="+", verbose_name=_("media"))
    max_works = models.PositiveSmallIntegerField(_("works per entry at most"), default=3)
    fee_amount = models.BigIntegerField(_("entry fee (minor units)"), default=0)
    fee_currency = models.CharField(_("fee currency"), max_length=3, choices=CURRENCY_CHOICES, default="KZT")
    fee_waivers = models.BooleanField(_("fee waivers may be requested"), default=True)
    prize_kind = models.CharField(_("prize"), max_length=12, choices=PrizeKind.choices,
                                  default=PrizeKind.EXHIBITION)
    prize = TranslatedField(_("about the prize"), multiline=True, blank=True)
    # The mentorship the selected entrants are offered places in, when the prize is a mentorship.
    mentorship = models.ForeignKey("Mentorship", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="open_calls", verbose_name=_("mentorship offered"))
    scale = models.CharField(_("scoring scale"), max_length=12, choices=ScoringScale.choices,
                             default=ScoringScale.ONE_TO_TEN)
    scored_by = models.CharField(_("jurors score"), max_length=6, choices=ScoringUnit.choices,
                                 default=ScoringUnit.ENTRY)
    blind = models.BooleanField(_("blind jurying"), default=True,
                                help_text=_("Jurors do not see the entrants' names."))
    current_round = models.PositiveSmallIntegerField(_("round"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="call_listing_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CallStatus.values), name="call_status_known"),
            models.CheckConstraint(condition=Q(scale__in=ScoringScale.values), name="call_scale_known"),
            models.CheckConstraint(condition=Q(scored_by__in=ScoringUnit.values), name="call_scored_by_known"),
            models.CheckConstraint(condition=Q(prize_kind__in=PrizeKind.values), name="call_prize_kind_known"),
            models.CheckConstraint(condition=Q(max_works__gte=1, max_works__lte=20), name="call_max_works_range"),
            models.CheckConstraint(condition=Q(fee_amount__gte=0), name="call_fee_not_negative"),
            models.CheckConstraint(condition=Q(fee_currency__in=_CURRENCIES), name="call_fee_currency_known"),
            models.CheckConstraint(condition=Q(current_round__gte=1), name="call_round_positive"),
            models.CheckConstraint(condition=Q(min_age__isnull=True) | Q(max_age__isnull=True)
                                   | Q(max_age__gte=F("min_age")), name="call_age_range"),
            models.CheckConstraint(condition=Q(status=CallStatus.DRAFT) | Q(published_at__isnull=False),
                                   name="call_published_has_time"),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("programmes:call", kwargs={"slug": self.slug})

    @property
    def fee(self) -> Money | None:
        return Money(self.fee_amount, self.fee_currency) if self.fee_amount else None

    @property
    def scale_range(self) -> tuple[int, int]:
        return SCALE_RANGES[self.scale]

    @property
    def is_open(self) -> bool:
        """Accepting, editing and withdrawing entries."""
        return self.status == CallStatus.PUBLISHED and timezone.now() < self.deadline

    @property
    def results_are_public(self) -> bool:
        return self.status == CallStatus.RESULTS


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FeeStatus(models.TextChoices):
    NONE = "none", _("No fee")
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")
    WAIVER_REQUESTED = "waiver_requested", _("Waiver requested")
    WAIVED = "waived", _("Waived")
    WAIVER_REFUSED = "waiver_refused", _("Waiver refused")


class EntryResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class Entry(TimeStampedModel):
    """An artist's entry to a call: works from their inventory and a statement. One per artist and call.

    ``result`` and ``feedback`` are the organiser's; the entrant sees them only once the call's results
    are published. ``round_reached`` is the last jury round the entry is in."""

    call = models.ForeignKey(OpenCall, on_delete=models.CASCADE, related_name="entries", verbose_name=_("call"))
    artist = models.ForeignKey(ArtistProfile, on_delete=models.PROTECT, related_name="call_entries",
                               verbose_name=_("artist"))
    statement = models.TextField(_("statement"), max_length=5000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    fee_status = models.CharField(_("fee"), max_length=16, choices=FeeStatus.choices, default=FeeStatus.NONE)
    fee_reference = models.CharField(_("payment reference"), max_length=200, blank=True)
    waiver_reason = models.TextField(_("why a waiver"), max_length=2000, blank=True)
    round_reached = models.PositiveSmallIntegerField(_("round reached"), default=1)
    result = models.CharField(_("result"), max_length=12, choices=EntryResult.choices, default=EntryResult.PENDING)
    feedback = models.TextField(_("feedback to the artist"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["call", "id"]
        indexes = [
            models.Index(fields=["call", "status", "round_reached"], name="entry_call_round_idx"),
            models.Index(fields=["artist", "-created_at"], name="entry_artist_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["call", "artist"], name="entry_one_per_artist"),
            models.CheckConstraint(condition=Q(status__in=EntryStatus.values), name="entry_status_known"),
            models.CheckConstraint(condition=Q(fee_status__in=FeeStatus.values), name="entry_fee_status_known"),
            models.CheckConstraint(condition=Q(result__in=EntryResult.values), name="entry_result_known"),
            models.CheckConstraint(condition=Q(round_reached__gte=1), name="entry_round_positive"),
            models.CheckConstraint(condition=~Q(status=EntryStatus.SUBMITTED) | Q(submitted_at__isnull=False),
                                   name="entry_submitted_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.call} — {self.artist}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:entry", kwargs={"slug": self.call.slug})


class EntryWork(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="works", verbose_name=_("entry"))
    artwork = models.ForeignKey(Artwork, on_delete=models.PROTECT, related_name="call_entries",
                                verbose_name=_("artwork"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("entered work")
        verbose_name_plural = _("entered works")
        ordering = ["entry", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "artwork"], name="entry_work_once"),
        ]

    def __str__(self) -> str:
        return str(self.artwork)


class JurorStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Juror(models.Model):
    call = models.ForeignKey(OpenCall, on_delete=models.CASCADE, related_name="jurors", verbose_name=_("call"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_seats",
                             verbose_name=_("juror"))
    status = models.CharField(_("status"), max_length=10, choices=JurorStatus.choices, default=JurorStatus.INVITED)
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        ordering = ["call", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="juror_once_per_call"),
            models.CheckConstraint(condition=Q(status__in=JurorStatus.values), name="juror_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.call}"


class Conflict(models.Model):
    """A juror's declared conflict of interest with an entry: they neither see nor score it."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("juror"))
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("entry"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["juror", "entry"], name="conflict_once"),
        ]

    def __str__(self) -> str:
        return f"{self.juror} ≠ {self.entry}"


class Score(models.Model):
    """One juror's score of one entry (or one work of it, when the call scores works) in one round."""

    call = models.ForeignKey(OpenCall, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"))
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores", verbose_name=_("juror"))
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores", verbose_name=_("entry"))
    artwork = models.ForeignKey(Artwork, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                verbose_name=_("artwork"))
    value = models.SmallIntegerField(_("score"))
    note = models.TextField(_("note to the organiser"), max_length=2000, blank=True)
    feedback = models.TextField(_("feedback for the artist"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        indexes = [
            # Covers the ranking: grouped by entry and work, averaged, without reading the table.
            models.Index(fields=["call", "round", "entry", "artwork", "value"], name="score_ranking_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["round", "juror", "entry"], condition=Q(artwork__isnull=True),
                                    name="score_once_per_entry"),
            models.UniqueConstraint(fields=["round", "juror", "entry", "artwork"], condition=Q(artwork__isnull=False),
                                    name="score_once_per_work"),
            models.CheckConstraint(condition=Q(value__gte=0, value__lte=10), name="score_value_range"),
            models.CheckConstraint(condition=Q(round__gte=1), name="score_round_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.juror}: {self.entry} = {self.value}"


# Mentorship ----------------------------------------------------------------------------------------

class Mentorship(TimeStampedModel):
    """A mentorship programme an established artist offers: a theme, a length, places, languages."""

    mentor = models.ForeignKey(ArtistProfile, on_delete=models.PROTECT, related_name="mentorships",
                               verbose_name=_("mentor"))
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    theme = TranslatedField(_("theme"), max_length=300)
    description = TranslatedField(_("description"), multiline=True, blank=True)
    length_weeks = models.PositiveSmallIntegerField(_("length (weeks)"))
    places = models.PositiveSmallIntegerField(_("places"))
    # Language codes (kk, ru, en) the mentor works in.
    languages = models.JSONField(_("languages"), default=list)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    apply_by = models.DateField(_("apply by"), null=True, blank=True)
    is_open = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(length_weeks__gte=1, length_weeks__lte=104),
                                   name="mentorship_length_range"),
            models.CheckConstraint(condition=Q(places__gte=1, places__lte=100), name="mentorship_places_range"),
        ]

    def __str__(self) -> str:
        return str(self.theme)

    @property
    def title(self) -> Translated:  # notifications name a subject by its ``title``
        return self.theme

    def get_absolute_url(self) -> str:
        return reverse("programmes:mentorship", kwargs={"slug": self.slug})


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MentorshipApplication(TimeStampedModel):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="applications",
                                   verbose_name=_("mentorship"))
    applicant = models.ForeignKey(ArtistProfile, on_delete=models.PROTECT, related_name="mentorship_applications",
                                  verbose_name=_("applicant"))
    statement = models.TextField(_("why this mentorship"), max_length=5000)
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Set when the place came with an open call's prize rather than an application.
    source_call = models.ForeignKey(OpenCall, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("from the open call"))

    class Meta:
        verbose_name = _("mentorship application")
        verbose_name_plural = _("mentorship applications")
        ordering = ["mentorship", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "applicant"], name="mentorship_apply_once"),
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values),
                                   name="mentorship_application_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.mentorship}"


class LogKind(models.TextChoices):
    SESSION = "session", _("Session")
    GOAL = "goal", _("Goal")


class MentorshipLogEntry(models.Model):
    """A line of the shared log of an accepted mentorship: a session held, or a goal (done or not)."""

    application = models.ForeignKey(MentorshipApplication, on_delete=models.CASCADE, related_name="log",
                                    verbose_name=_("mentorship"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("written by"))
    kind = models.CharField(_("kind"), max_length=8, choices=LogKind.choices)
    happened_on = models.DateField(_("date"))
    text = models.TextField(_("text"), max_length=5000)
    done = models.BooleanField(_("done"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("mentorship log entry")
        verbose_name_plural = _("mentorship log")
        ordering = ["application", "happened_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=LogKind.values), name="mentorship_log_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"
