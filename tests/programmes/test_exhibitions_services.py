"""Exhibition rules: who organises, what a physical show and a viewing room need, which works hang,
photos, and the "exhibited" provenance line written once on publishing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dala.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from dala.market.models import ProvenanceEvent, ProvenanceKind
from dala.programmes import errors
from dala.programmes.models import ExhibitionWork
from dala.programmes.services import exhibitions as services
from dala.programmes.signals import programmes_event
from tests.factories import ArtistFactory, ArtworkFactory, CityFactory, UserFactory

from .factories_exhibitions import organiser, photo_upload, show_with_works

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def physical(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"kind": "exhibition", "title": {"en": "Steppe light"}, "venue": "Kasteyev Museum",
                              "city_id": CityFactory().pk, "opens_on": TODAY,
                              "closes_on": TODAY + datetime.timedelta(days=30)}
    values.update(overrides)
    return values


def fields_of(error: DomainError) -> set[str | None]:
    problems = error.errors if isinstance(error, ValidationFailed) else [error]
    return {problem.field for problem in problems}


def test_a_curator_creates_a_draft_with_a_slug_from_its_title() -> None:
    exhibition = services.create_exhibition(user=organiser(), values=physical())
    assert exhibition.status == "draft"
    assert exhibition.slug == "steppe-light"


def test_a_collector_cannot_organise() -> None:
    with pytest.raises(PermissionDenied) as caught:
        services.create_exhibition(user=UserFactory(), values=physical())
    assert caught.value.code == errors.CANNOT_ORGANISE


def test_a_physical_exhibition_needs_venue_city_and_opening_date() -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.create_exhibition(user=organiser(), values=physical(venue="", city_id=None, opens_on=None))
    assert fields_of(caught.value) == {"venue", "city_id", "opens_on"}
    assert caught.value.status == 422


def test_closing_cannot_come_before_opening() -> None:
    with pytest.raises(DomainError) as caught:
        services.create_exhibition(user=organiser(),
                                   values=physical(closes_on=TODAY - datetime.timedelta(days=1)))
    assert fields_of(caught.value) == {"closes_on"}
    assert "closing date" in caught.value.message


def test_a_viewing_room_is_online_needs_no_venue_and_may_be_private_and_end() -> None:
    ends = timezone.now() + datetime.timedelta(days=7)
    room = services.create_exhibition(user=organiser(), values={
        "kind": "viewing_room", "title": {"en": "Room"}, "is_private": True, "ends_at": ends})
    assert (room.is_online, room.is_physical, room.is_private, room.ends_at) == (True, False, True, ends)


def test_only_a_viewing_room_may_be_private_or_end() -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.create_exhibition(user=organiser(), values=physical(is_private=True,
                                                                    ends_at=timezone.now()))
    assert fields_of(caught.value) == {"is_private", "ends_at"}


def test_someone_else_cannot_change_an_exhibition() -> None:
    exhibition = show_with_works(0)
    with pytest.raises(PermissionDenied):
        services.update_exhibition(user=organiser(), exhibition_id=exhibition.pk, values={"venue": "Mine"})


def test_update_changes_only_the_fields_given_and_checks_the_whole() -> None:
    exhibition = show_with_works(0)
    services.update_exhibition(user=exhibition.organiser, exhibition_id=exhibition.pk, values={"venue": "ARTSPACE"})
    exhibition.refresh_from_db()
    assert exhibition.venue == "ARTSPACE"
    with pytest.raises(DomainError):
        services.update_exhibition(user=exhibition.organiser, exhibition_id=exhibition.pk,
                                   values={"closes_on": exhibition.opens_on - datetime.timedelta(days=2)})


def test_a_gallery_can_only_be_your_own() -> None:
    from tests.factories import GalleryFactory

    with pytest.raises(DomainError) as caught:
        services.create_exhibition(user=organiser(), values=physical(gallery_id=GalleryFactory().pk))
    assert fields_of(caught.value) == {"gallery_id"}


# --- works ------------------------------------------------------------------------------------------

def test_works_hang_in_the_given_order_with_wall_texts() -> None:
    exhibition = show_with_works(0)
    first, second = ArtworkFactory(), ArtworkFactory()
    services.set_works(user=exhibition.organiser, exhibition_id=exhibition.pk, works=[
        services.WorkPlacement(second.pk, {"ru": "Текст"}), services.WorkPlacement(first.pk)])
    rows = list(ExhibitionWork.objects.filter(exhibition=exhibition).order_by("position"))
    assert [row.artwork_id for row in rows] == [second.pk, first.pk]
    assert rows[0].wall_text.get_text("ru") == "Текст"
    # Reorder.
    services.set_works(user=exhibition.organiser, exhibition_id=exhibition.pk,
                       works=[services.WorkPlacement(first.pk), services.WorkPlacement(second.pk)])
    rows = list(ExhibitionWork.objects.filter(exhibition=exhibition).order_by("position"))
    assert [row.artwork_id for row in rows] == [first.pk, second.pk]


def test_only_public_works_can_hang() -> None:
    exhibition = show_with_works(0)
    draft = ArtworkFactory(availability="draft")
    with pytest.raises(DomainError) as caught:
        services.set_works(user=exhibition.organiser, exhibition_id=exhibition.pk,
                           works=[services.WorkPlacement(draft.pk)])
    assert caught.value.code == errors.WORK_NOT_PUBLIC
    assert not ExhibitionWork.objects.filter(exhibition=exhibition).exists()


def test_a_work_hangs_at_most_once() -> None:
    exhibition = show_with_works(0)
    work = ArtworkFactory()
    with pytest.raises(DomainError) as caught:
        services.set_works(user=exhibition.organiser, exhibition_id=exhibition.pk,
                           works=[services.WorkPlacement(work.pk), services.WorkPlacement(work.pk)])
    assert caught.value.code == errors.WORK_ALREADY_SHOWN
    services.add_work(user=exhibition.organiser, exhibition_id=exhibition.pk, artwork_id=work.pk)
    with pytest.raises(DomainError):
        services.add_work(user=exhibition.organiser, exhibition_id=exhibition.pk, artwork_id=work.pk)


# --- publishing and provenance ----------------------------------------------------------------------

def exhibited(artwork_id: int) -> list[ProvenanceEvent]:
    return list(ProvenanceEvent.objects.filter(artwork_id=artwork_id, kind=ProvenanceKind.EXHIBITION))


def test_publishing_needs_a_work() -> None:
    exhibition = show_with_works(0)
    with pytest.raises(DomainError) as caught:
        services.publish_exhibition(user=exhibition.organiser, exhibition_id=exhibition.pk)
    assert caught.value.code == errors.EXHIBITION_HAS_NO_WORKS


def test_publishing_names_works_that_have_left_public_view_and_publishes_nothing() -> None:
    # A show made from an open call's selection may hold a draft of the entrant's inventory.
    exhibition = show_with_works(2)
    hidden = exhibition.works.first()
    assert hidden is not None
    ArtworkFactory._meta.model.objects.filter(pk=hidden.artwork_id).update(is_listed=False)
    with pytest.raises(DomainError) as caught:
        services.publish_exhibition(user=exhibition.organiser, exhibition_id=exhibition.pk)
    assert caught.value.code == errors.WORK_NOT_PUBLIC
    assert str(hidden.artwork.title) in str(caught.value.message)
    exhibition.refresh_from_db()
    assert exhibition.status == "draft" and not ProvenanceEvent.objects.exists()


def test_publishing_writes_each_works_provenance_once(django_capture_on_commit_callbacks: Any) -> None:
    exhibition = show_with_works(2)
    works = list(exhibition.works.all())
    services.publish_exhibition(user=exhibition.organiser, exhibition_id=exhibition.pk)
    exhibition.refresh_from_db()
    assert exhibition.status == "published" and exhibition.published_at is not None
    for row in works:
        events = exhibited(row.artwork_id)
        assert len(events) == 1
        assert events[0].place.startswith("Kasteyev")
        row.refresh_from_db()
        assert row.provenance_event_id == events[0].pk
    # Unpublish and publish again: still one line each, hidden while a draft.
    services.unpublish_exhibition(user=exhibition.organiser, exhibition_id=exhibition.pk)
    assert not ProvenanceEvent.objects.filter(kind=ProvenanceKind.EXHIBITION, is_public=True).exists()
    services.publish_exhibition(user=exhibition.organiser, exhibition_id=exhibition.pk)
    for row in works:
        assert len(exhibited(row.artwork_id)) == 1
        assert exhibited(row.artwork_id)[0].is_public


def test_a_work_added_after_publishing_gets_its_line_and_a_removed_one_loses_it() -> None:
    exhibition = show_with_works(1, status="published")
    kept = exhibition.works.get()
    services.publish_exhibition(user=exhibition.organiser, exhibition_id=exhibition.pk)  # already: no-op
    late = ArtworkFactory()
    services.set_works(user=exhibition.organiser, exhibition_id=exhibition.pk,
                       works=[services.WorkPlacement(kept.artwork_id), services.WorkPlacement(late.pk)])
    assert len(exhibited(late.pk)) == 1
    services.set_works(user=exhibition.organiser, exhibition_id=exhibition.pk,
                       works=[services.WorkPlacement(late.pk)])
    assert exhibited(kept.artwork_id) == []
    assert len(exhibited(late.pk)) == 1


def test_the_artists_hear_of_the_publication_on_commit(django_capture_on_commit_callbacks: Any) -> None:
    sent: list[dict[str, Any]] = []

    def listen(sender: Any, **kwargs: Any) -> None:
        sent.append(kwargs)

    artist = ArtistFactory()
    exhibition = show_with_works(0)
    ExhibitionWork.objects.create(exhibition=exhibition, artwork=ArtworkFactory(artist=artist))
    programmes_event.connect(listen, dispatch_uid="tests.exhibitions")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_exhibition(user=exhibition.organiser, exhibition_id=exhibition.pk)
    finally:
        programmes_event.disconnect(dispatch_uid="tests.exhibitions")
    assert len(sent) == 1
    assert sent[0]["action"] == "exhibition.published"
    assert sent[0]["recipient_ids"] == [artist.user_id]
    assert sent[0]["url"] == exhibition.get_absolute_url()


# --- photos -----------------------------------------------------------------------------------------

def test_a_photo_is_added_in_order() -> None:
    exhibition = show_with_works(0)
    first = services.add_photo(user=exhibition.organiser, exhibition_id=exhibition.pk, image=photo_upload(),
                               caption={"en": "Hall one"})
    second = services.add_photo(user=exhibition.organiser, exhibition_id=exhibition.pk,
                                image=photo_upload("b.png", "PNG"))
    assert (first.position, second.position) == (0, 1)
    assert str(first.caption) == "Hall one"


def test_a_file_that_is_not_an_image_is_refused_clearly() -> None:
    exhibition = show_with_works(0)
    with pytest.raises(DomainError) as caught:
        services.add_photo(user=exhibition.organiser, exhibition_id=exhibition.pk,
                           image=SimpleUploadedFile("x.jpg", b"not an image at all"))
    assert caught.value.code == errors.BAD_IMAGE and caught.value.field == "image"
    assert exhibition.photos.count() == 0


def test_a_photo_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_PHOTO_BYTES", 100)
    exhibition = show_with_works(0)
    with pytest.raises(DomainError) as caught:
        services.add_photo(user=exhibition.organiser, exhibition_id=exhibition.pk, image=photo_upload())
    assert "MB" in caught.value.message


def test_a_photo_is_removed_only_from_its_exhibition() -> None:
    exhibition = show_with_works(0)
    photo = services.add_photo(user=exhibition.organiser, exhibition_id=exhibition.pk, image=photo_upload())
    other = show_with_works(0)
    with pytest.raises(NotFound):
        services.remove_photo(user=other.organiser, exhibition_id=other.pk, photo_id=photo.pk)
    services.remove_photo(user=exhibition.organiser, exhibition_id=exhibition.pk, photo_id=photo.pk)
    assert exhibition.photos.count() == 0
