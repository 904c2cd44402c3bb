"""The search index: one row per searchable thing, holding its text already normalised.

Text is normalised in Python (``dala.search.normalise``) before it is stored and before a query is
run, because neither SQLite's tokenizers nor PostgreSQL's configurations fold Kazakh letters, ё, or the
spellings of one name in two scripts. The engine's own full-text index is built over these columns by
triggers (see migration 0001): an FTS5 table on SQLite, a weighted ``tsvector`` with a GIN index and a
trigram index on PostgreSQL. The rows are written in the same transaction as the data they index
(``dala.search.receivers``), so the index cannot drift from the data.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    ARTWORK = "artwork", _("Work")
    ARTIST = "artist", _("Artist")
    EXHIBITION = "exhibition", _("Exhibition")
    REVIEW = "review", _("Review")


class SearchDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    object_id = models.BigIntegerField(_("object id"))
    title = models.TextField(_("names and titles"), blank=True,
                             help_text=_("Normalised; weighs most in the ranking."))
    body = models.TextField(_("other text"), blank=True,
                            help_text=_("Normalised descriptions, subjects, medium, place."))
    keys = models.TextField(_("spelling keys"), blank=True,
                            help_text=_("The sound-alike keys of the names and titles, so that spellings meet."))
    updated_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class SearchColour(models.Model):
    """One colour of a work's primary palette, in CIELAB, with its weight in the palette: what colour
    search ranks by. ``bin`` is the CIELAB cell the colour falls in (see ``dala.search.colour``), so the
    works heaviest in the colours near a query colour are read from an index, not from every palette.
    Written in the transaction that changes the palette (``catalog.signals.palette_changed``)."""

    artwork_id = models.BigIntegerField(_("artwork id"), db_index=True)
    bin = models.IntegerField(_("CIELAB cell"))
    lightness = models.FloatField("L*")
    green_red = models.FloatField("a*")
    blue_yellow = models.FloatField("b*")
    weight = models.FloatField(_("weight"), help_text=_("The colour's share of the picture, 0–1."))

    class Meta:
        verbose_name = _("work colour")
        verbose_name_plural = _("work colours")
        indexes = [models.Index(fields=["bin", "-weight"], name="search_colour_bin_weight")]

    def __str__(self) -> str:
        return f"{self.artwork_id}: L{self.lightness:.0f} a{self.green_red:.0f} b{self.blue_yellow:.0f}"
