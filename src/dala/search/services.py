"""Writing the search index: the text of each searchable thing, normalised, in one row per thing.

``index_*`` functions are called by the receivers inside the transaction that saved the thing, so the
row and its data commit (or roll back) together. ``reindex`` rebuilds a whole kind in batches, for the
first run and for data loaded without signals (bulk inserts)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Exists, Model, OuterRef, QuerySet

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork
from dala.critique.models import Review
from dala.programmes.models import Exhibition

from .backends import backend
from .colour import reindex_palettes
from .facets import artist_terms, artwork_terms
from .models import DocumentKind, SearchColour, SearchDocument, document_id
from .normalise import index_text, key_text

BATCH = 2000


def _texts(*values: Any) -> str:
    """All the languages of translated values and any plain strings, as one text."""
    parts: list[str] = []
    for value in values:
        if not value:
            continue
        if isinstance(value, Mapping):
            parts.extend(str(text) for text in value.values() if text)
        else:
            parts.append(str(value))
    return " ".join(parts)


def _document(kind: str, object_id: int, *, names: str, other: str, facets: list[str] | None = None
              ) -> SearchDocument:
    return SearchDocument(id=document_id(kind, object_id), kind=kind, object_id=object_id, title=index_text(names),
                          body=index_text(other), keys=key_text(names), facets=" ".join(facets or []))


def artwork_document(artwork: Artwork) -> SearchDocument:
    """Title (all languages) and artist's name weigh most; then description, medium, subjects, materials,
    year, the artist's city."""
    artist = artwork.artist
    city = artist.city.name if artist.city else None
    subjects = list(artwork.subjects.all())
    return _document(DocumentKind.ARTWORK, artwork.pk, names=_texts(artwork.title, artist.name),
                     other=_texts(artwork.description, artwork.medium.label, *(s.label for s in subjects),
                                  artwork.materials, artwork.year, city),
                     facets=artwork_terms(artwork, [subject.slug for subject in subjects]))


def artist_document(artist: ArtistProfile) -> SearchDocument:
    city = artist.city.name if artist.city else None
    return _document(DocumentKind.ARTIST, artist.pk, names=_texts(artist.name),
                     other=_texts(artist.biography, artist.statement, city, artist.get_country_display()),
                     facets=artist_terms(artist))


def exhibition_document(exhibition: Exhibition) -> SearchDocument:
    city = exhibition.city.name if exhibition.city else None
    return _document(DocumentKind.EXHIBITION, exhibition.pk, names=_texts(exhibition.title),
                     other=_texts(exhibition.summary, exhibition.essay, exhibition.venue, city,
                                  exhibition.curator_name))


def review_document(review: Review) -> SearchDocument:
    return _document(DocumentKind.REVIEW, review.pk, names=_texts(review.title, review.critic.name),
                     other=_texts(review.body))


def _artworks() -> QuerySet[Artwork]:
    return Artwork.objects.select_related("artist__city", "medium").prefetch_related("subjects")


SOURCES: dict[str, tuple[Callable[[], QuerySet[Any]], Callable[[Any], SearchDocument]]] = {
    DocumentKind.ARTWORK: (_artworks, artwork_document),
    DocumentKind.ARTIST: (lambda: ArtistProfile.objects.select_related("city"), artist_document),
    DocumentKind.EXHIBITION: (lambda: Exhibition.objects.select_related("city"), exhibition_document),
    DocumentKind.REVIEW: (lambda: Review.objects.select_related("critic"), review_document),
}


def _write(documents: Iterable[SearchDocument]) -> None:
    for document in documents:
        document.save()  # by its id: an UPDATE of the row, or an INSERT when there is none


def index(kind: str, object_ids: Iterable[int]) -> None:
    """(Re)write the rows of these objects of ``kind``; objects that no longer exist lose theirs."""
    ids = list(object_ids)
    if not ids:
        return
    queryset, build = SOURCES[kind]
    with transaction.atomic():
        found = list(queryset().filter(pk__in=ids))
        _write(build(obj) for obj in found)
        gone = set(ids) - {obj.pk for obj in found}
        if gone:
            SearchDocument.objects.filter(kind=kind, object_id__in=gone).delete()


def unindex(kind: str, object_ids: Iterable[int]) -> None:
    ids = list(object_ids)
    SearchDocument.objects.filter(kind=kind, object_id__in=ids).delete()
    if kind == DocumentKind.ARTWORK:
        SearchColour.objects.filter(artwork_id__in=ids).delete()


def index_object(obj: Model) -> None:
    """Index one saved object of a searchable model (the receivers' entry point)."""
    kind = KIND_OF[type(obj)]
    index(kind, [obj.pk])


KIND_OF: dict[type[Model], str] = {Artwork: DocumentKind.ARTWORK, ArtistProfile: DocumentKind.ARTIST,
                                   Exhibition: DocumentKind.EXHIBITION, Review: DocumentKind.REVIEW}


def _batches(queryset: QuerySet[Any], size: int) -> Iterator[list[Any]]:
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def reindex(kinds: Iterable[str] | None = None, *, batch: int = BATCH,
            progress: Callable[[str, int, int], None] | None = None,
            within: tuple[int, int] | None = None) -> dict[str, int]:
    """Rebuild the rows of ``kinds`` (all by default) from the data, batch by batch (each batch one
    transaction: a row is replaced, never missing, while the rebuild runs). Returns rows per kind.
    ``within``: only the objects whose ids are in this closed range; other rows are left as they are."""
    written: dict[str, int] = {}
    for kind in kinds or list(SOURCES):
        queryset, build = SOURCES[kind]
        objects_of = queryset().filter(pk__range=within) if within else queryset()
        total = objects_of.count()
        done = 0
        for objects in _batches(objects_of, batch):
            with transaction.atomic():
                ids = [obj.pk for obj in objects]
                SearchDocument.objects.filter(kind=kind, object_id__in=ids).delete()
                SearchDocument.objects.bulk_create([build(obj) for obj in objects], batch_size=500)
                if kind == DocumentKind.ARTWORK:
                    reindex_palettes(ids)
            done += len(objects)
            if progress:
                progress(kind, done, total)
        written[kind] = done
        if within:
            continue
        # Rows of objects deleted without signals (bulk deletes) go too. NOT EXISTS, not NOT IN: PostgreSQL
        # runs NOT IN over a million ids as a subplan rescanned for every row once they pass work_mem.
        model = queryset().model
        SearchDocument.objects.filter(kind=kind).exclude(
            Exists(model.objects.filter(pk=OuterRef("object_id")))).delete()
        if kind == DocumentKind.ARTWORK:
            SearchColour.objects.exclude(Exists(Artwork.objects.filter(pk=OuterRef("artwork_id")))).delete()
    if not within:
        backend().compact()
    return written
