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


# A document's id is its kind's base plus the object's id: the documents of a kind are one range of ids
# (and of rowids in the SQLite FTS5 table, which a query restricts itself to), newest objects last.
KIND_BITS = 40
KIND_BASES = {DocumentKind.ARTWORK: 1 << KIND_BITS, DocumentKind.ARTIST: 2 << KIND_BITS,
              DocumentKind.EXHIBITION: 3 << KIND_BITS, DocumentKind.REVIEW: 4 << KIND_BITS}


def document_id(kind: str, object_id: int) -> int:
    return KIND_BASES[kind] + object_id  # type: ignore[index]


def document_ids(kind: str) -> tuple[int, int]:
    """The first and last document id a kind may have."""
    base = KIND_BASES[kind]  # type: ignore[index]
    return base, base + (1 << KIND_BITS) - 1


class SearchDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    object_id = models.BigIntegerField(_("object id"))
    title = models.TextField(_("names and titles"), blank=True,
                             help_text=_("Normalised; weighs most in the ranking."))
    body = models.TextField(_("other text"), blank=True,
                            help_text=_("Normalised descriptions, subjects, medium, place."))
    keys = models.TextField(_("spelling keys"), blank=True,
                            help_text=_("The sound-alike keys of the names and titles, so that spellings meet."))
    facets = models.TextField(_("facet terms"), blank=True, default="",
                              help_text=_("Terms of a work's filter values (medium, availability, place…), so that the "
                                          "engine filters while it matches."))
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
