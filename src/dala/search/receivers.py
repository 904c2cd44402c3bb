"""Keep the index in step: each save or delete of a searchable thing rewrites its row in the same
transaction. Renaming an artist, or changing their city, country or career stage, rewrites their works'
rows too (the artist's name is searched with each work, and the place and stage are its facet terms).
Renamed vocabulary terms and cities reach the index at the next ``dala search reindex``."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork
from dala.catalog.signals import palette_changed
from dala.critique.models import Review
from dala.programmes.models import Exhibition

from . import colour, services
from .models import DocumentKind, SearchDocument

SEARCHABLE = (Artwork, ArtistProfile, Exhibition, Review)


# The fields whose text is indexed; a save that names only other fields (``update_fields``: a work's
# listing flag, an artist's visibility) leaves the index alone, since visibility is checked at query time.
TEXT_FIELDS: dict[type, set[str]] = {
    Artwork: {"title", "description", "materials", "year", "medium", "medium_id", "artist", "artist_id",
              # … and the values a work's facet terms are made of.
              "availability", "price_base", "colours"},
    ArtistProfile: {"name", "biography", "statement", "city", "city_id", "country", "career_stage"},
    Exhibition: {"title", "summary", "essay", "venue", "city", "city_id", "curator_name"},
    Review: {"title", "body", "critic", "critic_id"},
}


def _saved(sender: type, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if raw:  # loading fixtures: `dala search reindex` afterwards
        return
    if update_fields is not None and not set(update_fields) & TEXT_FIELDS[sender]:
        return
    if sender is ArtistProfile:
        before = SearchDocument.objects.filter(kind=DocumentKind.ARTIST, object_id=instance.pk) \
            .values_list("title", "facets").first()
        services.index_object(instance)
        after = SearchDocument.objects.filter(kind=DocumentKind.ARTIST, object_id=instance.pk) \
            .values_list("title", "facets").first()
        # Renamed, moved or now at another career stage: their works are found by the name and filtered
        # by the place and the stage too.
        if before is not None and before != after:
            services.index(DocumentKind.ARTWORK,
                           Artwork.objects.filter(artist=instance).values_list("pk", flat=True))
        return
    services.index_object(instance)


def _deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    services.unindex(services.KIND_OF[sender], [instance.pk])


for model in SEARCHABLE:
    post_save.connect(_saved, sender=model, dispatch_uid=f"search_index_{model.__name__}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"search_unindex_{model.__name__}")


@receiver(m2m_changed, sender=Artwork.subjects.through, dispatch_uid="search_index_artwork_subjects")
def _subjects_changed(sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None,
                      **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a subject's works changed
        services.index(DocumentKind.ARTWORK, pk_set or [])
    else:
        services.index(DocumentKind.ARTWORK, [instance.pk])


@receiver(palette_changed, dispatch_uid="search_index_palette")
def _palette_changed(sender: type, artwork_id: int, palette: list[dict[str, Any]], **kwargs: Any) -> None:
    colour.index_palette(artwork_id, palette)
    services.index(DocumentKind.ARTWORK, [artwork_id])  # its named colours are facet terms
